//! Criterion benchmarks of the core's hot paths: webhook event parsing (each kind, and a batch
//! of 1,000, next to the floor `serde_json::from_slice::<Value>` on the same bytes), request
//! building, and DHW validation.

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use homecom_core::dhw::{DhwCircuit, DhwCircuitPatch, DhwModePatch, GetDhwCircuit, UpdateDhwCircuit};
use homecom_core::validation;
use homecom_core::webhooks::{parse_event, parse_events};
use homecom_core::{Config, Operation};
use serde_json::Value;

/// One realistic body of each event kind.
const EVENTS: [(&str, &str); 5] = [
    (
        "connectivity",
        r#"{"eventType":"CONNECTIVITY_STATUS","gatewayId":"101234567","connectivityStatus":"OFFLINE","timestamp":"2026-11-28T20:15:00Z"}"#,
    ),
    (
        "appliance_status",
        r#"{"eventType":"APPLIANCE_STATUS","gatewayId":"101234567","createdAt":"2026-11-28T20:15:00Z","applianceStatus":"ERROR","errorCode":"A11","faultClass":8,"causeCode":3084,"descriptions":[{"language":"de","text":"Drucksensor defekt"},{"language":"en","text":"Pressure sensor faulty"}]}"#,
    ),
    (
        "data_point",
        r#"{"eventType":"DATA_POINT","gatewayId":"101234567","dataPoint":"hvac.emon.energyConsumptionTotal","value":1234.56,"unit":"kWh","timestamp":"2026-11-28T20:15:00Z"}"#,
    ),
    (
        "daily_aggregate",
        r#"{"eventType":"DAILY_AGGREGATE","gatewayId":"101234567","date":"2026-11-27","properties":[{"key":"hvac.compressor.centralHeating.numberOfStarts","value":14,"unit":"count"},{"key":"hvac.centralHeating.waterPressure.min","value":1.4,"unit":"bar"},{"key":"hvac.centralHeating.waterPressure.max","value":1.9,"unit":"bar"},{"key":"hvac.centralHeating.waterPressure.mean","value":1.6,"unit":"bar"}]}"#,
    ),
    (
        "contract_status",
        r#"{"eventType":"CONTRACT_STATUS","gatewayId":"101234567","contractStatus":"ACTIVE","previousContractStatus":"PENDING","statusDate":"2026-11-28T20:15:00Z","partnerUserId":"installer-42"}"#,
    ),
];

fn events(c: &mut Criterion) {
    let mut group = c.benchmark_group("event");
    for (name, body) in EVENTS {
        group.throughput(Throughput::Bytes(body.len() as u64));
        group.bench_with_input(BenchmarkId::new("parse_event", name), body.as_bytes(), |b, body| {
            b.iter(|| parse_event(black_box(body)).unwrap())
        });
        group.bench_with_input(
            BenchmarkId::new("serde_json_value_floor", name),
            body.as_bytes(),
            |b, body| b.iter(|| serde_json::from_slice::<Value>(black_box(body)).unwrap()),
        );
    }
    group.finish();

    let bodies: Vec<&str> = (0..1000).map(|i| EVENTS[i % EVENTS.len()].1).collect();
    let batch = format!("[{}]", bodies.join(","));
    let mut group = c.benchmark_group("event_batch_1000");
    group.throughput(Throughput::Bytes(batch.len() as u64));
    group.bench_function("parse_events", |b| {
        b.iter(|| parse_events(black_box(batch.as_bytes())).unwrap())
    });
    group.bench_function("parse_event_each", |b| {
        b.iter(|| {
            for body in &bodies {
                black_box(parse_event(black_box(body.as_bytes())).unwrap());
            }
        })
    });
    group.bench_function("serde_json_value_floor", |b| {
        b.iter(|| serde_json::from_slice::<Value>(black_box(batch.as_bytes())).unwrap())
    });
    group.finish();
}

fn circuit() -> DhwCircuit {
    serde_json::from_str(
        r#"{"circuitId":1,"operationMode":"AUTO",
            "ecoPlusModeSettings":{"startSetPointTemperature":40.0,"stopSetPointTemperature":45.0},
            "ecoModeSettings":{"startSetPointTemperature":45.0,"stopSetPointTemperature":50.0},
            "comfortModeSettings":{"startSetPointTemperature":48.0,"stopSetPointTemperature":55.0},
            "autoModeSettings":{"selectedTimeProgramId":1,"operationMode":"ECO"}}"#,
    )
    .unwrap()
}

fn patch() -> DhwCircuitPatch {
    DhwCircuitPatch {
        eco_mode_settings: Some(DhwModePatch {
            start_set_point_temperature: Some(46.0),
            stop_set_point_temperature: Some(51.0),
        }),
        ..Default::default()
    }
}

fn requests(c: &mut Criterion) {
    let config = Config::new(
        "https://api.example.test",
        "xHCSAPI.20270528T120000Z.AbCdEfGhIjKlMnOpQrStUvWxYz012345",
    )
    .unwrap()
    .with_user_id("installer-42")
    .unwrap();
    let get = GetDhwCircuit {
        gateway_id: "101234567".into(),
        circuit_id: 1,
    };
    let update = UpdateDhwCircuit {
        gateway_id: "101234567".into(),
        circuit_id: 1,
        body: patch(),
        current: Some(circuit()),
        time_program_ids: Some(vec![1, 2]),
    };
    let mut group = c.benchmark_group("request_build");
    group.bench_function("get_dhw_circuit", |b| {
        b.iter(|| black_box(&get).build(&config).unwrap())
    });
    group.bench_function("update_dhw_circuit_validated", |b| {
        b.iter(|| black_box(&update).build(&config).unwrap())
    });
    group.finish();

    let (patch, current) = (patch(), circuit());
    c.bench_function("dhw_validation_merged", |b| {
        b.iter(|| validation::dhw::validate_patch(black_box(&patch), Some(&current), Some(&[1, 2])))
    });
}

criterion_group!(benches, events, requests);
criterion_main!(benches);

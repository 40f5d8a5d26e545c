//! The shared conformance vectors (`tests/vectors/validation.json`) through the simulator.
//!
//! Every *blind* case (no `current`, `existing`, `timeProgramIds`, `distributionType` or
//! `today` context) that expects violations is sent raw, bypassing the client's validation:
//! a request built with `homecom_core::operation::build_request` from the case's path
//! parameters and body, sent with `Client::send`. The simulator must answer 400 with at least
//! the expected codes (it checks with the full state, so it may find more, never fewer).
//!
//! Mapping: a case whose gateway, circuit or time program does not exist in the built-in
//! fixture is sent to gateway 101234567, circuit 1 (time program 1) instead, whose circuits
//! have every kind of setting the rules look at. (Today every blind case already names
//! 101234567 with circuit 1 and time program 1 or 2, so none needs it; the mapping keeps the
//! test meaningful if the vectors grow.)

use std::collections::{BTreeMap, BTreeSet};

use homecom_client::homecom_core::http::decode_error;
use homecom_client::homecom_core::operation::{PathParams, build_request};
use homecom_client::{ErrorKind, OperationId};
use homecom_sim::SimConfig;
use serde_json::Value;

use crate::common::{GW, one_attempt, start};

const CONTEXT: [&str; 5] = ["current", "existing", "timeProgramIds", "distributionType", "today"];

/// The circuits and programs of the fixture: gateway → (heating: circuit → programs, DHW: circuit → programs).
type Circuits = BTreeMap<u32, BTreeSet<u32>>;

fn circuits(list: &Value) -> Circuits {
    list.as_array()
        .expect("circuits")
        .iter()
        .map(|c| {
            let id = c["circuitId"].as_u64().expect("circuitId") as u32;
            let programs = c["timePrograms"]
                .as_array()
                .map(|p| p.iter().filter_map(Value::as_u64).map(|p| p as u32).collect())
                .unwrap_or_default();
            (id, programs)
        })
        .collect()
}

#[tokio::test]
async fn blind_validation_vectors_are_refused_by_the_simulator_with_at_least_the_expected_codes() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/vectors/validation.json");
    let text = std::fs::read_to_string(path).expect("read tests/vectors/validation.json");
    let vectors: Value = serde_json::from_str(&text).expect("parse validation.json");
    let cases = vectors["cases"].as_array().expect("cases");

    let sim = start(SimConfig {
        rate_limits: false,
        ..SimConfig::default()
    })
    .await;
    let client = sim
        .builder(0.0)
        .pacing(false)
        .retry_policy(one_attempt())
        .build()
        .expect("client");
    let config = sim.config();

    let mut fixture: BTreeMap<String, (Circuits, Circuits)> = BTreeMap::new();
    for g in sim
        .control("GET", "/gateways", None)
        .await
        .as_array()
        .expect("gateways")
    {
        let id = g["gatewayId"].as_str().expect("gatewayId").to_owned();
        fixture.insert(id, (circuits(&g["heatingCircuits"]), circuits(&g["dhwCircuits"])));
    }

    let (mut ran, mut mapped, mut blind, mut more) = (0, 0, 0, 0);
    let mut failures = Vec::new();
    let mut by_operation: BTreeMap<String, usize> = BTreeMap::new();
    for case in cases {
        let name = case["name"].as_str().expect("name");
        let input = &case["input"];
        let expected: BTreeSet<String> = case["expect"]["codes"]
            .as_array()
            .expect("codes")
            .iter()
            .map(|c| c.as_str().expect("code").to_owned())
            .collect();
        if expected.is_empty() || CONTEXT.iter().any(|k| input.get(*k).is_some()) {
            continue;
        }
        blind += 1;
        let op_name = case["operation"].as_str().expect("operation");
        let op = OperationId::from_name(op_name).expect("a known operation");
        let spec = op.spec();

        let mut gateway = input["gatewayId"].as_str().map(str::to_owned);
        let mut circuit = input["circuitId"].as_u64().map(|c| c as u32);
        let mut program = input["timeProgramId"].as_u64().map(|p| p as u32);
        if spec.has_gateway() {
            let exists = gateway
                .as_deref()
                .and_then(|g| fixture.get(g))
                .is_some_and(|(heating, dhw)| {
                    let kind = if spec.path.contains("/dhwCircuits") {
                        dhw
                    } else {
                        heating
                    };
                    match (spec.path.contains("{circuitId}"), circuit) {
                        (false, _) => true,
                        (true, Some(c)) => kind.get(&c).is_some_and(|programs| {
                            !spec.path.contains("{timeProgramId}") || program.is_some_and(|p| programs.contains(&p))
                        }),
                        (true, None) => false,
                    }
                });
            if !exists {
                mapped += 1;
                gateway = Some(GW.to_owned());
                circuit = spec.path.contains("{circuitId}").then_some(1);
                program = spec.path.contains("{timeProgramId}").then_some(1);
            }
        }
        let params = PathParams {
            gateway_id: gateway.as_deref(),
            circuit_id: circuit,
            time_program_id: program,
            ..Default::default()
        };
        let request = build_request(&config, op, &params, input.get("body").cloned())
            .unwrap_or_else(|e| panic!("{name}: the raw request cannot be built: {e}"));
        let response = client.send(&request).await.unwrap_or_else(|e| panic!("{name}: {e}"));
        ran += 1;
        *by_operation.entry(op_name.to_owned()).or_default() += 1;
        if response.status != 400 {
            failures.push(format!(
                "{name}: {op_name} answered {}, not 400: {}",
                response.status,
                String::from_utf8_lossy(&response.body)
            ));
            continue;
        }
        let error = decode_error(&response);
        assert_eq!(error.kind, ErrorKind::BadRequest);
        assert!(error.request_id.is_some(), "{name}");
        let found: BTreeSet<String> = error.violations.iter().map(|v| v.code.clone()).collect();
        more += usize::from(found.len() > expected.len());
        if !found.is_superset(&expected) {
            failures.push(format!(
                "{name}: expected at least {expected:?}, the simulator found {found:?}"
            ));
        }
    }
    eprintln!(
        "validation vectors: {ran} blind cases ran ({mapped} mapped onto {GW}/1, {more} with more codes \
         found with the full state): {by_operation:?}"
    );
    assert!(
        failures.is_empty(),
        "{} of {ran} cases:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert_eq!(ran, blind);
    assert!(ran >= 150, "{ran}");

    // Nothing was applied: every request was refused, so the log holds only 400s.
    let log = sim.requests().await;
    assert_eq!(log.len(), ran);
    assert!(log.iter().all(|r| r["status"] == 400));
    sim.done().await;
}

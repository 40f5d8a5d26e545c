//! Faults: with 20% injected 503s and 20% connection resets, idempotent requests succeed
//! within the retry budget, and no POST is ever sent twice.

use std::collections::BTreeMap;

use homecom_client::homecom_core::platform::WebhookSimulationRequest;
use homecom_client::homecom_core::system::{HolidayModeCreate, SystemDateTime};
use homecom_client::homecom_core::time_programs::{Level, TimeProgram};
use homecom_client::{Client, Error, ErrorKind};
use homecom_sim::SimConfig;
use serde_json::{Value, json};

use crate::common::{quick_retries, start};

/// Gateways of the fixture and the fleet the idempotent requests go to.
const GATEWAYS: [&str; 6] = [
    "101234567",
    "101234568",
    "101234570",
    "2000000001",
    "2000000002",
    "2000000003",
];
/// Fleet gateways that receive holiday modes in the POST phase (their clocks are not moved).
const HOLIDAY_GATEWAYS: [&str; 3] = ["2000000004", "2000000005", "2000000006"];

const IDEMPOTENT_OPS: usize = 500;
/// Attempts per request: a request fails an attempt with probability 0.2 + 0.8 × 0.2 = 0.36.
const ATTEMPTS: u32 = 10;

fn faults() -> Value {
    json!({"errorRatio": 0.2, "errorStatus": 503, "resetRatio": 0.2})
}

fn program(n: usize) -> TimeProgram {
    let comfort = format!("{:02}:{:02}", 5 + n % 4, 15 * (n % 4));
    TimeProgram::every_day(None, &[(comfort.as_str(), Level::Comfort), ("22:00", Level::Eco)])
}

fn date_time(n: usize) -> SystemDateTime {
    serde_json::from_value(json!({"dateTime": format!("2027-03-{:02}T10:{:02}:00", 1 + n % 28, n % 60)}))
        .expect("date time")
}

/// One idempotent request (GET or PUT), the `n`-th; records the last PUT per gateway.
async fn idempotent(
    client: &Client,
    n: usize,
    programs: &mut BTreeMap<&'static str, TimeProgram>,
) -> Result<(), Error> {
    let gw = GATEWAYS[n % GATEWAYS.len()];
    match (n / GATEWAYS.len()) % 8 {
        0 => client.get_hvac_status(gw).await.map(|s| assert_eq!(s.gateway_id, gw)),
        1 => client.get_components(gw).await.map(|c| assert!(!c.is_empty())),
        2 => client
            .get_heating_circuit(gw, 1)
            .await
            .map(|c| assert_eq!(c.circuit_id, 1)),
        3 => client.get_dhw_circuit(gw, 1).await.map(|c| assert_eq!(c.circuit_id, 1)),
        4 => client.get_heat_curve(gw, 1).await.map(drop),
        5 => {
            let week = program(n);
            client.set_heating_time_program(gw, 1, 2, &week).await?;
            programs.insert(gw, week);
            Ok(())
        }
        6 => client.set_date_time(gw, &date_time(n)).await.map(drop),
        _ => client.get_heating_time_program(gw, 1, 2).await.map(drop),
    }
}

fn count(log: &[Value], f: impl Fn(&Value) -> bool) -> usize {
    log.iter().filter(|r| f(r)).count()
}

#[tokio::test]
async fn idempotent_requests_survive_faults_and_posts_are_never_sent_twice() {
    let sim = start(SimConfig {
        fleet: 6,
        rate_limits: false,
        ..SimConfig::default()
    })
    .await;
    let client = sim
        .builder(0.0)
        .pacing(false)
        .retry_policy(quick_retries(ATTEMPTS))
        .build()
        .expect("client");
    sim.faults(faults()).await;

    // 1. 500 GETs and PUTs, one after the other (so the seeded faults fall the same way on
    //    every run): each succeeds within the budget.
    let mut programs = BTreeMap::new();
    for n in 0..IDEMPOTENT_OPS {
        if let Err(error) = idempotent(&client, n, &mut programs).await {
            panic!("request {n} failed within {ATTEMPTS} attempts: {error}");
        }
    }
    let log = sim.requests().await;
    let succeeded = count(&log, |r| r["faulted"] == false && r["status"] == 200);
    assert_eq!(succeeded, IDEMPOTENT_OPS, "exactly one successful attempt per request");
    let resets = count(&log, |r| r["fault"] == "reset");
    let errors = count(&log, |r| r["fault"] == "error" && r["status"] == 503);
    assert!(
        resets > 50 && errors > 50,
        "both faults happened: {resets} resets, {errors} 503s"
    );
    assert_eq!(log.len(), succeeded + resets + errors, "no other outcome");
    assert!(log.len() < IDEMPOTENT_OPS * ATTEMPTS as usize);
    eprintln!(
        "faults: {IDEMPOTENT_OPS} idempotent requests took {} attempts ({resets} resets, {errors} 503s)",
        log.len()
    );

    // 2. POSTs under the same faults: a system detection, a webhook simulation and a holiday
    //    mode per round. The client makes exactly one attempt each.
    sim.clear_requests().await;
    let mut outcomes: Vec<(String, Result<(), Error>)> = Vec::new();
    let mut created: BTreeMap<&str, usize> = BTreeMap::new();
    for round in 0..24 {
        let gw = GATEWAYS[round % GATEWAYS.len()];
        let result = client.start_system_detection(gw).await.map(drop);
        outcomes.push((format!("/hvacs/{gw}/components"), result));

        let request: WebhookSimulationRequest =
            serde_json::from_value(json!({"eventType": "DATA_POINT", "gatewayId": gw})).expect("request");
        let result = client.simulate_webhook_event(&request).await.map(drop);
        outcomes.push(("/webhooks/simulation".to_owned(), result));

        // Eight holiday modes per gateway at most: eight rounds per gateway, disjoint dates.
        let holiday_gw = HOLIDAY_GATEWAYS[round % HOLIDAY_GATEWAYS.len()];
        let k = round / HOLIDAY_GATEWAYS.len();
        let body: HolidayModeCreate = serde_json::from_value(json!({
            "startDate": sim.gateway_day(holiday_gw, 10 + 3 * k as i64).await,
            "endDate": sim.gateway_day(holiday_gw, 11 + 3 * k as i64).await,
            "heatingCircuits": [1],
        }))
        .expect("holiday");
        let result = client.create_holiday_mode(holiday_gw, &body).await.map(drop);
        if result.is_ok() {
            *created.entry(holiday_gw).or_default() += 1;
        }
        outcomes.push((format!("/hvacs/{holiday_gw}/system/holidayModes"), result));
    }

    let log = sim.requests().await;
    assert!(log.iter().all(|r| r["method"] == "POST"));
    assert_eq!(log.len(), outcomes.len(), "one attempt per POST: none was sent twice");
    // Per path: as many log entries as calls, and as many successes as successful calls.
    let mut by_path: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for (path, result) in &outcomes {
        let entry = by_path.entry(path.as_str()).or_default();
        entry.0 += 1;
        entry.1 += usize::from(result.is_ok());
    }
    for (path, (calls, ok)) in &by_path {
        let sent = count(&log, |r| r["path"] == *path);
        let answered = count(&log, |r| r["path"] == *path && r["faulted"] == false);
        assert_eq!((sent, answered), (*calls, *ok), "{path}");
    }
    // Each failure was reported after one attempt, as what the simulator did.
    let mut failed = 0;
    for (path, result) in &outcomes {
        let Err(error) = result else { continue };
        failed += 1;
        match error.kind {
            ErrorKind::Transport => {
                assert!(error.message.contains("after 1 attempt ("), "{path}: {}", error.message);
                assert!(error.message.contains("not retried"), "{path}: {}", error.message);
            }
            ErrorKind::Server => {
                assert_eq!(error.status, Some(503));
                let id = error.request_id.as_deref().expect("a request id");
                let logged: Vec<&Value> = log.iter().filter(|r| r["requestId"] == id).collect();
                assert_eq!(logged.len(), 1, "{path}: {id}");
                assert_eq!(logged[0]["path"], path.as_str());
            }
            _ => panic!("{path}: unexpected {error}"),
        }
    }
    assert_eq!(failed, count(&log, |r| r["faulted"] == true));
    assert!(failed > 0 && failed < outcomes.len(), "{failed} of {}", outcomes.len());

    // The state agrees: exactly the holiday modes whose POST succeeded exist.
    sim.control("DELETE", "/faults", None).await;
    for gw in HOLIDAY_GATEWAYS {
        let modes = client.list_holiday_modes(gw).await.expect("holiday modes");
        assert_eq!(modes.len(), created.get(gw).copied().unwrap_or(0), "{gw}");
    }
    // And the last PUT of each gateway is what a GET returns.
    for (gw, week) in &programs {
        let read = client.get_heating_time_program(gw, 1, 2).await.expect("program");
        assert_eq!(read.days, week.days, "{gw}");
    }
    sim.done().await;
}

//! Every error kind the client can get from the simulator. API errors carry the status and
//! the simulator's `x-request-id`; validation and configuration errors send nothing.

use std::collections::BTreeSet;
use std::time::Duration;

use homecom_client::homecom_core::contracts::ContractUpdate;
use homecom_client::homecom_core::dhw::{DhwChargeUpdate, DhwCircuitPatch, UpdateDhwCircuit};
use homecom_client::homecom_core::operation::{PathParams, build_request};
use homecom_client::homecom_core::system::{CreateHolidayMode, HolidayModeCreate};
use homecom_client::{Client, Config, ErrorKind, Operation, OperationId};
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

use crate::common::{GW, assert_api_error, codes, one_attempt, quick_retries, start_unlimited};

fn wire<T: DeserializeOwned>(value: Value) -> T {
    serde_json::from_value(value).expect("a valid wire value")
}

/// A key in the documented format that the simulator never issued.
const UNKNOWN_KEY: &str = "xHCSAPI.20990101T000000Z.ZyXwVuTsRqPoNmLkJiHgFeDcBa987654";

#[tokio::test]
async fn bad_request_for_an_unsupported_api_version() {
    let sim = start_unlimited().await;
    let client = Client::builder(sim.config().with_api_major(2))
        .pacer_time_scale(0.0)
        .build()
        .expect("client");
    let error = client.get_health().await.expect_err("major version 2 is not supported");
    assert_api_error(&sim, &error, ErrorKind::BadRequest, 400).await;
    assert!(error.message.contains("version"), "{}", error.message);
    assert!(error.violations.is_empty());
    // Not retried: one request.
    assert_eq!(sim.requests().await.len(), 1);
    sim.done().await;
}

#[tokio::test]
async fn bad_request_violations_equal_the_cores_for_the_same_input_and_state() {
    let sim = start_unlimited().await;
    let client = sim.client();
    let config = sim.config();

    // 1. A blind patch the client lets through (it cannot know the current circuit): the
    //    simulator checks the merged state and finds what the core finds with that state.
    let current = client.get_dhw_circuit(GW, 1).await.expect("dhw circuit");
    let patch: DhwCircuitPatch = wire(json!({"ecoModeSettings": {"stopSetPointTemperature": 46.0}}));
    let error = client
        .update_dhw_circuit(GW, 1, &patch)
        .await
        .expect_err("eco start 45 and stop 46 are too close");
    assert_api_error(&sim, &error, ErrorKind::BadRequest, 400).await;
    let with_state = UpdateDhwCircuit {
        gateway_id: GW.to_owned(),
        circuit_id: 1,
        body: patch,
        current: Some(current.clone()),
        time_program_ids: Some(vec![1, 2]),
    };
    let expected = codes(&with_state.check().violations);
    assert_eq!(expected, BTreeSet::from(["DHW_START_BELOW_STOP".to_owned()]));
    assert_eq!(codes(&error.violations), expected);
    assert_eq!(
        client.get_dhw_circuit(GW, 1).await.expect("unchanged"),
        current,
        "a refused patch changes nothing"
    );

    // The same through `execute` with the state: refused before any IO, same codes.
    let before = sim.requests().await.len();
    let local = client.execute(&with_state).await.expect_err("checked locally");
    assert_eq!(local.kind, ErrorKind::Validation);
    assert_eq!(codes(&local.violations), expected);
    assert_eq!(sim.requests().await.len(), before, "nothing was sent");

    // 2. Bodies the client would refuse, sent raw (`Client::send` of a request built without
    //    validation); the server's codes equal the core's for the same input and state.
    let holidays = client.list_holiday_modes(GW).await.expect("holiday modes");
    let today = sim.gateway_day(GW, 0).await;
    let cases: Vec<(OperationId, PathParams<'_>, Value, Value)> = vec![
        (
            OperationId::UpdateDhwCircuit,
            PathParams {
                gateway_id: Some(GW),
                circuit_id: Some(1),
                ..Default::default()
            },
            json!({
                "ecoPlusModeSettings": {"startSetPointTemperature": 29.5, "stopSetPointTemperature": 70.0},
                "comfortModeSettings": {"startSetPointTemperature": 47.3},
                "autoModeSettings": {"selectedTimeProgramId": 9}
            }),
            json!({"current": current, "timeProgramIds": [1, 2]}),
        ),
        (
            OperationId::CreateHolidayMode,
            PathParams {
                gateway_id: Some(GW),
                ..Default::default()
            },
            json!({
                "startDate": sim.gateway_day(GW, 5).await,
                "endDate": sim.gateway_day(GW, -1).await,
                "heatingCircuits": [],
                "dhwCircuits": []
            }),
            json!({"existing": holidays, "today": today}),
        ),
        (
            OperationId::SetHeatingTimeProgram,
            PathParams {
                gateway_id: Some(GW),
                circuit_id: Some(1),
                time_program_id: Some(1),
                ..Default::default()
            },
            json!({"days": [
                {"day": "MONDAY", "switchPoints": [{"startTime": "06:10", "level": "COMFORT"}]},
                {"day": "MONDAY", "switchPoints": [{"startTime": "22:00", "level": "OFF"}]}
            ]}),
            json!({}),
        ),
        (
            OperationId::UpdateDhwCharge,
            PathParams {
                gateway_id: Some(GW),
                circuit_id: Some(1),
                ..Default::default()
            },
            json!({"enabled": true, "durationMinutes": 250}),
            json!({}),
        ),
    ];
    for (op, params, body, context) in cases {
        let request = build_request(&config, op, &params, Some(body.clone())).expect("a raw request");
        let response = client.send(&request).await.expect("an answer");
        assert_eq!(
            response.status,
            400,
            "{op}: {}",
            String::from_utf8_lossy(&response.body)
        );
        let error = op.decode_json(&response).expect_err("a 400");
        assert_api_error(&sim, &error, ErrorKind::BadRequest, 400).await;

        let mut input = context;
        let object = input.as_object_mut().expect("context object");
        object.insert("body".into(), body);
        if let Some(g) = params.gateway_id {
            object.insert("gatewayId".into(), json!(g));
        }
        if let Some(c) = params.circuit_id {
            object.insert("circuitId".into(), json!(c));
        }
        if let Some(t) = params.time_program_id {
            object.insert("timeProgramId".into(), json!(t));
        }
        let report = op.check_json(&input).expect("the core reads the input");
        assert!(report.unchecked_rules.is_empty(), "{op}: {:?}", report.unchecked_rules);
        let expected = codes(&report.violations);
        assert!(expected.len() >= 2, "{op}: {expected:?}");
        assert_eq!(codes(&error.violations), expected, "{op}");
    }

    // 3. A holiday overlapping the fixture's (days 30–37), created blind: the server refuses.
    let overlap: HolidayModeCreate = wire(json!({
        "startDate": sim.gateway_day(GW, 31).await,
        "endDate": sim.gateway_day(GW, 33).await,
        "heatingCircuits": [1],
    }));
    let error = client.create_holiday_mode(GW, &overlap).await.expect_err("overlap");
    assert_api_error(&sim, &error, ErrorKind::BadRequest, 400).await;
    let with_state = CreateHolidayMode {
        gateway_id: GW.to_owned(),
        body: overlap,
        existing: Some(holidays.clone()),
        today: Some(sim.gateway_day(GW, 0).await),
    };
    assert_eq!(
        codes(&error.violations),
        codes(&with_state.check().violations),
        "server and core agree"
    );
    assert!(error.violations.iter().any(|v| v.code == "HOLIDAY_OVERLAP"));
    assert_eq!(client.list_holiday_modes(GW).await.expect("modes"), holidays);
    sim.done().await;
}

#[tokio::test]
async fn unauthorized_forbidden_and_not_found() {
    let sim = start_unlimited().await;
    let client = sim.client();

    let stranger = Client::builder(
        Config::new(sim.base_url(), UNKNOWN_KEY)
            .and_then(|c| c.with_user_id(sim.handle.user_id()))
            .expect("config"),
    )
    .pacer_time_scale(0.0)
    .build()
    .expect("client");
    let error = stranger.list_hvacs().await.expect_err("an unknown key");
    assert_api_error(&sim, &error, ErrorKind::Unauthorized, 401).await;
    assert_eq!(error.message, "Unauthorized");
    let error = stranger.get_dhw_circuit(GW, 1).await.expect_err("an unknown key");
    assert_api_error(&sim, &error, ErrorKind::Unauthorized, 401).await;
    assert_eq!(error.message, "Unauthorized");

    let error = client.get_hvac_status("101234571").await.expect_err("not shared");
    assert_api_error(&sim, &error, ErrorKind::Forbidden, 403).await;
    let error = client
        .get_heating_circuit("101234571", 1)
        .await
        .expect_err("not shared");
    assert_api_error(&sim, &error, ErrorKind::Forbidden, 403).await;

    let error = client.get_hvac_status("999999999").await.expect_err("unknown gateway");
    assert_api_error(&sim, &error, ErrorKind::NotFound, 404).await;
    let error = client
        .delete_holiday_mode(GW, "no-such-holiday")
        .await
        .expect_err("unknown holiday mode");
    assert_api_error(&sim, &error, ErrorKind::NotFound, 404).await;
    let error = client.get_heating_circuit(GW, 9).await.expect_err("unknown circuit");
    assert_api_error(&sim, &error, ErrorKind::NotFound, 404).await;
    let error = client
        .get_heating_time_program(GW, 1, 7)
        .await
        .expect_err("unknown program");
    assert_api_error(&sim, &error, ErrorKind::NotFound, 404).await;
    sim.done().await;
}

#[tokio::test]
async fn conflict_on_an_illegal_transition_and_an_eleventh_key() {
    let sim = start_unlimited().await;
    let client = sim.client();

    let accept: ContractUpdate = wire(json!({"action": "ACCEPT"}));
    let error = client
        .update_contract(GW, &accept)
        .await
        .expect_err("ACTIVE cannot be accepted");
    assert_api_error(&sim, &error, ErrorKind::Conflict, 409).await;
    let error = client
        .delete_contract(GW)
        .await
        .expect_err("only a CLOSED contract is acknowledged");
    assert_api_error(&sim, &error, ErrorKind::Conflict, 409).await;
    assert_eq!(
        client.get_contract(GW).await.expect("contract").status.as_str(),
        "ACTIVE"
    );

    // The demo key plus nine new ones are ten valid keys: the eleventh is refused.
    assert_eq!(client.list_api_keys().await.expect("keys").len(), 1);
    for _ in 0..9 {
        client.create_api_key().await.expect("a key within the limit");
    }
    let error = client.create_api_key().await.expect_err("an eleventh key");
    assert_api_error(&sim, &error, ErrorKind::Conflict, 409).await;
    assert_eq!(client.list_api_keys().await.expect("keys").len(), 10);
    sim.done().await;
}

#[tokio::test]
async fn rate_limited_without_retries_then_retried_to_success() {
    let sim = start_unlimited().await;

    // One attempt: the injected 429 is the error, with its retry-after.
    sim.faults(json!({"rateLimitBurst": 1, "rateLimitRetryAfter": 2})).await;
    let once = sim.builder(0.0).retry_policy(one_attempt()).build().expect("client");
    let error = once.get_health().await.expect_err("a 429");
    assert_api_error(&sim, &error, ErrorKind::RateLimited, 429).await;
    assert_eq!(error.retry_after, Some(Duration::from_secs(2)));

    // With retries the call waits out retry-after and succeeds.
    sim.faults(json!({"rateLimitBurst": 1, "rateLimitRetryAfter": 1})).await;
    sim.clear_requests().await;
    let retrying = sim.builder(0.0).retry_policy(quick_retries(4)).build().expect("client");
    let status = retrying.get_hvac_status(GW).await.expect("retried after the 429");
    assert_eq!(status.gateway_id, GW);
    let statuses: Vec<Value> = sim.requests().await.iter().map(|r| r["status"].clone()).collect();
    assert_eq!(statuses, [json!(429), json!(200)]);

    // A POST is never retried, not even after a 429.
    sim.faults(json!({"rateLimitBurst": 1, "rateLimitRetryAfter": 1})).await;
    sim.clear_requests().await;
    let error = retrying
        .start_system_detection(GW)
        .await
        .expect_err("a POST is not retried");
    assert_api_error(&sim, &error, ErrorKind::RateLimited, 429).await;
    assert_eq!(error.retry_after, Some(Duration::from_secs(1)));
    assert_eq!(sim.requests().await.len(), 1);
    sim.done().await;
}

#[tokio::test]
async fn consent_outdated_and_gateway_offline() {
    let sim = start_unlimited().await;
    let client = sim.builder(0.0).retry_policy(quick_retries(4)).build().expect("client");

    let error = client
        .get_heating_circuit("101234572", 1)
        .await
        .expect_err("old consent");
    assert_api_error(&sim, &error, ErrorKind::ConsentOutdated, 451).await;
    let error = client.get_silent_mode("101234572").await.expect_err("old consent");
    assert_api_error(&sim, &error, ErrorKind::ConsentOutdated, 451).await;
    let status = client.get_hvac_status("101234572").await.expect("platform reads work");
    assert_eq!(status.connectivity_status.as_str(), "ONLINE");

    sim.clear_requests().await;
    let error = client.get_dhw_circuit("101234573", 1).await.expect_err("offline");
    assert_api_error(&sim, &error, ErrorKind::GatewayOffline, 504).await;
    assert_eq!(sim.requests().await.len(), 1, "a 504 is not retried");
    let error = client.get_components("101234573").await.expect_err("offline");
    assert_api_error(&sim, &error, ErrorKind::GatewayOffline, 504).await;
    assert_eq!(sim.requests().await.len(), 2, "a 504 is not retried");
    sim.done().await;
}

#[tokio::test]
async fn server_errors_with_and_without_retries() {
    let sim = start_unlimited().await;
    sim.faults(json!({"errorRatio": 1.0, "errorStatus": 500})).await;

    let once = sim.builder(0.0).retry_policy(one_attempt()).build().expect("client");
    let error = once.get_health().await.expect_err("an injected 500");
    assert_api_error(&sim, &error, ErrorKind::Server, 500).await;
    assert_eq!(sim.requests().await.len(), 1);

    // Three attempts for a GET, each answered 500; the error is the last attempt's.
    sim.clear_requests().await;
    let thrice = sim.builder(0.0).retry_policy(quick_retries(3)).build().expect("client");
    let error = thrice.get_hvac_status(GW).await.expect_err("500 three times");
    assert_api_error(&sim, &error, ErrorKind::Server, 500).await;
    let log = sim.requests().await;
    assert_eq!(log.len(), 3, "{log:?}");
    assert!(log.iter().all(|r| r["status"] == 500 && r["fault"] == "error"));

    // A POST and a PATCH are never retried after a 5xx.
    sim.clear_requests().await;
    let error = thrice.start_system_detection(GW).await.expect_err("POST");
    assert_api_error(&sim, &error, ErrorKind::Server, 500).await;
    let patch: DhwCircuitPatch = wire(json!({"operationMode": "ECO"}));
    let error = thrice.update_dhw_circuit(GW, 1, &patch).await.expect_err("PATCH");
    assert_api_error(&sim, &error, ErrorKind::Server, 500).await;
    assert_eq!(sim.requests().await.len(), 2);

    // A 502 HTML page is still a Server error with the request id of the header.
    sim.faults(json!({"errorRatio": 1.0, "errorStatus": 502, "errorBody": "html"}))
        .await;
    let error = once.get_health().await.expect_err("an injected 502");
    assert_api_error(&sim, &error, ErrorKind::Server, 502).await;
    assert!(
        error.raw_body.as_deref().is_some_and(|b| b.contains("<html>")),
        "{error:?}"
    );
    sim.done().await;
}

#[tokio::test]
async fn validation_and_config_errors_send_nothing() {
    let sim = start_unlimited().await;
    let client = sim.client();

    let charge: DhwChargeUpdate = wire(json!({"enabled": true, "durationMinutes": 14}));
    let error = client.update_dhw_charge(GW, 1, &charge).await.expect_err("14 minutes");
    assert_eq!(error.kind, ErrorKind::Validation);
    assert_eq!(
        codes(&error.violations),
        BTreeSet::from(["CHARGE_DURATION_RANGE".to_owned(), "CHARGE_DURATION_STEP".to_owned()])
    );
    assert_eq!((error.status, error.request_id.as_deref()), (None, None));

    let patch: DhwCircuitPatch = wire(json!({
        "ecoPlusModeSettings": {"startSetPointTemperature": 29.5, "stopSetPointTemperature": 70.0}
    }));
    let error = client
        .update_dhw_circuit(GW, 1, &patch)
        .await
        .expect_err("out of range");
    assert_eq!(error.kind, ErrorKind::Validation);
    assert_eq!(codes(&error.violations), BTreeSet::from(["DHW_START_RANGE".to_owned()]));
    assert_eq!(
        error.unchecked_rules,
        ["DHW_MODE_ORDER"],
        "a blind patch says what it could not check"
    );

    let error = client.get_hvac_status("../etc").await.expect_err("invalid gateway id");
    assert_eq!(error.kind, ErrorKind::Validation);
    assert_eq!(
        codes(&error.violations),
        BTreeSet::from(["GATEWAY_ID_INVALID".to_owned()])
    );

    // Configuration: a remote-control call without a partner user id, and bad settings.
    let anonymous = Client::builder(Config::new(sim.base_url(), sim.handle.api_key()).expect("config"))
        .pacer_time_scale(0.0)
        .build()
        .expect("client");
    let error = anonymous.get_dhw_circuit(GW, 1).await.expect_err("no x-user-id");
    assert_eq!(error.kind, ErrorKind::Config);
    assert!(error.message.contains("x-user-id"), "{}", error.message);
    assert_eq!(
        Config::new("ftp://127.0.0.1:1", UNKNOWN_KEY).expect_err("scheme").kind,
        ErrorKind::Config
    );
    assert_eq!(
        Config::new(sim.base_url(), "not-a-key").expect_err("key").kind,
        ErrorKind::Config
    );
    let error = sim
        .builder(0.0)
        .attempt_timeout(Duration::ZERO)
        .build()
        .expect_err("timeout 0");
    assert_eq!(error.kind, ErrorKind::Config);
    let error = sim.builder(-1.0).build().expect_err("negative scale");
    assert_eq!(error.kind, ErrorKind::Config);

    assert!(sim.requests().await.is_empty(), "no request reached the simulator");
    sim.done().await;
}

#[tokio::test]
async fn transport_errors_on_a_reset_and_a_closed_port() {
    let sim = start_unlimited().await;
    sim.faults(json!({"resetRatio": 1.0})).await;
    let once = sim.builder(0.0).retry_policy(one_attempt()).build().expect("client");
    let error = once.get_health().await.expect_err("reset");
    assert_eq!(error.kind, ErrorKind::Transport);
    assert_eq!((error.status, error.request_id.as_deref()), (None, None));
    assert!(error.message.contains("after 1 attempt"), "{}", error.message);
    let log = sim.requests().await;
    assert_eq!(log.len(), 1);
    assert_eq!(log[0]["fault"], "reset");
    assert!(log[0]["status"].is_null(), "no HTTP answer at all");

    // With retries, a GET is retried after each reset until the attempts run out.
    sim.clear_requests().await;
    let thrice = sim.builder(0.0).retry_policy(quick_retries(3)).build().expect("client");
    let error = thrice.get_hvac_status(GW).await.expect_err("reset three times");
    assert_eq!(error.kind, ErrorKind::Transport);
    assert!(error.message.contains("after 3 attempts"), "{}", error.message);
    assert_eq!(sim.requests().await.len(), 3);
    sim.done().await;

    // A closed port: nothing listens there any more.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("addr").port();
    drop(listener);
    let config = Config::new(&format!("http://127.0.0.1:{port}"), UNKNOWN_KEY).expect("config");
    let client = Client::builder(config)
        .retry_policy(quick_retries(2))
        .build()
        .expect("client");
    let error = client.get_health().await.expect_err("connection refused");
    assert_eq!(error.kind, ErrorKind::Transport);
    assert_eq!((error.status, error.request_id.as_deref()), (None, None));
    assert!(error.message.contains("connect"), "{}", error.message);
    assert!(error.message.contains("after 2 attempts"), "{}", error.message);
}

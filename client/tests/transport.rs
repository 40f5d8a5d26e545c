//! The client over real HTTP on loopback, against a server the tests control exactly:
//! retries per method and outcome, 429 and `retry-after`, timeouts, the deadline, pacing,
//! cancellation, and errors raised before any IO.

mod support;

use std::collections::BTreeSet;
use std::time::Duration;

use homecom_client::homecom_core::contracts::{ContractAction, ContractUpdate};
use homecom_client::homecom_core::dhw::DhwChargeUpdate;
use homecom_client::homecom_core::platform::{EventType, WebhookSimulationRequest};
use homecom_client::homecom_core::system::SystemDateTime;
use homecom_client::homecom_core::time_programs::TimeProgram;
use homecom_client::{Client, Config, ErrorKind, Method, OperationId, RetryPolicy};
use serde_json::json;
use support::{GW, KEY, Reply, TestServer, closed_port, fast_policy};
use tokio::time::Instant;

const HEALTH: &str = r#"{"status":"UP"}"#;
const DATE_TIME: &str = r#"{"dateTime":"2026-11-28T21:15:00"}"#;

fn client(server: &TestServer) -> Client {
    Client::builder(server.config())
        .retry_policy(fast_policy())
        .pacing(false)
        .build()
        .expect("client")
}

/// A valid week: the same two switch points every day.
fn week() -> TimeProgram {
    let days: Vec<serde_json::Value> = [
        "MONDAY",
        "TUESDAY",
        "WEDNESDAY",
        "THURSDAY",
        "FRIDAY",
        "SATURDAY",
        "SUNDAY",
    ]
    .iter()
    .map(|day| {
        json!({"day": day, "switchPoints": [
            {"startTime": "06:00", "level": "COMFORT"},
            {"startTime": "22:00", "level": "ECO"}
        ]})
    })
    .collect();
    serde_json::from_value(json!({"timeProgramId": 1, "days": days})).expect("week")
}

fn date_time() -> SystemDateTime {
    serde_json::from_str(DATE_TIME).expect("date time")
}

#[tokio::test]
async fn get_put_delete_are_retried_on_503() {
    let server = TestServer::script(vec![Reply::status(503), Reply::status(503), Reply::json(200, HEALTH)]).await;
    let health = client(&server).get_health().await.expect("third attempt succeeds");
    assert_eq!(health.status, "UP");
    assert_eq!(server.count(), 3);

    let server = TestServer::script(vec![Reply::status(503), Reply::json(200, DATE_TIME)]).await;
    client(&server)
        .set_date_time(GW, &date_time())
        .await
        .expect("PUT retried");
    assert_eq!(server.count(), 2);
    assert!(server.seen().iter().all(|s| s.method == "PUT"));

    let server = TestServer::script(vec![Reply::status(502), Reply::status(500), Reply::no_content()]).await;
    client(&server)
        .delete_holiday_mode(GW, "h1")
        .await
        .expect("DELETE retried");
    assert_eq!(server.count(), 3);

    // Attempts are limited: 4 by default, then the last answer is the error.
    let server = TestServer::always(Reply::status(503)).await;
    let err = client(&server).get_health().await.expect_err("always 503");
    assert_eq!(err.kind, ErrorKind::Server);
    assert_eq!(err.status, Some(503));
    assert_eq!(err.request_id.as_deref(), Some("req-test"));
    assert_eq!(server.count(), 4);
}

#[tokio::test]
async fn post_is_never_retried() {
    for reply in [
        Reply::status(503),
        Reply::status(500),
        Reply::status(429).with_header("retry-after", "0"),
    ] {
        let server = TestServer::always(reply).await;
        let err = client(&server)
            .start_system_detection(GW)
            .await
            .expect_err("not retried");
        assert!(matches!(err.kind, ErrorKind::Server | ErrorKind::RateLimited), "{err}");
        assert_eq!(server.count(), 1, "{err}");
    }

    // A connection closed after the request was sent: maybe processed, so not sent again.
    let server = TestServer::always(Reply::Close).await;
    let body = WebhookSimulationRequest {
        event_type: EventType::DataPoint,
        gateway_id: Some(GW.into()),
    };
    let err = client(&server).simulate_webhook_event(&body).await.expect_err("closed");
    assert_eq!(err.kind, ErrorKind::Transport);
    assert!(err.message.starts_with("simulateWebhookEvent: "), "{err}");
    assert!(err.message.contains("reset or closed"), "{err}");
    assert!(err.message.contains("after 1 attempt ("), "{err}");
    assert_eq!(server.count(), 1);

    // Not even a POST that never left is sent again (the core's rule).
    let addr = closed_port().await;
    let config = Config::new(&format!("http://{addr}"), KEY).expect("config");
    let client = Client::builder(config)
        .retry_policy(fast_policy())
        .build()
        .expect("client");
    let err = client.create_api_key().await.expect_err("nothing listens");
    assert_eq!(err.kind, ErrorKind::Transport);
    assert!(err.message.contains("connect error"), "{err}");
    assert!(err.message.contains("after 1 attempt ("), "{err}");
}

#[tokio::test]
async fn patch_is_retried_only_when_not_sent() {
    let charge = DhwChargeUpdate {
        enabled: true,
        duration_minutes: Some(60),
    };
    // 503 and a closed connection: the change may have been applied.
    let server = TestServer::always(Reply::status(503)).await;
    let err = client(&server)
        .update_dhw_charge(GW, 1, &charge)
        .await
        .expect_err("503");
    assert_eq!(err.kind, ErrorKind::Server);
    assert_eq!(server.count(), 1);

    let server = TestServer::always(Reply::Close).await;
    let err = client(&server)
        .update_dhw_charge(GW, 1, &charge)
        .await
        .expect_err("closed");
    assert_eq!(err.kind, ErrorKind::Transport);
    assert_eq!(server.count(), 1);

    // Nothing listening: the request never left, so it is tried again, up to the limit.
    let addr = closed_port().await;
    let config = Config::new(&format!("http://{addr}"), KEY)
        .and_then(|c| c.with_user_id("u1"))
        .expect("config");
    let client = Client::builder(config)
        .retry_policy(fast_policy())
        .build()
        .expect("client");
    let err = client.update_dhw_charge(GW, 1, &charge).await.expect_err("refused");
    assert_eq!(err.kind, ErrorKind::Transport);
    assert!(err.message.starts_with("updateDhwCharge: connect error"), "{err}");
    assert!(err.message.contains("after 4 attempts"), "{err}");
    assert!(!err.message.contains(KEY));
}

#[tokio::test]
async fn rate_limited_requests_wait_for_retry_after() {
    let server = TestServer::start(|_, n| {
        if n == 0 {
            Reply::status(429).with_header("retry-after", "1")
        } else {
            Reply::json(200, r#"{"gatewayId":"101234567","connectivityStatus":"ONLINE"}"#)
        }
    })
    .await;
    let client = Client::builder(server.config())
        .retry_policy(fast_policy())
        .pacer_time_scale(0.01)
        .build()
        .expect("client");
    let first = {
        let client = client.clone();
        tokio::spawn(async move { client.get_hvac_status(GW).await })
    };
    // A second request to the same path, once the 429 is in: the pacer holds it back too.
    while server.count() == 0 {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    tokio::time::sleep(Duration::from_millis(50)).await;
    let second = client.get_hvac_status(GW).await.expect("second");
    assert_eq!(second.gateway_id, GW);
    first.await.expect("join").expect("retried after 1 s");

    let seen = server.seen();
    assert_eq!(seen.len(), 3);
    for later in &seen[1..] {
        let gap = later.at - seen[0].at;
        assert!(gap >= Duration::from_millis(1000), "sent {gap:?} after the 429");
        assert!(gap < Duration::from_secs(5), "{gap:?}");
    }
}

#[tokio::test]
async fn gateway_offline_is_not_retried() {
    let server = TestServer::always(Reply::status(504)).await;
    let err = client(&server).get_components(GW).await.expect_err("offline");
    assert_eq!(err.kind, ErrorKind::GatewayOffline);
    assert_eq!(server.count(), 1);
}

#[tokio::test]
async fn the_deadline_is_respected() {
    let policy = fast_policy()
        .with_max_attempts(1_000)
        .with_deadline(Some(Duration::from_millis(300)));
    let server = TestServer::always(Reply::status(503)).await;
    let client = Client::builder(server.config())
        .retry_policy(policy)
        .pacing(false)
        .build()
        .expect("client");
    let start = Instant::now();
    let err = client.get_health().await.expect_err("always 503");
    let took = start.elapsed();
    assert_eq!(err.kind, ErrorKind::Server);
    assert!(server.count() >= 3, "{} attempts", server.count());
    assert!(took >= Duration::from_millis(150), "{took:?}");
    assert!(took < Duration::from_secs(2), "{took:?}");
    let first = server.seen()[0].at;
    assert!(server.seen().iter().all(|s| s.at - first <= Duration::from_millis(300)));

    // An attempt that hangs is cut at the deadline, whatever the per-attempt timeout.
    let server = TestServer::always(Reply::Hang(Duration::from_secs(10))).await;
    let client = Client::builder(server.config())
        .retry_policy(policy)
        .attempt_timeout(Duration::from_secs(30))
        .pacing(false)
        .build()
        .expect("client");
    let start = Instant::now();
    let err = client.get_health().await.expect_err("hangs");
    assert_eq!(err.kind, ErrorKind::Transport);
    assert!(err.message.contains("timeout"), "{err}");
    assert!(start.elapsed() < Duration::from_secs(2), "{:?}", start.elapsed());
    assert_eq!(server.count(), 1);
}

#[tokio::test]
async fn a_retry_whose_pacing_slot_lies_past_the_deadline_is_not_waited_for() {
    // PUT of a time program: one token per 10 s. After a 503 the retry's slot is 10 s away,
    // past a 2 s deadline: give up at once with the 503 instead of sleeping.
    let server = TestServer::always(Reply::status(503)).await;
    let client = Client::builder(server.config())
        .retry_policy(fast_policy().with_deadline(Some(Duration::from_secs(2))))
        .build()
        .expect("client");
    let week = week();
    let start = Instant::now();
    let err = client.set_dhw_time_program(GW, 1, 1, &week).await.expect_err("503");
    assert_eq!(err.kind, ErrorKind::Server);
    assert_eq!(server.count(), 1);
    assert!(start.elapsed() < Duration::from_secs(1), "{:?}", start.elapsed());
}

#[tokio::test]
async fn an_attempt_timeout_is_retried_for_get_only() {
    let server = TestServer::script(vec![Reply::Hang(Duration::from_secs(5)), Reply::json(200, HEALTH)]).await;
    let client = Client::builder(server.config())
        .retry_policy(fast_policy())
        .attempt_timeout(Duration::from_millis(200))
        .pacing(false)
        .build()
        .expect("client");
    client.get_health().await.expect("second attempt");
    let seen = server.seen();
    assert_eq!(seen.len(), 2);
    assert!(seen[1].at - seen[0].at >= Duration::from_millis(200));

    let server = TestServer::always(Reply::Hang(Duration::from_secs(5))).await;
    let client = Client::builder(server.config())
        .retry_policy(fast_policy())
        .attempt_timeout(Duration::from_millis(200))
        .pacing(false)
        .build()
        .expect("client");
    let charge = DhwChargeUpdate {
        enabled: false,
        duration_minutes: None,
    };
    let err = client.update_dhw_charge(GW, 1, &charge).await.expect_err("timeout");
    assert_eq!(err.kind, ErrorKind::Transport);
    assert!(
        err.message.contains("timeout: no complete answer within 200 ms"),
        "{err}"
    );
    assert_eq!(server.count(), 1);
}

#[tokio::test]
async fn pacing_spreads_a_burst_per_the_bucket() {
    let server = TestServer::always(Reply::json(
        200,
        r#"{"gatewayId":"101234567","connectivityStatus":"ONLINE"}"#,
    ))
    .await;
    let client = Client::builder(server.config())
        .retry_policy(RetryPolicy::no_retries())
        .pacer_time_scale(0.01)
        .build()
        .expect("client");
    let start = Instant::now();
    let calls: Vec<_> = (0..10)
        .map(|_| {
            let client = client.clone();
            tokio::spawn(async move { client.get_hvac_status(GW).await })
        })
        .collect();
    for call in calls {
        call.await.expect("join").expect("no 429");
    }
    // A gateway path: burst 3, then one token per 2 s × 0.01 = 20 ms.
    let interval = Duration::from_millis(20);
    let mut arrivals: Vec<Duration> = server.seen().iter().map(|s| s.at - start).collect();
    arrivals.sort();
    assert_eq!(arrivals.len(), 10);
    for (i, at) in arrivals.iter().enumerate() {
        let slot = interval * (i.saturating_sub(2) as u32);
        assert!(*at >= slot, "request {i} arrived at {at:?}, before its slot {slot:?}");
    }
    for pair in arrivals[3..].windows(2) {
        // Spacing after the burst, with a tolerance for scheduling jitter.
        assert!(
            pair[1] - pair[0] >= interval - Duration::from_millis(10),
            "{arrivals:?}"
        );
    }
    assert!(arrivals[9] < Duration::from_secs(3), "{arrivals:?}");
}

#[tokio::test]
async fn dropping_the_future_cancels_the_call() {
    let server = TestServer::always(Reply::Hang(Duration::from_secs(5))).await;
    let client = Client::builder(server.config())
        .retry_policy(fast_policy())
        .attempt_timeout(Duration::from_millis(300))
        .pacing(false)
        .build()
        .expect("client");
    let call = tokio::time::timeout(Duration::from_millis(150), client.get_health()).await;
    assert!(call.is_err(), "the call should still be running");
    assert_eq!(server.count(), 1);
    // Without cancellation, a retry would follow the 300 ms attempt timeout.
    tokio::time::sleep(Duration::from_millis(700)).await;
    assert_eq!(server.count(), 1, "an attempt was sent after the future was dropped");
}

#[tokio::test]
async fn validation_and_configuration_errors_come_before_any_io() {
    let server = TestServer::always(Reply::json(200, "{}")).await;
    let client = client(&server);
    let err = client.get_dhw_circuit("../x", 1).await.expect_err("invalid gateway");
    assert_eq!(err.kind, ErrorKind::Validation);
    let err = client.get_dhw_circuit(GW, 0).await.expect_err("invalid circuit");
    assert_eq!(err.kind, ErrorKind::Validation);
    let err = client
        .execute_json(
            OperationId::GetDhwCircuit,
            &json!({"gatewayId": GW, "circuitId": "one"}),
        )
        .await
        .expect_err("bad shape");
    assert_eq!(err.kind, ErrorKind::Validation);
    let err = client
        .update_dhw_charge(
            GW,
            1,
            &DhwChargeUpdate {
                enabled: true,
                duration_minutes: Some(100_000),
            },
        )
        .await
        .expect_err("invalid body");
    assert_eq!(err.kind, ErrorKind::Validation);

    // A remote-control operation without the partner user id.
    let no_user = Client::builder(Config::new(&server.url(), KEY).expect("config"))
        .pacing(false)
        .build()
        .expect("client");
    let err = no_user.get_dhw_circuit(GW, 1).await.expect_err("no user id");
    assert_eq!(err.kind, ErrorKind::Config);
    assert_eq!(server.count(), 0);
}

#[tokio::test]
async fn requests_carry_the_documented_headers_and_answers_their_metadata() {
    let circuit = r#"{"circuitId":1,"operationMode":"AUTO","ecoModeSettings":{"startSetPointTemperature":45.0,"stopSetPointTemperature":50.0}}"#;
    let server = TestServer::always(Reply::json(200, circuit)).await;
    let client = client(&server);
    let response = client
        .execute_json(OperationId::GetDhwCircuit, &json!({"gatewayId": GW, "circuitId": 1}))
        .await
        .expect("ok");
    assert_eq!(response.status, 200);
    assert_eq!(response.request_id.as_deref(), Some("req-test"));
    assert_eq!(response.api_version.map(|v| v.to_string()).as_deref(), Some("1.35"));
    assert_eq!(response.value["operationMode"], "AUTO");
    assert_eq!(response.value["ecoModeSettings"]["stopSetPointTemperature"], 50.0);

    let typed = client.get_dhw_circuit(GW, 1).await.expect("typed");
    assert_eq!(typed.circuit_id, 1);

    let seen = &server.seen()[0];
    assert_eq!(seen.method, "GET");
    assert_eq!(seen.path, format!("/hvacs/{GW}/dhwCircuits/1"));
    assert_eq!(seen.header("x-api-key"), Some(KEY));
    assert_eq!(seen.header("x-user-id"), Some(support::USER));
    assert_eq!(seen.header("x-api-version"), Some("1"));
    assert_eq!(seen.header("accept"), Some("application/json"));
    assert_eq!(seen.header("user-agent"), Some(homecom_client::USER_AGENT));
    assert!(homecom_client::USER_AGENT.starts_with("homecom-partner/0."));

    // Bodies are JSON with their content type.
    let server = TestServer::always(Reply::json(200, DATE_TIME)).await;
    let echoed = self::client(&server).set_date_time(GW, &date_time()).await.expect("ok");
    assert_eq!(echoed.date_time, "2026-11-28T21:15:00");
    let seen = &server.seen()[0];
    assert_eq!(seen.header("content-type"), Some("application/json"));
    let body: serde_json::Value = serde_json::from_slice(&seen.body).expect("json body");
    assert_eq!(body, json!({"dateTime": "2026-11-28T21:15:00"}));
}

#[tokio::test]
async fn redirects_are_not_followed() {
    let server = TestServer::start(|seen, _| {
        if seen.path == "/health" {
            Reply::Status(302, vec![("location".into(), "/elsewhere".into())], String::new())
        } else {
            Reply::json(200, HEALTH)
        }
    })
    .await;
    let err = client(&server).get_health().await.expect_err("302");
    assert_eq!(err.kind, ErrorKind::UnexpectedStatus);
    assert_eq!(server.count(), 1);
}

#[tokio::test]
async fn api_errors_are_typed() {
    let server = TestServer::always(Reply::json(
        400,
        r#"{"status":400,"message":"bad","violations":[{"field":"x","rule":"R","message":"m"}]}"#,
    ))
    .await;
    let err = client(&server).get_hvac_status(GW).await.expect_err("400");
    assert_eq!(err.kind, ErrorKind::BadRequest);
    assert_eq!(err.violations.len(), 1);
    assert_eq!(server.count(), 1);

    let server = TestServer::always(Reply::Status(500, vec![], "<html>oops</html>".into())).await;
    let err = client(&server).list_hvacs().await.expect_err("500");
    assert_eq!(err.kind, ErrorKind::Server);
    assert_eq!(err.raw_body.as_deref(), Some("<html>oops</html>"));

    let server = TestServer::always(Reply::json(200, r#"{"unexpected": true}"#)).await;
    let err = client(&server).get_hvac_status(GW).await.expect_err("shape");
    assert_eq!(err.kind, ErrorKind::Decode);
}

/// Every convenience method sends its own operation (all 37, each once).
#[tokio::test]
#[allow(deprecated)]
async fn every_operation_has_a_convenience_method() {
    let server = TestServer::always(Reply::status(404)).await;
    let c = client(&server);
    let week = week();
    let heating_patch =
        serde_json::from_value(json!({"operationMode": "MANUAL", "manualModeSettings": {"setPointTemperature": 21.5}}))
            .expect("patch");
    let curve_patch =
        serde_json::from_value(json!({"maxFlowTemperature": 50.0, "endPointTemperature": 42.0})).expect("patch");
    let dhw_patch = serde_json::from_value(
        json!({"ecoModeSettings": {"startSetPointTemperature": 46.0, "stopSetPointTemperature": 52.0}}),
    )
    .expect("patch");
    let silent =
        serde_json::from_value(json!({"enabled": true, "startTime": "22:00", "endTime": "06:00"})).expect("silent");
    let holiday = serde_json::from_value(
        json!({"startDate": "2026-12-20", "endDate": "2027-01-03", "heatingCircuits": [1],
        "dhwCircuits": [1], "heatingMode": "FROST_PROTECTION", "dhwMode": "OFF"}),
    )
    .expect("holiday");
    let simulation = WebhookSimulationRequest {
        event_type: EventType::DataPoint,
        gateway_id: Some(GW.into()),
    };
    let contract = ContractUpdate {
        action: ContractAction::Accept,
    };
    let charge = DhwChargeUpdate {
        enabled: true,
        duration_minutes: Some(60),
    };

    let results: Vec<Result<(), homecom_client::Error>> = vec![
        c.get_health().await.map(drop),
        c.list_hvacs().await.map(drop),
        c.get_hvac_status(GW).await.map(drop),
        c.get_components(GW).await.map(drop),
        c.start_system_detection(GW).await.map(drop),
        c.simulate_webhook_event(&simulation).await.map(drop),
        c.list_contracts().await.map(drop),
        c.get_contract(GW).await.map(drop),
        c.get_hvac_contract(GW).await.map(drop),
        c.update_contract(GW, &contract).await.map(drop),
        c.delete_contract(GW).await,
        c.create_api_key().await.map(drop),
        c.list_api_keys().await.map(drop),
        c.get_current_api_key().await.map(drop),
        c.delete_api_key("k-1").await,
        c.list_heating_circuits(GW).await.map(drop),
        c.get_heating_circuit(GW, 1).await.map(drop),
        c.update_heating_circuit(GW, 1, &heating_patch).await.map(drop),
        c.get_heat_curve(GW, 1).await.map(drop),
        c.update_heat_curve(GW, 1, &curve_patch).await.map(drop),
        c.get_heating_distribution_type(GW, 1).await.map(drop),
        c.get_heating_time_program(GW, 1, 1).await.map(drop),
        c.set_heating_time_program(GW, 1, 1, &week).await.map(drop),
        c.list_dhw_circuits(GW).await.map(drop),
        c.get_dhw_circuit(GW, 1).await.map(drop),
        c.update_dhw_circuit(GW, 1, &dhw_patch).await.map(drop),
        c.get_dhw_charge(GW, 1).await.map(drop),
        c.update_dhw_charge(GW, 1, &charge).await.map(drop),
        c.get_dhw_time_program(GW, 1, 1).await.map(drop),
        c.set_dhw_time_program(GW, 1, 1, &week).await.map(drop),
        c.get_silent_mode(GW).await.map(drop),
        c.update_silent_mode(GW, &silent).await.map(drop),
        c.get_date_time(GW).await.map(drop),
        c.set_date_time(GW, &date_time()).await.map(drop),
        c.list_holiday_modes(GW).await.map(drop),
        c.create_holiday_mode(GW, &holiday).await.map(drop),
        c.delete_holiday_mode(GW, "h1").await,
    ];
    for (i, result) in results.iter().enumerate() {
        let err = result.as_ref().expect_err("the server answers 404");
        assert_eq!(err.kind, ErrorKind::NotFound, "call {i}: {err}");
    }
    let seen: Vec<OperationId> = server
        .seen()
        .iter()
        .map(|s| {
            let method = serde_json::from_value::<Method>(json!(s.method)).expect("method");
            OperationId::match_path(method, &s.path).expect("a known route").0
        })
        .collect();
    assert_eq!(seen.len(), 37);
    let distinct: BTreeSet<OperationId> = seen.into_iter().collect();
    assert_eq!(distinct, OperationId::ALL.iter().copied().collect::<BTreeSet<_>>());
}

//! Every documented error status, the order of the checks, and the error body.

use std::time::Duration;

use homecom_core::operation::OperationId;
use homecom_core::wire;
use homecom_sim::SimConfig;
use serde_json::{Value, json};

use crate::common::{read, start, start_with};

#[tokio::test]
async fn unauthorized_says_exactly_unauthorized() {
    let sim = start().await;
    let no_key = read(sim.client.get(sim.url("/health")).send().await.unwrap()).await;
    let unknown = read(
        sim.client
            .get(sim.url("/health"))
            .header("x-api-key", "xHCSAPI.20991231T000000Z.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")
            .send()
            .await
            .unwrap(),
    )
    .await;
    // Authentication comes before routing.
    let unknown_path = read(sim.client.get(sim.url("/nowhere")).send().await.unwrap()).await;
    for answer in [no_key, unknown, unknown_path] {
        answer.assert_error(401);
        assert_eq!(answer.json["message"], wire::UNAUTHORIZED_MESSAGE);
    }
    // An expired key: move the clock past its six months.
    sim.control("PUT", "/clock", Some(json!({"advanceSeconds": 183 * 86_400})))
        .await;
    let expired = sim.call("GET", "/health", None).await;
    expired.assert_error(401);
    assert_eq!(expired.json["message"], "Unauthorized");
    sim.control("PUT", "/clock", Some(json!({"offsetSeconds": 0}))).await;
    assert_eq!(sim.call("GET", "/health", None).await.status, 200);
    sim.done().await;
}

#[tokio::test]
async fn api_version_header() {
    let sim = start().await;
    let get = |version: Option<&'static str>| {
        let mut request = sim
            .client
            .get(sim.url("/health"))
            .header("x-api-key", sim.handle.api_key());
        if let Some(v) = version {
            request = request.header("x-api-version", v);
        }
        async move { read(request.send().await.unwrap()).await }
    };
    assert_eq!(get(None).await.status, 200);
    assert_eq!(get(Some("1")).await.status, 200);
    for bad in ["2", "0", "1.35", "v1", "abc", ""] {
        let answer = get(Some(bad)).await;
        answer.assert_error(400);
        assert!(
            answer.json["message"].as_str().unwrap().contains("version"),
            "{bad}: {}",
            answer.text
        );
    }
    // The version is checked before the route.
    let answer = read(
        sim.client
            .get(sim.url("/nowhere"))
            .header("x-api-key", sim.handle.api_key())
            .header("x-api-version", "v1")
            .send()
            .await
            .unwrap(),
    )
    .await;
    answer.assert_error(400);
    sim.done().await;
}

#[tokio::test]
async fn routes_404_and_405() {
    let sim = start().await;
    sim.call("GET", "/nowhere", None).await.assert_error(404);
    sim.call("GET", "/hvacs/101234567/heatingCircuits/1/nothing", None)
        .await
        .assert_error(404);
    let answer = sim.call("DELETE", "/health", None).await;
    answer.assert_error(405);
    assert_eq!(answer.header("allow"), Some("GET"));
    let answer = sim.call("PUT", "/hvacs/101234567/components", None).await;
    answer.assert_error(405);
    assert_eq!(answer.header("allow"), Some("GET, POST"));
    // A trailing slash is the same route.
    assert_eq!(sim.call("GET", "/hvacs/", None).await.status, 200);
    sim.done().await;
}

#[tokio::test]
async fn invalid_path_parameters_and_missing_user() {
    let sim = start().await;
    let answer = sim.call("GET", "/hvacs/bad.id/status", None).await;
    answer.assert_error(400);
    assert_eq!(answer.rules(), ["GATEWAY_ID_INVALID"]);
    let answer = sim.call("GET", "/hvacs/a%20b/heatingCircuits/abc", None).await;
    answer.assert_error(400);
    assert_eq!(answer.rules(), ["GATEWAY_ID_INVALID", "PATH_PARAM_INVALID"]);
    let answer = sim.call("GET", "/hvacs/101234567/dhwCircuits/0", None).await;
    assert_eq!(answer.rules(), ["PATH_PARAM_INVALID"]);
    // An invalid id is refused before the gateway is looked up.
    let long = "x".repeat(65);
    assert_eq!(sim.call("GET", &format!("/contracts/{long}"), None).await.status, 400);

    // Remote control needs x-user-id; platform operations do not.
    let no_user = |path: &str| {
        sim.client
            .get(sim.url(path))
            .header("x-api-key", sim.handle.api_key())
            .send()
    };
    let answer = read(no_user("/hvacs/101234567/heatingCircuits").await.unwrap()).await;
    answer.assert_error(400);
    assert!(answer.json["message"].as_str().unwrap().contains("x-user-id"));
    let answer = read(no_user("/hvacs/101234567/status").await.unwrap()).await;
    assert_eq!(answer.status, 200);
    sim.done().await;
}

#[tokio::test]
async fn forbidden_consent_offline_and_not_found() {
    let sim = start().await;
    // Not shared: 403 on every gateway path, remote control or not.
    for path in ["/hvacs/101234571/status", "/hvacs/101234571/heatingCircuits/1"] {
        sim.call("GET", path, None).await.assert_error(403);
    }
    // Old consent: 451 on remote control only.
    let answer = sim.call("GET", "/hvacs/101234572/dhwCircuits/1", None).await;
    answer.assert_error(451);
    assert_eq!(sim.call("GET", "/hvacs/101234572/components", None).await.status, 200);
    // Offline: 504 on remote control and components; the status says OFFLINE.
    sim.call("GET", "/hvacs/101234573/heatingCircuits", None)
        .await
        .assert_error(504);
    sim.call("GET", "/hvacs/101234573/components", None)
        .await
        .assert_error(504);
    sim.call("POST", "/hvacs/101234573/components", None)
        .await
        .assert_error(504);
    let status = sim.call("GET", "/hvacs/101234573/status", None).await;
    assert_eq!(status.json["connectivityStatus"], "OFFLINE");
    // Unknown things: 404.
    for path in [
        "/hvacs/999999999/status",
        "/hvacs/101234567/heatingCircuits/9",
        "/hvacs/101234567/heatingCircuits/1/timePrograms/9",
        "/hvacs/101234567/dhwCircuits/9/charge",
        "/contracts/999999999",
        "/hvacs/999999999/contract",
    ] {
        sim.call("GET", path, None).await.assert_error(404);
    }
    sim.call("DELETE", "/hvacs/101234567/system/holidayModes/77", None)
        .await
        .assert_error(404);
    sim.call("DELETE", "/api-keys/no-such-key", None)
        .await
        .assert_error(404);
    // Order: 404 for an unknown gateway comes before the body is read.
    sim.call("PATCH", "/hvacs/999999999/dhwCircuits/1", Some(json!("not an object")))
        .await
        .assert_error(404);
    sim.done().await;
}

#[tokio::test]
async fn validation_answers_the_core_violations() {
    let sim = start().await;
    let path = "/hvacs/101234567/dhwCircuits/1";
    let current = sim.call("GET", path, None).await.json;
    // Valid alone, invalid on the merged state: eco start 49 is within 2 K of the stored stop 50,
    // and above the comfort start 48.
    let body = json!({"ecoModeSettings": {"startSetPointTemperature": 49.0}});
    let answer = sim.call("PATCH", path, Some(body.clone())).await;
    answer.assert_error(400);
    let report = OperationId::UpdateDhwCircuit
        .check_json(&json!({"gatewayId": "101234567", "circuitId": 1, "body": body,
                            "current": current, "timeProgramIds": [1, 2]}))
        .unwrap();
    let expected: Vec<String> = report.violations.iter().map(|v| v.code.clone()).collect();
    assert!(expected.contains(&"DHW_START_BELOW_STOP".to_owned()), "{expected:?}");
    assert_eq!(answer.rules(), expected);
    let violation = &answer.json["violations"][0];
    assert!(violation["field"].is_string() && violation["message"].is_string());
    // Nothing was stored.
    assert_eq!(sim.call("GET", path, None).await.json, current);

    // Every violation, not the first.
    let answer = sim
        .call(
            "PATCH",
            path,
            Some(json!({"comfortModeSettings": {"startSetPointTemperature": 90.3},
                        "autoModeSettings": {"operationMode": "ECO", "selectedTimeProgramId": 7}})),
        )
        .await;
    answer.assert_error(400);
    let rules = answer.rules();
    for rule in [
        "DHW_START_RANGE",
        "DHW_STEP",
        "DHW_AUTO_MODE_READ_ONLY",
        "DHW_TIME_PROGRAM_UNKNOWN",
    ] {
        assert!(rules.iter().any(|r| r == rule), "{rule} missing in {rules:?}");
    }

    // Heat curve: FLOOR caps the max flow temperature; ISRC is not settable.
    let answer = sim
        .call(
            "PATCH",
            "/hvacs/101234567/heatingCircuits/1/heatCurve",
            Some(json!({"maxFlowTemperature": 60.0, "controlType": "ISRC"})),
        )
        .await;
    answer.assert_error(400);
    assert!(
        answer.rules().contains(&"CURVE_MAX_FLOW_FLOOR".to_owned()),
        "{:?}",
        answer.rules()
    );
    assert!(answer.rules().contains(&"CURVE_CONTROL_TYPE_NOT_SETTABLE".to_owned()));
    // ISRC circuits: setpoints are not writable.
    let answer = sim
        .call(
            "PATCH",
            "/hvacs/101234568/heatingCircuits/1",
            Some(json!({"manualModeSettings": {"setPointTemperature": 21.0}})),
        )
        .await;
    assert_eq!(answer.rules(), ["HC_ISRC_NOT_WRITABLE"]);
    // Time programs, charge, silent mode, date-time, webhook simulation, contracts.
    let cases: Vec<(&str, &str, Value, &str)> = vec![
        (
            "PUT",
            "/hvacs/101234567/heatingCircuits/1/timePrograms/1",
            json!({"days": []}),
            "TP_DAY_MISSING",
        ),
        (
            "PATCH",
            "/hvacs/101234567/dhwCircuits/1/charge",
            json!({"enabled": true, "durationMinutes": 20}),
            "CHARGE_DURATION_STEP",
        ),
        (
            "PATCH",
            "/hvacs/101234567/system/silentMode",
            json!({"startTime": "06:00"}),
            "SILENT_START_EQUALS_END",
        ),
        (
            "PUT",
            "/hvacs/101234567/system/dateTime",
            json!({"dateTime": "2026-11-28T21:15:00+01:00"}),
            "DATETIME_FORMAT",
        ),
        (
            "POST",
            "/webhooks/simulation",
            json!({"eventType": "NOPE"}),
            "ENUM_UNKNOWN",
        ),
        (
            "PATCH",
            "/contracts/101234567",
            json!({"action": "DANCE"}),
            "ENUM_UNKNOWN",
        ),
        (
            "POST",
            "/hvacs/101234567/system/holidayModes",
            json!({"startDate": crate::day(31), "endDate": crate::day(32), "heatingCircuits": [1],
                   "dhwCircuits": [], "heatingMode": "ECO", "dhwMode": "OFF"}),
            "HOLIDAY_OVERLAP",
        ),
        (
            "POST",
            "/hvacs/101234567/system/holidayModes",
            json!({"startDate": crate::day(-3), "endDate": crate::day(-2), "heatingCircuits": [1],
                   "dhwCircuits": [], "heatingMode": "ECO", "dhwMode": "OFF"}),
            "HOLIDAY_END_IN_PAST",
        ),
    ];
    for (method, path, body, rule) in cases {
        let answer = sim.call(method, path, Some(body)).await;
        answer.assert_error(400);
        assert!(
            answer.rules().iter().any(|r| r == rule),
            "{method} {path}: {}",
            answer.text
        );
    }
    sim.done().await;
}

#[tokio::test]
async fn malformed_bodies_are_input_shape_violations() {
    let sim = start().await;
    let path = "/hvacs/101234567/dhwCircuits/1";
    let raw = |body: &'static str| sim.request("PATCH", path).body(body).send();
    for body in [
        "{",
        "",
        "null",
        "[1,2]",
        "\"text\"",
        "{\"operationMode\": 3}",
        "{\"nope\": true}",
    ] {
        let answer = read(raw(body).await.unwrap()).await;
        answer.assert_error(400);
        assert_eq!(answer.rules(), ["INPUT_SHAPE"], "{body:?}: {}", answer.text);
    }
    // Wrong types everywhere, huge numbers, deep nesting: 400, never a crash.
    let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    for body in [
        json!({"ecoModeSettings": {"startSetPointTemperature": "warm"}}).to_string(),
        json!({"ecoModeSettings": {"startSetPointTemperature": 1e308}}).to_string(),
        deep,
    ] {
        let answer = read(sim.request("PATCH", path).body(body).send().await.unwrap()).await;
        answer.assert_error(400);
    }
    sim.done().await;
}

#[tokio::test]
async fn conflicts() {
    let sim = start().await;
    // Illegal transitions: PATCH and DELETE.
    let answer = sim
        .call("PATCH", "/contracts/101234567", Some(json!({"action": "ACCEPT"})))
        .await;
    answer.assert_error(409);
    sim.call("DELETE", "/contracts/101234567", None).await.assert_error(409);
    sim.call("PATCH", "/contracts/101234575", Some(json!({"action": "REVOKE"})))
        .await
        .assert_error(409);
    // An 11th valid key.
    for _ in 0..9 {
        assert_eq!(sim.call("POST", "/api-keys", None).await.status, 201);
    }
    sim.call("POST", "/api-keys", None).await.assert_error(409);
    // Expired keys do not count.
    sim.control("POST", "/api-keys", Some(json!({"expiresInDays": -1})))
        .await;
    sim.call("POST", "/api-keys", None).await.assert_error(409);
    sim.done().await;
}

#[tokio::test]
async fn payload_too_large() {
    let sim = start().await;
    let big = format!("{{\"x\": \"{}\"}}", "a".repeat(2 << 20));
    let answer = read(
        sim.request("PATCH", "/hvacs/101234567/dhwCircuits/1")
            .body(big)
            .send()
            .await
            .unwrap(),
    )
    .await;
    answer.assert_error(413);
    // Exactly at the limit is fine (and a shape error here).
    let padding = homecom_sim::MAX_BODY_BYTES - "{\"x\": \"\"}".len();
    let at_limit = format!("{{\"x\": \"{}\"}}", "a".repeat(padding));
    let answer = read(
        sim.request("PATCH", "/hvacs/101234567/dhwCircuits/1")
            .body(at_limit)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(answer.status, 400, "{}", &answer.text[..200.min(answer.text.len())]);
    sim.done().await;
}

#[tokio::test]
async fn rate_limits_answer_429_with_retry_after() {
    // The documented limits.
    let sim = start_with(SimConfig::default()).await;
    let path = "/hvacs/101234567/status";
    for _ in 0..3 {
        assert_eq!(sim.call("GET", path, None).await.status, 200);
    }
    let limited = sim.call("GET", path, None).await;
    limited.assert_error(429);
    assert_eq!(limited.header("retry-after"), Some("2"));
    // Another concrete path is another bucket.
    assert_eq!(sim.call("GET", "/hvacs/101234568/status", None).await.status, 200);
    // A path without gatewayId: burst 5, then one per 500 ms.
    for _ in 0..5 {
        assert_eq!(sim.call("GET", "/health", None).await.status, 200);
    }
    let limited = sim.call("GET", "/health", None).await;
    limited.assert_error(429);
    assert_eq!(limited.header("retry-after"), Some("1"));
    // The charge: burst 1, then one per 30 s.
    let charge = "/hvacs/101234567/dhwCircuits/1/charge";
    let body = json!({"enabled": true});
    assert_eq!(sim.call("PATCH", charge, Some(body.clone())).await.status, 200);
    let limited = sim.call("PATCH", charge, Some(body)).await;
    limited.assert_error(429);
    assert_eq!(limited.header("retry-after"), Some("30"));
    // A time program PUT: burst 1, then one per 10 s.
    let program = "/hvacs/101234567/dhwCircuits/1/timePrograms/1";
    let week = sim.call("GET", program, None).await.json;
    assert_eq!(sim.call("PUT", program, Some(week.clone())).await.status, 200);
    let limited = sim.call("PUT", program, Some(week)).await;
    assert_eq!(limited.header("retry-after"), Some("10"));
    sim.done().await;

    // Under a time scale: 2 s × 0.1 = 200 ms per token; retry-after is whole seconds, rounded up.
    let sim = start_with(SimConfig {
        time_scale: 0.1,
        ..SimConfig::default()
    })
    .await;
    for _ in 0..3 {
        assert_eq!(sim.call("GET", path, None).await.status, 200);
    }
    let limited = sim.call("GET", path, None).await;
    limited.assert_error(429);
    assert_eq!(limited.header("retry-after"), Some("1"));
    tokio::time::sleep(Duration::from_millis(250)).await;
    assert_eq!(sim.call("GET", path, None).await.status, 200);
    sim.done().await;
}

#[tokio::test]
async fn rate_limits_can_be_switched_off() {
    let sim = start_with(SimConfig {
        rate_limits: false,
        ..SimConfig::default()
    })
    .await;
    for _ in 0..10 {
        assert_eq!(sim.call("GET", "/hvacs/101234567/status", None).await.status, 200);
    }
    sim.done().await;
}

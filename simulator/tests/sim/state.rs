//! State changes behave like the real system.

use serde_json::json;

use crate::common::{read, start};
use crate::day;

#[tokio::test]
async fn dhw_patches_merge() {
    let sim = start().await;
    let path = "/hvacs/101234567/dhwCircuits/1";
    let before = sim.call("GET", path, None).await.json;
    let answer = sim
        .call(
            "PATCH",
            path,
            Some(json!({"ecoModeSettings": {"stopSetPointTemperature": 52.0}})),
        )
        .await;
    assert_eq!(answer.status, 200, "{}", answer.text);
    let mut expected = before.clone();
    expected["ecoModeSettings"]["stopSetPointTemperature"] = json!(52.0);
    assert_eq!(answer.json, expected);
    assert_eq!(sim.call("GET", path, None).await.json, expected);
    // The next patch is checked on the merged state: start 50.5 is 1.5 K below the new stop.
    let answer = sim
        .call(
            "PATCH",
            path,
            Some(json!({"ecoModeSettings": {"startSetPointTemperature": 50.5}})),
        )
        .await;
    assert_eq!(answer.status, 400);
    let answer = sim
        .call(
            "PATCH",
            path,
            Some(json!({"operationMode": "COMFORT", "autoModeSettings": {"selectedTimeProgramId": 2}})),
        )
        .await;
    assert_eq!(answer.json["operationMode"], "COMFORT");
    assert_eq!(answer.json["autoModeSettings"]["selectedTimeProgramId"], 2);
    assert_eq!(answer.json["ecoModeSettings"]["stopSetPointTemperature"], 52.0);
    sim.done().await;
}

#[tokio::test]
async fn contract_lifecycle() {
    let sim = start().await;
    // PENDING -ACCEPT-> ACTIVE -REVOKE-> REVOKED; a second ACCEPT is a conflict.
    let accept = json!({"action": "ACCEPT"});
    let answer = sim.call("PATCH", "/contracts/101234574", Some(accept.clone())).await;
    assert_eq!(answer.json["status"], "ACTIVE");
    assert_eq!(answer.json["partnerUserId"], sim.handle.user_id());
    assert_eq!(
        sim.call("PATCH", "/contracts/101234574", Some(accept)).await.status,
        409
    );
    let answer = sim
        .call("PATCH", "/contracts/101234574", Some(json!({"action": "REVOKE"})))
        .await;
    assert_eq!(answer.json["status"], "REVOKED");
    // PENDING -REJECT-> REJECTED.
    let answer = sim
        .call("PATCH", "/contracts/101234577", Some(json!({"action": "REJECT"})))
        .await;
    assert_eq!(answer.json["status"], "REJECTED");
    // The end user closes an ACTIVE contract; the partner acknowledges it; it is gone.
    assert_eq!(sim.call("DELETE", "/contracts/101234567", None).await.status, 409);
    let closed = sim.control("POST", "/contracts/101234567/close", None).await;
    assert_eq!(closed["status"], "CLOSED");
    assert_eq!(
        sim.control_raw("POST", "/contracts/101234567/close", None).await.status,
        409
    );
    assert_eq!(sim.call("DELETE", "/contracts/101234567", None).await.status, 204);
    assert_eq!(sim.call("GET", "/contracts/101234567", None).await.status, 404);
    assert_eq!(sim.call("DELETE", "/contracts/101234567", None).await.status, 404);
    // The end user starts a new contract.
    let pending = sim
        .control("POST", "/contracts/101234567", Some(json!({"city": "Stuttgart"})))
        .await;
    assert_eq!(pending["status"], "PENDING");
    assert_eq!(
        sim.control_raw("POST", "/contracts/101234567", None).await.status,
        409,
        "a PENDING contract exists already"
    );
    let answer = sim.call("GET", "/hvacs/101234567/contract", None).await;
    assert_eq!(answer.json["status"], "PENDING");
    sim.done().await;
}

#[tokio::test]
async fn holiday_modes_create_delete_and_override() {
    let sim = start().await;
    let base = "/hvacs/101234567/system/holidayModes";
    let circuit = "/hvacs/101234567/heatingCircuits/1";
    assert_eq!(
        sim.call("GET", circuit, None).await.json["overridingModes"]["holiday"]["active"],
        false
    );
    let body = json!({"startDate": day(-1), "endDate": day(1), "heatingCircuits": [1], "dhwCircuits": [1],
                      "heatingMode": "FROST_PROTECTION", "dhwMode": "OFF"});
    let created = sim.call("POST", base, Some(body)).await;
    assert_eq!(created.status, 201, "{}", created.text);
    let id = created.json["holidayModeId"].as_str().unwrap().to_owned();
    assert_eq!(sim.call("GET", base, None).await.json.as_array().unwrap().len(), 2);
    let during = sim.call("GET", circuit, None).await.json;
    assert_eq!(during["overridingModes"]["holiday"]["active"], true);
    // The other circuit is not covered.
    assert_eq!(
        sim.call("GET", "/hvacs/101234567/heatingCircuits/2", None).await.json["overridingModes"]["holiday"]["active"],
        false
    );
    assert_eq!(sim.call("DELETE", &format!("{base}/{id}"), None).await.status, 204);
    assert_eq!(sim.call("DELETE", &format!("{base}/{id}"), None).await.status, 404);
    assert_eq!(
        sim.call("GET", circuit, None).await.json["overridingModes"]["holiday"]["active"],
        false
    );
    // The fixture's future holiday becomes active when the clock gets there.
    sim.control("PUT", "/clock", Some(json!({"advanceSeconds": 31 * 86_400})))
        .await;
    assert_eq!(
        sim.call("GET", circuit, None).await.json["overridingModes"]["holiday"]["active"],
        true
    );
    sim.done().await;
}

#[tokio::test]
async fn an_overriding_mode_keeps_a_new_operation_mode_ineffective() {
    let sim = start().await;
    let circuit = "/hvacs/101234567/heatingCircuits/1";
    let overriding = "/gateways/101234567/heatingCircuits/1/overridingModes/boost";
    sim.control(
        "PUT",
        overriding,
        Some(json!({"active": true, "until": "2030-01-01T00:00:00Z"})),
    )
    .await;
    let answer = sim
        .call(
            "PATCH",
            circuit,
            Some(json!({"operationMode": "MANUAL", "manualModeSettings": {"setPointTemperature": 23.5}})),
        )
        .await;
    assert_eq!(answer.status, 200, "{}", answer.text);
    // The answer shows the stored mode and the overriding mode that keeps it from taking effect.
    assert_eq!(answer.json["operationMode"], "MANUAL");
    assert_eq!(answer.json["overridingModes"]["boost"]["active"], true);
    assert_ne!(answer.json["currentSetPointTemperature"], 23.5);
    let gateway = sim.control("GET", "/gateways/101234567", None).await;
    let hc1 = &gateway["heatingCircuits"][0];
    assert_eq!(hc1["operationMode"], "MANUAL");
    assert_eq!(hc1["effectiveOperationMode"], "AUTO");
    assert_eq!(hc1["activeOverridingModes"], json!(["boost"]));
    // The override ends: the stored mode takes effect.
    let view = sim.control("PUT", overriding, Some(json!({"active": false}))).await;
    assert_eq!(view["currentSetPointTemperature"], 23.5);
    let gateway = sim.control("GET", "/gateways/101234567", None).await;
    assert_eq!(gateway["heatingCircuits"][0]["effectiveOperationMode"], "MANUAL");
    sim.done().await;
}

#[tokio::test]
async fn programs_charge_silent_mode_and_clock_are_stored() {
    let sim = start().await;
    let program = "/hvacs/101234567/heatingCircuits/2/timePrograms/1";
    let mut week = sim.call("GET", program, None).await.json;
    week["days"][6]["switchPoints"] = json!([{"startTime": "09:15", "level": "COMFORT"}]);
    let answer = sim.call("PUT", program, Some(week.clone())).await;
    assert_eq!(answer.status, 200, "{}", answer.text);
    assert_eq!(sim.call("GET", program, None).await.json, week);
    // Unknown time programs cannot be replaced.
    let answer = sim
        .call("PUT", "/hvacs/101234567/heatingCircuits/2/timePrograms/5", Some(week))
        .await;
    assert_eq!(answer.status, 404);

    let charge = "/hvacs/101234567/dhwCircuits/1/charge";
    let started = sim
        .call("PATCH", charge, Some(json!({"enabled": true, "durationMinutes": 45})))
        .await;
    assert_eq!(
        started.json,
        json!({"chargeStatus": "ACTIVE", "remainingTimeMinutes": 45, "durationMinutes": 45})
    );
    sim.control("PUT", "/clock", Some(json!({"advanceSeconds": 15 * 60})))
        .await;
    assert_eq!(sim.call("GET", charge, None).await.json["remainingTimeMinutes"], 30);
    let stopped = sim.call("PATCH", charge, Some(json!({"enabled": false}))).await;
    assert_eq!(stopped.json["chargeStatus"], "INACTIVE");
    assert!(stopped.json.get("remainingTimeMinutes").is_none());

    let silent = "/hvacs/101234567/system/silentMode";
    sim.call("PATCH", silent, Some(json!({"startTime": "23:00", "endTime": "05:30"})))
        .await;
    assert_eq!(
        sim.call("GET", silent, None).await.json,
        json!({"enabled": true, "startTime": "23:00", "endTime": "05:30"})
    );
    let clock = "/hvacs/101234567/system/dateTime";
    // The core's rule: to the second.
    let refused = sim
        .call("PUT", clock, Some(json!({"dateTime": "2030-06-01T12:00"})))
        .await;
    assert_eq!(refused.rules(), ["DATETIME_FORMAT"]);
    let set = sim
        .call("PUT", clock, Some(json!({"dateTime": "2030-06-01T12:00:00"})))
        .await;
    assert_eq!(set.status, 200, "{}", set.text);
    let read_back = sim.call("GET", clock, None).await.json["dateTime"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(read_back.starts_with("2030-06-01T12:0"), "{read_back}");
    sim.done().await;
}

#[tokio::test]
async fn api_keys_rotate_and_expire() {
    let sim = start().await;
    let created = sim.call("POST", "/api-keys", None).await;
    assert_eq!(created.status, 201);
    let key = created.json["apiKey"].as_str().unwrap().to_owned();
    let key_id = created.json["keyId"].as_str().unwrap().to_owned();
    // The expiry is six months out and part of the key (the core reads it back).
    let parsed = homecom_core::api_keys::ApiKey::parse(&key).unwrap();
    assert_eq!(
        parsed.expires_at().map(homecom_core::time::format_timestamp).as_deref(),
        created.json["expiresAt"].as_str()
    );
    let me = read(
        sim.client
            .get(sim.url("/api-keys/me"))
            .header("x-api-key", &key)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(me.json["keyId"], key_id);
    assert_eq!(me.json["companyId"], sim.handle.company_id());
    assert_eq!(
        sim.call("DELETE", &format!("/api-keys/{key_id}"), None).await.status,
        204
    );
    let gone = read(
        sim.client
            .get(sim.url("/api-keys/me"))
            .header("x-api-key", &key)
            .send()
            .await
            .unwrap(),
    )
    .await;
    gone.assert_error(401);
    // A key minted to expire tomorrow stops working the day after.
    let minted = sim
        .control("POST", "/api-keys", Some(json!({"expiresInDays": 1})))
        .await;
    let soon = minted["apiKey"].as_str().unwrap().to_owned();
    let get = |key: String| {
        let request = sim.client.get(sim.url("/health")).header("x-api-key", key);
        async move { read(request.send().await.unwrap()).await.status }
    };
    assert_eq!(get(soon.clone()).await, 200);
    sim.control("PUT", "/clock", Some(json!({"advanceSeconds": 2 * 86_400})))
        .await;
    assert_eq!(get(soon).await, 401);
    sim.done().await;
}

#[tokio::test]
async fn reset_restores_the_fixture() {
    let sim = start().await;
    sim.call("PATCH", "/contracts/101234574", Some(json!({"action": "ACCEPT"})))
        .await;
    sim.control("POST", "/gateways/101234567/offline", None).await;
    sim.control("PUT", "/clock", Some(json!({"advanceSeconds": 3600})))
        .await;
    sim.control("POST", "/reset", None).await;
    assert_eq!(
        sim.call("GET", "/contracts/101234574", None).await.json["status"],
        "PENDING"
    );
    assert_eq!(
        sim.call("GET", "/hvacs/101234567/status", None).await.json["connectivityStatus"],
        "ONLINE"
    );
    assert_eq!(sim.control("GET", "/clock", None).await["offsetSeconds"], 0);
    // The demo key survives a reset.
    assert_eq!(sim.call("GET", "/api-keys/me", None).await.status, 200);
    sim.done().await;
}

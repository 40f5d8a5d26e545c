//! Every one of the 37 operations through the client's convenience methods, with the effect of
//! each write read back.

use std::collections::BTreeSet;

use homecom_client::homecom_core::contracts::ContractUpdate;
use homecom_client::homecom_core::dhw::{DhwChargeUpdate, DhwCircuitPatch};
use homecom_client::homecom_core::heating_circuits::{HeatCurvePatch, HeatingCircuitPatch};
use homecom_client::homecom_core::platform::WebhookSimulationRequest;
use homecom_client::homecom_core::system::{HolidayModeCreate, SilentModePatch, SystemDateTime};
use homecom_client::homecom_core::time_programs::{Level, TimeProgram};
use homecom_client::{Client, Config, ErrorKind, OperationId};
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

use crate::common::{GW, Sim, start_unlimited};

/// A core model from its wire JSON.
fn wire<T: DeserializeOwned>(value: Value) -> T {
    serde_json::from_value(value).expect("a valid wire value")
}

/// The days of a program as JSON, without its id (a PUT body may leave it out).
fn days(program: &TimeProgram) -> Value {
    serde_json::to_value(&program.days).expect("days")
}

fn action(name: &str) -> ContractUpdate {
    wire(json!({ "action": name }))
}

#[tokio::test]
async fn every_operation_through_the_convenience_methods() {
    let sim = start_unlimited().await;
    let client = sim.client();

    platform(&sim, &client).await;
    contracts(&sim, &client).await;
    api_keys(&sim, &client).await;
    heating_circuits(&client).await;
    dhw(&client).await;
    system(&sim, &client).await;

    // The request log shows that every operation went over the wire, and nothing failed
    // unexpectedly: the only errors are the ones asserted above (404s after deletes, the
    // 401 of a deleted key).
    let log = sim.requests().await;
    let seen: BTreeSet<&str> = log.iter().filter_map(|r| r["operation"].as_str()).collect();
    let all: BTreeSet<&str> = OperationId::ALL.iter().map(|op| op.name()).collect();
    assert_eq!(seen, all, "every one of the 37 operations was sent");
    assert_eq!(all.len(), 37);
    let unexpected: Vec<&Value> = log
        .iter()
        .filter(|r| r["status"].as_u64().is_none_or(|s| s >= 400 && s != 404 && s != 401))
        .collect();
    assert!(unexpected.is_empty(), "{unexpected:?}");
    assert!(
        log.iter().all(|r| r["status"] != 429),
        "the pacer kept every request within the rate limits"
    );
    sim.done().await;
}

async fn platform(sim: &Sim, client: &Client) {
    assert_eq!(client.get_health().await.expect("health").status, "UP");

    let hvacs: Vec<String> = client
        .list_hvacs()
        .await
        .expect("hvacs")
        .into_iter()
        .map(|h| h.gateway_id)
        .collect();
    assert!(hvacs.iter().any(|g| g == GW), "{hvacs:?}");
    assert!(
        !hvacs.iter().any(|g| g == "101234571"),
        "a gateway not shared is not listed"
    );

    let status = client.get_hvac_status(GW).await.expect("status");
    assert_eq!(status.gateway_id, GW);
    assert_eq!(status.connectivity_status.as_str(), "ONLINE");
    let offline = client
        .get_hvac_status("101234573")
        .await
        .expect("status of an offline gateway");
    assert_eq!(offline.connectivity_status.as_str(), "OFFLINE");

    let components = client.get_components(GW).await.expect("components");
    let control = components
        .iter()
        .find(|c| c.component_type.as_str() == "CONTROL_UNIT")
        .expect("a control unit");
    assert_eq!(control.control_unit_type.as_ref().map(|t| t.as_str()), Some("xCU-HP"));
    let cascade = client.get_components("101234570").await.expect("cascade components");
    let sources = cascade
        .iter()
        .find(|c| c.component_type.as_str() == "CASCADE")
        .and_then(|c| c.heat_sources.clone())
        .expect("a cascade with heat sources");
    assert_eq!(sources.iter().map(|s| s.heat_source_id).collect::<Vec<_>>(), [1, 2]);
    let pool = client.get_components("101234568").await.expect("pool components");
    assert!(pool.iter().any(|c| c.component_type.as_str() == "POOLMODULE"));

    let detection = client.start_system_detection(GW).await.expect("system detection");
    assert_eq!(detection.detection_status, "STARTED");
    assert_eq!(sim.last_request().await["status"], 202);

    let before = sim.control("GET", "/webhooks/events", None).await["events"]
        .as_array()
        .map_or(0, Vec::len);
    let request: WebhookSimulationRequest = wire(json!({"eventType": "DAILY_AGGREGATE", "gatewayId": GW}));
    let accepted = client
        .simulate_webhook_event(&request)
        .await
        .expect("webhook simulation");
    assert_eq!(accepted.body, None, "202 without a body");
    assert_eq!(sim.last_request().await["status"], 202);
    let events = sim.control("GET", "/webhooks/events", None).await;
    let events = events["events"].as_array().expect("events");
    assert_eq!(events.len(), before + 1, "one sample event was emitted");
    let event = events.last().expect("the sample");
    assert_eq!(event["eventType"], "DAILY_AGGREGATE");
    assert_eq!(event["gatewayId"], GW);
}

async fn contracts(sim: &Sim, client: &Client) {
    let all = client.list_contracts().await.expect("contracts");
    let statuses: BTreeSet<&str> = all.iter().map(|c| c.status.as_str()).collect();
    assert_eq!(
        statuses,
        BTreeSet::from(["ACTIVE", "CLOSED", "PENDING", "REJECTED", "REVOKED"])
    );
    assert!(all.len() >= 11, "{}", all.len());

    let contract = client.get_contract(GW).await.expect("contract");
    assert_eq!(contract.gateway_id, GW);
    assert_eq!(contract.status.as_str(), "ACTIVE");
    assert_eq!(contract.postal_code.as_deref(), Some("70173"));
    #[allow(deprecated)]
    let legacy = client.get_hvac_contract(GW).await.expect("deprecated contract read");
    assert_eq!(legacy, contract, "the deprecated path answers the same contract");

    // PENDING → ACCEPT → ACTIVE → REVOKE → REVOKED, each read back.
    let pending = "101234574";
    assert_eq!(
        client.get_contract(pending).await.expect("pending").status.as_str(),
        "PENDING"
    );
    let accepted = client
        .update_contract(pending, &action("ACCEPT"))
        .await
        .expect("accept");
    assert_eq!(accepted.status.as_str(), "ACTIVE");
    assert_eq!(
        client.get_contract(pending).await.expect("accepted").status.as_str(),
        "ACTIVE"
    );
    let revoked = client
        .update_contract(pending, &action("REVOKE"))
        .await
        .expect("revoke");
    assert_eq!(revoked.status.as_str(), "REVOKED");
    assert_eq!(
        client.get_contract(pending).await.expect("revoked").status.as_str(),
        "REVOKED"
    );

    // PENDING → REJECT → REJECTED.
    let rejected = client
        .update_contract("101234577", &action("REJECT"))
        .await
        .expect("reject");
    assert_eq!(rejected.status.as_str(), "REJECTED");

    // The end user closes an ACTIVE contract (control API); the partner acknowledges it.
    let closed = sim.control("POST", "/contracts/101234570/close", None).await;
    assert_eq!(closed["status"], "CLOSED");
    assert_eq!(
        client.get_contract("101234570").await.expect("closed").status.as_str(),
        "CLOSED"
    );
    client
        .delete_contract("101234570")
        .await
        .expect("acknowledge a closed contract");
    assert_eq!(sim.last_request().await["status"], 204);
    let gone = client.get_contract("101234570").await.expect_err("acknowledged: gone");
    assert_eq!(gone.kind, ErrorKind::NotFound);
    let listed = client.list_contracts().await.expect("contracts");
    assert!(!listed.iter().any(|c| c.gateway_id == "101234570"));
    assert_eq!(listed.len(), all.len() - 1);
}

async fn api_keys(sim: &Sim, client: &Client) {
    let me = client.get_current_api_key().await.expect("current key");
    assert_eq!(me.company_id, sim.handle.company_id());
    let demo_key_id = me.key_id.clone();

    let before = client.list_api_keys().await.expect("keys");
    assert!(before.iter().any(|k| k.key_id == demo_key_id));

    let created = client.create_api_key().await.expect("create a key");
    assert!(created.api_key.expose().starts_with("xHCSAPI."));
    assert_ne!(created.key_id, demo_key_id);
    let listed = client.list_api_keys().await.expect("keys");
    assert_eq!(listed.len(), before.len() + 1);
    let info = listed
        .iter()
        .find(|k| k.key_id == created.key_id)
        .expect("the new key is listed");
    assert_eq!(info.expires_at.as_deref(), Some(created.expires_at.as_str()));

    // The new key works on its own and names itself.
    let with_new = Client::builder(
        Config::new(sim.base_url(), created.api_key.expose())
            .and_then(|c| c.with_user_id(sim.handle.user_id()))
            .expect("config of the new key"),
    )
    .pacer_time_scale(0.0)
    .build()
    .expect("client");
    let me_new = with_new.get_current_api_key().await.expect("the new key is valid");
    assert_eq!(me_new.key_id, created.key_id);
    assert_eq!(me_new.company_id, sim.handle.company_id());

    client.delete_api_key(&created.key_id).await.expect("delete the key");
    assert_eq!(sim.last_request().await["status"], 204);
    let after = client.list_api_keys().await.expect("keys");
    assert!(!after.iter().any(|k| k.key_id == created.key_id));
    assert_eq!(after.len(), before.len());
    let refused = with_new.get_current_api_key().await.expect_err("a deleted key");
    assert_eq!(refused.kind, ErrorKind::Unauthorized);
}

async fn heating_circuits(client: &Client) {
    let circuits: Vec<u32> = client
        .list_heating_circuits(GW)
        .await
        .expect("heating circuits")
        .iter()
        .map(|c| c.circuit_id)
        .collect();
    assert_eq!(circuits, [1, 2]);

    let hc1 = client.get_heating_circuit(GW, 1).await.expect("hc1");
    assert_eq!(
        hc1.control_type.as_ref().map(|c| c.as_str()),
        Some("WEATHER_COMPENSATED")
    );
    assert_eq!(hc1.operation_mode.as_ref().map(|m| m.as_str()), Some("AUTO"));

    let patch: HeatingCircuitPatch =
        wire(json!({"operationMode": "MANUAL", "manualModeSettings": {"setPointTemperature": 22.5}}));
    let updated = client.update_heating_circuit(GW, 1, &patch).await.expect("patch hc1");
    assert!(updated.overridden_by.is_empty(), "{:?}", updated.overridden_by);
    assert_eq!(
        updated.circuit.operation_mode.as_ref().map(|m| m.as_str()),
        Some("MANUAL")
    );
    let read = client.get_heating_circuit(GW, 1).await.expect("hc1 again");
    assert_eq!(read.operation_mode.as_ref().map(|m| m.as_str()), Some("MANUAL"));
    assert_eq!(
        read.manual_mode_settings.as_ref().and_then(|m| m.set_point_temperature),
        Some(22.5)
    );
    assert_eq!(
        read.current_set_point_temperature,
        Some(22.5),
        "MANUAL's setpoint is in force"
    );
    assert_eq!(read.control_type, hc1.control_type, "untouched fields stay");

    // A mode PATCHed under an active holiday is stored but overridden.
    let manual: HeatingCircuitPatch = wire(json!({"operationMode": "MANUAL"}));
    let held = client
        .update_heating_circuit("101234568", 2, &manual)
        .await
        .expect("patch under a holiday");
    assert_eq!(held.overridden_by, ["holiday"]);
    assert_eq!(held.circuit.operation_mode.as_ref().map(|m| m.as_str()), Some("MANUAL"));

    let curve = client.get_heat_curve(GW, 1).await.expect("heat curve");
    assert_eq!(curve.max_flow_temperature, Some(40.0));
    let patch: HeatCurvePatch = wire(json!({"maxFlowTemperature": 38.0, "endPointTemperature": 34.0}));
    let changed = client.update_heat_curve(GW, 1, &patch).await.expect("patch heat curve");
    assert_eq!(changed.max_flow_temperature, Some(38.0));
    let read = client.get_heat_curve(GW, 1).await.expect("heat curve again");
    assert_eq!(read.max_flow_temperature, Some(38.0));
    assert_eq!(read.end_point_temperature, Some(34.0));
    assert_eq!(
        read.min_flow_temperature, curve.min_flow_temperature,
        "untouched fields stay"
    );

    let floor = client.get_heating_distribution_type(GW, 1).await.expect("distribution");
    assert_eq!(floor.heating_distribution_type.as_str(), "FLOOR");
    let radiator = client.get_heating_distribution_type(GW, 2).await.expect("distribution");
    assert_eq!(radiator.heating_distribution_type.as_str(), "RADIATOR");

    let program = client.get_heating_time_program(GW, 1, 1).await.expect("program 1");
    assert_eq!(program.time_program_id, Some(1));
    assert_eq!(program.days.len(), 7);
    let week = TimeProgram::every_day(
        None,
        &[
            ("06:30", Level::Comfort),
            ("12:00", Level::Eco),
            ("17:15", Level::Comfort),
            ("21:45", Level::Eco),
        ],
    );
    let put = client
        .set_heating_time_program(GW, 1, 2, &week)
        .await
        .expect("PUT program 2");
    assert_eq!(days(&put), days(&week));
    let read = client.get_heating_time_program(GW, 1, 2).await.expect("program 2");
    assert_eq!(read.time_program_id, Some(2));
    assert_eq!(days(&read), days(&week), "the PUT week is returned by GET");
    let other = client.get_heating_time_program(GW, 2, 2).await.expect("hc2 program 2");
    assert_ne!(days(&other), days(&week), "another circuit's program is untouched");
}

async fn dhw(client: &Client) {
    let circuits: Vec<u32> = client
        .list_dhw_circuits(GW)
        .await
        .expect("dhw circuits")
        .iter()
        .map(|c| c.circuit_id)
        .collect();
    assert_eq!(circuits, [1]);

    let before = client.get_dhw_circuit(GW, 1).await.expect("dhw circuit");
    assert_eq!(before.operation_mode.as_ref().map(|m| m.as_str()), Some("AUTO"));
    let patch: DhwCircuitPatch = wire(json!({
        "operationMode": "ECO",
        "ecoModeSettings": {"stopSetPointTemperature": 52.0},
    }));
    let merged = client.update_dhw_circuit(GW, 1, &patch).await.expect("patch dhw");
    let read = client.get_dhw_circuit(GW, 1).await.expect("dhw again");
    assert_eq!(read, merged, "GET shows what the PATCH answered");
    assert_eq!(read.operation_mode.as_ref().map(|m| m.as_str()), Some("ECO"));
    let eco = read.eco_mode_settings.as_ref().expect("eco settings");
    assert_eq!(eco.stop_set_point_temperature, Some(52.0), "the patched value");
    assert_eq!(
        eco.start_set_point_temperature,
        before
            .eco_mode_settings
            .as_ref()
            .and_then(|e| e.start_set_point_temperature),
        "the merged value: eco start is kept"
    );
    assert_eq!(read.comfort_mode_settings, before.comfort_mode_settings);
    assert_eq!(read.eco_plus_mode_settings, before.eco_plus_mode_settings);

    // Extra charge: start, read, stop, read (the pacer spaces the two PATCHes).
    let idle = client.get_dhw_charge(GW, 1).await.expect("charge");
    assert_eq!(idle.charge_status.as_str(), "INACTIVE");
    let start: DhwChargeUpdate = wire(json!({"enabled": true, "durationMinutes": 45}));
    let started = client.update_dhw_charge(GW, 1, &start).await.expect("start a charge");
    assert_eq!(started.charge_status.as_str(), "ACTIVE");
    assert_eq!(started.duration_minutes, Some(45));
    let running = client.get_dhw_charge(GW, 1).await.expect("charge running");
    assert_eq!(running.charge_status.as_str(), "ACTIVE");
    assert!(running.remaining_time_minutes.is_some_and(|m| (44..=45).contains(&m)));
    let stop: DhwChargeUpdate = wire(json!({"enabled": false}));
    let stopped = client.update_dhw_charge(GW, 1, &stop).await.expect("stop the charge");
    assert_eq!(stopped.charge_status.as_str(), "INACTIVE");
    let read = client.get_dhw_charge(GW, 1).await.expect("charge stopped");
    assert_eq!(read.charge_status.as_str(), "INACTIVE");

    let program = client.get_dhw_time_program(GW, 1, 2).await.expect("dhw program 2");
    assert_eq!(program.time_program_id, Some(2));
    let week = TimeProgram::every_day(
        None,
        &[
            ("05:15", Level::Comfort),
            ("08:00", Level::EcoPlus),
            ("18:00", Level::Eco),
            ("23:00", Level::Off),
        ],
    );
    let put = client
        .set_dhw_time_program(GW, 1, 1, &week)
        .await
        .expect("PUT dhw program");
    assert_eq!(days(&put), days(&week));
    let read = client.get_dhw_time_program(GW, 1, 1).await.expect("dhw program 1");
    assert_eq!(days(&read), days(&week), "the PUT week is returned by GET");
}

async fn system(sim: &Sim, client: &Client) {
    let silent = client.get_silent_mode(GW).await.expect("silent mode");
    assert!(silent.enabled);
    assert_eq!(silent.start_time.as_deref(), Some("22:00"));
    let patch: SilentModePatch = wire(json!({"enabled": false, "startTime": "21:30"}));
    let changed = client.update_silent_mode(GW, &patch).await.expect("patch silent mode");
    let read = client.get_silent_mode(GW).await.expect("silent mode again");
    assert_eq!(read, changed);
    assert!(!read.enabled);
    assert_eq!(read.start_time.as_deref(), Some("21:30"));
    assert_eq!(read.end_time.as_deref(), Some("06:00"), "merged: the end time stays");

    // Holiday modes (before the gateway's clock is moved below).
    let existing = client.list_holiday_modes(GW).await.expect("holiday modes");
    assert_eq!(existing.len(), 1);
    let create: HolidayModeCreate = wire(json!({
        "startDate": sim.gateway_day(GW, 3).await,
        "endDate": sim.gateway_day(GW, 6).await,
        "heatingCircuits": [2],
        "dhwCircuits": [1],
        "heatingMode": "ECO",
        "dhwMode": "OFF",
    }));
    let created = client
        .create_holiday_mode(GW, &create)
        .await
        .expect("create a holiday mode");
    assert_eq!(sim.last_request().await["status"], 201);
    assert_eq!(created.start_date, create.start_date);
    assert_eq!(created.heating_circuits, [2]);
    let listed = client.list_holiday_modes(GW).await.expect("holiday modes");
    assert_eq!(listed.len(), 2);
    assert!(listed.contains(&created), "the new holiday mode is listed");
    client
        .delete_holiday_mode(GW, &created.holiday_mode_id)
        .await
        .expect("delete the holiday mode");
    assert_eq!(sim.last_request().await["status"], 204);
    let listed = client.list_holiday_modes(GW).await.expect("holiday modes");
    assert_eq!(listed, existing);
    let again = client
        .delete_holiday_mode(GW, &created.holiday_mode_id)
        .await
        .expect_err("deleted already");
    assert_eq!(again.kind, ErrorKind::NotFound);
    assert_eq!(again.status, Some(404));

    // Date and time: set, then the gateway's clock runs on from there.
    let now = client.get_date_time(GW).await.expect("date time");
    assert_eq!(now.date_time.len(), "2026-11-28T21:15:00".len(), "{}", now.date_time);
    let set: SystemDateTime = wire(json!({"dateTime": "2027-02-14T07:45:00"}));
    let answered = client.set_date_time(GW, &set).await.expect("set date time");
    assert!(
        answered.date_time.starts_with("2027-02-14T07:4"),
        "{}",
        answered.date_time
    );
    let read = client.get_date_time(GW).await.expect("date time again");
    assert!(read.date_time.starts_with("2027-02-14T07:4"), "{}", read.date_time);
    assert_eq!(sim.gateway_day(GW, 0).await, "2027-02-14");
}

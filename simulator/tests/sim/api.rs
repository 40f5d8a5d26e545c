//! The happy path of every operation, built and decoded by the core: what the SDK sends, the
//! simulator accepts, and what it answers, the SDK decodes.

use std::collections::BTreeSet;

use homecom_core::operation::OperationId;
use serde_json::{Value, json};

use crate::common::start;
use crate::day;

const GW: &str = "101234567";

fn week(levels: [&str; 2]) -> Value {
    let days: Vec<Value> = [
        "MONDAY",
        "TUESDAY",
        "WEDNESDAY",
        "THURSDAY",
        "FRIDAY",
        "SATURDAY",
        "SUNDAY",
    ]
    .iter()
    .map(|d| {
        json!({"day": d, "switchPoints": [
            {"startTime": "06:30", "level": levels[0]},
            {"startTime": "21:45", "level": levels[1]}
        ]})
    })
    .collect();
    json!({ "days": days })
}

#[tokio::test]
async fn every_operation_answers_what_the_core_decodes() {
    let sim = start().await;
    let mut done: BTreeSet<OperationId> = BTreeSet::new();
    let mut request_ids = BTreeSet::new();
    macro_rules! ok {
        ($op:ident, $input:expr) => {{
            let op = OperationId::$op;
            let response = sim
                .exec(op, $input)
                .await
                .unwrap_or_else(|e| panic!("{}: {e}", op.name()));
            assert_eq!(response.status, op.spec().success_status, "{}", op.name());
            assert_eq!(response.api_version.map(|v| v.to_string()).as_deref(), Some("1.35"));
            let id = response.request_id.clone().expect("x-request-id");
            assert!(request_ids.insert(id), "request ids are unique");
            done.insert(op);
            response.value
        }};
    }

    // Platform.
    assert_eq!(ok!(GetHealth, json!({}))["status"], "UP");
    let hvacs = ok!(ListHvacs, json!({}));
    let ids: Vec<&str> = hvacs
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|h| h["gatewayId"].as_str())
        .collect();
    assert!(ids.contains(&GW) && !ids.contains(&"101234571"), "{ids:?}");
    assert_eq!(
        ok!(GetHvacStatus, json!({"gatewayId": GW}))["connectivityStatus"],
        "ONLINE"
    );
    let components = ok!(GetComponents, json!({"gatewayId": GW}));
    assert!(
        components
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["controlUnitType"] == "xCU-HP")
    );
    assert_eq!(
        ok!(StartSystemDetection, json!({"gatewayId": GW}))["detectionStatus"],
        "STARTED"
    );
    ok!(
        SimulateWebhookEvent,
        json!({"body": {"eventType": "DATA_POINT", "gatewayId": GW}})
    );

    // Contracts.
    let contracts = ok!(ListContracts, json!({}));
    assert!(contracts.as_array().unwrap().len() >= 11);
    assert_eq!(ok!(GetContract, json!({"gatewayId": GW}))["status"], "ACTIVE");
    assert_eq!(ok!(GetHvacContract, json!({"gatewayId": GW}))["status"], "ACTIVE");
    let accepted = ok!(
        UpdateContract,
        json!({"gatewayId": "101234574", "body": {"action": "ACCEPT"}})
    );
    assert_eq!(accepted["status"], "ACTIVE");
    ok!(DeleteContract, json!({"gatewayId": "101234576"}));

    // API keys.
    let created = ok!(CreateApiKey, json!({}));
    let key_id = created["keyId"].as_str().unwrap().to_owned();
    assert!(created["apiKey"].as_str().unwrap().starts_with("xHCSAPI."));
    let keys = ok!(ListApiKeys, json!({}));
    assert_eq!(keys.as_array().unwrap().len(), 2);
    assert!(keys.as_array().unwrap().iter().all(|k| k.get("apiKey").is_none()));
    let me = ok!(GetCurrentApiKey, json!({}));
    assert_eq!(me["companyId"], sim.handle.company_id());
    ok!(DeleteApiKey, json!({"keyId": key_id}));

    // Heating circuits.
    let circuits = ok!(ListHeatingCircuits, json!({"gatewayId": GW}));
    assert_eq!(circuits, json!([{"circuitId": 1}, {"circuitId": 2}]));
    let hc = json!({"gatewayId": GW, "circuitId": 1});
    let circuit = ok!(GetHeatingCircuit, hc.clone());
    assert_eq!(circuit["controlType"], "WEATHER_COMPENSATED");
    let updated = ok!(
        UpdateHeatingCircuit,
        json!({"gatewayId": GW, "circuitId": 1, "current": circuit,
               "body": {"manualModeSettings": {"setPointTemperature": 22.5}}})
    );
    assert_eq!(updated["circuit"]["manualModeSettings"]["setPointTemperature"], 22.5);
    assert_eq!(updated["overriddenBy"], json!([]));
    let curve = ok!(GetHeatCurve, hc.clone());
    assert_eq!(curve["maxFlowTemperature"], 40.0);
    let curve = ok!(
        UpdateHeatCurve,
        json!({"gatewayId": GW, "circuitId": 1, "current": curve, "distributionType": "FLOOR",
               "body": {"maxFlowTemperature": 38.0}})
    );
    assert_eq!(curve["maxFlowTemperature"], 38.0);
    assert_eq!(
        ok!(GetHeatingDistributionType, hc.clone())["heatingDistributionType"],
        "FLOOR"
    );
    let program = ok!(
        GetHeatingTimeProgram,
        json!({"gatewayId": GW, "circuitId": 1, "timeProgramId": 1})
    );
    assert_eq!(program["timeProgramId"], 1);
    let set = ok!(
        SetHeatingTimeProgram,
        json!({"gatewayId": GW, "circuitId": 1, "timeProgramId": 2, "body": week(["COMFORT", "ECO"])})
    );
    assert_eq!(set["days"][0]["switchPoints"][0]["startTime"], "06:30");

    // DHW circuits.
    assert_eq!(
        ok!(ListDhwCircuits, json!({"gatewayId": GW})),
        json!([{"circuitId": 1}])
    );
    let dhw = ok!(GetDhwCircuit, hc.clone());
    assert!(dhw["autoModeSettings"]["operationMode"].is_string(), "{dhw}");
    let dhw = ok!(
        UpdateDhwCircuit,
        json!({"gatewayId": GW, "circuitId": 1, "current": dhw, "timeProgramIds": [1, 2],
               "body": {"ecoModeSettings": {"stopSetPointTemperature": 51.0}}})
    );
    assert_eq!(dhw["ecoModeSettings"]["stopSetPointTemperature"], 51.0);
    assert_eq!(ok!(GetDhwCharge, hc.clone())["chargeStatus"], "INACTIVE");
    let charge = ok!(
        UpdateDhwCharge,
        json!({"gatewayId": GW, "circuitId": 1, "body": {"enabled": true, "durationMinutes": 30}})
    );
    assert_eq!(charge["chargeStatus"], "ACTIVE");
    assert_eq!(charge["remainingTimeMinutes"], 30);
    ok!(
        GetDhwTimeProgram,
        json!({"gatewayId": GW, "circuitId": 1, "timeProgramId": 2})
    );
    ok!(
        SetDhwTimeProgram,
        json!({"gatewayId": GW, "circuitId": 1, "timeProgramId": 1, "body": week(["ECO", "OFF"])})
    );

    // System.
    let gw = json!({"gatewayId": GW});
    assert_eq!(ok!(GetSilentMode, gw.clone())["enabled"], true);
    let silent = ok!(
        UpdateSilentMode,
        json!({"gatewayId": GW, "body": {"enabled": false, "startTime": "21:00"}})
    );
    assert_eq!(
        silent,
        json!({"enabled": false, "startTime": "21:00", "endTime": "06:00"})
    );
    assert!(ok!(GetDateTime, gw.clone())["dateTime"].is_string());
    let set = ok!(
        SetDateTime,
        json!({"gatewayId": GW, "body": {"dateTime": "2026-11-28T21:15:00"}})
    );
    assert!(set["dateTime"].as_str().unwrap().starts_with("2026-11-28T21:15"));
    let holidays = ok!(ListHolidayModes, gw.clone());
    assert_eq!(holidays.as_array().unwrap().len(), 1);
    let created = ok!(
        CreateHolidayMode,
        json!({"gatewayId": GW, "body": {"startDate": day(3), "endDate": day(5),
               "heatingCircuits": [1], "dhwCircuits": [], "heatingMode": "ECO", "dhwMode": "OFF"}})
    );
    let id = created["holidayModeId"].as_str().unwrap().to_owned();
    assert_eq!(id, "2");
    ok!(DeleteHolidayMode, json!({"gatewayId": GW, "holidayModeId": id}));

    let missing: Vec<&str> = OperationId::ALL
        .iter()
        .filter(|op| !done.contains(op))
        .map(|op| op.name())
        .collect();
    assert!(missing.is_empty(), "operations not exercised: {missing:?}");
    assert_eq!(OperationId::ALL.len(), 37);
    sim.done().await;
}

#[tokio::test]
async fn the_fixture_shows_partial_icom_data_cascades_and_pool_modules() {
    let sim = start().await;
    let icom = sim.call("GET", "/hvacs/101234569/heatingCircuits/1", None).await;
    assert_eq!(icom.json, json!({"circuitId": 1, "operationMode": "AUTO"}));
    let curve = sim
        .call("GET", "/hvacs/101234569/heatingCircuits/1/heatCurve", None)
        .await;
    assert_eq!(
        curve.json,
        json!({"minFlowTemperature": 25.0, "maxFlowTemperature": 50.0})
    );
    let cascade = sim.call("GET", "/hvacs/101234570/components", None).await;
    let heat_sources = cascade
        .json
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["type"] == "CASCADE")
        .unwrap()["heatSources"]
        .clone();
    assert_eq!(heat_sources.as_array().unwrap().len(), 2);
    let pool = sim.call("GET", "/hvacs/101234568/components", None).await;
    assert!(pool.json.as_array().unwrap().iter().any(|c| c["type"] == "POOLMODULE"));
    assert!(
        pool.json
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["controlUnitType"] == "CU-HP")
    );
    let isrc = sim.call("GET", "/hvacs/101234568/heatingCircuits/1", None).await;
    assert_eq!(isrc.json["controlType"], "ISRC");
    assert!(isrc.json.get("currentSetPointTemperature").is_none());
    let convector = sim
        .call(
            "GET",
            "/hvacs/101234568/heatingCircuits/1/heatingDistributionType",
            None,
        )
        .await;
    assert_eq!(convector.json["heatingDistributionType"], "CONVECTOR");
    // The active holiday mode of the fixture overrides hc2.
    let holiday = sim.call("GET", "/hvacs/101234568/heatingCircuits/2", None).await;
    assert_eq!(holiday.json["overridingModes"]["holiday"]["active"], true);
    sim.done().await;
}

#[tokio::test]
async fn a_fleet_of_a_thousand_gateways() {
    let sim = crate::common::start_with(homecom_sim::SimConfig {
        fleet: 1000,
        time_scale: 0.0,
        ..Default::default()
    })
    .await;
    let hvacs = sim.call("GET", "/hvacs", None).await;
    let list = hvacs.json.as_array().unwrap();
    assert!(list.len() >= 1000);
    assert!(list.iter().any(|h| h["gatewayId"] == "2000001000"));
    for id in ["2000000001", "2000000500", "2000001000"] {
        let dhw = sim.call("GET", &format!("/hvacs/{id}/dhwCircuits/1"), None).await;
        assert_eq!(dhw.status, 200, "{}", dhw.text);
        let contract = sim.call("GET", &format!("/contracts/{id}"), None).await;
        assert_eq!(contract.json["status"], "ACTIVE");
    }
    sim.done().await;
}

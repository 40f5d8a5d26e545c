//! Webhooks: one POST per event and endpoint, with the configured credentials, for every
//! event kind; delivery faults; the delivery log.

use std::collections::BTreeSet;
use std::time::{Duration, Instant};

use homecom_core::webhooks::{Deduplicator, EventType, WebhookAuth, receive};
use homecom_sim::{SimConfig, WebhookTarget};
use serde_json::json;

use crate::common::{Receiver, start, start_with};

#[tokio::test]
async fn every_event_kind_reaches_every_endpoint_with_credentials() {
    let first = Receiver::start().await;
    let second = Receiver::start().await;
    let sim = start_with(SimConfig {
        time_scale: 0.0,
        webhooks: vec![
            WebhookTarget::new(&first.url)
                .with_secret_header("x-webhook-secret", "s3cret-value")
                .with_basic("hook-user", "hook-pass"),
            WebhookTarget::new(&second.url),
        ],
        ..SimConfig::default()
    })
    .await;

    // Real state changes.
    sim.call("PATCH", "/contracts/101234574", Some(json!({"action": "ACCEPT"})))
        .await;
    sim.control("POST", "/gateways/101234567/offline", None).await;
    sim.control("POST", "/gateways/101234567/offline", None).await; // no change, no event
    sim.control("POST", "/gateways/101234567/online", None).await;
    let points = sim
        .control(
            "POST",
            "/gateways/101234567/dataPoints",
            Some(json!({"values": {
                "hvac.emon.compressor.powerCurrent": 1250,            // +50 W < 100 W: suppressed
                "hvac.domesticHotWater.dhw1.cylinderTemperature": 50.0, // +1.5 °C ≥ 1 °C: sent
                "hvac.system.outdoorTemperature": 6.6                  // no threshold: sent
            }})),
        )
        .await;
    assert_eq!(points["emitted"].as_array().unwrap().len(), 2, "{points}");
    assert_eq!(
        points["suppressed"][0]["dataPoint"],
        "hvac.emon.compressor.powerCurrent"
    );
    let points = sim
        .control(
            "POST",
            "/gateways/101234567/dataPoints",
            Some(json!({"dataPoint": "hvac.emon.compressor.powerCurrent", "value": 1300})),
        )
        .await;
    assert_eq!(
        points["emitted"],
        json!(["hvac.emon.compressor.powerCurrent"]),
        "+100 W from the last sent"
    );
    sim.control("POST", "/gateways/101234567/dailyAggregate", None).await;
    sim.control(
        "POST",
        "/gateways/101234567/applianceStatus",
        Some(json!({"applianceStatus": "ERROR"})),
    )
    .await;
    // And a sample of every kind.
    for kind in EventType::KNOWN {
        let answer = sim
            .call(
                "POST",
                "/webhooks/simulation",
                Some(json!({"eventType": kind, "gatewayId": "101234568"})),
            )
            .await;
        assert_eq!(answer.status, 202, "{}", answer.text);
        assert!(answer.text.is_empty());
    }
    let expected = 1 + 2 + 3 + 1 + 1 + EventType::KNOWN.len();
    sim.settle_webhooks().await;
    let calls = first.wait_for(expected).await;
    assert_eq!(calls.len(), expected, "one POST per event");
    assert_eq!(second.wait_for(expected).await.len(), expected);

    // Authenticated, JSON, and parsed by the core's receiver.
    let auth = WebhookAuth::none()
        .with_secret_header("x-webhook-secret", "s3cret-value")
        .with_basic("hook-user", "hook-pass");
    let mut dedup = Deduplicator::new(100);
    let mut kinds = BTreeSet::new();
    for call in &calls {
        assert_eq!(call.header("content-type"), Some("application/json"));
        let received = receive(&auth, &call.headers, &call.body, &mut dedup).expect("authentic and valid");
        assert!(received.event.is_known());
        kinds.insert(received.event.event_type().to_owned());
    }
    let all: BTreeSet<String> = EventType::KNOWN.iter().map(|k| (*k).to_owned()).collect();
    assert_eq!(kinds, all);
    // The second endpoint got no credentials.
    assert!(second.calls().iter().all(|c| c.header("authorization").is_none()));

    // Order and content of the state-change events.
    let bodies: Vec<_> = calls.iter().map(|c| c.json()).collect();
    assert_eq!(bodies[0]["eventType"], "CONTRACT_STATUS");
    assert_eq!(bodies[0]["contractStatus"], "ACTIVE");
    assert_eq!(bodies[0]["previousContractStatus"], "PENDING");
    assert_eq!(bodies[1]["connectivityStatus"], "OFFLINE");
    assert_eq!(bodies[2]["connectivityStatus"], "ONLINE");
    assert_eq!(bodies[3]["dataPoint"], "hvac.domesticHotWater.dhw1.cylinderTemperature");
    assert_eq!(bodies[3]["unit"], "°C");
    assert_eq!(bodies[5]["value"], 1300);
    assert_eq!(bodies[6]["eventType"], "DAILY_AGGREGATE");
    assert_eq!(bodies[7]["applianceStatus"], "ERROR");

    // The delivery log.
    let log = sim.control("GET", "/webhooks/deliveries", None).await;
    assert_eq!(log["pending"], 0);
    let deliveries = log["deliveries"].as_array().unwrap();
    assert_eq!(deliveries.len(), 2 * expected);
    assert!(deliveries.iter().all(|d| d["status"] == 200));
    let events = sim.control("GET", "/webhooks/events", None).await;
    assert_eq!(events["events"].as_array().unwrap().len(), expected);
    sim.done().await;
}

#[tokio::test]
async fn delivery_faults_and_failures() {
    let receiver = Receiver::start().await;
    let sim = start().await;
    // Endpoints come from the control API too.
    sim.control("POST", "/webhooks", Some(json!({"url": receiver.url})))
        .await;
    let targets = sim.control("GET", "/webhooks", None).await;
    assert_eq!(targets["targets"].as_array().unwrap().len(), 1);

    // Duplicates.
    sim.control("PUT", "/webhooks/faults", Some(json!({"duplicateRatio": 1.0})))
        .await;
    sim.control("POST", "/gateways/101234567/applianceStatus", None).await;
    sim.settle_webhooks().await;
    let calls = receiver.wait_for(2).await;
    assert_eq!(calls[0].body, calls[1].body);
    receiver.clear();

    // Drops.
    sim.control("PUT", "/webhooks/faults", Some(json!({"dropRatio": 1.0})))
        .await;
    sim.control("POST", "/gateways/101234567/applianceStatus", None).await;
    sim.settle_webhooks().await;
    assert!(receiver.calls().is_empty());
    let log = sim.control("GET", "/webhooks/deliveries", None).await;
    assert_eq!(log["deliveries"].as_array().unwrap().last().unwrap()["dropped"], true);

    // Delays: the handler answers at once; the event follows.
    sim.control("PUT", "/webhooks/faults", Some(json!({"delayMs": 600})))
        .await;
    let started = Instant::now();
    sim.call("PATCH", "/contracts/101234577", Some(json!({"action": "REJECT"})))
        .await;
    assert!(
        started.elapsed() < Duration::from_millis(500),
        "the API handler does not wait"
    );
    assert!(receiver.calls().is_empty());
    receiver.wait_for(1).await;
    assert!(started.elapsed() >= Duration::from_millis(600));
    sim.control("DELETE", "/webhooks/faults", None).await;

    // An endpoint that refuses connections: logged, not retried.
    let closed = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let dead = format!("http://{}/hook", closed.local_addr().unwrap());
    drop(closed);
    sim.control("PUT", "/webhooks", Some(json!([{"url": dead}]))).await;
    sim.control("DELETE", "/webhooks/deliveries", None).await;
    sim.control("POST", "/gateways/101234567/applianceStatus", None).await;
    sim.settle_webhooks().await;
    let log = sim.control("GET", "/webhooks/deliveries", None).await;
    let deliveries = log["deliveries"].as_array().unwrap();
    assert_eq!(deliveries.len(), 1);
    assert!(deliveries[0]["error"].is_string());
    // Invalid endpoints are refused.
    let bad = sim
        .control_raw("POST", "/webhooks", Some(json!({"url": "ftp://x"})))
        .await;
    assert_eq!(bad.status, 400);
    sim.done().await;
}

#[tokio::test]
async fn offline_gateways_send_no_data_points() {
    let receiver = Receiver::start().await;
    let sim = start().await;
    sim.control("PUT", "/webhooks", Some(json!({"targets": [{"url": receiver.url}]})))
        .await;
    let answer = sim
        .control(
            "POST",
            "/gateways/101234573/dataPoints",
            Some(json!({"dataPoint": "hvac.system.outdoorTemperature", "value": 1.0})),
        )
        .await;
    assert_eq!(answer["suppressed"][0]["reason"], "gateway offline");
    sim.settle_webhooks().await;
    assert!(receiver.calls().is_empty());
    sim.done().await;
}

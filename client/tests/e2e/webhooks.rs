//! Webhooks: the simulator calls a test receiver (axum on 127.0.0.1) built on
//! `homecom_client::WebhookReceiver`, with a shared-secret header and Basic credentials.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use homecom_client::homecom_core::contracts::ContractUpdate;
use homecom_client::homecom_core::platform::WebhookSimulationRequest;
use homecom_client::homecom_core::webhooks::DataPointValue;
use homecom_client::{Error, ErrorKind, Event, Received, WebhookAuth, WebhookReceiver};
use homecom_sim::{SimConfig, WebhookTarget};
use serde_json::{Value, json};
use tokio::task::JoinHandle;

use crate::common::{GW, Sim, start};

const SECRET_HEADER: &str = "x-webhook-secret";
const SECRET: &str = "s3cret-of-the-e2e-tests";
const USER: &str = "homecom-hook";
const PASSWORD: &str = "pa55-w0rd-of-the-hook";

/// One call the receiver handled: the status it answered and what the receiver made of it.
#[derive(Clone, Debug)]
struct Call {
    status: u16,
    result: Result<Received, Error>,
}

struct Inner {
    receiver: WebhookReceiver,
    calls: Mutex<Vec<Call>>,
}

/// A webhook endpoint on 127.0.0.1 that checks, parses and de-duplicates each call.
struct Endpoint {
    url: String,
    inner: Arc<Inner>,
    /// How many calls [`Endpoint::next`] has consumed.
    seen: AtomicUsize,
    task: JoinHandle<()>,
}

impl Drop for Endpoint {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn hook(State(inner): State<Arc<Inner>>, headers: HeaderMap, body: Bytes) -> StatusCode {
    let headers: Vec<(String, String)> = headers
        .iter()
        .map(|(n, v)| {
            (
                n.as_str().to_owned(),
                String::from_utf8_lossy(v.as_bytes()).into_owned(),
            )
        })
        .collect();
    let result = inner.receiver.handle(&headers, &body);
    let status = WebhookReceiver::status_code(&result);
    inner
        .calls
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .push(Call { status, result });
    StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
}

impl Endpoint {
    async fn start() -> Endpoint {
        let auth = WebhookAuth::none()
            .with_secret_header(SECRET_HEADER, SECRET)
            .with_basic(USER, PASSWORD);
        let inner = Arc::new(Inner {
            receiver: WebhookReceiver::new(auth),
            calls: Mutex::new(Vec::new()),
        });
        let app = Router::new().route("/hook", post(hook)).with_state(inner.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let url = format!("http://{}/hook", listener.local_addr().expect("addr"));
        let task = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Endpoint {
            url,
            inner,
            seen: AtomicUsize::new(0),
            task,
        }
    }

    fn calls(&self) -> Vec<Call> {
        self.inner.calls.lock().unwrap_or_else(PoisonError::into_inner).clone()
    }

    /// Waits (up to 10 s) until `n` calls have been handled in all; returns the calls after
    /// the first `from`.
    async fn wait_for(&self, from: usize, n: usize) -> Vec<Call> {
        let waited = tokio::time::timeout(Duration::from_secs(10), async {
            while self.calls().len() < from + n {
                tokio::time::sleep(Duration::from_millis(5)).await;
            }
        })
        .await;
        let calls = self.calls();
        assert!(
            waited.is_ok(),
            "expected {n} webhook calls, got {}: {calls:#?}",
            calls.len() - from
        );
        calls[from..].to_vec()
    }

    /// Waits for the next call not consumed yet, which must be an accepted, new event;
    /// asserts its kind and gateway and returns it.
    async fn next(&self, kind: &str, gateway_id: &str) -> Event {
        let from = self.seen.fetch_add(1, Ordering::SeqCst);
        let call = self.wait_for(from, 1).await.remove(0);
        assert_eq!(call.status, 200, "{call:?}");
        let received = call.result.expect("verified and parsed");
        assert!(!received.duplicate, "{received:?}");
        assert_eq!(received.event.kind().as_str(), kind, "{received:?}");
        assert!(received.event.is_known());
        assert_eq!(received.event.gateway_id(), Some(gateway_id), "{received:?}");
        assert_eq!(received.fingerprint, received.event.fingerprint());
        received.event
    }
}

fn wire<T: serde::de::DeserializeOwned>(value: Value) -> T {
    serde_json::from_value(value).expect("a valid wire value")
}

async fn started() -> (Endpoint, Sim) {
    let endpoint = Endpoint::start().await;
    let sim = start(SimConfig {
        time_scale: 0.0,
        webhooks: vec![
            WebhookTarget::new(&endpoint.url)
                .with_secret_header(SECRET_HEADER, SECRET)
                .with_basic(USER, PASSWORD),
        ],
        ..SimConfig::default()
    })
    .await;
    (endpoint, sim)
}

#[tokio::test]
async fn every_event_kind_arrives_verified_and_parsed() {
    let (endpoint, sim) = started().await;
    let client = sim.client();

    // CONTRACT_STATUS: the partner accepts a pending contract.
    let accept: ContractUpdate = wire(json!({"action": "ACCEPT"}));
    client.update_contract("101234574", &accept).await.expect("accept");
    let Event::ContractStatus(event) = endpoint.next("CONTRACT_STATUS", "101234574").await else {
        unreachable!("the kind was checked")
    };
    assert_eq!(event.contract_status.as_str(), "ACTIVE");
    assert_eq!(
        event.previous_contract_status.as_ref().map(|s| s.as_str()),
        Some("PENDING")
    );

    // CONNECTIVITY_STATUS: the gateway goes offline, then online again (control API).
    sim.control("POST", &format!("/gateways/{GW}/offline"), None).await;
    let Event::ConnectivityStatus(event) = endpoint.next("CONNECTIVITY_STATUS", GW).await else {
        unreachable!("the kind was checked")
    };
    assert_eq!(event.connectivity_status.as_str(), "OFFLINE");
    let status = client.get_hvac_status(GW).await.expect("status");
    assert_eq!(status.connectivity_status.as_str(), "OFFLINE");
    sim.control("POST", &format!("/gateways/{GW}/online"), None).await;
    let Event::ConnectivityStatus(event) = endpoint.next("CONNECTIVITY_STATUS", GW).await else {
        unreachable!("the kind was checked")
    };
    assert_eq!(event.connectivity_status.as_str(), "ONLINE");

    // DATA_POINT: a change above the threshold (100 W from 1200 W) is sent; a smaller one
    // after it is not (the next event to arrive is the daily aggregate).
    let key = "hvac.emon.compressor.powerCurrent";
    let set = sim
        .control(
            "POST",
            &format!("/gateways/{GW}/dataPoints"),
            Some(json!({"dataPoint": key, "value": 1400})),
        )
        .await;
    assert_eq!(set["emitted"], json!([key]));
    let Event::DataPoint(event) = endpoint.next("DATA_POINT", GW).await else {
        unreachable!("the kind was checked")
    };
    assert_eq!(event.data_point, key);
    assert_eq!(event.value, DataPointValue::Number(1400.0));
    let set = sim
        .control(
            "POST",
            &format!("/gateways/{GW}/dataPoints"),
            Some(json!({"dataPoint": key, "value": 1450})),
        )
        .await;
    assert_eq!(
        set["emitted"],
        json!([]),
        "a change below the threshold is not sent: {set}"
    );

    // DAILY_AGGREGATE and APPLIANCE_STATUS on demand (control API).
    sim.control("POST", &format!("/gateways/{GW}/dailyAggregate"), None)
        .await;
    let Event::DailyAggregate(event) = endpoint.next("DAILY_AGGREGATE", GW).await else {
        unreachable!("the kind was checked")
    };
    assert!(!event.properties.is_empty());
    sim.control(
        "POST",
        &format!("/gateways/{GW}/applianceStatus"),
        Some(json!({"applianceStatus": "ERROR"})),
    )
    .await;
    let Event::ApplianceStatus(event) = endpoint.next("APPLIANCE_STATUS", GW).await else {
        unreachable!("the kind was checked")
    };
    assert_eq!(event.appliance_status.as_str(), "ERROR");

    // Every kind through the API's webhook simulation.
    for kind in [
        "CONNECTIVITY_STATUS",
        "APPLIANCE_STATUS",
        "DATA_POINT",
        "DAILY_AGGREGATE",
        "CONTRACT_STATUS",
    ] {
        let request: WebhookSimulationRequest = wire(json!({"eventType": kind, "gatewayId": "101234568"}));
        client
            .simulate_webhook_event(&request)
            .await
            .expect("simulation accepted");
        assert_eq!(sim.last_request().await["status"], 202);
        endpoint.next(kind, "101234568").await;
    }

    // The simulator delivered each event once, and the receiver answered 200 every time.
    let deliveries = sim.control("GET", "/webhooks/deliveries", None).await;
    let deliveries = deliveries["deliveries"].as_array().expect("deliveries");
    assert_eq!(
        deliveries.len(),
        11,
        "one per event, none for the change below the threshold"
    );
    assert!(
        deliveries.iter().all(|d| d["status"] == 200 && d["duplicate"] == false),
        "{deliveries:#?}"
    );
    assert_eq!(endpoint.calls().len(), 11);
    sim.done().await;
}

#[tokio::test]
async fn duplicates_are_flagged_and_wrong_credentials_refused() {
    let (endpoint, sim) = started().await;
    let client = sim.client();

    // Every event is delivered twice: the receiver flags the second copy.
    sim.control("PUT", "/webhooks/faults", Some(json!({"duplicateRatio": 1.0})))
        .await;
    sim.control(
        "POST",
        "/gateways/101234570/applianceStatus",
        Some(json!({"applianceStatus": "MAINTENANCE"})),
    )
    .await;
    let request: WebhookSimulationRequest = wire(json!({"eventType": "CONTRACT_STATUS", "gatewayId": GW}));
    client
        .simulate_webhook_event(&request)
        .await
        .expect("simulation accepted");
    let calls = endpoint.wait_for(0, 4).await;
    for (pair, gateway) in calls.chunks(2).zip(["101234570", GW]) {
        let first = pair[0].result.as_ref().expect("the first copy");
        let second = pair[1].result.as_ref().expect("the second copy");
        assert_eq!(
            (pair[0].status, pair[1].status),
            (200, 200),
            "a duplicate is acknowledged"
        );
        assert!(!first.duplicate);
        assert!(second.duplicate, "the second copy is flagged");
        assert_eq!(first.fingerprint, second.fingerprint);
        assert_eq!(first.event, second.event);
        assert_eq!(first.event.gateway_id(), Some(gateway));
    }
    let deliveries = sim.control("GET", "/webhooks/deliveries", None).await;
    let deliveries = deliveries["deliveries"].as_array().expect("deliveries");
    assert_eq!(deliveries.iter().filter(|d| d["duplicate"] == true).count(), 2);
    assert!(deliveries.iter().all(|d| d["status"] == 200));

    // Calls with wrong or missing credentials are refused with 401 and not remembered.
    let event = json!({"eventType": "CONNECTIVITY_STATUS", "gatewayId": GW,
                       "connectivityStatus": "OFFLINE", "timestamp": "2026-05-05T12:00:00Z"});
    let http = reqwest::Client::builder().no_proxy().build().expect("http");
    let send = |secret: Option<&'static str>, password: Option<&'static str>, body: String| {
        let mut request = http
            .post(&endpoint.url)
            .header("content-type", "application/json")
            .body(body);
        if let Some(secret) = secret {
            request = request.header(SECRET_HEADER, secret);
        }
        if let Some(password) = password {
            request = request.basic_auth(USER, Some(password));
        }
        async move { request.send().await.expect("the receiver answers").status().as_u16() }
    };
    let before = endpoint.calls().len();
    assert_eq!(
        send(Some("wrong-secret-value"), Some(PASSWORD), event.to_string()).await,
        401
    );
    assert_eq!(send(Some(SECRET), Some("wrong-password"), event.to_string()).await, 401);
    assert_eq!(send(None, Some(PASSWORD), event.to_string()).await, 401);
    assert_eq!(send(Some(SECRET), None, event.to_string()).await, 401);
    assert_eq!(send(Some(SECRET), Some(PASSWORD), "not json".to_owned()).await, 400);
    let refused = endpoint.wait_for(before, 5).await;
    for call in &refused[..4] {
        let error = call.result.as_ref().expect_err("refused");
        assert_eq!(error.kind, ErrorKind::WebhookAuth);
        assert!(!format!("{error:?}").contains(SECRET) && !format!("{error:?}").contains(PASSWORD));
    }
    assert_eq!(
        refused[4].result.as_ref().expect_err("not an event").kind,
        ErrorKind::Decode
    );
    // With the right credentials the same event is accepted, as new: refusals were not remembered.
    assert_eq!(send(Some(SECRET), Some(PASSWORD), event.to_string()).await, 200);
    let accepted = endpoint.wait_for(before + 5, 1).await.remove(0);
    assert!(!accepted.result.expect("accepted").duplicate);
    sim.done().await;
}

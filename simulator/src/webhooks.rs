//! Webhook delivery (§4): one `POST` per event and endpoint, JSON body, the configured
//! credentials, no retries. Events go through a queue to one dispatcher task, so an API
//! handler never waits for a delivery; events are delivered in the order they were emitted.

use std::collections::VecDeque;
use std::sync::Arc;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::time::Duration;

use homecom_core::webhooks::Event;
use homecom_core::wire;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use tokio::sync::mpsc;
use tokio::task::JoinSet;

use crate::config::WebhookTarget;
use crate::shared::lock;

/// Most entries kept in the delivery log and the event log.
pub const LOG_CAPACITY: usize = 10_000;

/// Faults of webhook delivery (`PUT /_sim/webhooks/faults`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct WebhookFaults {
    /// Share of deliveries (0–1) sent twice.
    pub duplicate_ratio: f64,
    /// Share of deliveries (0–1) not sent at all.
    pub drop_ratio: f64,
    /// Delay before each delivery, milliseconds.
    pub delay_ms: u64,
}

impl WebhookFaults {
    /// Checks the ranges.
    pub fn check(&self) -> Result<(), String> {
        for (name, ratio) in [("duplicateRatio", self.duplicate_ratio), ("dropRatio", self.drop_ratio)] {
            if !(0.0..=1.0).contains(&ratio) {
                return Err(format!("{name} must lie between 0 and 1, not {ratio}"));
            }
        }
        if self.delay_ms > 60_000 {
            return Err("delayMs is at most 60000".to_owned());
        }
        Ok(())
    }
}

fn delivery_rng(seed: u64) -> fastrand::Rng {
    fastrand::Rng::with_seed(seed ^ 0x5745_4248_4f4f_4b53)
}

/// One delivery attempt (or a dropped one), as the control API shows it.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Delivery {
    /// The number of the event (order of emission, from 1).
    pub event_seq: u64,
    /// Its `eventType`.
    pub event_type: String,
    /// Its `gatewayId`.
    pub gateway_id: Option<String>,
    /// The endpoint URL.
    pub target: String,
    /// The HTTP status the endpoint answered.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
    /// Why the delivery failed (connection refused, timeout, ...).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// Whether this was the injected second copy.
    pub duplicate: bool,
    /// Whether the delivery was dropped by an injected fault (nothing was sent).
    pub dropped: bool,
    /// The injected delay, milliseconds.
    pub delay_ms: u64,
}

/// An event waiting in the queue.
struct Job {
    seq: u64,
    event_type: String,
    gateway_id: Option<String>,
    body: String,
}

struct Inner {
    targets: Mutex<Vec<WebhookTarget>>,
    faults: Mutex<WebhookFaults>,
    rng: Mutex<fastrand::Rng>,
    deliveries: Mutex<VecDeque<Delivery>>,
    events: Mutex<VecDeque<Value>>,
    pending: AtomicUsize,
    seq: AtomicU64,
    client: reqwest::Client,
}

impl Inner {
    fn record(&self, delivery: Delivery) {
        let mut log = lock(&self.deliveries);
        if log.len() >= LOG_CAPACITY {
            log.pop_front();
        }
        log.push_back(delivery);
    }
}

/// The webhook endpoints, their faults, the queue and the logs.
pub struct Webhooks {
    tx: mpsc::UnboundedSender<Job>,
    inner: Arc<Inner>,
}

impl Webhooks {
    /// Starts the dispatcher task (on the current tokio runtime) and returns its handle.
    pub fn start(
        targets: Vec<WebhookTarget>,
        seed: u64,
        timeout: Duration,
    ) -> Result<(Webhooks, tokio::task::JoinHandle<()>), String> {
        let client = reqwest::Client::builder()
            .no_proxy()
            .timeout(timeout)
            .build()
            .map_err(|e| format!("cannot build the webhook HTTP client: {e}"))?;
        let inner = Arc::new(Inner {
            targets: Mutex::new(targets),
            faults: Mutex::new(WebhookFaults::default()),
            rng: Mutex::new(delivery_rng(seed)),
            deliveries: Mutex::new(VecDeque::new()),
            events: Mutex::new(VecDeque::new()),
            pending: AtomicUsize::new(0),
            seq: AtomicU64::new(0),
            client,
        });
        let (tx, rx) = mpsc::unbounded_channel();
        let task = tokio::spawn(dispatch(inner.clone(), rx));
        Ok((Webhooks { tx, inner }, task))
    }

    /// Queues an event for every endpoint; returns at once.
    pub fn emit(&self, event: &Event) {
        let body = event.to_json();
        let seq = self.inner.seq.fetch_add(1, Ordering::SeqCst) + 1;
        {
            let mut events = lock(&self.inner.events);
            if events.len() >= LOG_CAPACITY {
                events.pop_front();
            }
            events.push_back(body.clone());
        }
        self.inner.pending.fetch_add(1, Ordering::SeqCst);
        let job = Job {
            seq,
            event_type: event.event_type().to_owned(),
            gateway_id: event.gateway_id().map(str::to_owned),
            body: body.to_string(),
        };
        if self.tx.send(job).is_err() {
            // The dispatcher is gone (shutting down): nothing is pending any more.
            self.inner.pending.fetch_sub(1, Ordering::SeqCst);
        }
    }

    /// The endpoints.
    pub fn targets(&self) -> Vec<WebhookTarget> {
        lock(&self.inner.targets).clone()
    }

    /// Replaces the endpoints.
    pub fn set_targets(&self, targets: Vec<WebhookTarget>) {
        *lock(&self.inner.targets) = targets;
    }

    /// Adds an endpoint.
    pub fn add_target(&self, target: WebhookTarget) {
        lock(&self.inner.targets).push(target);
    }

    /// The delivery faults.
    pub fn faults(&self) -> WebhookFaults {
        lock(&self.inner.faults).clone()
    }

    /// Sets the delivery faults.
    pub fn set_faults(&self, faults: WebhookFaults) {
        *lock(&self.inner.faults) = faults;
    }

    /// The delivery log, oldest first.
    pub fn deliveries(&self) -> Vec<Delivery> {
        lock(&self.inner.deliveries).iter().cloned().collect()
    }

    /// Every event emitted (whether or not an endpoint was configured), oldest first.
    pub fn events(&self) -> Vec<Value> {
        lock(&self.inner.events).iter().cloned().collect()
    }

    /// Events queued or being delivered.
    pub fn pending(&self) -> usize {
        self.inner.pending.load(Ordering::SeqCst)
    }

    /// Restarts the randomness of delivery faults from `seed`.
    pub fn reseed(&self, seed: u64) {
        *lock(&self.inner.rng) = delivery_rng(seed);
    }

    /// Clears both logs.
    pub fn clear_logs(&self) {
        lock(&self.inner.deliveries).clear();
        lock(&self.inner.events).clear();
    }
}

async fn dispatch(inner: Arc<Inner>, mut rx: mpsc::UnboundedReceiver<Job>) {
    while let Some(job) = rx.recv().await {
        let job = Arc::new(job);
        let targets = lock(&inner.targets).clone();
        let faults = lock(&inner.faults).clone();
        let mut sends = JoinSet::new();
        for target in targets {
            let (dropped, duplicate) = {
                let mut rng = lock(&inner.rng);
                let dropped = faults.drop_ratio > 0.0 && rng.f64() < faults.drop_ratio;
                let duplicate = faults.duplicate_ratio > 0.0 && rng.f64() < faults.duplicate_ratio;
                (dropped, duplicate)
            };
            let delivery = |duplicate: bool| Delivery {
                event_seq: job.seq,
                event_type: job.event_type.clone(),
                gateway_id: job.gateway_id.clone(),
                target: target.url.clone(),
                status: None,
                error: None,
                duplicate,
                dropped: false,
                delay_ms: faults.delay_ms,
            };
            if dropped {
                inner.record(Delivery {
                    dropped: true,
                    ..delivery(false)
                });
                continue;
            }
            let copies: Vec<Delivery> = (0..1 + usize::from(duplicate)).map(|i| delivery(i > 0)).collect();
            let (inner, job, delay) = (inner.clone(), job.clone(), faults.delay_ms);
            sends.spawn(async move {
                if delay > 0 {
                    tokio::time::sleep(Duration::from_millis(delay)).await;
                }
                for mut record in copies {
                    match send(&inner.client, &target, &job.body).await {
                        Ok(status) => record.status = Some(status),
                        Err(error) => record.error = Some(error),
                    }
                    inner.record(record);
                }
            });
        }
        while sends.join_next().await.is_some() {}
        inner.pending.fetch_sub(1, Ordering::SeqCst);
    }
}

async fn send(client: &reqwest::Client, target: &WebhookTarget, body: &str) -> Result<u16, String> {
    let mut request = client
        .post(&target.url)
        .header(reqwest::header::CONTENT_TYPE, wire::CONTENT_TYPE_JSON)
        .body(body.to_owned());
    if let Some((name, value)) = &target.secret_header {
        request = request.header(name.as_str(), value.as_str());
    }
    if let Some((user, password)) = &target.basic {
        request = request.basic_auth(user, Some(password));
    }
    match request.send().await {
        Ok(response) => Ok(response.status().as_u16()),
        Err(e) => Err(describe(&e)),
    }
}

/// A reqwest error with its causes (never a credential: they are in headers, not the URL).
fn describe(error: &reqwest::Error) -> String {
    let mut text = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

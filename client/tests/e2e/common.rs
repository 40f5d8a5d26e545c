//! The harness: a seeded simulator started in-process, clients for it, the control API and
//! the request log.

use std::collections::BTreeSet;
use std::time::Duration;

use homecom_client::homecom_core::time::{self, Date};
use homecom_client::{Client, ClientBuilder, Config, Error, ErrorKind, RetryPolicy, Violation};
use homecom_sim::{SimConfig, SimHandle, Simulator};
use serde_json::Value;

/// The main demo gateway of the built-in fixture.
pub const GW: &str = "101234567";

/// The seed of every simulator the tests start (fault randomness, ids, keys).
pub const SEED: u64 = 20_260_528;

/// A running simulator and a plain HTTP client for its control API.
pub struct Sim {
    pub handle: SimHandle,
    http: reqwest::Client,
}

/// A seeded simulator with the built-in fixture and `config`'s other settings.
pub async fn start(config: SimConfig) -> Sim {
    let config = SimConfig {
        seed: Some(config.seed.unwrap_or(SEED)),
        ..config
    };
    let handle = Simulator::start(config).await.expect("the simulator starts");
    let http = reqwest::Client::builder()
        .no_proxy()
        .timeout(Duration::from_secs(20))
        .build()
        .expect("control client");
    Sim { handle, http }
}

/// A seeded simulator whose rate limits never bite: they are checked, but at time scale 0
/// every bucket refills at once. For tests that are not about rate limits (see
/// `pacing.rs` for why they do not run against real refill intervals).
pub async fn start_unlimited() -> Sim {
    start(SimConfig {
        time_scale: 0.0,
        ..SimConfig::default()
    })
    .await
}

/// A retry policy with `attempts` attempts and short backoffs (5 ms base, 50 ms at most).
pub fn quick_retries(attempts: u32) -> RetryPolicy {
    RetryPolicy::default()
        .with_max_attempts(attempts)
        .with_base_delay(Duration::from_millis(5))
        .with_max_delay(Duration::from_millis(50))
}

/// One attempt, no retry.
pub fn one_attempt() -> RetryPolicy {
    RetryPolicy::default().with_max_attempts(1)
}

impl Sim {
    pub fn base_url(&self) -> &str {
        self.handle.base_url()
    }

    /// The configuration of the demo key and partner user.
    pub fn config(&self) -> Config {
        Config::new(self.handle.base_url(), self.handle.api_key())
            .and_then(|c| c.with_user_id(self.handle.user_id()))
            .expect("config")
    }

    /// A client builder for the demo configuration, its pacer at the simulator's time scale.
    pub fn builder(&self, time_scale: f64) -> ClientBuilder {
        Client::builder(self.config()).pacer_time_scale(time_scale)
    }

    /// A client for a simulator started with [`start_unlimited`] (pacer at the same time
    /// scale, 0) and the default retry policy.
    pub fn client(&self) -> Client {
        self.builder(0.0).build().expect("client")
    }

    fn url(&self, path: &str) -> String {
        format!("{}/_sim{path}", self.handle.base_url())
    }

    /// A control API call, whatever its answer: status and JSON body.
    pub async fn control_raw(&self, method: &str, path: &str, body: Option<Value>) -> (u16, Value) {
        let method = reqwest::Method::from_bytes(method.as_bytes()).expect("method");
        let mut request = self.http.request(method, self.url(path));
        if let Some(body) = body {
            request = request
                .header("content-type", "application/json")
                .body(body.to_string());
        }
        let response = request.send().await.expect("the control API answers");
        let status = response.status().as_u16();
        let text = response.text().await.expect("control body");
        (status, serde_json::from_str(&text).unwrap_or(Value::Null))
    }

    /// A control API call that must succeed (2xx); its JSON body.
    pub async fn control(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        let (status, json) = self.control_raw(method, path, body).await;
        assert!((200..300).contains(&status), "{method} /_sim{path}: {status} {json}");
        json
    }

    /// Replaces the injected faults (`PUT /_sim/faults`).
    pub async fn faults(&self, faults: Value) {
        self.control("PUT", "/faults", Some(faults)).await;
    }

    /// The request log (`GET /_sim/requests`), oldest first.
    pub async fn requests(&self) -> Vec<Value> {
        let log = self.control("GET", "/requests", None).await;
        log["requests"].as_array().expect("requests").clone()
    }

    /// Empties the request log.
    pub async fn clear_requests(&self) {
        self.control("DELETE", "/requests", None).await;
    }

    /// The last entry of the request log.
    pub async fn last_request(&self) -> Value {
        self.requests().await.pop().expect("the request log is not empty")
    }

    /// The gateway's local date plus `days`, `YYYY-MM-DD` (the simulator's clock).
    pub async fn gateway_day(&self, gateway_id: &str, days: i64) -> String {
        let gateway = self.control("GET", &format!("/gateways/{gateway_id}"), None).await;
        let local = gateway["localDateTime"].as_str().expect("localDateTime");
        let today = Date::parse(&local[..10]).expect("a local date");
        let (y, m, d) = time::civil_from_days(today.days_since_epoch() + days);
        format!("{y:04}-{m:02}-{d:02}")
    }

    /// Asserts that no request hit the simulator's catch-panic layer, then stops it.
    pub async fn done(self) {
        assert_eq!(self.handle.panic_count(), 0, "a request hit the catch-panic layer");
        self.handle.shutdown().await;
    }
}

/// The sorted, de-duplicated codes of violations.
pub fn codes(violations: &[Violation]) -> BTreeSet<String> {
    violations.iter().map(|v| v.code.clone()).collect()
}

/// Asserts an API error of `kind` with `status`, whose request id is the simulator's
/// `x-request-id` of the last request it logged (the one that produced the error).
pub async fn assert_api_error(sim: &Sim, error: &Error, kind: ErrorKind, status: u16) {
    assert_eq!(error.kind, kind, "{error}");
    assert_eq!(error.status, Some(status), "{error}");
    assert!(error.kind.is_api());
    let last = sim.last_request().await;
    assert_eq!(last["status"], status, "{last}");
    let logged = last["requestId"].as_str().expect("a logged request id");
    assert_eq!(
        error.request_id.as_deref(),
        Some(logged),
        "the error carries the simulator's x-request-id"
    );
    assert_eq!(error.api_version.as_deref(), Some("1.35"), "{error:?}");
}

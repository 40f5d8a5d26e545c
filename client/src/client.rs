//! [`Client`] and [`ClientBuilder`]: configuration, pacing, retries and the attempt loop.

use core::fmt;
use std::sync::{Arc, Mutex, PoisonError, RwLock};
use std::time::Duration;

use homecom_core::pacing::Pacer;
use homecom_core::retry::{GiveUpReason, Outcome, RetryDecision, RetryPolicy};
use homecom_core::{Config, Error, HttpRequest, HttpResponse, Operation, OperationId, Response};
use serde_json::Value;
use tokio::time::Instant;
use tracing::Instrument;

use crate::transport::{self, Failure, ReqwestTransport, Transport};

/// The `user-agent` the client sends unless told otherwise: `homecom-partner/<version>`.
pub const USER_AGENT: &str = concat!("homecom-partner/", env!("CARGO_PKG_VERSION"));

/// The default per-attempt timeout: 30 s.
pub const DEFAULT_ATTEMPT_TIMEOUT: Duration = Duration::from_secs(30);

/// The longest a connection may take to open with the client's own HTTP stack (never more
/// than the per-attempt timeout). A connect timeout means the request was not sent.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// Sets up a [`Client`]: configuration, retry policy, timeouts, pacing, user agent and,
/// optionally, the [`Transport`] (or the [`reqwest::Client`]) to send with.
///
/// ```
/// use std::time::Duration;
/// use homecom_client::{ClientBuilder, Config, RetryPolicy};
///
/// # fn demo() -> Result<(), homecom_client::Error> {
/// let config = Config::new("http://127.0.0.1:8080", "xHCSAPI.20270528T120000Z.AbCdEfGhIjKlMnOpQrStUvWxYz012345")?;
/// let client = ClientBuilder::new(config)
///     .retry_policy(RetryPolicy::default().with_max_attempts(3))
///     .attempt_timeout(Duration::from_secs(10))
///     .pacer_time_scale(0.01) // a simulator running its rate limits 100 times faster
///     .build()?;
/// # let _ = client;
/// # Ok(())
/// # }
/// ```
#[derive(Clone, Debug)]
pub struct ClientBuilder {
    config: Config,
    policy: RetryPolicy,
    attempt_timeout: Duration,
    pacing: bool,
    pacer_scale: f64,
    pacer_allowance: Duration,
    user_agent: String,
    transport: Option<TransportSlot>,
}

/// The transport of a builder (`Debug` without asking the transport for one).
#[derive(Clone)]
struct TransportSlot(Arc<dyn Transport>);

impl fmt::Debug for TransportSlot {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Transport")
    }
}

impl ClientBuilder {
    /// A builder with the defaults: [`RetryPolicy::default`], a 30 s per-attempt timeout,
    /// pacing on with the documented limits (time scale 1), user agent [`USER_AGENT`], and
    /// the client's own HTTP stack.
    pub fn new(config: Config) -> ClientBuilder {
        ClientBuilder {
            config,
            policy: RetryPolicy::default(),
            attempt_timeout: DEFAULT_ATTEMPT_TIMEOUT,
            pacing: true,
            pacer_scale: 1.0,
            pacer_allowance: homecom_core::pacing::DEFAULT_DELAY_ALLOWANCE,
            user_agent: USER_AGENT.to_owned(),
            transport: None,
        }
    }

    /// Replaces the configuration.
    pub fn config(mut self, config: Config) -> Self {
        self.config = config;
        self
    }

    /// How requests are retried (attempts, backoff, longest `retry-after`, overall deadline).
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.policy = policy;
        self
    }

    /// The longest one attempt may take, from sending to the last byte of the answer
    /// (default 30 s; must be non-zero). An attempt that times out counts as possibly
    /// processed: GET, PUT and DELETE are retried, PATCH and POST are not.
    pub fn attempt_timeout(mut self, timeout: Duration) -> Self {
        self.attempt_timeout = timeout;
        self
    }

    /// Whether requests are paced by the documented rate limits before they are sent
    /// (default on). Without pacing a burst may be answered 429 (and then retried after
    /// `retry-after`, except POST).
    pub fn pacing(mut self, enabled: bool) -> Self {
        self.pacing = enabled;
        self
    }

    /// Multiplies the pacer's refill intervals (default 1: the documented limits). Use the
    /// time scale of a simulator that runs its rate limits faster, e.g. `0.01`; `0` paces
    /// nothing. Must be finite and ≥ 0 (checked by [`ClientBuilder::build`]).
    pub fn pacer_time_scale(mut self, scale: f64) -> Self {
        self.pacer_scale = scale;
        self
    }

    /// How much later than its slot a request may reach the server (default
    /// [`homecom_core::pacing::DEFAULT_DELAY_ALLOWANCE`], 250 ms): the pacer keeps this much
    /// distance from the documented slots, so that a request delayed on the way (a new TLS
    /// connection, a slow network) does not make the next one early at the server. It shifts
    /// the first slot that has to wait, not the sustained rate. `Duration::ZERO` paces exactly
    /// on the documented slots.
    pub fn pacer_delay_allowance(mut self, allowance: Duration) -> Self {
        self.pacer_allowance = allowance;
        self
    }

    /// Replaces the `user-agent` header (default [`USER_AGENT`]); bindings may append their
    /// own product token, e.g. `homecom-partner/0.1.0 python/3.12`.
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = user_agent.into();
        self
    }

    /// Sends with this [`reqwest::Client`] instead of the client's own. Its own settings
    /// apply; configure it **not to follow redirects** (`redirect::Policy::none()`), or it may
    /// forward the `x-api-key` header to another host. The per-attempt timeout still applies.
    pub fn http_client(mut self, http: reqwest::Client) -> Self {
        self.transport = Some(TransportSlot(Arc::new(ReqwestTransport::new(http))));
        self
    }

    /// Sends with this [`Transport`] (a platform HTTP stack, a test double, a language
    /// binding's foreign transport) instead of the client's own [`ReqwestTransport`]. Pacing,
    /// retries, the retry deadline and the per-attempt timeout stay with the client. The
    /// transport must not follow redirects (see [`Transport`]).
    pub fn transport(mut self, transport: Arc<dyn Transport>) -> Self {
        self.transport = Some(TransportSlot(transport));
        self
    }

    /// Builds the client. Refuses (kind `Config`) a zero attempt timeout, an invalid pacer
    /// time scale, a user agent with control characters, or an HTTP stack that cannot be set
    /// up (e.g. no TLS root certificates).
    pub fn build(self) -> Result<Client, Error> {
        if self.attempt_timeout.is_zero() {
            return Err(Error::config("the per-attempt timeout must be greater than zero"));
        }
        let pacer = if self.pacing {
            Some(Mutex::new(
                Pacer::with_scale(self.pacer_scale)?.with_delay_allowance(self.pacer_allowance),
            ))
        } else {
            None
        };
        if reqwest::header::HeaderValue::from_str(&self.user_agent).is_err() {
            return Err(Error::config("the user agent is not a valid header value"));
        }
        let user_agent = self.user_agent;
        let transport = match self.transport {
            Some(TransportSlot(transport)) => transport,
            None => Arc::new(ReqwestTransport::new(default_http(&self.config, self.attempt_timeout)?)),
        };
        Ok(Client {
            inner: Arc::new(Inner {
                transport,
                config: RwLock::new(Arc::new(self.config)),
                policy: self.policy,
                attempt_timeout: self.attempt_timeout,
                pacer,
                origin: Instant::now(),
                user_agent,
                rotation: tokio::sync::Mutex::new(()),
            }),
        })
    }
}

/// The client's own HTTP stack: rustls, no redirects (they could carry the key elsewhere), a
/// connect timeout, and no proxy for a loopback base URL (the simulator).
fn default_http(config: &Config, attempt_timeout: Duration) -> Result<reqwest::Client, Error> {
    let mut builder = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .connect_timeout(CONNECT_TIMEOUT.min(attempt_timeout));
    if is_loopback_url(config.base_url()) {
        builder = builder.no_proxy();
    }
    builder
        .build()
        .map_err(|e| Error::config(format!("could not set up the HTTP client: {}", transport::chain(&e))))
}

/// Whether a base URL (as [`Config`] checked it) names a loopback host.
fn is_loopback_url(url: &str) -> bool {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let authority = rest.split('/').next().unwrap_or("");
    let host = if let Some(v6) = authority.strip_prefix('[') {
        v6.split(']').next().unwrap_or("")
    } else {
        authority.rsplit_once(':').map_or(authority, |(host, _)| host)
    };
    homecom_core::http::is_loopback_host(&host.to_ascii_lowercase())
}

/// The native async client of the Partner API.
///
/// Cheap to clone: clones share the HTTP connections, the pacer (the rate-limit buckets of
/// the API key) and the configuration (so a key rotation switches every clone). `Send` and
/// `Sync`. `Debug` never shows the API key.
#[derive(Clone)]
pub struct Client {
    pub(crate) inner: Arc<Inner>,
}

pub(crate) struct Inner {
    transport: Arc<dyn Transport>,
    config: RwLock<Arc<Config>>,
    policy: RetryPolicy,
    attempt_timeout: Duration,
    pacer: Option<Mutex<Pacer>>,
    /// The origin of the pacer's time line.
    origin: Instant,
    user_agent: String,
    /// Serialises key rotations.
    pub(crate) rotation: tokio::sync::Mutex<()>,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("config", &*self.config_arc())
            .field("policy", &self.inner.policy)
            .field("attempt_timeout", &self.inner.attempt_timeout)
            .field("pacing", &self.inner.pacer.as_ref().map(|p| lock(p).scale()))
            .field("user_agent", &self.inner.user_agent)
            .finish()
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    // The pacer's state stays consistent whatever panicked while it was held.
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

impl Client {
    /// A client with the defaults of [`ClientBuilder::new`].
    pub fn new(config: Config) -> Result<Client, Error> {
        ClientBuilder::new(config).build()
    }

    /// A builder, to set the retry policy, timeouts, pacing, user agent or HTTP stack.
    pub fn builder(config: Config) -> ClientBuilder {
        ClientBuilder::new(config)
    }

    /// The current configuration (after a key rotation, with the new key).
    pub fn config(&self) -> Config {
        (*self.config_arc()).clone()
    }

    pub(crate) fn config_arc(&self) -> Arc<Config> {
        let guard = self.inner.config.read().unwrap_or_else(PoisonError::into_inner);
        Arc::clone(&guard)
    }

    /// Replaces the configuration of this client and its clones (requests already under way
    /// keep the one they were built with). The pacer is kept: its buckets belong to the
    /// partner company, whatever its key.
    pub fn set_config(&self, config: Config) {
        let mut guard = self.inner.config.write().unwrap_or_else(PoisonError::into_inner);
        *guard = Arc::new(config);
    }

    /// The retry policy.
    pub fn retry_policy(&self) -> RetryPolicy {
        self.inner.policy
    }

    /// The per-attempt timeout.
    pub fn attempt_timeout(&self) -> Duration {
        self.inner.attempt_timeout
    }

    /// Executes a typed operation: builds it (validation and configuration errors return
    /// before any IO), sends it with pacing and retries, and decodes the last answer.
    ///
    /// ```no_run
    /// use homecom_client::Client;
    /// use homecom_client::homecom_core::dhw::{DhwCircuitPatch, DhwModePatch, UpdateDhwCircuit};
    ///
    /// # async fn demo(client: Client) -> Result<(), homecom_client::Error> {
    /// let current = client.get_dhw_circuit("101234567", 1).await?;
    /// let update = UpdateDhwCircuit {
    ///     gateway_id: "101234567".into(),
    ///     circuit_id: 1,
    ///     body: DhwCircuitPatch {
    ///         eco_mode_settings: Some(DhwModePatch { stop_set_point_temperature: Some(52.0), ..Default::default() }),
    ///         ..Default::default()
    ///     },
    ///     current: Some(current), // the setpoint rules are checked on the merged state
    ///     time_program_ids: None,
    /// };
    /// let response = client.execute(&update).await?;
    /// println!("request id {:?}: {:?}", response.request_id, response.value);
    /// # Ok(())
    /// # }
    /// ```
    pub async fn execute<O: Operation>(&self, op: &O) -> Result<Response<O::Output>, Error> {
        let config = self.config_arc();
        self.execute_with(&config, op).await
    }

    /// [`Client::execute`] with a given configuration (used by the key rotation).
    pub(crate) async fn execute_with<O: Operation>(
        &self,
        config: &Config,
        op: &O,
    ) -> Result<Response<O::Output>, Error> {
        let request = op.build(config)?;
        let response = self.send(&request).await?;
        op.decode(&response)
    }

    /// Executes an operation from JSON input, for language bindings: `input` holds the path
    /// parameters, `body` and any validation context in camelCase, as
    /// [`OperationId::build_json`] reads them; the value is returned as JSON.
    ///
    /// ```no_run
    /// # async fn demo(client: homecom_client::Client) -> Result<(), homecom_client::Error> {
    /// use homecom_client::OperationId;
    /// let input = serde_json::json!({"gatewayId": "101234567", "circuitId": 1});
    /// let response = client.execute_json(OperationId::GetDhwCircuit, &input).await?;
    /// println!("{}", response.value["operationMode"]);
    /// # Ok(())
    /// # }
    /// ```
    pub async fn execute_json(&self, op: OperationId, input: &Value) -> Result<Response<Value>, Error> {
        let config = self.config_arc();
        let request = op.build_json(&config, input)?;
        let response = self.send(&request).await?;
        op.decode_json(&response)
    }

    /// Sends a request the core built (with pacing, timeouts and retries) and returns the
    /// last answer, whatever its status; only transport failures are errors (kind
    /// `Transport`). Decode the answer with the operation's `decode`. Most callers want
    /// [`Client::execute`].
    pub async fn send(&self, request: &HttpRequest) -> Result<HttpResponse, Error> {
        let spec = request.operation.spec();
        let span = tracing::info_span!(
            "homecom.request",
            operation = spec.name,
            method = spec.method.as_str(),
            route = spec.path,
        );
        self.send_inner(request).instrument(span).await
    }

    fn now(&self) -> Duration {
        self.inner.origin.elapsed()
    }

    /// Books the request's slot with the pacer: when to send it (`None` without pacing).
    fn book(&self, request: &HttpRequest) -> Option<Instant> {
        let pacer = self.inner.pacer.as_ref()?;
        let slot = lock(pacer).reserve(request, self.now());
        Some(self.inner.origin + slot)
    }

    async fn send_inner(&self, request: &HttpRequest) -> Result<HttpResponse, Error> {
        let policy = self.inner.policy;
        let deadline = policy.deadline;
        let mut attempt: u32 = 0;
        let mut started: Option<Instant> = None;
        let mut last: Option<(Error, Outcome)> = None;
        loop {
            attempt = attempt.saturating_add(1);
            // An attempt that never reached the server used no token of the server's bucket:
            // its retry goes out on the same booking. Any other attempt books a new slot.
            let reuse_booking = matches!(last, Some((_, Outcome::NotSent)));
            if let Some(slot) = if reuse_booking { None } else { self.book(request) } {
                if let (Some(first), Some(deadline)) = (started, deadline)
                    && first.checked_add(deadline).is_some_and(|end| slot > end)
                {
                    return Err(self.give_up_at_deadline(request, attempt, last));
                }
                let wait = slot.saturating_duration_since(Instant::now());
                if !wait.is_zero() {
                    tracing::debug!(attempt, wait_ms = millis(wait), "paced: waiting for a rate-limit token");
                    tokio::time::sleep_until(slot).await;
                }
            }
            let first = *started.get_or_insert_with(Instant::now);
            let Some(timeout) = attempt_timeout(self.inner.attempt_timeout, deadline, first.elapsed(), attempt) else {
                return Err(self.give_up_at_deadline(request, attempt, last));
            };
            let span = tracing::debug_span!("attempt", attempt);
            let result = transport::attempt(&self.inner.transport, &self.inner.user_agent, request, timeout)
                .instrument(span)
                .await;
            let outcome = match &result {
                Ok(response) => {
                    tracing::debug!(
                        attempt,
                        status = response.status,
                        request_id = response.request_id().unwrap_or(""),
                        elapsed_ms = millis(first.elapsed()),
                        "answered"
                    );
                    if response.status == 429 {
                        self.on_rate_limited(request, response);
                    }
                    Outcome::from_response(response)
                }
                Err(Failure::Fatal(error)) => return Err(error.clone()),
                Err(failure) => {
                    tracing::debug!(attempt, failure = %failure, elapsed_ms = millis(first.elapsed()), "attempt failed");
                    failure.outcome()
                }
            };
            let decision = policy.decide(request.method, attempt, &outcome, first.elapsed(), fastrand::f64());
            match decision {
                RetryDecision::GiveUp(reason) => {
                    if reason != GiveUpReason::Success {
                        tracing::debug!(attempt, reason = reason.as_str(), "not retrying");
                    }
                    return result.map_err(|failure| failure.into_error(request, attempt, reason));
                }
                RetryDecision::RetryAfter(delay) => {
                    tracing::info!(attempt, retry_delay_ms = millis(delay), "retrying");
                    // Kept in case the next attempt cannot start before the deadline.
                    let error = match result {
                        Ok(response) => homecom_core::http::decode_error(&response),
                        Err(failure) => failure.into_error(request, attempt, GiveUpReason::DeadlineExceeded),
                    };
                    last = Some((error, outcome));
                    tokio::time::sleep(delay).await;
                }
            }
        }
    }

    /// The error when the next attempt could not end (or start) before the deadline: the
    /// last attempt's.
    fn give_up_at_deadline(&self, request: &HttpRequest, attempt: u32, last: Option<(Error, Outcome)>) -> Error {
        tracing::debug!(
            attempt,
            reason = GiveUpReason::DeadlineExceeded.as_str(),
            "not retrying: the next attempt cannot start before the deadline"
        );
        match last {
            Some((error, _)) => error,
            None => Error::transport(format!(
                "{}: the retry deadline passed before attempt {attempt} could start",
                request.operation.name()
            )),
        }
    }

    fn on_rate_limited(&self, request: &HttpRequest, response: &HttpResponse) {
        let retry_after = response.retry_after();
        tracing::warn!(
            retry_after_ms = retry_after.map(millis),
            request_id = response.request_id().unwrap_or(""),
            "rate limited (429)"
        );
        if let Some(pacer) = &self.inner.pacer {
            let now = self.now();
            lock(pacer).on_rate_limited(request, retry_after, now);
        }
    }
}

/// The timeout of an attempt: the per-attempt timeout, cut at what is left of the overall
/// deadline (measured from the first attempt). `None` when a retry would start at or after
/// the deadline. The first attempt is always made; a zero deadline does not cut it.
pub(crate) fn attempt_timeout(
    per_attempt: Duration,
    deadline: Option<Duration>,
    elapsed: Duration,
    attempt: u32,
) -> Option<Duration> {
    let Some(deadline) = deadline else {
        return Some(per_attempt);
    };
    let left = deadline.saturating_sub(elapsed);
    if left.is_zero() {
        return (attempt <= 1).then_some(per_attempt);
    }
    Some(per_attempt.min(left))
}

pub(crate) fn millis(d: Duration) -> u64 {
    u64::try_from(d.as_millis()).unwrap_or(u64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ms(n: u64) -> Duration {
        Duration::from_millis(n)
    }

    #[test]
    fn attempt_timeouts_respect_the_deadline() {
        assert_eq!(attempt_timeout(ms(30_000), None, ms(99_999), 5), Some(ms(30_000)));
        assert_eq!(
            attempt_timeout(ms(30_000), Some(ms(60_000)), ms(0), 1),
            Some(ms(30_000))
        );
        assert_eq!(
            attempt_timeout(ms(30_000), Some(ms(60_000)), ms(50_000), 3),
            Some(ms(10_000))
        );
        assert_eq!(attempt_timeout(ms(30_000), Some(ms(60_000)), ms(60_000), 3), None);
        assert_eq!(attempt_timeout(ms(30_000), Some(ms(60_000)), ms(70_000), 2), None);
        // The first attempt is always made.
        assert_eq!(attempt_timeout(ms(30_000), Some(ms(1_000)), ms(0), 1), Some(ms(1_000)));
        assert_eq!(
            attempt_timeout(ms(30_000), Some(Duration::ZERO), ms(0), 1),
            Some(ms(30_000))
        );
    }

    #[test]
    fn loopback_urls_are_recognised() {
        for url in [
            "http://127.0.0.1:8080",
            "http://localhost/x",
            "http://[::1]:9",
            "https://127.1.2.3",
        ] {
            assert!(is_loopback_url(url), "{url}");
        }
        for url in ["https://api.example", "https://10.0.0.1:443/p", "https://[2001:db8::1]"] {
            assert!(!is_loopback_url(url), "{url}");
        }
    }

    #[test]
    fn builder_refuses_bad_settings() {
        let config = Config::new(
            "http://127.0.0.1:1",
            "xHCSAPI.20270528T120000Z.AbCdEfGhIjKlMnOpQrStUvWxYz012345",
        )
        .expect("config");
        let err = Client::builder(config.clone())
            .attempt_timeout(Duration::ZERO)
            .build()
            .expect_err("zero timeout");
        assert_eq!(err.kind, homecom_core::ErrorKind::Config);
        for scale in [-1.0, f64::NAN, f64::INFINITY] {
            let err = Client::builder(config.clone())
                .pacer_time_scale(scale)
                .build()
                .expect_err("bad scale");
            assert_eq!(err.kind, homecom_core::ErrorKind::Config);
        }
        // A bad scale does not matter without pacing.
        assert!(
            Client::builder(config.clone())
                .pacing(false)
                .pacer_time_scale(-1.0)
                .build()
                .is_ok()
        );
        let err = Client::builder(config)
            .user_agent("bad\nagent")
            .build()
            .expect_err("bad agent");
        assert_eq!(err.kind, homecom_core::ErrorKind::Config);
    }

    #[test]
    fn client_is_send_sync_and_debug_hides_the_key() {
        fn assert_send_sync<T: Send + Sync + Clone>() {}
        assert_send_sync::<Client>();
        let key = "xHCSAPI.20270528T120000Z.AbCdEfGhIjKlMnOpQrStUvWxYz012345";
        let client = Client::new(Config::new("http://127.0.0.1:1", key).expect("config")).expect("client");
        let debug = format!("{client:?}");
        assert!(!debug.contains(key), "{debug}");
        assert!(!debug.contains("AbCdEfGhIjKlMnOpQrStUvWxYz"), "{debug}");
        assert!(debug.contains("…2345"), "{debug}");
    }
}

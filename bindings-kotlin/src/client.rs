//! [`HomeComClient`]: a handle on one `homecom_client::Client`, with `suspend` (Kotlin) /
//! `async` (Swift) methods.

use std::collections::HashMap;
use std::fmt;
use std::future::Future;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use homecom_client::homecom_core::api_keys::redact_keys_in;
use homecom_client::{Client, ClientBuilder, Config, Error, OperationId, Response, RetryPolicy};
use serde_json::{Value, json};

use crate::HomeComError;
use crate::transport::{ForeignTransport, HttpTransport};

/// The one tokio runtime of the library: every request runs on it. If the system refuses
/// its threads, every call says so (a `Transport` error) instead of crashing the app.
fn runtime() -> Result<&'static tokio::runtime::Runtime, Error> {
    static RUNTIME: OnceLock<Result<tokio::runtime::Runtime, String>> = OnceLock::new();
    RUNTIME
        .get_or_init(|| {
            tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .thread_name("homecom-kotlin")
                .enable_all()
                .build()
                .map_err(|e| e.to_string())
        })
        .as_ref()
        .map_err(|e| Error::transport(format!("the runtime of homecom-kotlin could not start: {e}")))
}

/// Aborts the spawned task when the awaiting future is dropped (a cancelled coroutine).
struct AbortOnDrop<T>(tokio::task::JoinHandle<T>);

impl<T> Drop for AbortOnDrop<T> {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// Runs `future` on the library's runtime and awaits it from any executor; dropping the
/// returned future aborts the task.
pub(crate) async fn on_runtime<T: Send + 'static>(
    future: impl Future<Output = Result<T, Error>> + Send + 'static,
) -> Result<T, HomeComError> {
    let mut task = AbortOnDrop(runtime()?.spawn(future));
    match (&mut task.0).await {
        Ok(result) => Ok(result?),
        Err(join_error) => Err(Error::transport(format!("the request task failed: {join_error}")).into()),
    }
}

/// A decoded success of `call` or `decodeResponse`. Its `toString()` shows the value with
/// any API key in it redacted (the answer of `createApiKey` carries one); `valueJson()` has
/// it in full.
#[derive(Clone, uniffi::Object)]
#[uniffi::export(Debug, Display)]
pub struct CallResult {
    value: Value,
    status: u16,
    request_id: Option<String>,
    api_version: Option<String>,
}

impl fmt::Debug for CallResult {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let value = self.value.to_string();
        write!(f, "CallResult(status={}", self.status)?;
        if let Some(id) = &self.request_id {
            write!(f, ", requestId={id}")?;
        }
        if let Some(version) = &self.api_version {
            write!(f, ", apiVersion={version}")?;
        }
        write!(f, ", value={})", redact_keys_in(&value))
    }
}

impl fmt::Display for CallResult {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self, f)
    }
}

impl From<Response<Value>> for CallResult {
    fn from(response: Response<Value>) -> Self {
        CallResult {
            value: response.value,
            status: response.status,
            request_id: response.request_id,
            api_version: response.api_version.map(|v| v.to_string()),
        }
    }
}

#[uniffi::export]
impl CallResult {
    /// The decoded body as JSON (`null` for 202/204 answers without body).
    pub fn value_json(&self) -> String {
        self.value.to_string()
    }

    /// The HTTP status.
    pub fn status(&self) -> i32 {
        i32::from(self.status)
    }

    /// The `x-request-id` of the response.
    pub fn request_id(&self) -> Option<String> {
        self.request_id.clone()
    }

    /// The `x-api-version` of the response (`MAJOR.MINOR`).
    pub fn api_version(&self) -> Option<String> {
        self.api_version.clone()
    }
}

/// How a client behaves; every field has a default (the Rust client's).
#[derive(Clone, Debug, PartialEq, uniffi::Record)]
pub struct ClientOptions {
    /// The API major version to ask for (`x-api-version`).
    #[uniffi(default = None)]
    pub api_major: Option<i32>,
    /// Extra headers sent with every request.
    #[uniffi(default = None)]
    pub headers: Option<HashMap<String, String>>,
    /// Attempts in all, the first included (default 4).
    #[uniffi(default = None)]
    pub max_attempts: Option<i32>,
    /// The backoff before the first retry, in milliseconds (default 200).
    #[uniffi(default = None)]
    pub base_delay_ms: Option<i64>,
    /// The largest backoff, in milliseconds (default 10 000).
    #[uniffi(default = None)]
    pub max_delay_ms: Option<i64>,
    /// The longest `retry-after` worth waiting for, in milliseconds (default 60 000).
    #[uniffi(default = None)]
    pub max_retry_after_ms: Option<i64>,
    /// The time budget of a call across its attempts, in milliseconds (default 60 000; 0:
    /// none, attempts and backoff alone bound a call).
    #[uniffi(default = None)]
    pub deadline_ms: Option<i64>,
    /// The timeout of one attempt, in milliseconds.
    #[uniffi(default = None)]
    pub attempt_timeout_ms: Option<i64>,
    /// Client-side pacing to the documented rate limits (default on).
    #[uniffi(default = true)]
    pub pacing: bool,
    /// Multiplies the pacer's refill intervals (tests against a faster simulator).
    #[uniffi(default = None)]
    pub pacer_time_scale: Option<f64>,
    /// How late a request may reach the server and still be within the rate limits the
    /// pacer books it for, in milliseconds (default 250).
    #[uniffi(default = None)]
    pub pacer_delay_allowance_ms: Option<i64>,
    /// The `user-agent` header.
    #[uniffi(default = None)]
    pub user_agent: Option<String>,
}

impl Default for ClientOptions {
    fn default() -> Self {
        ClientOptions {
            api_major: None,
            headers: None,
            max_attempts: None,
            base_delay_ms: None,
            max_delay_ms: None,
            max_retry_after_ms: None,
            deadline_ms: None,
            attempt_timeout_ms: None,
            pacing: true,
            pacer_time_scale: None,
            pacer_delay_allowance_ms: None,
            user_agent: None,
        }
    }
}

impl ClientOptions {
    fn retry_policy(&self) -> Result<RetryPolicy, Error> {
        let mut policy = RetryPolicy::default();
        if let Some(n) = self.max_attempts {
            policy.max_attempts = u32::try_from(n).map_err(|_| Error::config("maxAttempts must not be negative"))?;
        }
        if let Some(ms) = self.base_delay_ms {
            policy.base_delay = millis("baseDelayMs", ms)?;
        }
        if let Some(ms) = self.max_delay_ms {
            policy.max_delay = millis("maxDelayMs", ms)?;
        }
        if let Some(ms) = self.max_retry_after_ms {
            policy.max_retry_after = millis("maxRetryAfterMs", ms)?;
        }
        if let Some(ms) = self.deadline_ms {
            policy.deadline = (ms != 0).then(|| millis("deadlineMs", ms)).transpose()?;
        }
        Ok(policy)
    }
}

fn millis(what: &str, ms: i64) -> Result<Duration, Error> {
    u64::try_from(ms)
        .map(Duration::from_millis)
        .map_err(|_| Error::config(format!("{what} must not be negative")))
}

/// A client of the Partner API. Thread-safe; share one per application.
#[derive(Debug, uniffi::Object)]
pub struct HomeComClient {
    client: Client,
}

impl HomeComClient {
    async fn run(&self, op: OperationId, input: Value) -> Result<Arc<CallResult>, HomeComError> {
        let client = self.client.clone();
        on_runtime(async move {
            client
                .execute_json(op, &input)
                .await
                .map(|r| Arc::new(CallResult::from(r)))
        })
        .await
    }

    /// The Rust client.
    pub(crate) fn client(&self) -> &Client {
        &self.client
    }
}

#[uniffi::export]
impl HomeComClient {
    /// A client of the API at `base_url` (`https://…`, or loopback `http://` for the
    /// simulator) with `api_key` (`null`: none, for `getHealth` only) and the installer's
    /// `user_id` (sent as `x-user-id`, needed by appliance operations). `transport`: the
    /// HTTP stack to send with (`null`: the built-in one); pacing and retries stay in the
    /// client either way. Throws `Config`.
    #[uniffi::constructor(default(user_id = None, options = None, transport = None))]
    pub fn new(
        base_url: String,
        api_key: Option<String>,
        user_id: Option<String>,
        options: Option<ClientOptions>,
        transport: Option<Arc<dyn HttpTransport>>,
    ) -> Result<Self, HomeComError> {
        let options = options.unwrap_or_default();
        let mut headers: Vec<(String, String)> = options.headers.clone().into_iter().flatten().collect();
        headers.sort();
        let config = Config::from_parts(
            &base_url,
            api_key.as_deref(),
            user_id.as_deref(),
            crate::api_major(options.api_major)?,
            &headers,
        )?;
        let mut builder = ClientBuilder::new(config)
            .pacing(options.pacing)
            .retry_policy(options.retry_policy()?);
        if let Some(ms) = options.attempt_timeout_ms {
            builder = builder.attempt_timeout(millis("attemptTimeoutMs", ms)?);
        }
        if let Some(scale) = options.pacer_time_scale {
            builder = builder.pacer_time_scale(scale);
        }
        if let Some(ms) = options.pacer_delay_allowance_ms {
            builder = builder.pacer_delay_allowance(millis("pacerDelayAllowanceMs", ms)?);
        }
        if let Some(user_agent) = options.user_agent {
            builder = builder.user_agent(user_agent);
        }
        if let Some(transport) = transport {
            builder = builder.transport(Arc::new(ForeignTransport(transport)));
        }
        // reqwest's connection pool wants the runtime's context when it is set up.
        let _guard = runtime()?.enter();
        Ok(HomeComClient {
            client: builder.build()?,
        })
    }

    /// Executes any of the 37 operations by `operationId` (e.g. `getDhwCircuit`) with its
    /// input as JSON (`{"gatewayId": …, "circuitId": …, "body": {…}}`). Validation runs
    /// before any IO; retries and pacing follow the options. Cancelling the coroutine
    /// cancels the request.
    pub async fn call(&self, operation: String, input_json: String) -> Result<Arc<CallResult>, HomeComError> {
        let op = crate::operation(&operation)?;
        let input = crate::input_json(op, &input_json)?;
        self.run(op, input).await
    }

    /// Switches this client to another API key (checked like any key).
    pub fn set_api_key(&self, api_key: String) -> Result<(), HomeComError> {
        Ok(self.client.set_api_key(&api_key)?)
    }

    /// `{baseUrl, userId, apiMajor, apiKey (redacted), attemptTimeoutMs}` as JSON.
    pub fn describe(&self) -> String {
        let config = self.client.config();
        json!({
            "baseUrl": config.base_url(),
            "userId": config.user_id(),
            "apiMajor": config.api_major(),
            "apiKey": config.api_key().map(|k| k.to_string()),
            "attemptTimeoutMs": self.client.attempt_timeout().as_millis() as u64,
        })
        .to_string()
    }
}

//! `NativeClient`: a handle on one `homecom_client::Client`, callable blocking (GIL released)
//! or from asyncio.

use std::future::Future;
use std::time::Duration;

use homecom_client::homecom_core::api_keys::ApiKeyStatus;
use homecom_client::{Client, ClientBuilder, Error, KeyRotation, RetryPolicy, unix_now};
use pyo3::prelude::*;
use serde_json::{Value, json};

use crate::{Answer, answer, input_json, lift, make_config, operation, to_py_err};

/// The one tokio runtime of the module (shared with pyo3-async-runtimes).
fn runtime() -> &'static tokio::runtime::Runtime {
    pyo3_async_runtimes::tokio::get_runtime()
}

/// How often a blocking call looks for a pending signal (Ctrl-C) while it waits.
const SIGNAL_POLL: Duration = Duration::from_millis(100);

/// Runs `future` on the runtime and waits for it with the GIL released. A signal handler
/// that raises (Ctrl-C's `KeyboardInterrupt`) cancels the call: the task is aborted, so no
/// further attempt is sent.
fn block_on<T: Send + 'static>(py: Python<'_>, future: impl Future<Output = T> + Send + 'static) -> PyResult<T> {
    let mut handle = runtime().spawn(future);
    loop {
        let done = py.detach(|| runtime().block_on(async { tokio::time::timeout(SIGNAL_POLL, &mut handle).await }));
        match done {
            Ok(Ok(value)) => return Ok(value),
            Ok(Err(join_error)) => {
                let error = Error::transport(format!("the request task failed: {join_error}"));
                return Err(to_py_err(&error));
            }
            Err(_elapsed) => {
                if let Err(signal) = py.check_signals() {
                    handle.abort();
                    return Err(signal);
                }
            }
        }
    }
}

fn duration(what: &str, secs: f64) -> Result<Duration, Error> {
    Duration::try_from_secs_f64(secs)
        .map_err(|_| Error::config(format!("{what} must be a finite, non-negative number of seconds")))
}

fn rotation_json(rotation: &KeyRotation) -> String {
    json!({
        "newKey": rotation.new_key,
        "identity": rotation.identity,
        "oldKeyId": rotation.old_key_id,
        "oldKeyDeleteError": rotation.old_key_delete_error,
    })
    .to_string()
}

fn status_json(status: Option<ApiKeyStatus>) -> Option<String> {
    status.map(|s| serde_json::to_value(s).unwrap_or(Value::Null).to_string())
}

/// A client of the Partner API. `repr()` never shows the API key.
#[pyclass(name = "NativeClient", module = "homecom_partner._native", frozen)]
pub struct NativeClient {
    client: Client,
}

#[pymethods]
impl NativeClient {
    /// A client; every argument is checked by the Rust `Config` and `ClientBuilder`
    /// (kind `Config` on refusal). `retry_policy` is the policy's JSON
    /// (`{"maxAttempts", "baseDelayMs", "maxDelayMs", "maxRetryAfterMs", "deadlineMs"}`),
    /// durations are seconds.
    #[new]
    #[pyo3(signature = (
        base_url, api_key=None, *, user_id=None, api_major=None, headers=None, retry_policy=None,
        attempt_timeout=None, pacing=true, pacer_time_scale=None, pacer_delay_allowance=None, user_agent=None
    ))]
    #[allow(clippy::too_many_arguments)] // a Python constructor with keyword arguments
    fn new(
        base_url: &str,
        api_key: Option<&str>,
        user_id: Option<&str>,
        api_major: Option<u32>,
        headers: Option<Vec<(String, String)>>,
        retry_policy: Option<&str>,
        attempt_timeout: Option<f64>,
        pacing: bool,
        pacer_time_scale: Option<f64>,
        pacer_delay_allowance: Option<f64>,
        user_agent: Option<String>,
    ) -> PyResult<Self> {
        let config = lift(make_config(base_url, api_key, user_id, api_major, headers))?;
        let mut builder = ClientBuilder::new(config).pacing(pacing);
        if let Some(policy) = retry_policy {
            let policy: RetryPolicy =
                lift(serde_json::from_str(policy).map_err(|e| Error::config(format!("invalid retry policy: {e}"))))?;
            builder = builder.retry_policy(policy);
        }
        if let Some(secs) = attempt_timeout {
            builder = builder.attempt_timeout(lift(duration("the attempt timeout", secs))?);
        }
        if let Some(scale) = pacer_time_scale {
            builder = builder.pacer_time_scale(scale);
        }
        if let Some(secs) = pacer_delay_allowance {
            builder = builder.pacer_delay_allowance(lift(duration("the pacer delay allowance", secs))?);
        }
        if let Some(user_agent) = user_agent {
            builder = builder.user_agent(user_agent);
        }
        // reqwest's connection pool needs the runtime's context when it is set up.
        let _guard = runtime().enter();
        Ok(NativeClient {
            client: lift(builder.build())?,
        })
    }

    /// Executes an operation and waits for it, with the GIL released:
    /// `(value_json, status, request_id, api_version)`.
    fn call(&self, py: Python<'_>, op: &str, input: &str) -> PyResult<Answer> {
        let op = lift(operation(op))?;
        let input = lift(input_json(op, input))?;
        let client = self.client.clone();
        let result = block_on(py, async move { client.execute_json(op, &input).await })?;
        lift(result).map(answer)
    }

    /// Executes an operation on the runtime and returns an awaitable for the running asyncio
    /// loop. Cancelling the awaitable cancels the request.
    fn call_async<'py>(&self, py: Python<'py>, op: &str, input: &str) -> PyResult<Bound<'py, PyAny>> {
        let op = lift(operation(op))?;
        let input = lift(input_json(op, input))?;
        let client = self.client.clone();
        pyo3_async_runtimes::tokio::future_into_py(py, async move {
            client
                .execute_json(op, &input)
                .await
                .map(answer)
                .map_err(|e| to_py_err(&e))
        })
    }

    /// Rotates the API key (create, verify, switch, delete the old one), blocking. JSON:
    /// `{newKey, identity, oldKeyId, oldKeyDeleteError}`.
    fn rotate_api_key(&self, py: Python<'_>) -> PyResult<String> {
        let client = self.client.clone();
        let result = block_on(py, async move { client.rotate_api_key().await })?;
        lift(result).map(|rotation| rotation_json(&rotation))
    }

    /// [`NativeClient::rotate_api_key`] for asyncio.
    fn rotate_api_key_async<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let client = self.client.clone();
        pyo3_async_runtimes::tokio::future_into_py(py, async move {
            client
                .rotate_api_key()
                .await
                .map(|rotation| rotation_json(&rotation))
                .map_err(|e| to_py_err(&e))
        })
    }

    /// Switches this client to another key (checked like any key).
    fn set_api_key(&self, api_key: &str) -> PyResult<()> {
        lift(self.client.set_api_key(api_key))
    }

    /// `{redacted, expiresAt, daysLeft, expired}` of the current key as JSON, or `None`.
    fn api_key_info(&self) -> Option<String> {
        status_json(self.client.api_key_status(unix_now()))
    }

    /// `{baseUrl, userId, apiMajor, apiKey (redacted), attemptTimeout, retryPolicy}` as JSON.
    fn describe(&self) -> String {
        let config = self.client.config();
        json!({
            "baseUrl": config.base_url(),
            "userId": config.user_id(),
            "apiMajor": config.api_major(),
            "apiKey": config.api_key().map(|k| k.to_string()),
            "attemptTimeout": self.client.attempt_timeout().as_secs_f64(),
            "retryPolicy": self.client.retry_policy(),
        })
        .to_string()
    }

    fn __repr__(&self) -> String {
        format!("<{:?}>", self.client)
    }
}

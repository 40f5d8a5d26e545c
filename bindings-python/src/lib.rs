//! `homecom_partner._native`: the pyo3 glue between Python and the SDK's Rust crates.
//!
//! It only translates. Values cross the boundary as JSON text (the core's own JSON entry
//! points), errors as one exception, [`NativeError`], whose single argument is the core
//! [`Error`] serialised as JSON (`kind`, `status`, `requestId`, `apiVersion`, `message`,
//! `violations`, `uncheckedRules`, `retryAfter`, `rawBody`). The Python package
//! (`homecom_partner`) maps it to its exception hierarchy and turns values into models.
//!
//! One tokio runtime (pyo3-async-runtimes' global multi-thread runtime) runs every request:
//! blocking calls wait for it with the GIL released, asyncio calls complete an asyncio
//! future from it.

mod client;
mod logging;

use homecom_client::homecom_core::api_keys::ApiKey;
use homecom_client::homecom_core::onboarding::{self, Brand, SessionId};
use homecom_client::homecom_core::webhooks::{self, Event, WebhookAuth};
use homecom_client::homecom_core::{data_points, time, validation};
use homecom_client::{Config, Error, HttpResponse, OperationId, Response, unix_now};
use pyo3::exceptions::PyException;
use pyo3::prelude::*;
use serde_json::{Value, json};

pyo3::create_exception!(
    _native,
    NativeError,
    PyException,
    "An SDK error; args[0] is the core error as JSON. The Python layer raises its own types."
);

/// The Python exception carrying `error` as JSON.
pub(crate) fn to_py_err(error: &Error) -> PyErr {
    let text = serde_json::to_string(error).unwrap_or_else(|e| {
        json!({"kind": "Decode", "message": format!("could not encode an error: {e}")}).to_string()
    });
    NativeError::new_err(text)
}

/// Shorthand: a core result as a Python result.
pub(crate) fn lift<T>(result: Result<T, Error>) -> PyResult<T> {
    result.map_err(|e| to_py_err(&e))
}

/// The operation named `name` (its camelCase `operationId`).
pub(crate) fn operation(name: &str) -> Result<OperationId, Error> {
    OperationId::named(name)
}

/// Parses the JSON text the Python layer produced for an operation's input.
pub(crate) fn input_json(op: OperationId, text: &str) -> Result<Value, Error> {
    op.input_from_text(text)
}

fn to_text<T: serde::Serialize>(value: &T) -> PyResult<String> {
    lift(serde_json::to_string(value).map_err(|e| Error::decode(format!("could not encode a value: {e}"))))
}

/// A decoded success as `(value_json, status, request_id, api_version)`.
pub(crate) type Answer = (String, u16, Option<String>, Option<String>);

pub(crate) fn answer(response: Response<Value>) -> Answer {
    (
        response.value.to_string(),
        response.status,
        response.request_id,
        response.api_version.map(|v| v.to_string()),
    )
}

/// A configuration from its parts (the same rules as the Rust `Config`).
pub(crate) fn make_config(
    base_url: &str,
    api_key: Option<&str>,
    user_id: Option<&str>,
    api_major: Option<u32>,
    headers: Option<Vec<(String, String)>>,
) -> Result<Config, Error> {
    Config::from_parts(base_url, api_key, user_id, api_major, &headers.unwrap_or_default())
}

/// Every operation of the core's table as JSON (see `operation_table`): `[{name, method, path,
/// deprecated, remoteControl}]`.
#[pyfunction]
fn operations() -> String {
    homecom_client::homecom_core::operation::operation_table().to_string()
}

/// Validates an operation's input (JSON) without building a request: the report as JSON
/// (`violations`, `uncheckedRules`). Raises only for input of the wrong shape.
#[pyfunction]
fn check(op: &str, input: &str) -> PyResult<String> {
    let op = lift(operation(op))?;
    let report = lift(op.check_json(&lift(input_json(op, input))?))?;
    to_text(&report)
}

/// Builds the request of an operation (validation first) for a caller's own transport: the
/// request as JSON (`operation`, `method`, `url`, `path`, `headers`, `body`). The headers
/// carry the API key in clear, for sending.
#[pyfunction]
#[pyo3(signature = (op, input, base_url, api_key=None, user_id=None, api_major=None, headers=None))]
fn build(
    op: &str,
    input: &str,
    base_url: &str,
    api_key: Option<&str>,
    user_id: Option<&str>,
    api_major: Option<u32>,
    headers: Option<Vec<(String, String)>>,
) -> PyResult<String> {
    let op = lift(operation(op))?;
    let config = lift(make_config(base_url, api_key, user_id, api_major, headers))?;
    let request = lift(op.build_json(&config, &lift(input_json(op, input))?))?;
    to_text(&request)
}

/// Decodes an answer a caller's own transport received: `(value_json, status, request_id,
/// api_version)`, or the typed error.
#[pyfunction]
fn decode(op: &str, status: u16, headers: Vec<(String, String)>, body: Vec<u8>) -> PyResult<Answer> {
    let op = lift(operation(op))?;
    lift(op.decode_json(&HttpResponse::new(status, headers, body))).map(answer)
}

/// The bytes of a webhook body given as `bytes` or `str`.
#[derive(FromPyObject)]
enum Body {
    Bytes(Vec<u8>),
    Text(String),
}

impl Body {
    fn as_bytes(&self) -> &[u8] {
        match self {
            Body::Bytes(bytes) => bytes,
            Body::Text(text) => text.as_bytes(),
        }
    }
}

fn event_json(event: &Event) -> Value {
    json!({
        "event": event.to_json(),
        "eventType": event.event_type(),
        "gatewayId": event.gateway_id(),
        "known": event.is_known(),
        "fingerprint": event.fingerprint(),
    })
}

/// A parsed webhook event, held in Rust: the wire form and the fingerprint are made only
/// when asked for, so parsing costs what the core's parser costs.
#[pyclass(frozen, name = "Event")]
struct NativeEvent {
    event: Event,
}

#[pymethods]
impl NativeEvent {
    /// The `eventType`.
    #[getter]
    fn event_type(&self) -> &str {
        self.event.event_type()
    }

    /// The `gatewayId`, if the event has one.
    #[getter]
    fn gateway_id(&self) -> Option<&str> {
        self.event.gateway_id()
    }

    /// Whether the SDK knows the event type.
    #[getter]
    fn known(&self) -> bool {
        self.event.is_known()
    }

    /// The fingerprint: lowercase hex SHA-256 of the event's canonical JSON.
    fn fingerprint(&self) -> String {
        self.event.fingerprint()
    }

    /// The wire form as Python objects (dict, list, str, int, float, bool, None).
    fn data<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.event.to_json())
    }
}

/// Parses one webhook event into a native [`NativeEvent`].
#[pyfunction]
fn parse_event(body: Body) -> PyResult<NativeEvent> {
    Ok(NativeEvent {
        event: lift(webhooks::parse_event(body.as_bytes()))?,
    })
}

/// Parses a JSON array of events (or one event).
#[pyfunction]
fn parse_events(body: Body) -> PyResult<Vec<NativeEvent>> {
    Ok(lift(webhooks::parse_events(body.as_bytes()))?
        .into_iter()
        .map(|event| NativeEvent { event })
        .collect())
}

/// A JSON value as Python objects (dict, list, str, int, float, bool, None).
fn to_py<'py>(py: Python<'py>, value: &Value) -> PyResult<Bound<'py, PyAny>> {
    use pyo3::types::{PyDict, PyList};
    Ok(match value {
        Value::Null => py.None().into_bound(py),
        Value::Bool(b) => b.into_pyobject(py)?.to_owned().into_any(),
        Value::Number(n) => match (n.as_i64(), n.as_u64()) {
            (Some(i), _) => i.into_pyobject(py)?.into_any(),
            (None, Some(u)) => u.into_pyobject(py)?.into_any(),
            _ => n.as_f64().unwrap_or(f64::NAN).into_pyobject(py)?.into_any(),
        },
        Value::String(text) => text.into_pyobject(py)?.into_any(),
        Value::Array(items) => {
            let list = PyList::empty(py);
            for item in items {
                list.append(to_py(py, item)?)?;
            }
            list.into_any()
        }
        Value::Object(map) => {
            let dict = PyDict::new(py);
            for (key, item) in map {
                dict.set_item(key, to_py(py, item)?)?;
            }
            dict.into_any()
        }
    })
}

/// The fingerprint of a webhook body (one event): lowercase hex SHA-256 of its canonical JSON.
#[pyfunction]
fn fingerprint(body: Body) -> PyResult<String> {
    Ok(lift(webhooks::parse_event(body.as_bytes()))?.fingerprint())
}

/// The canonical JSON text of a JSON value (sorted keys, ECMAScript numbers).
#[pyfunction]
fn canonical_json(value: &str) -> PyResult<String> {
    let value: Value = lift(serde_json::from_str(value).map_err(|e| Error::decode(format!("not JSON: {e}"))))?;
    Ok(webhooks::canonical_json(&value))
}

pub(crate) fn webhook_auth(secret_header: Option<(String, String)>, basic: Option<(String, String)>) -> WebhookAuth {
    WebhookAuth::from_parts(secret_header, basic)
}

/// Checks the headers of a webhook call; raises (kind `WebhookAuth`, or `Config` for a
/// configuration that would accept anyone) when a configured check fails.
#[pyfunction]
#[pyo3(signature = (headers, secret_header=None, basic=None))]
fn verify_webhook(
    headers: Vec<(String, String)>,
    secret_header: Option<(String, String)>,
    basic: Option<(String, String)>,
) -> PyResult<()> {
    lift(webhook_auth(secret_header, basic).verify(&headers))
}

/// A thread-safe webhook receiver: authentication, parsing and de-duplication.
#[pyclass(name = "WebhookReceiver", module = "homecom_partner._native", frozen)]
struct PyWebhookReceiver {
    inner: homecom_client::WebhookReceiver,
}

#[pymethods]
impl PyWebhookReceiver {
    #[new]
    #[pyo3(signature = (secret_header=None, basic=None, window=None))]
    fn new(secret_header: Option<(String, String)>, basic: Option<(String, String)>, window: Option<usize>) -> Self {
        let mut inner = homecom_client::WebhookReceiver::new(webhook_auth(secret_header, basic));
        if let Some(window) = window {
            inner = inner.with_window(window);
        }
        PyWebhookReceiver { inner }
    }

    /// Handles one call: `(status, received_json | None, error_json | None)`, where the
    /// status is what to answer (200, 400, 401, 500) and `received_json` is
    /// `{event, eventType, gatewayId, known, fingerprint, duplicate}`.
    fn handle(&self, headers: Vec<(String, String)>, body: Body) -> (u16, Option<String>, Option<String>) {
        let result = self.inner.handle(&headers, body.as_bytes());
        let status = homecom_client::WebhookReceiver::status_code(&result);
        match result {
            Ok(received) => {
                let mut value = event_json(&received.event);
                value["duplicate"] = Value::Bool(received.duplicate);
                (status, Some(value.to_string()), None)
            }
            Err(error) => (status, None, Some(serde_json::to_string(&error).unwrap_or_default())),
        }
    }

    fn __repr__(&self) -> String {
        format!("<{:?}>", self.inner)
    }
}

/// Looks a data point key up in the catalog: `{key, entry, circuit, heatSource,
/// holidayModeId, known}` as JSON.
#[pyfunction]
fn lookup(key: &str) -> PyResult<String> {
    let found = data_points::lookup(key);
    let mut value = lift(serde_json::to_value(&found).map_err(|e| Error::decode(e.to_string())))?;
    value["known"] = Value::Bool(found.is_known());
    Ok(value.to_string())
}

fn unix_time(now: Option<&str>) -> Result<time::UnixTime, Error> {
    match now {
        None => Ok(unix_now()),
        Some(text) => {
            time::parse_timestamp(text).ok_or_else(|| Error::config(format!("{text:?} is not an RFC 3339 timestamp")))
        }
    }
}

/// What the SDK can say about an API key without showing it: `{redacted, expiresAt,
/// daysLeft, expired}` as JSON, at `now` (RFC 3339; default: the system clock).
#[pyfunction]
#[pyo3(signature = (key, now=None))]
fn api_key_info(key: &str, now: Option<&str>) -> PyResult<String> {
    let key = lift(ApiKey::parse(key))?;
    to_text(&key.info(lift(unix_time(now))?))
}

/// A key shown as `xHCSAPI.…abcd`, whatever it is.
#[pyfunction]
fn redact_key(key: &str) -> String {
    homecom_client::homecom_core::api_keys::redact(key)
}

/// `text` with every API key in it redacted (the core's `redact_keys_in`).
#[pyfunction]
fn redact_keys_in(text: &str) -> String {
    homecom_client::homecom_core::api_keys::redact_keys_in(text).into_owned()
}

/// A header value as it may be shown: redacted for a header that carries a secret.
#[pyfunction]
fn shown_header_value(name: &str, value: &str) -> String {
    homecom_client::homecom_core::http::shown_header_value(name, value)
}

/// A session id from random bytes the caller drew (16–64, e.g. `os.urandom(16)`).
#[pyfunction]
fn session_id_from_bytes(bytes: Vec<u8>) -> PyResult<String> {
    Ok(lift(SessionId::from_random_bytes(&bytes))?.as_str().to_owned())
}

/// The invite link of the brand's Gateway Management Portal.
#[pyfunction]
fn invite_link(brand: &str, company_id: &str, redirect_uri: &str, session_id: &str) -> PyResult<String> {
    let brand: Brand = lift(brand.parse())?;
    let session = lift(SessionId::parse(session_id))?;
    lift(onboarding::invite_link(brand, company_id, redirect_uri, &session))
}

/// Reads the URL the customer came back to: `{gatewayId, contractStatus, sessionId}` as JSON.
#[pyfunction]
fn parse_redirect(url: &str, expected_session_id: &str) -> PyResult<String> {
    let expected = lift(SessionId::parse(expected_session_id))?;
    to_text(&lift(onboarding::parse_redirect(url, &expected))?)
}

/// Every validation rule of the core, as a JSON array.
#[pyfunction]
fn all_rules() -> PyResult<String> {
    to_text(&validation::all_rules())
}

/// The version of the native crates.
#[pyfunction]
fn version() -> &'static str {
    env!("CARGO_PKG_VERSION")
}

#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("NativeError", m.py().get_type::<NativeError>())?;
    m.add_class::<client::NativeClient>()?;
    m.add_class::<PyWebhookReceiver>()?;
    m.add_class::<NativeEvent>()?;
    m.add_function(wrap_pyfunction!(operations, m)?)?;
    m.add_function(wrap_pyfunction!(check, m)?)?;
    m.add_function(wrap_pyfunction!(build, m)?)?;
    m.add_function(wrap_pyfunction!(decode, m)?)?;
    m.add_function(wrap_pyfunction!(parse_event, m)?)?;
    m.add_function(wrap_pyfunction!(parse_events, m)?)?;
    m.add_function(wrap_pyfunction!(fingerprint, m)?)?;
    m.add_function(wrap_pyfunction!(canonical_json, m)?)?;
    m.add_function(wrap_pyfunction!(verify_webhook, m)?)?;
    m.add_function(wrap_pyfunction!(lookup, m)?)?;
    m.add_function(wrap_pyfunction!(api_key_info, m)?)?;
    m.add_function(wrap_pyfunction!(redact_key, m)?)?;
    m.add_function(wrap_pyfunction!(redact_keys_in, m)?)?;
    m.add_function(wrap_pyfunction!(shown_header_value, m)?)?;
    m.add_function(wrap_pyfunction!(session_id_from_bytes, m)?)?;
    m.add_function(wrap_pyfunction!(invite_link, m)?)?;
    m.add_function(wrap_pyfunction!(parse_redirect, m)?)?;
    m.add_function(wrap_pyfunction!(all_rules, m)?)?;
    m.add_function(wrap_pyfunction!(version, m)?)?;
    m.add_function(wrap_pyfunction!(logging::install_logging, m)?)?;
    Ok(())
}

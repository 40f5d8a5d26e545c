//! `libhomecom_kotlin`: the UniFFI glue between Kotlin (JVM, Android) or Swift and the SDK's
//! Rust crates.
//!
//! It only translates, like the Python binding. Models cross the boundary as JSON text (the
//! core's own JSON entry points); errors as one enum, [`HomeComError`], with one variant per
//! kind of the core taxonomy, each carrying everything the core error knows (in Kotlin:
//! `HomeComException.ConsentOutdated`, ...; the core's `message` is `detail` there, since
//! `message` belongs to `Throwable`).
//!
//! Requests run on one tokio runtime owned by this library (`runtime()`); an `async` method
//! spawns the request there and awaits it, and dropping the future (a cancelled coroutine or
//! Swift task) aborts the request: no further attempt is sent.

mod client;
mod error;
mod ops;
mod transport;

pub use client::{CallResult, ClientOptions, HomeComClient};
pub use error::{HomeComError, ViolationRecord};
pub use transport::{HttpHeader, HttpRequestRecord, HttpResponseRecord, HttpTransport, TransportError};

use homecom_client::homecom_core::api_keys::ApiKey;
use homecom_client::homecom_core::onboarding::{self, Brand, SessionId};
use homecom_client::homecom_core::webhooks::{self, Event};
use homecom_client::homecom_core::{data_points, time, validation};
use homecom_client::{Error, OperationId, unix_now};
use serde_json::Value;

uniffi::setup_scaffolding!();

/// The operation named `name` (its camelCase `operationId`).
pub(crate) fn operation(name: &str) -> Result<OperationId, Error> {
    OperationId::named(name)
}

/// Parses the JSON text of an operation's input.
pub(crate) fn input_json(op: OperationId, text: &str) -> Result<Value, Error> {
    op.input_from_text(text)
}

fn to_text<T: serde::Serialize>(value: &T) -> Result<String, HomeComError> {
    serde_json::to_string(value).map_err(|e| Error::decode(format!("could not encode a value: {e}")).into())
}

/// Every operation of the core's table as JSON (see `operation_table`): `[{name, method, path,
/// deprecated, remoteControl}]`.
#[uniffi::export]
pub fn operations() -> String {
    homecom_client::homecom_core::operation::operation_table().to_string()
}

/// The result of validating an input without any IO.
#[derive(Clone, Debug, PartialEq, uniffi::Record)]
pub struct CheckReport {
    /// Every broken rule.
    pub violations: Vec<ViolationRecord>,
    /// Codes of the rules that could not be checked for lack of state (a blind patch).
    pub unchecked_rules: Vec<String>,
}

/// Validates an operation's input (JSON) without building a request. Throws only for an
/// unknown operation (`Config`) or input of the wrong shape (`Validation`).
#[uniffi::export]
pub fn check(operation: String, input_json: String) -> Result<CheckReport, HomeComError> {
    let op = crate::operation(&operation)?;
    let report = op.check_json(&crate::input_json(op, &input_json)?)?;
    Ok(CheckReport {
        violations: report.violations.into_iter().map(ViolationRecord::from).collect(),
        unchecked_rules: report.unchecked_rules,
    })
}

/// One parsed webhook event.
#[derive(Clone, Debug, PartialEq, uniffi::Record)]
pub struct WebhookEvent {
    /// The event as JSON.
    pub event_json: String,
    /// Its `eventType` (also for types this SDK does not know).
    pub event_type: String,
    /// The gateway it concerns, when it names one.
    pub gateway_id: Option<String>,
    /// Whether the SDK knows this event type.
    pub known: bool,
    /// Lowercase hex SHA-256 of the canonical JSON, for de-duplication.
    pub fingerprint: String,
}

impl From<&Event> for WebhookEvent {
    fn from(event: &Event) -> Self {
        WebhookEvent {
            event_json: event.to_json().to_string(),
            event_type: event.event_type().to_string(),
            gateway_id: event.gateway_id().map(|id| id.to_string()),
            known: event.is_known(),
            fingerprint: event.fingerprint(),
        }
    }
}

/// Parses one webhook event (the body of a webhook call).
#[uniffi::export]
pub fn parse_event(body: String) -> Result<WebhookEvent, HomeComError> {
    Ok(WebhookEvent::from(&webhooks::parse_event(body.as_bytes())?))
}

/// Parses a JSON array of events (or one event).
#[uniffi::export]
pub fn parse_events(body: String) -> Result<Vec<WebhookEvent>, HomeComError> {
    Ok(webhooks::parse_events(body.as_bytes())?
        .iter()
        .map(WebhookEvent::from)
        .collect())
}

/// Looks a data point key up in the catalog: `{key, entry, circuit, heatSource,
/// holidayModeId, known}` as JSON.
#[uniffi::export]
pub fn lookup_data_point(key: String) -> Result<String, HomeComError> {
    let found = data_points::lookup(&key);
    let mut value = serde_json::to_value(&found).map_err(|e| Error::decode(e.to_string()))?;
    value["known"] = Value::Bool(found.is_known());
    Ok(value.to_string())
}

/// What the SDK can say about an API key without showing it: `{redacted, expiresAt,
/// daysLeft, expired}` as JSON, at `now` (RFC 3339; `null`: the system clock).
#[uniffi::export]
pub fn api_key_info(key: String, now: Option<String>) -> Result<String, HomeComError> {
    let key = ApiKey::parse(&key)?;
    let now = match now {
        None => unix_now(),
        Some(text) => time::parse_timestamp(&text)
            .ok_or_else(|| Error::config(format!("{text:?} is not an RFC 3339 timestamp")))?,
    };
    to_text(&key.info(now))
}

/// A key shown as `xHCSAPI.…abcd`, whatever it is.
#[uniffi::export]
pub fn redact_key(key: String) -> String {
    homecom_client::homecom_core::api_keys::redact(&key)
}

/// A session id from random bytes the caller drew (16–64, e.g. `SecureRandom`).
#[uniffi::export]
pub fn session_id_from_bytes(bytes: Vec<u8>) -> Result<String, HomeComError> {
    Ok(SessionId::from_random_bytes(&bytes)?.as_str().to_owned())
}

/// The invite link of the brand's Gateway Management Portal (`brand`: e.g. `BOSCH`).
#[uniffi::export]
pub fn invite_link(
    brand: String,
    company_id: String,
    redirect_uri: String,
    session_id: String,
) -> Result<String, HomeComError> {
    let brand: Brand = brand.parse()?;
    let session = SessionId::parse(&session_id)?;
    Ok(onboarding::invite_link(brand, &company_id, &redirect_uri, &session)?)
}

/// Reads the URL the customer came back to: `{gatewayId, contractStatus, sessionId}` as JSON.
#[uniffi::export]
pub fn parse_redirect(url: String, expected_session_id: String) -> Result<String, HomeComError> {
    let expected = SessionId::parse(&expected_session_id)?;
    to_text(&onboarding::parse_redirect(&url, &expected)?)
}

/// Every validation rule of the core, as a JSON array.
#[uniffi::export]
pub fn all_rules() -> Result<String, HomeComError> {
    to_text(&validation::all_rules())
}

/// The version of the native crates.
#[uniffi::export]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_owned()
}

//! `libhomecom_kotlin`: the UniFFI glue between Kotlin (JVM, Android) or Swift and the SDK's
//! Rust crates.
//!
//! It only translates, like the Python binding. The models are the core's own types, declared
//! to UniFFI as remote records and enums (`models.rs`, generated from the core's sources);
//! errors cross as one enum, [`HomeComError`], with one variant per kind of the core taxonomy,
//! each carrying everything the core error knows (in Kotlin: `HomeComException.ConsentOutdated`,
//! ...; the core's `message` is `detail` there, since `message` belongs to `Throwable`).
//!
//! Requests run on one tokio runtime owned by this library (`runtime()`); an `async` method
//! spawns the request there and awaits it, and dropping the future (a cancelled coroutine or
//! Swift task) aborts the request: no further attempt is sent.

mod client;
mod custom_types;
mod error;
mod models;
mod ops;
mod sans_io;
mod transport;
mod validators;
mod webhooks;

pub use client::{CallResult, ClientOptions, HomeComClient};
pub use custom_types::{ExtraFields, JsonValue, OverridingModes};
pub use error::{HomeComError, Violation};
pub use ops::{ApiKeyCreated, ApiKeyRotation};
pub use sans_io::{build_request, decode_response};
pub use transport::{HttpHeader, HttpResponseRecord, HttpTransport, OutgoingRequest, TransportError};
pub use webhooks::{WebhookEvent, WebhookReceiver, WebhookResult, fingerprint, parse_event, parse_events};

use homecom_client::homecom_core::api_keys::{ApiKey, ApiKeyStatus};
use homecom_client::homecom_core::onboarding::{self, Brand, OnboardingRedirect, SessionId};
use homecom_client::homecom_core::time_programs::{Level, SwitchPoint, TimeProgram};
use homecom_client::homecom_core::{data_points, time, validation};
use homecom_client::{Error, OperationId, unix_now};
use serde_json::Value;

uniffi::setup_scaffolding!();

/// The operation named `name` (its camelCase `operationId`).
pub(crate) fn operation(name: &str) -> Result<OperationId, Error> {
    OperationId::named(name)
}

/// The `apiMajor` a Kotlin caller gave (an `Int`), as the core's `u32`.
pub(crate) fn api_major(major: Option<i32>) -> Result<Option<u32>, Error> {
    major
        .map(|m| u32::try_from(m).map_err(|_| Error::config("apiMajor must not be negative")))
        .transpose()
}

/// An HTTP status a Kotlin caller gave (an `Int`), if it is one (100–999).
pub(crate) fn http_status(status: i32) -> Option<u16> {
    u16::try_from(status).ok().filter(|s| (100..=999).contains(s))
}

/// Parses the JSON text of an operation's input.
pub(crate) fn input_json(op: OperationId, text: &str) -> Result<Value, Error> {
    op.input_from_text(text)
}

/// One operation of the API, as the core's table describes it.
#[derive(Clone, Debug, PartialEq, uniffi::Record)]
pub struct OperationInfo {
    /// The `operationId`, e.g. `getDhwCircuit` (also the client's method name).
    pub name: String,
    /// `GET`, `POST`, `PUT`, `PATCH` or `DELETE`.
    pub method: String,
    /// The path template, e.g. `/hvacs/{gatewayId}/dhwCircuits/{circuitId}`.
    pub path: String,
    /// The path parameters, in path order.
    pub path_params: Vec<String>,
    /// The documented success status (200, 201, 202 or 204).
    pub success_status: i32,
    /// Whether the API deprecated it.
    pub deprecated: bool,
    /// Whether it controls an appliance remotely (consent and rate rules apply).
    pub remote_control: bool,
    /// Whether it may be retried after a failure that left its fate unknown.
    pub idempotent: bool,
}

/// Every one of the 37 operations, in the order of the core's table.
#[uniffi::export]
pub fn operations() -> Vec<OperationInfo> {
    OperationId::ALL
        .iter()
        .map(|id| {
            let spec = id.spec();
            OperationInfo {
                name: spec.name.to_owned(),
                method: spec.method.as_str().to_owned(),
                path: spec.path.to_owned(),
                path_params: spec.path_params().into_iter().map(str::to_owned).collect(),
                success_status: i32::from(spec.success_status),
                deprecated: spec.deprecated,
                remote_control: spec.is_remote_control(),
                idempotent: spec.method.is_idempotent(),
            }
        })
        .collect()
}

/// The result of validating an input without any IO.
#[derive(Clone, Debug, PartialEq, uniffi::Record)]
pub struct ValidationReport {
    /// Every broken rule.
    pub violations: Vec<Violation>,
    /// Codes of the rules that could not be checked for lack of state (a blind patch).
    pub unchecked_rules: Vec<String>,
}

/// Validates an operation's input (JSON) without building a request. Throws only for an
/// unknown operation (`Config`) or input of the wrong shape (`Validation`).
#[uniffi::export]
pub fn check(operation: String, input_json: String) -> Result<ValidationReport, HomeComError> {
    let op = crate::operation(&operation)?;
    let report = op.check_json(&crate::input_json(op, &input_json)?)?;
    Ok(ValidationReport {
        violations: report.violations.into_iter().map(Violation::from).collect(),
        unchecked_rules: report.unchecked_rules,
    })
}

/// What the data point catalog says about a key.
#[derive(Clone, Debug, PartialEq, uniffi::Record)]
pub struct DataPointMatch {
    /// The key as given.
    pub key: String,
    /// Whether the catalog knows it.
    pub known: bool,
    /// The catalog key or pattern it matched (`hvac.heatingCircuit.hcX.…`).
    pub pattern: Option<String>,
    /// The unit (`kWh`, `W`, `°C`, …; empty for none).
    pub unit: Option<String>,
    /// The event that reports it (`DATA_POINT` or `DAILY_AGGREGATE`).
    pub event: Option<String>,
    /// The kind of its value (`NUMBER`, `ENUM`, …).
    pub kind: Option<String>,
    /// The catalog entry as JSON (kind, resolution, threshold, control units, since, …).
    pub entry_json: Option<String>,
    /// The circuit number of an `hcX`/`dhwX` key.
    pub circuit: Option<u32>,
    /// The heat source of an `hs{heatSourceId}` key.
    pub heat_source: Option<u32>,
    /// The segment that matched `{holidayModeId}`.
    pub holiday_mode_id: Option<String>,
}

/// Looks a data point key up in the catalog (any key: an unknown one is `known = false`).
#[uniffi::export]
pub fn lookup_data_point(key: String) -> DataPointMatch {
    let found = data_points::lookup(&key);
    let entry = found.entry;
    DataPointMatch {
        known: found.is_known(),
        pattern: entry.map(|e| e.pattern.to_owned()),
        unit: entry.map(|e| e.unit.to_owned()),
        event: entry
            .and_then(|e| serde_json::to_value(&e.event).ok())
            .and_then(|v| v.as_str().map(str::to_owned)),
        kind: entry
            .and_then(|e| serde_json::to_value(&e.kind).ok())
            .and_then(|v| v.as_str().map(str::to_owned)),
        entry_json: entry.and_then(|e| serde_json::to_string(e).ok()),
        key: found.key,
        circuit: found.circuit,
        heat_source: found.heat_source,
        holiday_mode_id: found.holiday_mode_id,
    }
}

/// What the SDK can say about an API key without showing it, at `now` (RFC 3339; `null`:
/// the system clock). Throws `Config` for text that is not an API key.
#[uniffi::export(default(now = None))]
pub fn api_key_info(key: String, now: Option<String>) -> Result<ApiKeyStatus, HomeComError> {
    let key = ApiKey::parse(&key)?;
    let now = match now {
        None => unix_now(),
        Some(text) => time::parse_timestamp(&text)
            .ok_or_else(|| Error::config(format!("{text:?} is not an RFC 3339 timestamp")))?,
    };
    Ok(key.info(now))
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

/// Reads the URL the customer came back to (the app's deep link or redirect URI) and checks
/// its session id against the one the invite link carried, in constant time.
#[uniffi::export]
pub fn parse_redirect(url: String, expected_session_id: String) -> Result<OnboardingRedirect, HomeComError> {
    let expected = SessionId::parse(&expected_session_id)?;
    Ok(onboarding::parse_redirect(&url, &expected)?)
}

/// One validation rule of the core's tables.
#[derive(Clone, Debug, PartialEq, uniffi::Record)]
pub struct Rule {
    /// Stable rule code, e.g. `DHW_START_BELOW_STOP`.
    pub code: String,
    /// The fields it concerns.
    pub fields: Vec<String>,
    /// The limit, in words.
    pub limit: String,
    /// What breaking it means, for people.
    pub message: String,
    /// The lowest value allowed, for a range rule.
    pub min: Option<f64>,
    /// The highest value allowed, for a range rule.
    pub max: Option<f64>,
    /// The step values must be on, for a grid rule.
    pub step: Option<f64>,
    /// Where the rule comes from (`seed`, `docs`, `assumed`).
    pub provenance: String,
}

/// Every validation rule of the core.
#[uniffi::export]
pub fn all_rules() -> Vec<Rule> {
    validation::all_rules()
        .into_iter()
        .map(|r| Rule {
            code: r.code.to_owned(),
            fields: r.fields.iter().map(|f| (*f).to_owned()).collect(),
            limit: r.limit.to_owned(),
            message: r.message.to_owned(),
            min: r.min,
            max: r.max,
            step: r.step,
            provenance: r.provenance.to_owned(),
        })
        .collect()
}

/// A header value as it may be shown to people: redacted for a header that carries a secret
/// (`x-api-key`, `authorization`, a webhook secret, …), as is otherwise. (`HttpHeader`'s
/// `toString()` in Kotlin.)
#[uniffi::export]
pub fn shown_header_value(name: String, value: String) -> String {
    homecom_client::homecom_core::http::shown_header_value(&name, &value)
}

/// The version of the native crates.
#[uniffi::export]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_owned()
}

/// A week with the same switch points on each of the seven days (the core's
/// `TimeProgram::every_day`).
#[uniffi::export]
pub fn time_program_every_day(time_program_id: Option<u32>, switch_points: Vec<SwitchPoint>) -> TimeProgram {
    let points: Vec<(&str, Level)> = switch_points
        .iter()
        .map(|p| (p.start_time.as_str(), p.level.clone()))
        .collect();
    TimeProgram::every_day(time_program_id, &points)
}

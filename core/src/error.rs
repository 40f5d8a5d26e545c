//! The one error type of the SDK (§1.2), shared by every language binding.

use core::fmt;
use std::time::Duration;

use serde::{Deserialize, Serialize};

open_enum! {
    /// What went wrong, as a stable name every binding maps to its own exception type.
    pub enum ErrorKind {
        /// 400: invalid gatewayId, body or `x-api-version`; carries the server's violations.
        BadRequest => "BadRequest",
        /// 401: missing, unknown or expired API key.
        Unauthorized => "Unauthorized",
        /// 403: the owner has not given the partner access to this appliance.
        Forbidden => "Forbidden",
        /// 404: unknown gateway, circuit, time program, holiday mode, contract or key.
        NotFound => "NotFound",
        /// 409: illegal contract transition, or an 11th valid API key.
        Conflict => "Conflict",
        /// 429: a rate limit is exhausted; see `retry_after`.
        RateLimited => "RateLimited",
        /// 451: remote control with a consent older than July 2024.
        ConsentOutdated => "ConsentOutdated",
        /// 504: the gateway is offline.
        GatewayOffline => "GatewayOffline",
        /// Any other 5xx: a server fault.
        Server => "Server",
        /// A status the API does not document (3xx, other 4xx).
        UnexpectedStatus => "UnexpectedStatus",
        /// Input broke a documented rule; detected before any IO.
        Validation => "Validation",
        /// A response body that does not match the documented shape.
        Decode => "Decode",
        /// A configuration the SDK refuses (URL, key, missing user id, ...), before any IO.
        Config => "Config",
        /// The transport failed (connection, TLS, timeout); raised by transports, not the core.
        Transport => "Transport",
        /// A webhook request failed authentication.
        WebhookAuth => "WebhookAuth",
    }
}

impl ErrorKind {
    /// The kind an HTTP error status maps to.
    pub fn from_status(status: u16) -> ErrorKind {
        match status {
            400 => ErrorKind::BadRequest,
            401 => ErrorKind::Unauthorized,
            403 => ErrorKind::Forbidden,
            404 => ErrorKind::NotFound,
            409 => ErrorKind::Conflict,
            429 => ErrorKind::RateLimited,
            451 => ErrorKind::ConsentOutdated,
            504 => ErrorKind::GatewayOffline,
            500..=599 => ErrorKind::Server,
            _ => ErrorKind::UnexpectedStatus,
        }
    }

    /// Whether this kind comes from an HTTP answer of the API.
    pub fn is_api(&self) -> bool {
        matches!(
            self,
            ErrorKind::BadRequest
                | ErrorKind::Unauthorized
                | ErrorKind::Forbidden
                | ErrorKind::NotFound
                | ErrorKind::Conflict
                | ErrorKind::RateLimited
                | ErrorKind::ConsentOutdated
                | ErrorKind::GatewayOffline
                | ErrorKind::Server
                | ErrorKind::UnexpectedStatus
        )
    }
}

/// One broken rule: a stable code, the field paths it concerns, the limit and a message.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Violation {
    /// Stable rule code, e.g. `DHW_START_BELOW_STOP`.
    pub code: String,
    /// Field paths in the request body, e.g. `ecoModeSettings.stopSetPointTemperature`.
    pub fields: Vec<String>,
    /// The limit, in words (e.g. `30.0–65.0 °C`), when the rule has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<String>,
    /// What is wrong, for people.
    pub message: String,
}

impl Violation {
    /// A violation of `code` on `fields`.
    pub fn new(code: &str, fields: Vec<String>, limit: Option<String>, message: String) -> Self {
        Violation {
            code: code.to_owned(),
            fields,
            limit,
            message,
        }
    }
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} [{}]: {}", self.fields.join(", "), self.code, self.message)
    }
}

/// The error of every SDK operation: a kind plus everything known about the failure.
///
/// It never holds a secret: API keys and webhook credentials are never copied into it.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Error {
    /// What went wrong.
    pub kind: ErrorKind,
    /// The HTTP status, for API errors.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
    /// The request id of the response (header, else body), for support cases.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
    /// The `MAJOR.MINOR` version the server reported.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub api_version: Option<String>,
    /// The server's message, or the SDK's own.
    pub message: String,
    /// Every broken rule (validation errors and 400s with violations).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub violations: Vec<Violation>,
    /// Rules that could not be checked for lack of state (a blind patch).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub unchecked_rules: Vec<String>,
    /// On 429: how long until the limit frees a token.
    #[serde(skip_serializing_if = "Option::is_none", serialize_with = "ser_secs")]
    pub retry_after: Option<Duration>,
    /// The start of a body that was not the documented JSON error (HTML, text, truncated).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub raw_body: Option<String>,
}

fn ser_secs<S: serde::Serializer>(value: &Option<Duration>, s: S) -> Result<S::Ok, S::Error> {
    match value {
        Some(d) => s.serialize_f64(d.as_secs_f64()),
        None => s.serialize_none(),
    }
}

impl Error {
    /// An error of `kind` with a message and nothing else.
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Error {
            kind,
            status: None,
            request_id: None,
            api_version: None,
            message: message.into(),
            violations: Vec::new(),
            unchecked_rules: Vec::new(),
            retry_after: None,
            raw_body: None,
        }
    }

    /// A configuration error (refused before any IO).
    pub fn config(message: impl Into<String>) -> Self {
        Error::new(ErrorKind::Config, message)
    }

    /// A decode error (the body does not match the documented shape).
    pub fn decode(message: impl Into<String>) -> Self {
        Error::new(ErrorKind::Decode, message)
    }

    /// A transport failure, for transports to raise.
    pub fn transport(message: impl Into<String>) -> Self {
        Error::new(ErrorKind::Transport, message)
    }

    /// A validation error listing every violation.
    pub fn validation(violations: Vec<Violation>, unchecked_rules: Vec<String>) -> Self {
        let message = match violations.len() {
            1 => format!("invalid input: {}", violations[0]),
            n => format!("invalid input: {n} violations: {}", join_violations(&violations)),
        };
        Error {
            violations,
            unchecked_rules,
            ..Error::new(ErrorKind::Validation, message)
        }
    }

    /// Whether the error is a validation error or a 400 listing violations.
    pub fn has_violations(&self) -> bool {
        !self.violations.is_empty()
    }
}

fn join_violations(violations: &[Violation]) -> String {
    violations.iter().map(|v| v.to_string()).collect::<Vec<_>>().join("; ")
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.kind)?;
        if let Some(status) = self.status {
            write!(f, " ({status})")?;
        }
        write!(f, ": {}", self.message)?;
        if let Some(id) = &self.request_id {
            write!(f, " [request id {id}]")?;
        }
        if let Some(d) = self.retry_after {
            write!(f, " [retry after {}s]", d.as_secs_f64())?;
        }
        Ok(())
    }
}

impl std::error::Error for Error {}

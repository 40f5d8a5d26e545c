//! [`HomeComError`]: the core error taxonomy as one UniFFI error enum.

use std::fmt;
use std::time::Duration;

use homecom_client::{Error, ErrorKind, Violation as CoreViolation};

/// One broken rule (the core's `Violation`).
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct Violation {
    /// Stable rule code, e.g. `DHW_START_BELOW_STOP`.
    pub code: String,
    /// Field paths in the request body.
    pub fields: Vec<String>,
    /// The limit, in words, when the rule has one.
    pub limit: Option<String>,
    /// What is wrong, for people.
    pub message: String,
}

impl From<CoreViolation> for Violation {
    fn from(v: CoreViolation) -> Self {
        Violation {
            code: v.code,
            fields: v.fields,
            limit: v.limit,
            message: v.message,
        }
    }
}

macro_rules! error_enum {
    ($($(#[$doc:meta])* $variant:ident),* $(,)?) => {
        /// Every SDK failure: one variant per kind of the core's taxonomy, each with every
        /// field the core error has. Never holds a secret.
        #[derive(Clone, Debug, PartialEq, uniffi::Error)]
        pub enum HomeComError {
            $(
                $(#[$doc])*
                $variant {
                    /// The core's kind name (e.g. `ConsentOutdated`).
                    kind: String,
                    /// The HTTP status, for API errors.
                    status: Option<i32>,
                    /// The request id of the response, for support cases.
                    request_id: Option<String>,
                    /// The `MAJOR.MINOR` version the server reported.
                    api_version: Option<String>,
                    /// The server's message, or the SDK's own.
                    detail: String,
                    /// Every broken rule.
                    violations: Vec<Violation>,
                    /// Rules that could not be checked for lack of state.
                    unchecked_rules: Vec<String>,
                    /// On 429: seconds until the limit frees a token.
                    retry_after: Option<f64>,
                    /// The start of a body that was not the documented JSON error.
                    raw_body: Option<String>,
                },
            )*
        }

        impl HomeComError {
            fn build(kind: &str, e: Error) -> HomeComError {
                let kind_name = kind.to_owned();
                let status = e.status.map(i32::from);
                let request_id = e.request_id;
                let api_version = e.api_version;
                let detail = e.message;
                let violations: Vec<Violation> = e.violations.into_iter().map(Violation::from).collect();
                let unchecked_rules = e.unchecked_rules;
                let retry_after = e.retry_after.map(|d| d.as_secs_f64());
                let raw_body = e.raw_body;
                match kind {
                    $(stringify!($variant) => HomeComError::$variant {
                        kind: kind_name, status, request_id, api_version, detail, violations,
                        unchecked_rules, retry_after, raw_body,
                    },)*
                    _ => HomeComError::Other {
                        kind: kind_name, status, request_id, api_version, detail, violations,
                        unchecked_rules, retry_after, raw_body,
                    },
                }
            }

            /// The core error this one was made from (for its `Display`).
            fn to_core(&self) -> Error {
                match self {
                    $(HomeComError::$variant {
                        kind, status, request_id, api_version, detail, violations,
                        unchecked_rules, retry_after, raw_body,
                    })|* => {
                        let mut e = Error::new(ErrorKind::from_wire(kind), detail.clone());
                        e.status = status.and_then(|s| u16::try_from(s).ok());
                        e.request_id = request_id.clone();
                        e.api_version = api_version.clone();
                        e.violations = violations
                            .iter()
                            .map(|v| CoreViolation::new(&v.code, v.fields.clone(), v.limit.clone(), v.message.clone()))
                            .collect();
                        e.unchecked_rules = unchecked_rules.clone();
                        e.retry_after = retry_after.and_then(|s| Duration::try_from_secs_f64(s).ok());
                        e.raw_body = raw_body.clone();
                        e
                    }
                }
            }
        }
    };
}

error_enum! {
    /// 400: invalid gatewayId, body or `x-api-version`.
    BadRequest,
    /// 401: missing, unknown or expired API key.
    Unauthorized,
    /// 403: the owner has not given the partner access to this appliance.
    Forbidden,
    /// 404: unknown gateway, circuit, time program, holiday mode, contract or key.
    NotFound,
    /// 409: illegal contract transition, or an 11th valid API key.
    Conflict,
    /// 429: a rate limit is exhausted; see `retryAfterSeconds`.
    RateLimited,
    /// 451: remote control with a consent older than July 2024.
    ConsentOutdated,
    /// 504: the gateway is offline.
    GatewayOffline,
    /// Any other 5xx.
    Server,
    /// A status the API does not document.
    UnexpectedStatus,
    /// Input broke a documented rule; detected before any IO.
    Validation,
    /// A response body that does not match the documented shape.
    Decode,
    /// A configuration the SDK refuses, before any IO.
    Config,
    /// The transport failed (connection, TLS, timeout).
    Transport,
    /// A webhook request failed authentication.
    WebhookAuth,
    /// A kind this version of the binding does not know.
    Other,
}

impl From<Error> for HomeComError {
    fn from(e: Error) -> Self {
        let kind = e.kind.as_str().to_owned();
        HomeComError::build(&kind, e)
    }
}

impl fmt::Display for HomeComError {
    /// The core error's one line (`Kind (status): message [request id …] [retry after …s]`),
    /// then each broken rule: `; fields [CODE]: message`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let core = self.to_core();
        write!(f, "{core}")?;
        for v in &core.violations {
            write!(f, "; {} [{}]: {}", v.fields.join(", "), v.code, v.message)?;
        }
        Ok(())
    }
}

impl std::error::Error for HomeComError {}

/// Whether the API answered with this error (an HTTP status: `BadRequest` … `UnexpectedStatus`),
/// rather than the SDK refusing input (`Validation`, `Config`) or the transport failing.
#[uniffi::export]
pub fn is_api_error(error: HomeComError) -> bool {
    error.to_core().kind.is_api()
}

/// The error in one readable line: `ConsentOutdated (451): … [request id req-1]; field
/// [CODE]: …` (in Kotlin also the exception's `message`, and `summary`).
#[uniffi::export]
pub fn describe_error(error: HomeComError) -> String {
    error.to_string()
}

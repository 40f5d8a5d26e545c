//! The binding's logic in plain Rust: JSON values in, JSON values or a core [`Error`] out.
//!
//! Everything here only translates between the JSON shapes of the JavaScript API and the
//! core's types; the behaviour (validation, decoding, pacing and retry decisions, webhook
//! checks) is the core's. Kept free of `JsValue` so that it is tested natively.

use std::collections::BTreeMap;
use std::time::Duration;

use homecom_core::api_keys::ApiKey;
use homecom_core::onboarding::{self, Brand, SessionId};
use homecom_core::retry::{Outcome, RetryDecision, RetryPolicy};
use homecom_core::time::UnixTime;
use homecom_core::webhooks::{self, Event, EventType, WebhookAuth};
use homecom_core::{Config, Error, ErrorKind, HttpRequest, HttpResponse, Method, OperationId, data_points};
use serde::Deserialize;
use serde_json::{Map, Value, json};

pub use homecom_core::operation::shape_error;

/// Deserialises an argument, naming it in the error.
fn arg<T: for<'de> Deserialize<'de>>(what: &str, value: &Value) -> Result<T, Error> {
    T::deserialize(value).map_err(|e| shape_error(what, e))
}

/// The operation named `name` (its `operationId`), or a configuration error.
pub fn operation(name: &str) -> Result<OperationId, Error> {
    OperationId::named(name)
}

/// The operation table: what a transport and a generated client need to know.
pub fn operations() -> Value {
    homecom_core::operation::operation_table()
}

/// The configuration object of the JavaScript API.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct ConfigInput {
    base_url: String,
    #[serde(default)]
    api_key: Option<String>,
    #[serde(default)]
    user_id: Option<String>,
    #[serde(default)]
    api_major: Option<u32>,
    #[serde(default)]
    headers: Option<BTreeMap<String, String>>,
}

/// Builds a core [`Config`] from `{baseUrl, apiKey?, userId?, apiMajor?, headers?}`.
pub fn config(value: &Value) -> Result<Config, Error> {
    let input: ConfigInput = serde_json::from_value(value.clone())
        .map_err(|e| Error::config(format!("the configuration does not have the expected shape: {e}")))?;
    let headers: Vec<(String, String)> = input.headers.into_iter().flatten().collect();
    Config::from_parts(
        &input.base_url,
        input.api_key.as_deref(),
        input.user_id.as_deref(),
        input.api_major,
        &headers,
    )
}

/// `buildRequest`: validates the input and builds the request.
pub fn build_request(op: &str, config_value: &Value, input: &Value) -> Result<HttpRequest, Error> {
    let op = operation(op)?;
    let config = config(config_value)?;
    op.build_json(&config, input)
}

/// Headers given as `[[name, value], ...]` or `{name: value}`.
pub fn headers(value: &Value) -> Result<Vec<(String, String)>, Error> {
    match value {
        Value::Null => Ok(Vec::new()),
        Value::Object(map) => map
            .iter()
            .map(|(n, v)| match v {
                Value::String(s) => Ok((n.clone(), s.clone())),
                other => Err(shape_error("a header value", format!("{n}: {other} is not a string"))),
            })
            .collect(),
        Value::Array(_) => arg("the headers", value),
        other => Err(shape_error(
            "the headers",
            format!("{other} is neither an object nor pairs"),
        )),
    }
}

/// `decodeResponse`: the typed value of a success or the typed error.
pub fn decode_response(op: &str, status: u16, headers_value: &Value, body: Vec<u8>) -> Result<Value, Error> {
    let op = operation(op)?;
    let response = HttpResponse::new(status, headers(headers_value)?, body);
    let decoded = op.decode_json(&response)?;
    serde_json::to_value(&decoded).map_err(|e| Error::decode(e.to_string()))
}

/// `check`: every violation and the rules that could not be checked.
pub fn check(op: &str, input: &Value) -> Result<Value, Error> {
    let report = operation(op)?.check_json(input)?;
    serde_json::to_value(&report).map_err(|e| Error::decode(e.to_string()))
}

/// What the pacer needs of a built request: its operation and path.
#[derive(Deserialize)]
struct PacedRequest {
    operation: OperationId,
    path: String,
}

/// The request a pacer books: rebuilt from the `operation` and `path` of a built request.
pub fn paced_request(value: &Value) -> Result<HttpRequest, Error> {
    let paced: PacedRequest = arg("the request", value)?;
    Ok(HttpRequest {
        operation: paced.operation,
        method: paced.operation.spec().method,
        url: String::new(),
        path: paced.path,
        headers: Vec::new(),
        body: None,
    })
}

/// Milliseconds (finite, not negative) as a duration.
pub fn millis(what: &str, ms: f64) -> Result<Duration, Error> {
    if !ms.is_finite() || ms < 0.0 {
        return Err(Error::config(format!(
            "{what} must be a finite, non-negative number of milliseconds"
        )));
    }
    Duration::try_from_secs_f64(ms / 1000.0).map_err(|e| Error::config(format!("{what}: {e}")))
}

/// A duration in (fractional) milliseconds.
pub fn to_millis(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1000.0
}

/// What became of an attempt, as JavaScript describes it.
#[derive(Deserialize)]
#[serde(
    tag = "kind",
    rename_all = "camelCase",
    rename_all_fields = "camelCase",
    deny_unknown_fields
)]
enum OutcomeInput {
    Status {
        status: u16,
        #[serde(default)]
        retry_after_ms: Option<f64>,
    },
    NotSent,
    Failed,
}

/// `retryDecide`: `{retry: true, delayMs}` or `{retry: false, reason}`.
pub fn retry_decide(
    policy: &Value,
    method: &str,
    attempt: u32,
    outcome: &Value,
    elapsed_ms: f64,
    random: f64,
) -> Result<Value, Error> {
    let policy: RetryPolicy = match policy {
        Value::Null => RetryPolicy::default(),
        other => serde_json::from_value(other.clone())
            .map_err(|e| Error::config(format!("the retry policy does not have the expected shape: {e}")))?,
    };
    let method: Method = serde_json::from_value(Value::String(method.to_ascii_uppercase()))
        .map_err(|_| Error::config(format!("unknown HTTP method {method:?}")))?;
    let outcome = match arg::<OutcomeInput>("the outcome", outcome)? {
        OutcomeInput::Status { status, retry_after_ms } => Outcome::Status {
            status,
            retry_after: retry_after_ms.map(|ms| millis("retryAfterMs", ms)).transpose()?,
        },
        OutcomeInput::NotSent => Outcome::NotSent,
        OutcomeInput::Failed => Outcome::Failed,
    };
    let elapsed = millis("elapsedMs", elapsed_ms)?;
    Ok(match policy.decide(method, attempt, &outcome, elapsed, random) {
        RetryDecision::RetryAfter(delay) => json!({"retry": true, "delayMs": to_millis(delay)}),
        RetryDecision::GiveUp(reason) => json!({"retry": false, "reason": reason.as_str()}),
    })
}

/// The event of a body (text or bytes) or of an already parsed object.
pub fn event_of(body: EventInput) -> Result<Event, Error> {
    match body {
        EventInput::Bytes(bytes) => webhooks::parse_event(&bytes),
        EventInput::Json(value) => Event::from_value(value),
    }
}

/// A webhook event as the JavaScript API receives it.
pub enum EventInput {
    /// The raw body (a string's UTF-8 or a `Uint8Array`).
    Bytes(Vec<u8>),
    /// An object already parsed.
    Json(Value),
}

/// The authentication a webhook receiver requires.
#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct AuthInput {
    #[serde(default)]
    secret_header: Option<SecretHeader>,
    #[serde(default)]
    basic: Option<Basic>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SecretHeader {
    name: String,
    value: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Basic {
    user: String,
    password: String,
}

/// `{secretHeader?: {name, value}, basic?: {user, password}}` as a [`WebhookAuth`].
pub fn webhook_auth(value: &Value) -> Result<WebhookAuth, Error> {
    let input: AuthInput = match value {
        Value::Null => AuthInput::default(),
        other => serde_json::from_value(other.clone()).map_err(|e| {
            Error::config(format!(
                "the webhook authentication does not have the expected shape: {e}"
            ))
        })?,
    };
    Ok(WebhookAuth::from_parts(
        input.secret_header.map(|h| (h.name, h.value)),
        input.basic.map(|b| (b.user, b.password)),
    ))
}

/// `lookupDataPoint`: the catalog match, plus `known`.
pub fn lookup_data_point(key: &str) -> Value {
    let found = data_points::lookup(key);
    let mut value = serde_json::to_value(&found).unwrap_or(Value::Null);
    if let Value::Object(map) = &mut value {
        map.insert("known".into(), Value::Bool(found.is_known()));
    }
    value
}

/// `apiKeyInfo`: what can be said about a key without showing it, at `now_ms` (Unix ms).
pub fn api_key_info(key: &str, now_ms: f64) -> Result<Value, Error> {
    if !now_ms.is_finite() {
        return Err(Error::config("now must be a finite number of milliseconds since 1970"));
    }
    let key = ApiKey::parse(key)?;
    let now = UnixTime((now_ms / 1000.0).floor() as i64);
    serde_json::to_value(key.info(now)).map_err(|e| Error::decode(e.to_string()))
}

/// `inviteLink`: the onboarding link for `brand` (`bosch`, `buderus`, `ivt`).
pub fn invite_link(brand: &str, company_id: &str, redirect_uri: &str, session_id: &str) -> Result<String, Error> {
    let brand: Brand = brand.parse()?;
    let session = SessionId::parse(session_id)?;
    onboarding::invite_link(brand, company_id, redirect_uri, &session)
}

/// `sessionIdFromBytes`: a session id from the caller's random bytes.
pub fn session_id_from_bytes(bytes: &[u8]) -> Result<String, Error> {
    Ok(SessionId::from_random_bytes(bytes)?.as_str().to_owned())
}

/// `parseRedirect`: what the customer's return to the redirect URI says.
pub fn parse_redirect(url: &str, expected_session_id: &str) -> Result<Value, Error> {
    let expected = SessionId::parse(expected_session_id)?;
    let redirect = onboarding::parse_redirect(url, &expected)?;
    serde_json::to_value(&redirect).map_err(|e| Error::decode(e.to_string()))
}

/// Names the core knows: error kinds, event types.
pub fn names() -> Value {
    let mut map = Map::new();
    map.insert("errorKinds".into(), json!(ErrorKind::KNOWN));
    map.insert("eventTypes".into(), json!(EventType::KNOWN));
    map.insert("brands".into(), json!(Brand::ALL.map(Brand::as_str)));
    Value::Object(map)
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &str = "xHCSAPI.20270528T120000Z.AbCdEfGhIjKlMnOpQrStUvWxYz012345";

    #[test]
    fn operations_list_all_37_with_their_path_params() {
        let ops = operations();
        let ops = ops.as_array().unwrap();
        assert_eq!(ops.len(), 37);
        let put = ops.iter().find(|o| o["name"] == "setDhwTimeProgram").unwrap();
        assert_eq!(put["method"], "PUT");
        assert_eq!(put["pathParams"], json!(["gatewayId", "circuitId", "timeProgramId"]));
        assert_eq!(put["remoteControl"], true);
    }

    #[test]
    fn builds_a_request_with_extra_headers_and_refuses_unknown_config_fields() {
        let config =
            json!({"baseUrl": "http://127.0.0.1:1", "apiKey": KEY, "userId": "u", "headers": {"X-Tenant": "t"}});
        let req = build_request(
            "getDhwCircuit",
            &config,
            &json!({"gatewayId": "101234567", "circuitId": 1}),
        )
        .unwrap();
        assert_eq!(req.url, "http://127.0.0.1:1/hvacs/101234567/dhwCircuits/1");
        assert_eq!(req.header("x-tenant"), Some("t"));
        let err = build_request(
            "getHealth",
            &json!({"baseUrl": "http://127.0.0.1:1", "apikey": KEY}),
            &json!({}),
        )
        .unwrap_err();
        assert_eq!(err.kind, ErrorKind::Config);
        let err = build_request("nope", &config, &json!({})).unwrap_err();
        assert_eq!(err.kind, ErrorKind::Config);
    }

    #[test]
    fn paced_request_keeps_operation_and_path() {
        let req = build_request("getHealth", &json!({"baseUrl": "http://127.0.0.1:1"}), &json!({})).unwrap();
        let back = paced_request(&serde_json::to_value(&req).unwrap()).unwrap();
        assert_eq!(
            (back.operation, back.method, back.path),
            (req.operation, req.method, req.path)
        );
    }

    #[test]
    fn retry_decisions_come_from_the_core() {
        let decide = |outcome: Value| retry_decide(&Value::Null, "get", 1, &outcome, 0.0, 0.5).unwrap();
        assert_eq!(
            decide(json!({"kind": "status", "status": 200})),
            json!({"retry": false, "reason": "Success"})
        );
        assert_eq!(
            decide(json!({"kind": "status", "status": 429, "retryAfterMs": 1500})),
            json!({"retry": true, "delayMs": 1500.0})
        );
        assert_eq!(decide(json!({"kind": "notSent"}))["retry"], true);
        let post = retry_decide(&Value::Null, "POST", 1, &json!({"kind": "failed"}), 0.0, 0.5).unwrap();
        assert_eq!(post, json!({"retry": false, "reason": "NotRetryable"}));
        let bad = retry_decide(
            &json!({"maxAttemps": 2}),
            "GET",
            1,
            &json!({"kind": "failed"}),
            0.0,
            0.5,
        );
        assert_eq!(bad.unwrap_err().kind, ErrorKind::Config);
        assert!(millis("x", f64::NAN).is_err());
        assert!(millis("x", -1.0).is_err());
    }

    #[test]
    fn headers_as_object_or_pairs() {
        assert_eq!(
            headers(&json!({"a": "1"})).unwrap(),
            vec![("a".to_owned(), "1".to_owned())]
        );
        assert_eq!(
            headers(&json!([["a", "1"]])).unwrap(),
            vec![("a".to_owned(), "1".to_owned())]
        );
        assert!(headers(&json!({"a": 1})).is_err());
        assert!(headers(&json!("a")).is_err());
    }

    #[test]
    fn webhook_auth_and_events() {
        let auth = webhook_auth(&json!({"secretHeader": {"name": "x-s", "value": "v"}})).unwrap();
        assert!(auth.verify(&[("X-S".into(), "v".into())]).is_ok());
        assert_eq!(
            auth.verify(&[]).unwrap_err().kind,
            ErrorKind::WebhookAuth,
            "a missing secret header is refused"
        );
        let body = br#"{"eventType":"CONNECTIVITY_STATUS","gatewayId":"1","connectivityStatus":"ONLINE","timestamp":"2026-05-05T12:00:00Z"}"#;
        let a = event_of(EventInput::Bytes(body.to_vec())).unwrap();
        let b = event_of(EventInput::Json(serde_json::from_slice(body).unwrap())).unwrap();
        assert_eq!(a.fingerprint(), b.fingerprint());
    }

    #[test]
    fn data_points_keys_and_onboarding() {
        assert_eq!(
            lookup_data_point("hvac.heatingCircuit.hc2.flowTemperature")["known"],
            true
        );
        assert_eq!(lookup_data_point("nope")["known"], false);
        assert_eq!(api_key_info(KEY, 0.0).unwrap()["expired"], false);
        assert_eq!(api_key_info("nope", 0.0).unwrap_err().kind, ErrorKind::Config);
        let session = session_id_from_bytes(&(0..32).collect::<Vec<u8>>()).unwrap();
        let link = invite_link("bosch", "c-1", "https://example.test/back", &session).unwrap();
        assert!(link.contains(&session));
        assert!(invite_link("acme", "c-1", "https://example.test/back", &session).is_err());
        assert_eq!(names()["errorKinds"].as_array().unwrap().len(), 15);
    }
}

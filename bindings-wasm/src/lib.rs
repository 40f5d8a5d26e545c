//! # homecom-wasm
//!
//! WebAssembly bindings of `homecom-core`, the sans-IO core of the Bosch Home Comfort Partner
//! API SDK, for the npm package `homecom-partner` (Node and browsers).
//!
//! The functions only translate: JavaScript values cross as plain objects (through
//! `serde-wasm-bindgen`, JSON-compatible), byte bodies as `Uint8Array`, and every failure is
//! thrown as a plain object, the core [`Error`] serialised in camelCase (`kind`, `status`,
//! `requestId`, `apiVersion`, `message`, `violations`, `uncheckedRules`, `retryAfter`,
//! `rawBody`). The hand-written JavaScript layer (`js/`) turns those into `Error` subclasses
//! and runs the transport (fetch, timers) that the core's decisions drive.
#![forbid(unsafe_code)]

pub mod api;

use homecom_core::Error;
use homecom_core::webhooks::{self, Deduplicator, WebhookAuth};
use serde::Serialize;
use serde_json::Value;
use wasm_bindgen::prelude::*;

use crate::api::EventInput;

/// JavaScript values as the JSON they stand for: objects as plain objects, not `Map`s.
const SERIALIZER: serde_wasm_bindgen::Serializer = serde_wasm_bindgen::Serializer::json_compatible();

/// A core error as the thrown JavaScript object.
fn throw(error: &Error) -> JsValue {
    error
        .serialize(&SERIALIZER)
        .unwrap_or_else(|_| JsValue::from_str(&error.message))
}

/// A value as a JavaScript value.
fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, JsValue> {
    value
        .serialize(&SERIALIZER)
        .map_err(|e| throw(&Error::decode(format!("could not hand a value to JavaScript: {e}"))))
}

/// A JavaScript argument as JSON (`undefined` and `null` become `null`).
fn from_js(what: &str, value: JsValue) -> Result<Value, JsValue> {
    if value.is_undefined() || value.is_null() {
        return Ok(Value::Null);
    }
    serde_wasm_bindgen::from_value(value).map_err(|e| throw(&api::shape_error(what, e)))
}

/// A body given as a string, a `Uint8Array`/`ArrayBuffer` view, or a parsed object.
fn event_input(value: JsValue) -> Result<EventInput, JsValue> {
    if let Some(text) = value.as_string() {
        return Ok(EventInput::Bytes(text.into_bytes()));
    }
    if let Some(bytes) = value.dyn_ref::<js_sys::Uint8Array>() {
        return Ok(EventInput::Bytes(bytes.to_vec()));
    }
    Ok(EventInput::Json(from_js("the event", value)?))
}

/// The version of the bindings (the workspace version).
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_owned()
}

/// The operation table: `[{name, method, path, pathParams, successStatus, deprecated,
/// remoteControl, idempotent}]`, in the core's order.
#[wasm_bindgen]
pub fn operations() -> Result<JsValue, JsValue> {
    to_js(&api::operations())
}

/// Names the core knows: `{errorKinds, eventTypes, brands}`.
#[wasm_bindgen]
pub fn names() -> Result<JsValue, JsValue> {
    to_js(&api::names())
}

/// Validates `input` and builds the request of operation `op` (its `operationId`):
/// `{operation, method, url, path, headers: [[name, value]], body: string | null}`.
/// `config` is `{baseUrl, apiKey?, userId?, apiMajor?, headers?}`.
#[wasm_bindgen(js_name = buildRequest)]
pub fn build_request(op: &str, config: JsValue, input: JsValue) -> Result<JsValue, JsValue> {
    let config = from_js("the configuration", config)?;
    let mut input = from_js("the input", input)?;
    if input.is_null() {
        input = Value::Object(Default::default());
    }
    let request = api::build_request(op, &config, &input).map_err(|e| throw(&e))?;
    to_js(&request)
}

/// Decodes a response of operation `op`: `{value, status, requestId, apiVersion}`, or throws
/// the typed error. `headers` are `[[name, value]]` or `{name: value}`.
#[wasm_bindgen(js_name = decodeResponse)]
pub fn decode_response(op: &str, status: u16, headers: JsValue, body: &[u8]) -> Result<JsValue, JsValue> {
    let headers = from_js("the headers", headers)?;
    let decoded = api::decode_response(op, status, &headers, body.to_vec()).map_err(|e| throw(&e))?;
    to_js(&decoded)
}

/// Checks `input` of operation `op` without building a request:
/// `{violations, uncheckedRules}`; throws only when the input has the wrong shape.
#[wasm_bindgen]
pub fn check(op: &str, input: JsValue) -> Result<JsValue, JsValue> {
    let input = from_js("the input", input)?;
    to_js(&api::check(op, &input).map_err(|e| throw(&e))?)
}

/// Every validation rule of every resource.
#[wasm_bindgen(js_name = allRules)]
pub fn all_rules() -> Result<JsValue, JsValue> {
    to_js(&homecom_core::validation::all_rules())
}

/// The client-side pacer of the documented rate limits (one per API key).
#[wasm_bindgen]
pub struct Pacer {
    inner: homecom_core::pacing::Pacer,
}

#[wasm_bindgen]
impl Pacer {
    /// A pacer whose refill intervals are multiplied by `scale` (default 1; `0` disables
    /// pacing), assuming requests reach the server at most `delayAllowanceMs` after their
    /// slots (default: the core's).
    #[wasm_bindgen(constructor)]
    pub fn new(scale: Option<f64>, delay_allowance_ms: Option<f64>) -> Result<Pacer, JsValue> {
        let mut inner = homecom_core::pacing::Pacer::with_scale(scale.unwrap_or(1.0)).map_err(|e| throw(&e))?;
        if let Some(ms) = delay_allowance_ms {
            inner = inner.with_delay_allowance(api::millis("delayAllowanceMs", ms).map_err(|e| throw(&e))?);
        }
        Ok(Pacer { inner })
    }

    /// Books the next free slot of the built `request`'s bucket at `nowMs` (a monotonic
    /// clock in milliseconds) and returns its time: send the request then, not before.
    pub fn reserve(&mut self, request: JsValue, now_ms: f64) -> Result<f64, JsValue> {
        let request = api::paced_request(&from_js("the request", request)?).map_err(|e| throw(&e))?;
        let now = api::millis("nowMs", now_ms).map_err(|e| throw(&e))?;
        Ok(api::to_millis(self.inner.reserve(&request, now)))
    }

    /// Records a 429 for `request` at `nowMs`, with the server's `retry-after` if it sent one.
    #[wasm_bindgen(js_name = onRateLimited)]
    pub fn on_rate_limited(
        &mut self,
        request: JsValue,
        retry_after_ms: Option<f64>,
        now_ms: f64,
    ) -> Result<(), JsValue> {
        let request = api::paced_request(&from_js("the request", request)?).map_err(|e| throw(&e))?;
        let retry_after = retry_after_ms
            .map(|ms| api::millis("retryAfterMs", ms))
            .transpose()
            .map_err(|e| throw(&e))?;
        let now = api::millis("nowMs", now_ms).map_err(|e| throw(&e))?;
        self.inner.on_rate_limited(&request, retry_after, now);
        Ok(())
    }

    /// The time scale of the refill intervals.
    #[wasm_bindgen(getter)]
    pub fn scale(&self) -> f64 {
        self.inner.scale()
    }

    /// How many buckets the pacer remembers.
    #[wasm_bindgen(getter)]
    pub fn size(&self) -> usize {
        self.inner.len()
    }
}

/// Decides what to do after attempt `attempt` (1-based) of a `method` request ended with
/// `outcome` (`{kind: "status", status, retryAfterMs?}`, `{kind: "notSent"}` or
/// `{kind: "failed"}`), `elapsedMs` after the first attempt started. `policy` is the core's
/// retry policy JSON (`maxAttempts`, `baseDelayMs`, ...) or `undefined` for the default.
/// Answers `{retry: true, delayMs}` or `{retry: false, reason}`.
#[wasm_bindgen(js_name = retryDecide)]
pub fn retry_decide(
    policy: JsValue,
    method: &str,
    attempt: u32,
    outcome: JsValue,
    elapsed_ms: f64,
    random: f64,
) -> Result<JsValue, JsValue> {
    let policy = from_js("the retry policy", policy)?;
    let outcome = from_js("the outcome", outcome)?;
    let decision = api::retry_decide(&policy, method, attempt, &outcome, elapsed_ms, random).map_err(|e| throw(&e))?;
    to_js(&decision)
}

/// Parses one webhook event (the body as a string or `Uint8Array`, or a parsed object) into
/// its wire form; throws a `Decode` error for a body that is not an event.
#[wasm_bindgen(js_name = parseEvent)]
pub fn parse_event(body: JsValue) -> Result<JsValue, JsValue> {
    let event = api::event_of(event_input(body)?).map_err(|e| throw(&e))?;
    to_js(&event)
}

/// Parses a JSON array of events (or one event object); an element that fails names its index.
#[wasm_bindgen(js_name = parseEvents)]
pub fn parse_events(body: JsValue) -> Result<JsValue, JsValue> {
    let events = match event_input(body)? {
        EventInput::Bytes(bytes) => webhooks::parse_events(&bytes),
        EventInput::Json(value) => webhooks::parse_events(value.to_string().as_bytes()),
    }
    .map_err(|e| throw(&e))?;
    to_js(&events)
}

/// The fingerprint of an event (body or parsed object): the same for the same event whatever
/// its key order, whitespace or number spelling.
#[wasm_bindgen]
pub fn fingerprint(event: JsValue) -> Result<String, JsValue> {
    Ok(api::event_of(event_input(event)?).map_err(|e| throw(&e))?.fingerprint())
}

/// Checks the headers of a webhook call against `auth` (`{secretHeader?: {name, value},
/// basic?: {user, password}}`); throws a `WebhookAuth` error (or `Config`, for a
/// configuration that would accept anyone).
#[wasm_bindgen(js_name = verifyWebhook)]
pub fn verify_webhook(auth: JsValue, headers: JsValue) -> Result<(), JsValue> {
    let auth = api::webhook_auth(&from_js("the webhook authentication", auth)?).map_err(|e| throw(&e))?;
    let headers = api::headers(&from_js("the headers", headers)?).map_err(|e| throw(&e))?;
    auth.verify(&headers).map_err(|e| throw(&e))
}

/// A webhook endpoint's state: its authentication and a de-duplicator of recent events.
#[wasm_bindgen]
pub struct WebhookReceiver {
    auth: WebhookAuth,
    dedup: Deduplicator,
}

#[wasm_bindgen]
impl WebhookReceiver {
    /// A receiver requiring `auth` and remembering the last `capacity` fingerprints (default 10,000).
    #[wasm_bindgen(constructor)]
    pub fn new(auth: JsValue, capacity: Option<u32>) -> Result<WebhookReceiver, JsValue> {
        let auth = api::webhook_auth(&from_js("the webhook authentication", auth)?).map_err(|e| throw(&e))?;
        Ok(WebhookReceiver {
            auth,
            dedup: Deduplicator::new(capacity.unwrap_or(10_000) as usize),
        })
    }

    /// Handles one call: `{status, event?, fingerprint?, duplicate?, error?}` where `status`
    /// is the HTTP status to answer (200, 400, 401 or 500).
    pub fn receive(&mut self, headers: JsValue, body: &[u8]) -> Result<JsValue, JsValue> {
        let headers = api::headers(&from_js("the headers", headers)?).map_err(|e| throw(&e))?;
        let result = webhooks::receive(&self.auth, &headers, body, &mut self.dedup);
        let status = webhooks::response_status(&result);
        let mut answer = match &result {
            Ok(received) => serde_json::to_value(received).unwrap_or(Value::Null),
            Err(error) => serde_json::json!({"error": error}),
        };
        if let Value::Object(map) = &mut answer {
            map.insert("status".into(), Value::from(status));
        }
        to_js(&answer)
    }
}

/// The data point catalog's entry for `key`: `{key, known, entry, circuit, heatSource,
/// holidayModeId}`.
#[wasm_bindgen(js_name = lookupDataPoint)]
pub fn lookup_data_point(key: &str) -> Result<JsValue, JsValue> {
    to_js(&api::lookup_data_point(key))
}

/// What can be said about an API key at `nowMs` (Unix milliseconds) without showing it:
/// `{redacted, expiresAt, daysLeft, expired}`.
#[wasm_bindgen(js_name = apiKeyInfo)]
pub fn api_key_info(key: &str, now_ms: f64) -> Result<JsValue, JsValue> {
    to_js(&api::api_key_info(key, now_ms).map_err(|e| throw(&e))?)
}

/// A session id made of the caller's random bytes (16 to 64 of them, e.g. from
/// `crypto.getRandomValues`).
#[wasm_bindgen(js_name = sessionIdFromBytes)]
pub fn session_id_from_bytes(bytes: &[u8]) -> Result<String, JsValue> {
    api::session_id_from_bytes(bytes).map_err(|e| throw(&e))
}

/// The onboarding invite link of `brand` (`BOSCH`, `BUDERUS`, `IVT`).
#[wasm_bindgen(js_name = inviteLink)]
pub fn invite_link(brand: &str, company_id: &str, redirect_uri: &str, session_id: &str) -> Result<String, JsValue> {
    api::invite_link(brand, company_id, redirect_uri, session_id).map_err(|e| throw(&e))
}

/// What the customer's return to the redirect URI says: `{gatewayId, contractStatus,
/// sessionId}`, checked against the expected session id.
#[wasm_bindgen(js_name = parseRedirect)]
pub fn parse_redirect(url: &str, expected_session_id: &str) -> Result<JsValue, JsValue> {
    to_js(&api::parse_redirect(url, expected_session_id).map_err(|e| throw(&e))?)
}

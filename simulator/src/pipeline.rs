//! Every Partner API request passes the same checks, in this order:
//!
//! 1. injected faults (latency, connection reset, 429 burst, 5xx), never on `/_sim`;
//! 2. body size (413 above 1 MiB);
//! 3. API key (401, message exactly `Unauthorized`): missing, unknown or expired;
//! 4. `x-api-version` (400): absent or `1` is fine, any other integer is unsupported,
//!    anything else is not a version;
//! 5. route (404 unknown path, 405 known path with another method), by the core's
//!    [`OperationId::match_path`];
//! 6. path parameters (400 `GATEWAY_ID_INVALID`, `PATH_PARAM_INVALID`, by the core), and
//!    `x-user-id` on remote-control operations (400);
//! 7. rate limit (429 with `retry-after`), by the core's [`RateLimiter`];
//! 8. gateway known (404), shared (403), consent (451, remote control), online (504, remote
//!    control and components); then the sub-resource (404);
//! 9. body shape (400 `INPUT_SHAPE`) and rules (400 with every violation), by the core's
//!    request structs and `check()`;
//! 10. the effect, and its webhook events.
//!
//! Every answer carries `x-request-id` (unique) and `x-api-version: 1.35`; every error uses
//! the core's error body.
//!
//! [`RateLimiter`]: homecom_core::pacing::RateLimiter

use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use homecom_core::error::Violation;
use homecom_core::http::{self, Method};
use homecom_core::operation::{OperationId, PathValue, parse_path_param};
use homecom_core::pacing;
use homecom_core::wire;
use http_body_util::{BodyExt, Full};
use hyper::body::{Body, Incoming};
use hyper::header::{HeaderMap, HeaderValue};
use hyper::{Request, Response};
use serde_json::Value;

use crate::faults::{self, ErrorBody, Injected};
use crate::handlers::{self, ApiError, Ctx, Success};
use crate::shared::{RequestRecord, Shared, lock};

/// Largest accepted request body: 1 MiB (413 above).
pub const MAX_BODY_BYTES: usize = 1 << 20;
/// A larger body is read and dropped up to this size, so that the client sees the 413.
const DRAIN_LIMIT: u64 = 64 << 20;

/// The response type of the server.
pub type HttpResponse = Response<Full<Bytes>>;

/// What to do with a request.
pub enum Outcome {
    /// Answer this.
    Reply(HttpResponse),
    /// Close the connection without any answer (an injected reset).
    Reset,
}

/// Handles one request: the control API under `/_sim`, the Partner API elsewhere.
pub async fn serve(shared: Arc<Shared>, request: Request<Incoming>) -> Outcome {
    let path = request.uri().path();
    if path == "/_sim" || path.starts_with("/_sim/") {
        return Outcome::Reply(crate::control::handle(shared, request).await);
    }
    partner(shared, request).await
}

/// Builds an answer with the headers every answer carries.
pub fn respond(
    status: u16,
    body: Option<&Value>,
    request_id: &str,
    headers: &[(&'static str, String)],
) -> HttpResponse {
    let mut response = Response::new(Full::new(match body {
        Some(value) => Bytes::from(value.to_string()),
        None => Bytes::new(),
    }));
    *response.status_mut() = hyper::StatusCode::from_u16(status).unwrap_or(hyper::StatusCode::INTERNAL_SERVER_ERROR);
    let map = response.headers_mut();
    put(map, wire::HEADER_REQUEST_ID, request_id);
    put(map, wire::HEADER_API_VERSION, wire::KNOWN_API_VERSION);
    if body.is_some() {
        put(map, "content-type", wire::CONTENT_TYPE_JSON);
    }
    for (name, value) in headers {
        put(map, name, value);
    }
    response
}

fn put(map: &mut HeaderMap, name: &'static str, value: &str) {
    if let Ok(value) = HeaderValue::from_str(value) {
        map.insert(name, value);
    }
}

/// An error answer with the core's error body.
pub fn error_response(error: &ApiError, request_id: &str) -> HttpResponse {
    let body = http::error_body(error.status, &error.message, request_id, &error.violations);
    respond(error.status, Some(&body), request_id, &error.headers)
}

/// The answer of the catch-panic layer.
pub fn panic_response(shared: &Shared) -> HttpResponse {
    let request_id = shared.new_id();
    let error = ApiError::new(
        500,
        "Internal error: the simulator failed on this request (a bug; please report it).",
    );
    error_response(&error, &request_id)
}

/// Reads a body of at most [`MAX_BODY_BYTES`]; `Err(true)` when it is larger (read and
/// dropped up to a bound), `Err(false)` when it could not be read.
pub async fn read_body(headers: &HeaderMap, mut body: Incoming) -> Result<Bytes, bool> {
    let declared = headers
        .get("content-length")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    if declared.is_some_and(|n| n > DRAIN_LIMIT) || body.size_hint().lower() > DRAIN_LIMIT {
        return Err(true);
    }
    let mut data = Vec::new();
    let mut seen: u64 = 0;
    while let Some(frame) = body.frame().await {
        let Ok(frame) = frame else {
            return Err(false);
        };
        if let Ok(chunk) = frame.into_data() {
            seen += chunk.len() as u64;
            if seen > MAX_BODY_BYTES as u64 {
                if seen > DRAIN_LIMIT {
                    return Err(true);
                }
                continue;
            }
            data.extend_from_slice(&chunk);
        }
    }
    if seen > MAX_BODY_BYTES as u64 {
        return Err(true);
    }
    Ok(Bytes::from(data))
}

/// The 413 answer.
pub fn too_large(request_id: &str) -> HttpResponse {
    let error = ApiError::new(413, format!("The request body is larger than {MAX_BODY_BYTES} bytes."))
        .with_header("connection", "close".to_owned());
    error_response(&error, request_id)
}

fn core_method(method: &hyper::Method) -> Option<Method> {
    Some(match *method {
        hyper::Method::GET => Method::Get,
        hyper::Method::POST => Method::Post,
        hyper::Method::PUT => Method::Put,
        hyper::Method::PATCH => Method::Patch,
        hyper::Method::DELETE => Method::Delete,
        _ => return None,
    })
}

const METHODS: [Method; 5] = [Method::Get, Method::Post, Method::Put, Method::Patch, Method::Delete];

fn header<'h>(headers: &'h HeaderMap, name: &str) -> Option<&'h str> {
    headers.get(name).and_then(|v| v.to_str().ok())
}

/// Checks `x-api-version`: absent or the supported major is fine.
fn check_version(headers: &HeaderMap) -> Result<(), ApiError> {
    let Some(raw) = headers.get(wire::HEADER_API_VERSION) else {
        return Ok(());
    };
    let text = raw.to_str().unwrap_or("").trim();
    let digits = !text.is_empty() && text.len() <= 9 && text.bytes().all(|b| b.is_ascii_digit());
    match digits.then(|| text.parse::<u32>().ok()).flatten() {
        None => Err(ApiError::new(
            400,
            format!("x-api-version must be an integer major version such as 1, not {text:?}."),
        )),
        Some(major) if major != wire::DEFAULT_API_MAJOR => Err(ApiError::new(
            400,
            format!(
                "API version {major} is not supported; the supported major version is {}.",
                wire::DEFAULT_API_MAJOR
            ),
        )),
        Some(_) => Ok(()),
    }
}

async fn partner(shared: Arc<Shared>, request: Request<Incoming>) -> Outcome {
    let seq = shared.request_seq.fetch_add(1, std::sync::atomic::Ordering::SeqCst) + 1;
    let request_id = shared.new_id();
    let path = request.uri().path().to_owned();
    let mut record = RequestRecord {
        seq,
        at: String::new(),
        method: request.method().as_str().to_owned(),
        path: request
            .uri()
            .path_and_query()
            .map_or_else(|| path.clone(), |p| p.as_str().to_owned()),
        operation: None,
        status: None,
        fault: None,
        faulted: false,
        request_id: request_id.clone(),
    };

    // 1. Faults.
    let (latency, injected) = {
        let mut faults = lock(&shared.faults);
        let latency = faults.latency_ms;
        let injected = faults::decide(&mut faults, &mut lock(&shared.fault_rng));
        (latency, injected)
    };
    if latency > 0 {
        tokio::time::sleep(Duration::from_millis(latency)).await;
        record.fault = Some("latency");
        record.faulted = true;
    }
    let injected_reply = match injected {
        None => None,
        Some(Injected::Reset) => {
            record.fault = Some("reset");
            record.faulted = true;
            shared.log_request(record);
            return Outcome::Reset;
        }
        Some(Injected::RateLimited(secs)) => {
            record.fault = Some("rateLimitBurst");
            let error = ApiError::new(429, format!("Rate limit exceeded, retry in {secs} s (injected)."))
                .with_header("retry-after", secs.to_string());
            Some(error_response(&error, &request_id))
        }
        Some(Injected::Error(status, body)) => {
            record.fault = Some("error");
            Some(match body {
                ErrorBody::Json => error_response(&ApiError::new(status, "Injected server error."), &request_id),
                ErrorBody::Empty => respond(status, None, &request_id, &[]),
                ErrorBody::Html => {
                    let mut response = respond(status, None, &request_id, &[("content-type", "text/html".to_owned())]);
                    *response.body_mut() = Full::new(Bytes::from(format!(
                        "<html><head><title>{status}</title></head><body><h1>{status} {}</h1></body></html>",
                        http::reason(status)
                    )));
                    response
                }
            })
        }
    };
    if let Some(response) = injected_reply {
        record.faulted = true;
        record.status = Some(response.status().as_u16());
        shared.log_request(record);
        return Outcome::Reply(response);
    }

    let (parts, body) = request.into_parts();
    let (response, operation) = match checked(&shared, &parts, body, &path, &request_id).await {
        Ok(done) => done,
        Err((error, operation)) => (error_response(&error, &request_id), operation),
    };
    record.operation = operation.map(OperationId::name);
    record.status = Some(response.status().as_u16());
    shared.log_request(record);
    Outcome::Reply(response)
}

type Failure = (ApiError, Option<OperationId>);

/// Steps 2–10.
async fn checked(
    shared: &Shared,
    parts: &hyper::http::request::Parts,
    body: Incoming,
    path: &str,
    request_id: &str,
) -> Result<(HttpResponse, Option<OperationId>), Failure> {
    let headers = &parts.headers;
    // 2. Body size.
    let body = match read_body(headers, body).await {
        Ok(bytes) => bytes,
        Err(true) => return Ok((too_large(request_id), None)),
        Err(false) => return Err((ApiError::new(400, "The request body could not be read."), None)),
    };

    // 3. API key.
    let now = shared.clock.now();
    let caller = header(headers, wire::HEADER_API_KEY).and_then(|text| {
        let state = lock(&shared.state);
        state
            .key(text)
            .filter(|k| !k.key.is_expired(now))
            .map(|k| k.key_id.clone())
    });
    let Some(caller_key_id) = caller else {
        return Err((ApiError::new(401, wire::UNAUTHORIZED_MESSAGE), None));
    };

    // 4. Version.
    check_version(headers).map_err(|e| (e, None))?;

    // 5. Route.
    let trimmed = match path.trim_end_matches('/') {
        "" => "/",
        p => p,
    };
    let method = core_method(&parts.method);
    let Some((op, raw_params)) = method.and_then(|m| OperationId::match_path(m, trimmed)) else {
        let allowed: Vec<&str> = METHODS
            .iter()
            .filter(|m| OperationId::match_path(**m, trimmed).is_some())
            .map(|m| m.as_str())
            .collect();
        let error = if allowed.is_empty() {
            ApiError::not_found(format!("No operation at {} {path}.", parts.method))
        } else {
            ApiError::new(
                405,
                format!(
                    "{} is not allowed on {path}; allowed: {}.",
                    parts.method,
                    allowed.join(", ")
                ),
            )
            .with_header("allow", allowed.join(", "))
        };
        return Err((error, None));
    };
    let spec = op.spec();

    // 6. Path parameters and x-user-id.
    let mut ctx = Ctx {
        op,
        gateway_id: None,
        circuit_id: None,
        time_program_id: None,
        holiday_mode_id: None,
        key_id: None,
        body: &body,
        user_id: header(headers, wire::HEADER_USER_ID)
            .map(str::trim)
            .filter(|u| !u.is_empty())
            .map(str::to_owned),
        caller_key_id,
        now,
        events: Vec::new(),
        shared,
    };
    let mut violations: Vec<Violation> = Vec::new();
    for (name, raw) in &raw_params {
        match parse_path_param(name, raw) {
            Err(v) => violations.push(v),
            Ok(PathValue::Number(n)) if *name == "circuitId" => ctx.circuit_id = Some(n),
            Ok(PathValue::Number(n)) => ctx.time_program_id = Some(n),
            Ok(PathValue::Text(t)) => match *name {
                "gatewayId" => ctx.gateway_id = Some(t),
                "holidayModeId" => ctx.holiday_mode_id = Some(t),
                _ => ctx.key_id = Some(t),
            },
        }
    }
    if !violations.is_empty() {
        return Err((ApiError::validation(violations), Some(op)));
    }
    if spec.is_remote_control() && ctx.user_id.is_none() {
        return Err((
            ApiError::new(
                400,
                format!(
                    "{} is a remote-control operation: the {} header (the partner's user acting) is required.",
                    spec.name,
                    wire::HEADER_USER_ID
                ),
            ),
            Some(op),
        ));
    }

    // 7. Rate limit.
    if let Some(limiter) = &shared.limiter {
        let company = &shared.fixture.company.company_id;
        let admitted = lock(limiter).admit(company, spec.method, trimmed, spec.rate_limit(), shared.elapsed());
        if let Err(wait) = admitted {
            let secs = pacing::retry_after_secs(wait);
            let error = ApiError::new(429, format!("Rate limit exceeded, retry in {secs} s."))
                .with_header("retry-after", secs.to_string());
            return Err((error, Some(op)));
        }
    }

    // 8–10. Gateway checks, body, rules, effect.
    let result = {
        let mut state = lock(&shared.state);
        handlers::handle(&mut ctx, &mut state)
    };
    for event in ctx.events.drain(..) {
        shared.webhooks.emit(&event);
    }
    match result {
        Ok(Success { status, body }) => Ok((respond(status, body.as_ref(), request_id, &[]), Some(op))),
        Err(error) => Err((error, Some(op))),
    }
}

//! The sans-IO halves of an operation, for a caller that moves the bytes itself (and for the
//! shared conformance vectors): build a request, decode an answer. The client does both
//! around its transport; these are the same core functions.

use std::sync::Arc;
use std::time::Duration;

use homecom_client::{Config, Error, HttpResponse};

use crate::HomeComError;
use crate::client::CallResult;
use crate::transport::{HttpHeader, OutgoingRequest};

/// Builds the request of an operation (`operationId`, e.g. `getDhwCircuit`) from its input
/// as JSON, validation first, for the API at `base_url` with `api_key` (`null`: none, a proxy
/// adds it), `user_id` and `api_major`. The request's `toString()` redacts the key; its
/// `timeoutMs()` is 0 (no attempt is running). Throws `Validation` or `Config`.
#[uniffi::export(default(api_key = None, user_id = None, api_major = None))]
pub fn build_request(
    operation: String,
    input_json: String,
    base_url: String,
    api_key: Option<String>,
    user_id: Option<String>,
    api_major: Option<i32>,
) -> Result<Arc<OutgoingRequest>, HomeComError> {
    let op = crate::operation(&operation)?;
    let config = Config::from_parts(
        &base_url,
        api_key.as_deref(),
        user_id.as_deref(),
        crate::api_major(api_major)?,
        &[],
    )?;
    let request = op.build_json(&config, &crate::input_json(op, &input_json)?)?;
    Ok(Arc::new(OutgoingRequest::new(request, Duration::ZERO)))
}

/// Decodes an answer to an operation: the value as JSON with the answer's metadata, or the
/// typed error of the shared taxonomy (`HomeComException.RateLimited`, …).
#[uniffi::export]
pub fn decode_response(
    operation: String,
    status: i32,
    headers: Vec<HttpHeader>,
    body: Vec<u8>,
) -> Result<Arc<CallResult>, HomeComError> {
    let op = crate::operation(&operation)?;
    let status = crate::http_status(status).ok_or_else(|| Error::config(format!("{status} is not an HTTP status")))?;
    let headers = headers.into_iter().map(|h| (h.name, h.value)).collect();
    Ok(Arc::new(CallResult::from(
        op.decode_json(&HttpResponse::new(status, headers, body))?,
    )))
}

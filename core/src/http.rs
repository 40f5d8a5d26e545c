//! Plain request and response values, the client configuration, and response decoding.
//!
//! Nothing here performs IO: a transport sends an [`HttpRequest`] and hands back an
//! [`HttpResponse`], which [`decode`] turns into a [`Response`] or an [`Error`].

use core::fmt;
use std::time::Duration;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::api_keys::ApiKey;
use crate::error::{Error, ErrorKind, Violation};
use crate::operation::OperationId;
use crate::wire;

/// An HTTP method of the Partner API.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Method {
    /// GET
    Get,
    /// POST
    Post,
    /// PUT
    Put,
    /// PATCH
    Patch,
    /// DELETE
    Delete,
}

impl Method {
    /// The method's name, e.g. `GET`.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
        }
    }

    /// Whether repeating the request has the same effect as sending it once.
    pub fn is_idempotent(self) -> bool {
        matches!(self, Method::Get | Method::Put | Method::Delete)
    }
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A `MAJOR.MINOR` API version, as every response reports it in `x-api-version`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ApiVersion {
    /// Major version (breaking changes).
    pub major: u32,
    /// Minor version (additions).
    pub minor: u32,
}

impl ApiVersion {
    /// Parses `1.35`; anything else is `None`.
    pub fn parse(text: &str) -> Option<ApiVersion> {
        let (major, minor) = text.trim().split_once('.')?;
        let digits = |s: &str| !s.is_empty() && s.len() <= 9 && s.bytes().all(|b| b.is_ascii_digit());
        if !digits(major) || !digits(minor) {
            return None;
        }
        Some(ApiVersion {
            major: major.parse().ok()?,
            minor: minor.parse().ok()?,
        })
    }
}

impl fmt::Display for ApiVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.major, self.minor)
    }
}

impl Serialize for ApiVersion {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// How the SDK talks to the API: where, with which key, as which user, in which major version.
///
/// `Debug` never shows the API key.
#[derive(Clone)]
pub struct Config {
    base_url: String,
    api_key: Option<ApiKey>,
    user_id: Option<String>,
    api_major: u32,
    extra_headers: Vec<(String, String)>,
}

impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Config")
            .field("base_url", &self.base_url)
            .field("api_key", &self.api_key)
            .field("user_id", &self.user_id)
            .field("api_major", &self.api_major)
            .field(
                "extra_headers",
                &self.extra_headers.iter().map(|(n, _)| n).collect::<Vec<_>>(),
            )
            .finish()
    }
}

impl Config {
    /// A configuration for direct access with an API key.
    ///
    /// Refuses a base URL that is not `https` (loopback hosts may use `http`, for the
    /// simulator) and a key without the `xHCSAPI` prefix.
    pub fn new(base_url: &str, api_key: &str) -> Result<Config, Error> {
        let key = ApiKey::parse(api_key)?;
        let mut config = Config::without_key(base_url)?;
        config.api_key = Some(key);
        Ok(config)
    }

    /// A configuration without an API key, for a partner backend (proxy) that adds the key
    /// itself, and the `x-user-id` of its signed-in user on remote-control operations (a user
    /// id set here is still sent). The same URL rules apply.
    pub fn without_key(base_url: &str) -> Result<Config, Error> {
        let base_url = check_base_url(base_url)?;
        Ok(Config {
            base_url,
            api_key: None,
            user_id: None,
            api_major: wire::DEFAULT_API_MAJOR,
            extra_headers: Vec::new(),
        })
    }

    /// Sets the partner user on whose behalf remote-control requests are made (`x-user-id`).
    pub fn with_user_id(mut self, user_id: &str) -> Result<Config, Error> {
        check_header_value("user id", user_id)?;
        if user_id.trim().is_empty() {
            return Err(Error::config("the user id must not be empty"));
        }
        self.user_id = Some(user_id.to_owned());
        Ok(self)
    }

    /// Selects the API major version sent in `x-api-version` (default 1).
    pub fn with_api_major(mut self, major: u32) -> Config {
        self.api_major = major;
        self
    }

    /// A configuration from its optional parts, as the bindings receive them: with the API
    /// key or without (a proxy adds it), then the user id, the API major version and extra
    /// headers, each checked as by the builder methods.
    pub fn from_parts(
        base_url: &str,
        api_key: Option<&str>,
        user_id: Option<&str>,
        api_major: Option<u32>,
        headers: &[(String, String)],
    ) -> Result<Config, Error> {
        let mut config = match api_key {
            Some(key) => Config::new(base_url, key)?,
            None => Config::without_key(base_url)?,
        };
        if let Some(user) = user_id {
            config = config.with_user_id(user)?;
        }
        if let Some(major) = api_major {
            config = config.with_api_major(major);
        }
        for (name, value) in headers {
            config = config.with_header(name, value)?;
        }
        Ok(config)
    }

    /// Adds a header sent with every request (e.g. for a proxy). The SDK's own headers
    /// (`x-api-key`, `x-user-id`, `x-api-version`, `content-type`, `accept`) cannot be set here.
    pub fn with_header(mut self, name: &str, value: &str) -> Result<Config, Error> {
        let valid_name = !name.is_empty()
            && name
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b));
        if !valid_name {
            return Err(Error::config(format!("invalid header name {name:?}")));
        }
        let lower = name.to_ascii_lowercase();
        let reserved = [
            wire::HEADER_API_KEY,
            wire::HEADER_USER_ID,
            wire::HEADER_API_VERSION,
            "content-type",
            "accept",
            "host",
            "content-length",
        ];
        if reserved.contains(&lower.as_str()) {
            return Err(Error::config(format!("header {name} is set by the SDK")));
        }
        check_header_value(name, value)?;
        self.extra_headers.push((lower, value.to_owned()));
        Ok(self)
    }

    /// The base URL, without a trailing slash.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// The API key, if this configuration has one.
    pub fn api_key(&self) -> Option<&ApiKey> {
        self.api_key.as_ref()
    }

    /// The partner user id sent in `x-user-id`, if set.
    pub fn user_id(&self) -> Option<&str> {
        self.user_id.as_deref()
    }

    /// The API major version sent in `x-api-version`.
    pub fn api_major(&self) -> u32 {
        self.api_major
    }

    /// Extra headers sent with every request.
    pub fn extra_headers(&self) -> &[(String, String)] {
        &self.extra_headers
    }
}

fn check_header_value(what: &str, value: &str) -> Result<(), Error> {
    if value.chars().any(|c| c.is_control()) {
        return Err(Error::config(format!("the {what} contains control characters")));
    }
    Ok(())
}

/// Checks a base URL: `https://host[:port][/prefix]`, or `http://` for a loopback host.
/// Returns it without a trailing slash.
fn check_base_url(url: &str) -> Result<String, Error> {
    let url = url.trim();
    let (scheme, rest) = url
        .split_once("://")
        .ok_or_else(|| Error::config(format!("base URL {url:?} has no scheme (https://...)")))?;
    let scheme = scheme.to_ascii_lowercase();
    if rest.contains(['?', '#']) {
        return Err(Error::config("the base URL must not have a query or fragment"));
    }
    if rest.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(Error::config("the base URL contains white space"));
    }
    let authority = rest.split('/').next().unwrap_or("");
    if authority.contains('@') {
        return Err(Error::config("the base URL must not carry credentials"));
    }
    let host = host_of(authority).ok_or_else(|| Error::config(format!("base URL {url:?} has no valid host")))?;
    match scheme.as_str() {
        "https" => {}
        "http" if is_loopback_host(&host) => {}
        "http" => {
            return Err(Error::config(format!(
                "the Partner API is served over https only; http is allowed for loopback hosts \
                 (127.0.0.0/8, ::1, localhost), not {host}"
            )));
        }
        other => return Err(Error::config(format!("unsupported URL scheme {other:?}"))),
    }
    Ok(format!("{scheme}://{}", rest.trim_end_matches('/')))
}

/// The host of `host[:port]` or `[v6][:port]`, lowercased.
fn host_of(authority: &str) -> Option<String> {
    let (host, port) = if let Some(rest) = authority.strip_prefix('[') {
        let (h, after) = rest.split_once(']')?;
        (h, after.strip_prefix(':'))
    } else {
        match authority.rsplit_once(':') {
            Some((h, p)) => (h, Some(p)),
            None => (authority, None),
        }
    };
    if let Some(port) = port
        && (port.is_empty() || port.len() > 5 || !port.bytes().all(|b| b.is_ascii_digit()))
    {
        return None;
    }
    let host_ok = !host.is_empty() && host.bytes().all(|b| b.is_ascii_alphanumeric() || b"-._:".contains(&b));
    host_ok.then(|| host.to_ascii_lowercase())
}

/// Whether a host is a loopback address: `localhost`, `127.0.0.0/8` or `::1`.
pub fn is_loopback_host(host: &str) -> bool {
    if host == "localhost" || host == "::1" || host == "0:0:0:0:0:0:0:1" {
        return true;
    }
    let parts: Vec<&str> = host.split('.').collect();
    parts.len() == 4
        && parts[0] == "127"
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.len() <= 3 && p.parse::<u8>().is_ok())
}

/// A request to send: what a transport needs, and nothing it has to work out.
///
/// `Debug` redacts the API key; `headers` hold it in clear for the transport.
#[derive(Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct HttpRequest {
    /// The operation this request performs.
    pub operation: OperationId,
    /// The HTTP method.
    pub method: Method,
    /// The full URL.
    pub url: String,
    /// The path below the base URL, percent-encoded (also the key of its rate-limit bucket).
    pub path: String,
    /// Headers, lowercase names, in a fixed order.
    pub headers: Vec<(String, String)>,
    /// The JSON body, if any.
    pub body: Option<String>,
}

impl HttpRequest {
    /// The value of a header (case-insensitive name).
    pub fn header(&self, name: &str) -> Option<&str> {
        find_header(&self.headers, name)
    }
}

impl fmt::Debug for HttpRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let headers: Vec<(&str, String)> = self
            .headers
            .iter()
            .map(|(n, v)| (n.as_str(), shown_header_value(n, v)))
            .collect();
        f.debug_struct("HttpRequest")
            .field("operation", &self.operation)
            .field("method", &self.method)
            .field("url", &self.url)
            .field("headers", &headers)
            .field("body", &self.body)
            .finish()
    }
}

/// A response as a transport received it.
#[derive(Clone, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct HttpResponse {
    /// The HTTP status.
    pub status: u16,
    /// Headers as received (names in any case).
    pub headers: Vec<(String, String)>,
    /// The raw body.
    pub body: Vec<u8>,
}

impl HttpResponse {
    /// A response from its parts.
    pub fn new(status: u16, headers: Vec<(String, String)>, body: impl Into<Vec<u8>>) -> Self {
        HttpResponse {
            status,
            headers,
            body: body.into(),
        }
    }

    /// The value of a header (case-insensitive name).
    pub fn header(&self, name: &str) -> Option<&str> {
        find_header(&self.headers, name)
    }

    /// The `x-request-id` header.
    pub fn request_id(&self) -> Option<&str> {
        self.header(wire::HEADER_REQUEST_ID)
    }

    /// The `x-api-version` header, parsed.
    pub fn api_version(&self) -> Option<ApiVersion> {
        self.header(wire::HEADER_API_VERSION).and_then(ApiVersion::parse)
    }

    /// The `retry-after` header as a duration (whole or decimal seconds; at most a day).
    pub fn retry_after(&self) -> Option<Duration> {
        parse_retry_after(self.header(wire::HEADER_RETRY_AFTER)?)
    }
}

fn find_header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

/// Parses a `retry-after` value in seconds; negative, non-numeric or absurd values are `None`.
pub fn parse_retry_after(text: &str) -> Option<Duration> {
    let secs: f64 = text.trim().parse().ok()?;
    (secs.is_finite() && (0.0..=86_400.0).contains(&secs)).then(|| Duration::from_secs_f64(secs))
}

/// A decoded success: the value plus what the server said about the exchange.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Response<T> {
    /// The decoded body.
    pub value: T,
    /// The HTTP status.
    pub status: u16,
    /// The `x-request-id` of the response.
    pub request_id: Option<String>,
    /// The `x-api-version` of the response.
    pub api_version: Option<ApiVersion>,
}

impl<T> Response<T> {
    /// The same response with its value mapped.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Response<U> {
        Response {
            value: f(self.value),
            status: self.status,
            request_id: self.request_id,
            api_version: self.api_version,
        }
    }
}

/// The body of an operation that answers without content (204).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct NoContent;

impl<'de> Deserialize<'de> for NoContent {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        serde::de::IgnoredAny::deserialize(d).map(|_| NoContent)
    }
}

/// Decodes a response of `operation` into its typed value, or the typed error.
///
/// Never panics, whatever the bytes: a non-JSON error body still yields the right kind.
pub fn decode<T: DeserializeOwned>(operation: OperationId, response: &HttpResponse) -> Result<Response<T>, Error> {
    let request_id = response.request_id().map(str::to_owned);
    let api_version = response.api_version();
    if !(200..300).contains(&response.status) {
        return Err(decode_error(response));
    }
    let body = trim_ascii(&response.body);
    let parsed = if body.is_empty() {
        serde_json::from_slice::<T>(b"null")
    } else {
        serde_json::from_slice::<T>(body)
    };
    match parsed {
        Ok(value) => Ok(Response {
            value,
            status: response.status,
            request_id,
            api_version,
        }),
        Err(e) => {
            let what = if body.is_empty() {
                "an empty body".to_owned()
            } else {
                e.to_string()
            };
            let mut err = Error::decode(format!(
                "the {} response ({}) does not match the documented shape: {what}",
                operation.name(),
                response.status
            ));
            err.status = Some(response.status);
            err.request_id = request_id;
            err.api_version = api_version.map(|v| v.to_string());
            err.raw_body = Some(keep_raw(body));
            Err(err)
        }
    }
}

fn trim_ascii(bytes: &[u8]) -> &[u8] {
    let start = bytes
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(bytes.len());
    let end = bytes
        .iter()
        .rposition(|b| !b.is_ascii_whitespace())
        .map_or(start, |p| p + 1);
    &bytes[start..end]
}

fn keep_raw(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(&body[..body.len().min(wire::RAW_BODY_KEEP * 2)]);
    let mut end = text.len().min(wire::RAW_BODY_KEEP);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    // The body may be the answer of `POST /api-keys`: never keep a key in clear.
    crate::api_keys::redact_keys_in(&text[..end]).into_owned()
}

/// Whether a header carries a secret: `x-api-key`, `authorization`, cookies, and any name
/// with `secret`, `token`, `password` or `key` in it (webhook secret headers are named by
/// the partner). Used to redact header values shown to people.
pub fn is_sensitive_header(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    matches!(
        name.as_str(),
        wire::HEADER_API_KEY | "authorization" | "proxy-authorization" | "cookie" | "set-cookie"
    ) || ["secret", "token", "password", "key"]
        .iter()
        .any(|word| name.contains(word))
}

/// A header value as it may be shown: redacted (`xHCSAPI.…abcd`, or `…`) for a
/// [sensitive](is_sensitive_header) header, as is otherwise.
pub fn shown_header_value(name: &str, value: &str) -> String {
    if is_sensitive_header(name) {
        crate::api_keys::redact(value)
    } else {
        value.to_owned()
    }
}

/// Turns a non-2xx response into the typed error, reading the error body leniently.
pub fn decode_error(response: &HttpResponse) -> Error {
    let status = response.status;
    let kind = ErrorKind::from_status(status);
    let mut err = Error::new(kind, String::new());
    err.status = Some(status);
    err.request_id = response.request_id().map(str::to_owned);
    err.api_version = response.header(wire::HEADER_API_VERSION).map(str::to_owned);
    if err.kind == ErrorKind::RateLimited {
        err.retry_after = response.retry_after();
    }
    let body = trim_ascii(&response.body);
    let mut message = None;
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(map)) => {
            let text = |key: &str| {
                map.get(key)
                    .and_then(Value::as_str)
                    .filter(|t| !t.trim().is_empty())
                    .map(str::to_owned)
            };
            message = text(wire::error_body::MESSAGE).or_else(|| text(wire::error_body::ERROR));
            if err.request_id.is_none() {
                err.request_id = text(wire::error_body::REQUEST_ID);
            }
            if let Some(Value::Array(items)) = map.get(wire::error_body::VIOLATIONS) {
                err.violations = items.iter().filter_map(wire_violation).collect();
            }
        }
        Ok(_) | Err(_) if !body.is_empty() => err.raw_body = Some(keep_raw(body)),
        _ => {}
    }
    err.message = message.unwrap_or_else(|| format!("HTTP {status} {}", reason(status)));
    err
}

/// Reads one violation of an error body: `{"field", "rule", "message", "fields"?, "limit"?}`. \[assumed\]
fn wire_violation(item: &Value) -> Option<Violation> {
    let obj = item.as_object()?;
    let text = |key: &str| obj.get(key).and_then(Value::as_str).map(str::to_owned);
    let mut fields: Vec<String> = match obj.get("fields") {
        Some(Value::Array(list)) => list.iter().filter_map(|f| f.as_str().map(str::to_owned)).collect(),
        _ => Vec::new(),
    };
    if fields.is_empty()
        && let Some(field) = text("field")
    {
        fields.push(field);
    }
    let limit = match obj.get("limit") {
        Some(Value::String(s)) => Some(s.clone()),
        Some(Value::Number(n)) => Some(n.to_string()),
        _ => None,
    };
    Some(Violation {
        code: text("rule")
            .or_else(|| text("code"))
            .unwrap_or_else(|| "UNKNOWN".to_owned()),
        fields,
        limit,
        message: text("message").unwrap_or_default(),
    })
}

/// Writes violations in the wire shape of an error body. \[assumed\]
pub fn violations_to_wire(violations: &[Violation]) -> Value {
    Value::Array(
        violations
            .iter()
            .map(|v| {
                let mut obj = serde_json::Map::new();
                obj.insert(
                    "field".into(),
                    Value::from(v.fields.first().cloned().unwrap_or_default()),
                );
                obj.insert("rule".into(), Value::from(v.code.clone()));
                obj.insert("message".into(), Value::from(v.message.clone()));
                obj.insert("fields".into(), Value::from(v.fields.clone()));
                if let Some(limit) = &v.limit {
                    obj.insert("limit".into(), Value::from(limit.clone()));
                }
                Value::Object(obj)
            })
            .collect(),
    )
}

/// Builds an error body as the API sends it: `{"status", "error", "message", "requestId", "violations"?}`. \[assumed\]
pub fn error_body(status: u16, message: &str, request_id: &str, violations: &[Violation]) -> Value {
    let mut obj = serde_json::Map::new();
    obj.insert(wire::error_body::STATUS.into(), Value::from(status));
    obj.insert(wire::error_body::ERROR.into(), Value::from(reason(status)));
    obj.insert(wire::error_body::MESSAGE.into(), Value::from(message));
    obj.insert(wire::error_body::REQUEST_ID.into(), Value::from(request_id));
    if !violations.is_empty() {
        obj.insert(wire::error_body::VIOLATIONS.into(), violations_to_wire(violations));
    }
    Value::Object(obj)
}

/// The reason phrase of a status code.
pub fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        201 => "Created",
        202 => "Accepted",
        204 => "No Content",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        409 => "Conflict",
        413 => "Payload Too Large",
        415 => "Unsupported Media Type",
        429 => "Too Many Requests",
        451 => "Unavailable For Legal Reasons",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "Unknown Status",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_do_not_survive_in_raw_bodies_or_shown_headers() {
        let key = "xHCSAPI.20270528T120000Z.AbCdEfGhIjKlMnOpQrStUvWxYz012345";
        let body = format!(r#"{{"keyId":"k1","apiKey":"{key}""#); // cut short: not JSON
        let response = HttpResponse::new(201, vec![], body.into_bytes());
        let err = decode::<crate::api_keys::ApiKeyCreated>(OperationId::CreateApiKey, &response).expect_err("not JSON");
        let raw = err.raw_body.expect("raw body kept");
        assert!(!raw.contains(key) && raw.contains("xHCSAPI.…2345"), "{raw}");
        for name in [
            "x-api-key",
            "Authorization",
            "X-Webhook-Secret",
            "x-session-token",
            "cookie",
        ] {
            assert!(is_sensitive_header(name), "{name}");
            assert!(!shown_header_value(name, key).contains("AbCdEf"), "{name}");
        }
        for name in ["user-agent", "content-type", "x-request-id", "accept"] {
            assert!(!is_sensitive_header(name), "{name}");
            assert_eq!(shown_header_value(name, "v"), "v");
        }
    }
}

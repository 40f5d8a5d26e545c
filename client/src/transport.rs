//! One attempt over a [`Transport`] (by default reqwest), and what became of it.

use core::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use homecom_core::retry::{GiveUpReason, Outcome};
use homecom_core::{Error, HttpRequest, HttpResponse, Method};
use reqwest::header::USER_AGENT;

use crate::client::millis;

/// The largest answer body read (a guard against a misbehaving proxy): 16 MiB.
pub(crate) const MAX_RESPONSE_BYTES: usize = 16 << 20;

/// Why an attempt brought no answer.
#[derive(Debug)]
pub(crate) enum Failure {
    /// The connection could not be opened (refused, DNS, TLS handshake, connect timeout):
    /// the request never reached the server.
    Connect(String),
    /// No complete answer within the timeout (`None`: the timeout of a custom HTTP client).
    Timeout(Option<Duration>),
    /// The connection broke after the request was (maybe partly) sent: reset, closed early,
    /// a broken body.
    Broken(String),
    /// Not a transport failure, and not worth another attempt: returned as it is.
    Fatal(Error),
}

impl Failure {
    /// The outcome the retry policy judges.
    pub(crate) fn outcome(&self) -> Outcome {
        match self {
            Failure::Connect(_) => Outcome::NotSent,
            Failure::Timeout(_) | Failure::Broken(_) | Failure::Fatal(_) => Outcome::Failed,
        }
    }

    /// The error reported once the client gives up: kind `Transport`, naming the operation,
    /// what failed, how many attempts were made and why there is no further one. The API key
    /// never appears in it.
    pub(crate) fn into_error(self, request: &HttpRequest, attempts: u32, reason: GiveUpReason) -> Error {
        if let Failure::Fatal(error) = self {
            return error;
        }
        let why = match reason {
            GiveUpReason::NotRetryable => {
                format!("not retried: a {} is not retried after this failure", request.method)
            }
            GiveUpReason::AttemptsExhausted => "no attempt left".to_owned(),
            GiveUpReason::DeadlineExceeded => "the retry deadline has passed".to_owned(),
            GiveUpReason::RetryAfterTooLong | GiveUpReason::Success => reason.as_str().to_owned(),
        };
        let plural = if attempts == 1 { "" } else { "s" };
        let message = format!(
            "{}: {self}; gave up after {attempts} attempt{plural} ({why})",
            request.operation.name()
        );
        Error::transport(scrub(message, request))
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Failure::Connect(detail) => write!(f, "connect error, the request was not sent: {detail}"),
            Failure::Timeout(Some(timeout)) => write!(
                f,
                "timeout: no complete answer within {} ms; the request may have been processed",
                millis(*timeout)
            ),
            Failure::Timeout(None) => f.write_str("timeout: no complete answer; the request may have been processed"),
            Failure::Broken(detail) => write!(
                f,
                "connection reset or closed after sending; the request may have been processed: {detail}"
            ),
            Failure::Fatal(error) => write!(f, "{error}"),
        }
    }
}

/// Removes the API key from a message, should a lower layer ever have echoed it.
fn scrub(message: String, request: &HttpRequest) -> String {
    match request.header(homecom_core::wire::HEADER_API_KEY) {
        Some(key) if !key.is_empty() && message.contains(key) => {
            message.replace(key, &homecom_core::api_keys::redact(key))
        }
        _ => message,
    }
}

/// An error and its sources, as one line.
pub(crate) fn chain(error: &(dyn std::error::Error + 'static)) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(inner) = source {
        let part = inner.to_string();
        if !text.contains(&part) {
            text.push_str(": ");
            text.push_str(&part);
        }
        source = inner.source();
    }
    text
}

fn method(method: Method) -> reqwest::Method {
    match method {
        Method::Get => reqwest::Method::GET,
        Method::Post => reqwest::Method::POST,
        Method::Put => reqwest::Method::PUT,
        Method::Patch => reqwest::Method::PATCH,
        Method::Delete => reqwest::Method::DELETE,
    }
}

/// A boxed, sendable future: what [`Transport::send`] returns.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// The HTTP stack a [`Client`](crate::Client) sends its attempts with: one request in, one
/// complete answer (status, headers, whole body) out.
///
/// The default is [`ReqwestTransport`]. Another implementation (a platform HTTP client, a
/// test double, the foreign transport of a language binding) is set with
/// [`ClientBuilder::transport`](crate::ClientBuilder::transport). Everything else stays in
/// the client whatever the transport: pacing, retries, the retry deadline, the per-attempt
/// timeout (the client drops the returned future when `timeout` has passed), tracing.
///
/// A transport sends exactly the request it is given: the `method`, the `url` and every
/// header of `request.headers` (the client has added `user-agent` to them), plus the body if
/// any. It must **not follow redirects** (they could carry the `x-api-key` header to another
/// host) and must not retry by itself. Any answer, whatever its status, is `Ok`; `Err` is
/// for an attempt that brought no complete answer, see [`TransportError`]. Dropping the
/// future should abort the exchange.
pub trait Transport: Send + Sync {
    /// Sends one attempt of `request` and reads the whole answer; `timeout` is what is left of
    /// the attempt's time (informative: the client enforces it).
    fn send(&self, request: HttpRequest, timeout: Duration)
    -> BoxFuture<'static, Result<HttpResponse, TransportError>>;
}

/// Why a [`Transport`] brought no answer. What the client makes of it follows the retry
/// policy: a request that was **not sent** (connection refused, DNS, TLS handshake, connect
/// timeout) is retried for every method (`Outcome::NotSent`); any other failure may have
/// been processed by the server (`Outcome::Failed`): GET, PUT and DELETE are retried, PATCH
/// and POST are not.
#[derive(Debug)]
pub struct TransportError {
    failure: Failure,
}

impl TransportError {
    /// The request never reached the server (refused, DNS, TLS handshake, connect timeout).
    pub fn not_sent(message: impl Into<String>) -> Self {
        TransportError {
            failure: Failure::Connect(message.into()),
        }
    }

    /// The exchange failed after the request was (maybe partly) sent: reset, closed early, a
    /// broken body.
    pub fn failed(message: impl Into<String>) -> Self {
        TransportError {
            failure: Failure::Broken(message.into()),
        }
    }

    /// The transport's own timeout struck before a complete answer (counts as failed).
    pub fn timed_out() -> Self {
        TransportError {
            failure: Failure::Timeout(None),
        }
    }

    /// Not a transport failure and not worth another attempt (e.g. a request the stack
    /// cannot express): the error is returned to the caller as it is.
    pub fn fatal(error: Error) -> Self {
        TransportError {
            failure: Failure::Fatal(error),
        }
    }

    /// Whether the request never reached the server.
    pub fn is_not_sent(&self) -> bool {
        matches!(self.failure, Failure::Connect(_))
    }

    pub(crate) fn into_failure(self) -> Failure {
        self.failure
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.failure.fmt(f)
    }
}

impl std::error::Error for TransportError {}

fn classify(error: reqwest::Error) -> TransportError {
    let error = error.without_url();
    let detail = chain(&error);
    if error.is_builder() {
        TransportError::fatal(Error::config(format!("the request could not be prepared: {detail}")))
    } else if error.is_connect() {
        TransportError::not_sent(detail)
    } else if error.is_timeout() {
        TransportError::timed_out()
    } else {
        TransportError::failed(detail)
    }
}

/// The default [`Transport`]: a [`reqwest::Client`] (rustls; the client's own is set up with
/// no redirects and a connect timeout).
#[derive(Clone, Debug)]
pub struct ReqwestTransport {
    http: reqwest::Client,
}

impl ReqwestTransport {
    /// Sends with `http`. Configure it **not to follow redirects**
    /// (`redirect::Policy::none()`), or it may forward the `x-api-key` header to another host.
    pub fn new(http: reqwest::Client) -> Self {
        ReqwestTransport { http }
    }
}

impl Transport for ReqwestTransport {
    fn send(
        &self,
        request: HttpRequest,
        _timeout: Duration,
    ) -> BoxFuture<'static, Result<HttpResponse, TransportError>> {
        let http = self.http.clone();
        Box::pin(async move { exchange(&http, &request).await })
    }
}

fn too_large(request: &HttpRequest, status: u16, headers: Vec<(String, String)>) -> Error {
    let mut error = Error::decode(format!(
        "the {} answer is larger than {MAX_RESPONSE_BYTES} bytes",
        request.operation.name()
    ));
    error.status = Some(status);
    error.request_id = HttpResponse::new(status, headers, Vec::new())
        .request_id()
        .map(str::to_owned);
    error
}

/// One exchange over reqwest: the whole answer, at most [`MAX_RESPONSE_BYTES`] of body.
async fn exchange(http: &reqwest::Client, request: &HttpRequest) -> Result<HttpResponse, TransportError> {
    let mut builder = http.request(method(request.method), request.url.as_str());
    for (name, value) in &request.headers {
        builder = builder.header(name.as_str(), value.as_str());
    }
    if let Some(body) = &request.body {
        builder = builder.body(body.clone());
    }
    let mut response = builder.send().await.map_err(classify)?;
    let status = response.status().as_u16();
    let headers: Vec<(String, String)> = response
        .headers()
        .iter()
        .map(|(name, value)| {
            (
                name.as_str().to_owned(),
                String::from_utf8_lossy(value.as_bytes()).into_owned(),
            )
        })
        .collect();
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(classify)? {
        if body.len() + chunk.len() > MAX_RESPONSE_BYTES {
            return Err(TransportError::fatal(too_large(request, status, headers)));
        }
        body.extend_from_slice(&chunk);
    }
    Ok(HttpResponse::new(status, headers, body))
}

/// Sends one attempt of `request` with `transport` (with the `user-agent` header added) and
/// waits for the whole answer, within `timeout`.
pub(crate) async fn attempt(
    transport: &Arc<dyn Transport>,
    user_agent: &str,
    request: &HttpRequest,
    timeout: Duration,
) -> Result<HttpResponse, Failure> {
    let mut outgoing = request.clone();
    outgoing
        .headers
        .insert(0, (USER_AGENT.as_str().to_owned(), user_agent.to_owned()));
    let exchange = transport.send(outgoing, timeout);
    match tokio::time::timeout(timeout, exchange).await {
        Ok(Ok(response)) if response.body.len() > MAX_RESPONSE_BYTES => {
            Err(Failure::Fatal(too_large(request, response.status, response.headers)))
        }
        Ok(Ok(response)) => Ok(response),
        Ok(Err(error)) => Err(error.into_failure()),
        Err(_) => Err(Failure::Timeout(Some(timeout))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use homecom_core::platform::GetHealth;
    use homecom_core::{Config, ErrorKind, Operation};

    const KEY: &str = "xHCSAPI.20270528T120000Z.AbCdEfGhIjKlMnOpQrStUvWxYz012345";

    fn request() -> HttpRequest {
        let config = Config::new("http://127.0.0.1:1", KEY).expect("config");
        GetHealth {}.build(&config).expect("request")
    }

    #[test]
    fn outcomes_follow_the_failure() {
        assert_eq!(Failure::Connect("x".into()).outcome(), Outcome::NotSent);
        assert_eq!(Failure::Timeout(None).outcome(), Outcome::Failed);
        assert_eq!(Failure::Broken("x".into()).outcome(), Outcome::Failed);
    }

    #[test]
    fn errors_name_the_operation_and_never_the_key() {
        let request = request();
        let error = Failure::Broken(format!("echo {KEY}")).into_error(&request, 1, GiveUpReason::NotRetryable);
        assert_eq!(error.kind, ErrorKind::Transport);
        assert!(
            error.message.starts_with("getHealth: connection reset"),
            "{}",
            error.message
        );
        assert!(error.message.contains("after 1 attempt ("), "{}", error.message);
        assert!(!error.message.contains(KEY), "{}", error.message);
        assert!(!format!("{error:?}").contains(KEY));

        let error = Failure::Timeout(Some(Duration::from_millis(1500))).into_error(
            &request,
            4,
            GiveUpReason::AttemptsExhausted,
        );
        assert!(error.message.contains("timeout"), "{}", error.message);
        assert!(error.message.contains("1500 ms"), "{}", error.message);
        assert!(error.message.contains("after 4 attempts"), "{}", error.message);

        let error = Failure::Connect("refused".into()).into_error(&request, 2, GiveUpReason::DeadlineExceeded);
        assert!(error.message.contains("connect error"), "{}", error.message);
        assert!(error.message.contains("deadline"), "{}", error.message);

        let fatal = Failure::Fatal(Error::config("x")).into_error(&request, 1, GiveUpReason::NotRetryable);
        assert_eq!(fatal.kind, ErrorKind::Config);
    }

    #[test]
    fn chain_joins_sources_once() {
        #[derive(Debug)]
        struct Outer(std::io::Error);
        impl fmt::Display for Outer {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("outer")
            }
        }
        impl std::error::Error for Outer {
            fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
                Some(&self.0)
            }
        }
        let error = Outer(std::io::Error::new(
            std::io::ErrorKind::ConnectionReset,
            "reset by peer",
        ));
        assert_eq!(chain(&error), "outer: reset by peer");
    }
}

//! [`HttpTransport`]: an HTTP stack the app implements (OkHttp, `java.net.http`,
//! `URLSession`, …) for the client to send its attempts with, instead of the built-in
//! reqwest one. Pacing, retries, the retry deadline and the per-attempt timeout stay in the
//! Rust client whatever the transport.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use homecom_client::{BoxFuture, HttpRequest, HttpResponse, Transport, TransportError as ClientTransportError};

/// One header. (A request's headers include the API key: do not log them; log the
/// request, whose `toString()` redacts it.)
#[derive(Clone, Debug, PartialEq, uniffi::Record)]
pub struct HttpHeader {
    /// The name (lowercase in requests).
    pub name: String,
    /// The value.
    pub value: String,
}

/// One attempt to send: exactly these method, URL, headers (`user-agent` included) and body.
/// Its `toString()` shows the `x-api-key` header redacted; `headers()` has it in full, to
/// send.
#[derive(uniffi::Object)]
#[uniffi::export(Debug, Display)]
pub struct OutgoingRequest {
    request: HttpRequest,
    timeout: Duration,
}

impl fmt::Debug for OutgoingRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The core request's Debug redacts the key.
        write!(f, "{:?} (timeout {} ms)", self.request, self.timeout.as_millis())
    }
}

impl fmt::Display for OutgoingRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self, f)
    }
}

impl OutgoingRequest {
    /// A request to send within `timeout`.
    pub(crate) fn new(request: HttpRequest, timeout: Duration) -> Self {
        OutgoingRequest { request, timeout }
    }
}

#[uniffi::export]
impl OutgoingRequest {
    /// `GET`, `POST`, `PUT`, `PATCH` or `DELETE`.
    pub fn method(&self) -> String {
        self.request.method.as_str().to_owned()
    }

    /// The full URL.
    pub fn url(&self) -> String {
        self.request.url.clone()
    }

    /// The headers to send, in order (names in lowercase), the API key among them.
    pub fn headers(&self) -> Vec<HttpHeader> {
        self.request
            .headers
            .iter()
            .map(|(name, value)| HttpHeader {
                name: name.clone(),
                value: value.clone(),
            })
            .collect()
    }

    /// The value of one header (any case), if the request has it.
    pub fn header(&self, name: String) -> Option<String> {
        self.request
            .headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(&name))
            .map(|(_, v)| v.clone())
    }

    /// The JSON body, if any.
    pub fn body(&self) -> Option<String> {
        self.request.body.clone()
    }

    /// What is left of the attempt's time, in milliseconds (the client enforces it too, by
    /// cancelling the call).
    pub fn timeout_ms(&self) -> i64 {
        i64::try_from(self.timeout.as_millis()).unwrap_or(i64::MAX)
    }
}

/// A complete answer, whatever its status.
#[derive(Clone, Debug, PartialEq, uniffi::Record)]
pub struct HttpResponseRecord {
    /// The HTTP status.
    pub status: i32,
    /// The headers as received.
    pub headers: Vec<HttpHeader>,
    /// The whole body.
    pub body: Vec<u8>,
}

/// Why a transport brought no answer (in Kotlin `TransportException.NotSent`, …). It decides
/// the retry: `NotSent` is retried for every method, `Failed` and `Timeout` only for GET, PUT
/// and DELETE (the request may have been processed).
#[derive(Clone, Debug, PartialEq, uniffi::Error)]
pub enum TransportError {
    /// The request never reached the server (refused, DNS, TLS handshake, connect timeout).
    NotSent {
        /// What happened (`detail`: `message` belongs to `Throwable` in Kotlin).
        detail: String,
    },
    /// The exchange broke after the request was (maybe partly) sent.
    Failed {
        /// What happened (`detail`: `message` belongs to `Throwable` in Kotlin).
        detail: String,
    },
    /// The transport's own timeout struck.
    Timeout {
        /// What happened (`detail`: `message` belongs to `Throwable` in Kotlin).
        detail: String,
    },
}

impl std::fmt::Display for TransportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TransportError::NotSent { detail } => write!(f, "not sent: {detail}"),
            TransportError::Failed { detail } => write!(f, "failed: {detail}"),
            TransportError::Timeout { detail } => write!(f, "timeout: {detail}"),
        }
    }
}

impl std::error::Error for TransportError {}

/// An exception the transport threw that is not a `TransportException`: the exchange failed.
impl From<uniffi::UnexpectedUniFFICallbackError> for TransportError {
    fn from(error: uniffi::UnexpectedUniFFICallbackError) -> Self {
        TransportError::Failed {
            detail: format!("the transport threw: {}", error.reason),
        }
    }
}

/// An HTTP stack implemented by the app: sends one request and returns the complete answer,
/// whatever its status. It must not follow redirects (they could carry the `x-api-key`
/// header to another host) and must not retry: the client paces and retries. Throw
/// `TransportException.NotSent` when the request cannot have reached the server,
/// `Failed`/`Timeout` otherwise; any other exception counts as `Failed`. Cancellation of the
/// call may leave the exchange running: it should respect `timeoutMs`.
#[uniffi::export(with_foreign)]
#[async_trait::async_trait]
pub trait HttpTransport: Send + Sync {
    /// Sends `request` and reads the whole answer.
    async fn send(&self, request: Arc<OutgoingRequest>) -> Result<HttpResponseRecord, TransportError>;
}

/// The client-side [`Transport`] over a foreign [`HttpTransport`].
pub(crate) struct ForeignTransport(pub(crate) Arc<dyn HttpTransport>);

impl Transport for ForeignTransport {
    fn send(
        &self,
        request: HttpRequest,
        timeout: Duration,
    ) -> BoxFuture<'static, Result<HttpResponse, ClientTransportError>> {
        let transport = Arc::clone(&self.0);
        let record = Arc::new(OutgoingRequest::new(request, timeout));
        Box::pin(async move {
            match transport.send(record).await {
                Ok(response) => {
                    let status = crate::http_status(response.status).ok_or_else(|| {
                        ClientTransportError::failed(format!(
                            "the transport returned the invalid status {}",
                            response.status
                        ))
                    })?;
                    let headers = response.headers.into_iter().map(|h| (h.name, h.value)).collect();
                    Ok(HttpResponse::new(status, headers, response.body))
                }
                Err(TransportError::NotSent { detail }) => Err(ClientTransportError::not_sent(detail)),
                Err(TransportError::Failed { detail }) => Err(ClientTransportError::failed(detail)),
                Err(TransportError::Timeout { .. }) => Err(ClientTransportError::timed_out()),
            }
        })
    }
}

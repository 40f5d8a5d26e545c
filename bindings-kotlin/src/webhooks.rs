//! Webhook events (§4): parsing one event or a batch, and [`WebhookReceiver`], which checks a
//! webhook call's authentication, parses its event and de-duplicates it (the client's
//! receiver, over the core's `receive`).

use std::fmt;

use homecom_client::homecom_core::webhooks::{self, Event, WebhookAuth};
use homecom_client::{Error, ErrorKind, WebhookReceiver as ClientReceiver};

use crate::HomeComError;
use crate::transport::HttpHeader;

/// One parsed webhook event.
#[derive(Clone, Debug, PartialEq, uniffi::Record)]
pub struct WebhookEvent {
    /// The event, typed (`Event.DataPoint`, …; `Event.Unknown` for a type this SDK does not
    /// know, with its JSON).
    pub event: Event,
    /// The event as JSON (the wire form).
    pub event_json: String,
    /// Its `eventType` (also for types this SDK does not know).
    pub event_type: String,
    /// The gateway it concerns, when it names one.
    pub gateway_id: Option<String>,
    /// Whether the SDK knows this event type.
    pub known: bool,
    /// Lowercase hex SHA-256 of the canonical JSON, for de-duplication.
    pub fingerprint: String,
}

impl From<Event> for WebhookEvent {
    fn from(event: Event) -> Self {
        WebhookEvent {
            event_json: event.to_json().to_string(),
            event_type: event.event_type().to_string(),
            gateway_id: event.gateway_id().map(|id| id.to_string()),
            known: event.is_known(),
            fingerprint: event.fingerprint(),
            event,
        }
    }
}

/// Parses one webhook event (the body of a webhook call).
#[uniffi::export]
pub fn parse_event(body: String) -> Result<WebhookEvent, HomeComError> {
    Ok(WebhookEvent::from(webhooks::parse_event(body.as_bytes())?))
}

/// The fingerprint of an event body (lowercase hex SHA-256 of its canonical JSON): the same
/// for the same event however its JSON is spaced or ordered.
#[uniffi::export]
pub fn fingerprint(body: String) -> Result<String, HomeComError> {
    Ok(webhooks::parse_event(body.as_bytes())?.fingerprint())
}

/// Parses a JSON array of events (or one event).
#[uniffi::export]
pub fn parse_events(body: String) -> Result<Vec<WebhookEvent>, HomeComError> {
    Ok(webhooks::parse_events(body.as_bytes())?
        .into_iter()
        .map(WebhookEvent::from)
        .collect())
}

/// What became of one webhook call: the status to answer with, and the event if there was
/// one.
#[derive(Clone, Debug, PartialEq, uniffi::Record)]
pub struct WebhookResult {
    /// The HTTP status to answer with: 200 for an event (a duplicate too: the API does not
    /// retry, and a duplicate was already handled), 401 when authentication failed, 400 for
    /// a body that is not an event, 500 for a misconfigured receiver.
    pub status: i32,
    /// The event, when the call carried one (`null` when refused).
    pub event: Option<WebhookEvent>,
    /// Whether the event was seen recently: acknowledge it, do not handle it again.
    pub duplicate: bool,
    /// Why the call was refused, when it was (`WebhookAuth`, `Decode` or `Config`; it holds
    /// no secret).
    pub error: Option<HomeComError>,
}

/// Receives webhook calls in any JVM/Android HTTP server (Ktor, Spring, a servlet, …): hand
/// it the headers and the raw body of each `POST`, answer with the result's `status`, and
/// handle the event unless it is a duplicate. Thread-safe; share one. Its `toString()` never
/// shows the secrets.
#[derive(uniffi::Object)]
#[uniffi::export(Debug, Display)]
pub struct WebhookReceiver {
    inner: ClientReceiver,
}

impl fmt::Debug for WebhookReceiver {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.inner, f) // hides the secrets
    }
}

impl fmt::Display for WebhookReceiver {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.inner, f)
    }
}

#[uniffi::export]
impl WebhookReceiver {
    /// A receiver that checks the shared-secret header `secret_header_name:
    /// secret_header_value` and/or HTTP Basic `basic_user:basic_password`, whichever are
    /// given (both: both must pass; none: every call is accepted), and remembers the last
    /// `window` events for de-duplication (default 10 000; 0: none). Throws `Config` for half
    /// a pair or an empty secret.
    #[uniffi::constructor(default(
        secret_header_name = None,
        secret_header_value = None,
        basic_user = None,
        basic_password = None,
        window = None
    ))]
    pub fn new(
        secret_header_name: Option<String>,
        secret_header_value: Option<String>,
        basic_user: Option<String>,
        basic_password: Option<String>,
        window: Option<u32>,
    ) -> Result<Self, HomeComError> {
        let secret_header = match (secret_header_name, secret_header_value) {
            (Some(name), Some(value)) => Some((name, value)),
            (None, None) => None,
            _ => return Err(Error::config("give both the secret header's name and its value, or neither").into()),
        };
        let basic = match (basic_user, basic_password) {
            (Some(user), Some(password)) => Some((user, password)),
            (None, None) => None,
            _ => return Err(Error::config("give both the Basic user and password, or neither").into()),
        };
        let auth = WebhookAuth::from_parts(secret_header, basic);
        // A secret the receiver could never check (empty) is refused now, not on every call.
        if let Err(error) = auth.verify(&[])
            && error.kind == ErrorKind::Config
        {
            return Err(error.into());
        }
        let mut inner = ClientReceiver::new(auth);
        if let Some(window) = window {
            inner = inner.with_window(window as usize);
        }
        Ok(WebhookReceiver { inner })
    }

    /// Handles one webhook call (never throws: a refused call is a result with its status and
    /// error).
    pub fn receive(&self, headers: Vec<HttpHeader>, body: Vec<u8>) -> WebhookResult {
        let headers: Vec<(String, String)> = headers.into_iter().map(|h| (h.name, h.value)).collect();
        let result = self.inner.handle(&headers, &body);
        let status = i32::from(ClientReceiver::status_code(&result));
        match result {
            Ok(received) => WebhookResult {
                status,
                duplicate: received.duplicate,
                event: Some(WebhookEvent::from(received.event)),
                error: None,
            },
            Err(error) => WebhookResult {
                status,
                event: None,
                duplicate: false,
                error: Some(HomeComError::from(error)),
            },
        }
    }
}

//! A framework-neutral webhook receiver (§4).

use core::fmt;
use std::sync::{Mutex, PoisonError};

use homecom_core::Error;
use homecom_core::webhooks::{self, Deduplicator, Received, WebhookAuth};

/// Receives webhook calls: checks their authentication, parses the event and tells whether
/// it is a duplicate of one seen recently (the API may deliver an event twice).
///
/// Thread-safe (`Send + Sync`): share one receiver (e.g. in an `Arc`) between the handlers of
/// your HTTP server. It does no IO; hand it the headers and the raw body of each `POST`, and
/// answer with [`WebhookReceiver::status_code`]: **200 for duplicates too** (the API does not
/// retry, and a duplicate was already handled), 401 when authentication fails, 400 for a
/// body that is not an event.
///
/// Wiring it into [axum](https://docs.rs/axum) (any framework that gives headers and body
/// bytes works the same way):
///
/// ```no_run
/// use std::sync::Arc;
///
/// use axum::Router;
/// use axum::body::Bytes;
/// use axum::extract::State;
/// use axum::http::{HeaderMap, StatusCode};
/// use axum::routing::post;
/// use homecom_client::{WebhookAuth, WebhookReceiver};
///
/// async fn webhook(State(receiver): State<Arc<WebhookReceiver>>, headers: HeaderMap, body: Bytes) -> StatusCode {
///     let headers: Vec<(String, String)> = headers
///         .iter()
///         .map(|(n, v)| (n.as_str().to_owned(), String::from_utf8_lossy(v.as_bytes()).into_owned()))
///         .collect();
///     let result = receiver.handle(&headers, &body);
///     if let Ok(received) = &result {
///         if !received.duplicate {
///             // Handle received.event here (quickly, or hand it to a queue).
///         }
///     }
///     StatusCode::from_u16(WebhookReceiver::status_code(&result)).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
/// }
///
/// fn router(secret: &str) -> Router {
///     let auth = WebhookAuth::none().with_secret_header("x-webhook-secret", secret);
///     let receiver = Arc::new(WebhookReceiver::new(auth).with_window(50_000));
///     Router::new().route("/homecom/webhook", post(webhook)).with_state(receiver)
/// }
/// # let _ = router("change-me");
/// ```
///
/// The same in plain Rust, without a framework:
///
/// ```
/// use homecom_client::{WebhookAuth, WebhookReceiver};
///
/// let receiver = WebhookReceiver::new(WebhookAuth::none().with_secret_header("x-webhook-secret", "s3cret-value"));
/// let headers = vec![("X-Webhook-Secret".to_owned(), "s3cret-value".to_owned())];
/// let body = br#"{"eventType":"CONNECTIVITY_STATUS","gatewayId":"101234567",
///                 "connectivityStatus":"OFFLINE","timestamp":"2026-05-05T12:00:00Z"}"#;
/// let first = receiver.handle(&headers, body);
/// assert_eq!(WebhookReceiver::status_code(&first), 200);
/// assert!(!first.unwrap().duplicate);
/// let again = receiver.handle(&headers, body).unwrap();
/// assert!(again.duplicate); // acknowledge with 200, but do not handle it twice
/// let refused = receiver.handle(&[], body);
/// assert_eq!(WebhookReceiver::status_code(&refused), 401);
/// ```
pub struct WebhookReceiver {
    auth: WebhookAuth,
    dedup: Mutex<Deduplicator>,
}

impl fmt::Debug for WebhookReceiver {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let remembered = self.dedup.lock().unwrap_or_else(PoisonError::into_inner).len();
        f.debug_struct("WebhookReceiver")
            .field("auth", &self.auth) // WebhookAuth's Debug hides the secrets
            .field("remembered", &remembered)
            .finish()
    }
}

impl WebhookReceiver {
    /// How many recent event fingerprints a receiver remembers by default.
    pub const DEFAULT_WINDOW: usize = 10_000;

    /// A receiver checking `auth` (use [`WebhookAuth::none`] to accept every call) and
    /// remembering the last [`WebhookReceiver::DEFAULT_WINDOW`] events.
    pub fn new(auth: WebhookAuth) -> WebhookReceiver {
        WebhookReceiver {
            auth,
            dedup: Mutex::new(Deduplicator::new(Self::DEFAULT_WINDOW)),
        }
    }

    /// Remembers the last `capacity` events instead (0: no de-duplication). Forgets what was
    /// remembered so far.
    pub fn with_window(self, capacity: usize) -> WebhookReceiver {
        WebhookReceiver {
            auth: self.auth,
            dedup: Mutex::new(Deduplicator::new(capacity)),
        }
    }

    /// Handles one webhook call: verifies the headers against the configured authentication
    /// (kind `WebhookAuth` on failure, before the body is read), parses the body as one event
    /// (kind `Decode` if it is not one), and tells whether the event is a duplicate of one
    /// seen within the window. Refused calls are not remembered.
    pub fn handle(&self, headers: &[(String, String)], body: &[u8]) -> Result<Received, Error> {
        let result = {
            let mut dedup = self.dedup.lock().unwrap_or_else(PoisonError::into_inner);
            webhooks::receive(&self.auth, headers, body, &mut dedup)
        };
        match &result {
            Ok(received) => tracing::debug!(
                event_type = received.event.kind().as_str(),
                fingerprint = %received.fingerprint,
                duplicate = received.duplicate,
                "webhook event received"
            ),
            Err(error) => tracing::warn!(kind = %error.kind, error = %error, "webhook call refused"),
        }
        result
    }

    /// The HTTP status to answer a webhook call with: 200 for an event (a duplicate too), 401
    /// for an authentication failure, 400 for a body that is not an event, 500 for a receiver
    /// that is misconfigured (e.g. an empty secret).
    pub fn status_code(result: &Result<Received, Error>) -> u16 {
        homecom_core::webhooks::response_status(result)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn receiver_is_send_and_sync() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<WebhookReceiver>();
    }

    #[test]
    fn misconfigured_auth_is_a_server_error() {
        let receiver = WebhookReceiver::new(WebhookAuth::none().with_secret_header("x-secret", ""));
        let result = receiver.handle(&[("x-secret".into(), String::new())], b"{}");
        assert_eq!(WebhookReceiver::status_code(&result), 500);
    }

    #[test]
    fn debug_hides_secrets() {
        let receiver = WebhookReceiver::new(WebhookAuth::none().with_basic("hook", "very-secret-pw"));
        let debug = format!("{receiver:?}");
        assert!(!debug.contains("very-secret-pw"), "{debug}");
    }
}

//! Webhooks (§4): typed events, authentication of incoming calls, fingerprints for
//! de-duplication and counter-reset detection.
//!
//! The API sends one HTTP `POST` per event, without retries or buffering; restarts can send
//! duplicates and events caused by a REST call can arrive late \[docs\]. A receiver must be
//! idempotent: [`receive`] checks the call, parses the event and tells whether it is a
//! duplicate of one seen recently.
//!
//! ```
//! use homecom_core::webhooks::{receive, Deduplicator, WebhookAuth};
//!
//! let auth = WebhookAuth::none().with_secret_header("x-webhook-secret", "change-me");
//! let mut dedup = Deduplicator::new(10_000);
//! let headers = vec![("X-Webhook-Secret".to_owned(), "change-me".to_owned())];
//! let body = br#"{"eventType":"CONNECTIVITY_STATUS","gatewayId":"101234567",
//!                 "connectivityStatus":"OFFLINE","timestamp":"2026-05-05T12:00:00Z"}"#;
//! let first = receive(&auth, &headers, body, &mut dedup).unwrap();
//! assert!(!first.duplicate);
//! let again = receive(&auth, &headers, body, &mut dedup).unwrap();
//! assert!(again.duplicate);
//! assert_eq!(first.fingerprint, again.fingerprint);
//! ```

// The crate's one `Error` type is large by design (status, request id, violations, ...);
// whether to box it is a crate-wide decision, not this module's.
#![allow(clippy::result_large_err)]

pub mod auth;
pub mod events;

use serde::Serialize;

pub use auth::{WebhookAuth, constant_time_eq};
pub use events::{
    ApplianceStatus, ApplianceStatusEvent, ConnectivityStatus, ConnectivityStatusEvent, ContractStatus,
    ContractStatusEvent, CounterObservation, CounterTracker, DailyAggregateEvent, DailyAggregateProperty,
    DataPointEvent, DataPointValue, Deduplicator, Event, EventType, MAX_BODY_BYTES, StatusDescription, canonical_json,
    fingerprint_json, parse_event, parse_events,
};

use crate::error::Error;

/// An event accepted by [`receive`].
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Received {
    /// The event.
    pub event: Event,
    /// Its fingerprint ([`Event::fingerprint`]).
    pub fingerprint: String,
    /// Whether the de-duplicator has seen the fingerprint recently: the event was already
    /// handled and can be acknowledged without handling it again.
    pub duplicate: bool,
}

/// Handles one webhook call: checks its headers against `auth`, parses the body (one event
/// object), fingerprints the event and asks `dedup` whether it is new.
///
/// A call that fails authentication is refused (kind `WebhookAuth`) before its body is
/// read; a body that is not a valid event gives a `Decode` error. Neither is remembered by
/// `dedup`.
pub fn receive(
    auth: &WebhookAuth,
    headers: &[(String, String)],
    body: &[u8],
    dedup: &mut Deduplicator,
) -> Result<Received, Error> {
    auth.verify(headers)?;
    let event = parse_event(body)?;
    let fingerprint = event.fingerprint();
    let duplicate = !dedup.check(&fingerprint);
    Ok(Received {
        event,
        fingerprint,
        duplicate,
    })
}

/// The HTTP status a webhook endpoint answers a call with: 200 for an event (a duplicate
/// too: it was handled already), 401 for an authentication failure, 500 for a receiver that
/// is misconfigured (e.g. an empty secret), 400 for a body that is not an event.
pub fn response_status(result: &Result<Received, Error>) -> u16 {
    match result {
        Ok(_) => 200,
        Err(error) => match error.kind {
            crate::ErrorKind::WebhookAuth => 401,
            crate::ErrorKind::Config => 500,
            _ => 400,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;

    const BODY: &[u8] = br#"{"eventType":"CONTRACT_STATUS","gatewayId":"101234567",
        "contractStatus":"CLOSED","previousContractStatus":"ACTIVE",
        "statusDate":"2026-05-05T12:00:00Z"}"#;

    fn headers(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs.iter().map(|(n, v)| ((*n).to_owned(), (*v).to_owned())).collect()
    }

    #[test]
    fn receive_verifies_parses_and_deduplicates() {
        let auth = WebhookAuth::none().with_secret_header("x-webhook-secret", "hunter2-long");
        let good = headers(&[("X-Webhook-Secret", "hunter2-long")]);
        let mut dedup = Deduplicator::new(16);

        let first = receive(&auth, &good, BODY, &mut dedup).expect("accepted");
        assert!(!first.duplicate);
        assert_eq!(first.fingerprint, first.event.fingerprint());
        assert_eq!(first.event.kind(), EventType::ContractStatus);
        assert_eq!(dedup.len(), 1);

        // The same event with other whitespace and key order is a duplicate.
        let reordered = br#"{"statusDate":"2026-05-05T12:00:00Z","previousContractStatus":"ACTIVE","contractStatus":"CLOSED","gatewayId":"101234567","eventType":"CONTRACT_STATUS"}"#;
        let again = receive(&auth, &good, reordered, &mut dedup).expect("accepted");
        assert!(again.duplicate);
        assert_eq!(again.fingerprint, first.fingerprint);
        assert_eq!(dedup.len(), 1);

        let json = serde_json::to_value(&again).expect("serializes");
        assert_eq!(json["duplicate"], true);
        assert_eq!(json["fingerprint"], first.fingerprint.as_str());
        assert_eq!(json["event"]["eventType"], "CONTRACT_STATUS");
    }

    #[test]
    fn receive_refuses_before_reading_the_body() {
        let auth = WebhookAuth::none().with_basic("hook", "pw-123456");
        let mut dedup = Deduplicator::new(16);
        let err = receive(&auth, &[], BODY, &mut dedup).expect_err("no credentials");
        assert_eq!(err.kind, ErrorKind::WebhookAuth);
        // Authentication comes first: a bad body is not even looked at.
        let err = receive(&auth, &[], b"not json", &mut dedup).expect_err("no credentials");
        assert_eq!(err.kind, ErrorKind::WebhookAuth);
        assert!(dedup.is_empty());

        let ok = headers(&[("authorization", "Basic aG9vazpwdy0xMjM0NTY=")]);
        let err = receive(&auth, &ok, b"[]", &mut dedup).expect_err("bad body");
        assert_eq!(err.kind, ErrorKind::Decode);
        assert!(dedup.is_empty());
        assert!(receive(&auth, &ok, BODY, &mut dedup).is_ok());
    }

    #[test]
    fn unknown_events_are_received_too() {
        let mut dedup = Deduplicator::new(4);
        let body = br#"{"eventType":"SOMETHING_NEW","gatewayId":"1","x":[1,2]}"#;
        let received = receive(&WebhookAuth::none(), &[], body, &mut dedup).expect("ok");
        assert!(!received.event.is_known());
        assert!(!received.duplicate);
        let again = receive(&WebhookAuth::none(), &[], body, &mut dedup).expect("ok");
        assert!(again.duplicate);
    }
}

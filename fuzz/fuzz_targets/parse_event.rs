//! Webhook bodies: single events, batches, and the fingerprint of whatever parses.
#![no_main]
use homecom_core::webhooks::{parse_event, parse_events};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(event) = parse_event(data) {
        let again = parse_event(event.to_json().to_string().as_bytes()).expect("an event's JSON form parses");
        assert_eq!(again.fingerprint(), event.fingerprint());
    }
    let _ = parse_events(data);
});

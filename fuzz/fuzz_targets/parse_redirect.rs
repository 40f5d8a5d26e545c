//! Onboarding redirect URLs: any text, checked against a fixed session id.
#![no_main]
use homecom_core::onboarding::{SessionId, parse_redirect};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let expected = SessionId::from_random_bytes(&[7, 1, 2, 3, 4, 5, 6, 8, 9, 10, 11, 12, 13, 14, 15, 16]).expect("16 bytes");
    if let Ok(text) = std::str::from_utf8(data) {
        if let Ok(redirect) = parse_redirect(text, &expected) {
            assert_eq!(redirect.session_id, expected.as_str());
        }
    }
});

//! Invite links (the portal side of onboarding): any text; what parses builds back to itself.
#![no_main]
use homecom_core::onboarding::{INVITE_LINK_MAX_LEN, invite_link, parse_invite_link};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        if let Ok(link) = parse_invite_link(text) {
            // A parsed link is one the SDK would build: building it again parses the same.
            let rebuilt = invite_link(link.brand, &link.company_id, &link.redirect_uri, &link.session_id)
                .expect("a parsed invite link builds again");
            // (Percent-encoding what arrived raw can make it longer than the parser accepts.)
            if rebuilt.len() <= INVITE_LINK_MAX_LEN {
                assert_eq!(parse_invite_link(&rebuilt).expect("a built link parses"), link);
            }
        }
    }
});

//! `POST /_sim/onboarding`: the simulator plays the brand's Gateway Management Portal. The
//! partner side uses the core's `invite_link` and `parse_redirect`, as a real integration does.

use homecom_core::onboarding::{Brand, SessionId, invite_link, parse_invite_link, parse_redirect};
use homecom_core::operation::OperationId;
use homecom_core::webhooks::ContractStatus;
use serde_json::{Value, json};

use crate::common::{Sim, start};

/// A fixture gateway whose contract is REJECTED: the end user may start a new one.
const REJECTED: &str = "101234575";
/// A fixture gateway whose contract is CLOSED: the end user may start a new one.
const CLOSED: &str = "101234576";
/// A fixture gateway with an ACTIVE contract: no new one.
const ACTIVE: &str = "101234567";

fn session(seed: u8) -> SessionId {
    let bytes: Vec<u8> = (0..16).map(|i| seed.wrapping_mul(31).wrapping_add(i * 7)).collect();
    SessionId::from_random_bytes(&bytes).expect("random enough")
}

async fn onboard(sim: &Sim, link: &str, gateway_id: &str) -> crate::common::Answer {
    sim.control_raw(
        "POST",
        "/onboarding",
        Some(json!({"inviteLink": link, "gatewayId": gateway_id})),
    )
    .await
}

async fn contract_status(sim: &Sim, gateway_id: &str) -> Value {
    sim.call("GET", &format!("/contracts/{gateway_id}"), None).await.json["status"].clone()
}

#[tokio::test]
async fn the_customer_comes_back_with_a_pending_contract() {
    let sim = start().await;
    let id = session(1);
    let redirect_uri = "https://partner.example.com/onboarding?tenant=7";
    let link = invite_link(Brand::Bosch, sim.handle.company_id(), redirect_uri, &id).expect("link");
    assert_eq!(contract_status(&sim, REJECTED).await, "REJECTED");

    let answer = onboard(&sim, &link, REJECTED).await;
    assert_eq!(answer.status, 200, "{}", answer.text);
    answer.assert_common_headers();
    assert_eq!(answer.json["gatewayId"], REJECTED);
    assert_eq!(answer.json["contractStatus"], "PENDING");
    let url = answer.json["redirectUrl"].as_str().expect("redirectUrl");
    assert!(
        url.starts_with("https://partner.example.com/onboarding?tenant=7&"),
        "{url}"
    );

    // The partner reads the redirect with the session id it kept.
    let redirect = parse_redirect(url, &id).expect("a valid redirect");
    assert_eq!(redirect.gateway_id, REJECTED);
    assert_eq!(redirect.contract_status, ContractStatus::Pending);
    assert_eq!(redirect.session_id, id.as_str());
    assert!(
        parse_redirect(url, &session(2)).is_err(),
        "another session's redirect is refused"
    );

    // The API shows the new contract, and CONTRACT_STATUS was emitted.
    let contract = sim
        .exec(OperationId::GetContract, json!({"gatewayId": REJECTED}))
        .await
        .expect("GET /contracts/{gatewayId}");
    assert_eq!(contract.value["status"], "PENDING");
    assert_eq!(contract.value["gatewayId"], REJECTED);
    let events = sim.control("GET", "/webhooks/events", None).await;
    let last = events["events"]
        .as_array()
        .and_then(|e| e.last())
        .cloned()
        .expect("an event");
    assert_eq!(last["eventType"], "CONTRACT_STATUS");
    assert_eq!(last["gatewayId"], REJECTED);
    assert_eq!(last["contractStatus"], "PENDING");
    assert_eq!(last["previousContractStatus"], "REJECTED");

    // The partner accepts it, as after any onboarding.
    let accepted = sim
        .call(
            "PATCH",
            &format!("/contracts/{REJECTED}"),
            Some(json!({"action": "ACCEPT"})),
        )
        .await;
    assert_eq!(accepted.json["status"], "ACTIVE", "{}", accepted.text);

    // Another brand, an app deep link and the pre-v1.33 `state`, for the CLOSED gateway.
    let id = session(3);
    let link = invite_link(Brand::Ivt, sim.handle.company_id(), "myapp://onboarding", &id)
        .expect("link")
        .replace("&sessionId=", "&state=");
    let answer = onboard(&sim, &link, CLOSED).await;
    assert_eq!(answer.status, 200, "{}", answer.text);
    let url = answer.json["redirectUrl"].as_str().expect("redirectUrl");
    assert!(url.starts_with("myapp://onboarding?gatewayId="), "{url}");
    let redirect = parse_redirect(url, &id).expect("a valid redirect");
    assert_eq!(
        (redirect.gateway_id.as_str(), redirect.contract_status),
        (CLOSED, ContractStatus::Pending)
    );
    assert_eq!(contract_status(&sim, CLOSED).await, "PENDING");
    sim.done().await;
}

#[tokio::test]
async fn an_invite_from_another_company_is_refused() {
    let sim = start().await;
    let link = invite_link(Brand::Buderus, "another-company", "https://a.example/cb", &session(4)).expect("link");
    let answer = onboard(&sim, &link, REJECTED).await;
    answer.assert_error(400);
    let message = answer.json["message"].as_str().unwrap_or_default();
    assert!(message.contains("another-company"), "{message}");
    assert!(message.contains(sim.handle.company_id()), "{message}");
    assert_eq!(contract_status(&sim, REJECTED).await, "REJECTED", "nothing changed");
    sim.done().await;
}

#[tokio::test]
async fn a_malformed_invite_link_is_refused_with_the_core_message() {
    let sim = start().await;
    let good = invite_link(
        Brand::Bosch,
        sim.handle.company_id(),
        "https://a.example/cb",
        &session(5),
    )
    .expect("link");
    let links = [
        good.replace("https://devices.bosch-homecom.com/", "https://devices.evil.example/"),
        good.replace("&sessionId=", "&other="),
        good.replace("redirectUri=https", "redirectUri=http"),
        format!("{good}&companyId=x"),
        "not a link".to_owned(),
        String::new(),
    ];
    for link in links {
        let expected = parse_invite_link(&link).expect_err("the core refuses it");
        let answer = onboard(&sim, &link, REJECTED).await;
        answer.assert_error(400);
        assert_eq!(answer.json["message"], expected.message.as_str(), "{link}");
        let rules: Vec<String> = expected.violations.iter().map(|v| v.code.clone()).collect();
        assert_eq!(answer.rules(), rules, "{link}");
    }
    // A body that is not the documented one, and a bad gateway id.
    for body in [
        json!({"inviteLink": good}),
        json!({"gatewayId": REJECTED}),
        json!({"inviteLink": good, "gatewayId": REJECTED, "x": 1}),
    ] {
        sim.control_raw("POST", "/onboarding", Some(body))
            .await
            .assert_error(400);
    }
    let answer = onboard(&sim, &good, "../etc").await;
    answer.assert_error(400);
    assert_eq!(answer.rules(), vec!["GATEWAY_ID_INVALID".to_owned()]);
    assert_eq!(contract_status(&sim, REJECTED).await, "REJECTED", "nothing changed");
    sim.done().await;
}

#[tokio::test]
async fn a_gateway_with_an_active_or_pending_contract_conflicts() {
    let sim = start().await;
    let link = invite_link(
        Brand::Bosch,
        sim.handle.company_id(),
        "https://a.example/cb",
        &session(6),
    )
    .expect("link");
    let events_before = sim.control("GET", "/webhooks/events", None).await["events"]
        .as_array()
        .map_or(0, Vec::len);
    onboard(&sim, &link, ACTIVE).await.assert_error(409);
    assert_eq!(contract_status(&sim, ACTIVE).await, "ACTIVE");
    // The same rule as POST /_sim/contracts/{gatewayId}: a PENDING contract conflicts too.
    assert_eq!(onboard(&sim, &link, REJECTED).await.status, 200);
    onboard(&sim, &link, REJECTED).await.assert_error(409);
    assert_eq!(
        sim.control_raw("POST", &format!("/contracts/{REJECTED}"), None)
            .await
            .status,
        409
    );
    let events_after = sim.control("GET", "/webhooks/events", None).await["events"]
        .as_array()
        .map_or(0, Vec::len);
    assert_eq!(
        events_after,
        events_before + 1,
        "one CONTRACT_STATUS, for the one contract started"
    );
    sim.done().await;
}

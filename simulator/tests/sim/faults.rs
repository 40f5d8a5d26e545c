//! Injected faults: resets are transport errors, errors have the chosen status and body,
//! latency delays, 429 bursts count down, randomness is seeded, `/_sim` is never faulted.

use std::time::{Duration, Instant};

use homecom_sim::SimConfig;
use serde_json::json;

use crate::common::{start, start_with};

#[tokio::test]
async fn a_reset_is_a_transport_error_without_any_response() {
    let sim = start().await;
    sim.control("PUT", "/faults", Some(json!({"resetRatio": 1.0}))).await;
    for _ in 0..3 {
        let error = sim
            .request("GET", "/hvacs/101234567/status")
            .send()
            .await
            .expect_err("no HTTP response at all");
        assert!(error.status().is_none());
        assert!(!error.is_timeout());
    }
    // The control API is never faulted.
    let log = sim.control("GET", "/requests", None).await;
    let requests = log["requests"].as_array().unwrap();
    assert!(requests.len() >= 3);
    assert!(
        requests
            .iter()
            .all(|r| r["fault"] == "reset" && r["faulted"] == true && r["status"].is_null())
    );
    sim.control("DELETE", "/faults", None).await;
    assert_eq!(sim.call("GET", "/hvacs/101234567/status", None).await.status, 200);
    sim.done().await;
}

#[tokio::test]
async fn server_errors_latency_and_rate_limit_bursts() {
    let sim = start().await;
    sim.control("PUT", "/faults", Some(json!({"errorRatio": 1.0, "errorStatus": 502})))
        .await;
    let answer = sim.call("GET", "/health", None).await;
    answer.assert_error(502);
    sim.control("PUT", "/faults", Some(json!({"errorRatio": 1.0, "errorBody": "html"})))
        .await;
    let answer = sim.call("GET", "/health", None).await;
    assert_eq!(answer.status, 503);
    assert!(answer.text.starts_with("<html>"));
    answer.assert_common_headers();
    sim.control("PUT", "/faults", Some(json!({"errorRatio": 1.0, "errorBody": "empty"})))
        .await;
    assert!(sim.call("GET", "/health", None).await.text.is_empty());

    sim.control("PUT", "/faults", Some(json!({"latencyMs": 150}))).await;
    let started = Instant::now();
    assert_eq!(sim.call("GET", "/health", None).await.status, 200);
    assert!(started.elapsed() >= Duration::from_millis(150));

    sim.control(
        "PUT",
        "/faults",
        Some(json!({"rateLimitBurst": 2, "rateLimitRetryAfter": 3})),
    )
    .await;
    for _ in 0..2 {
        let answer = sim.call("GET", "/health", None).await;
        answer.assert_error(429);
        assert_eq!(answer.header("retry-after"), Some("3"));
    }
    assert_eq!(sim.call("GET", "/health", None).await.status, 200);
    assert_eq!(sim.control("GET", "/faults", None).await["rateLimitBurst"], 0);

    // Bad fault settings are refused.
    for bad in [
        json!({"errorRatio": 1.5}),
        json!({"errorStatus": 404}),
        json!({"unknown": 1}),
    ] {
        assert_eq!(sim.control_raw("PUT", "/faults", Some(bad)).await.status, 400);
    }
    let log = sim.control("GET", "/requests", None).await;
    let faulted = log["requests"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["faulted"] == true)
        .count();
    assert_eq!(faulted, 3 + 1 + 2);
    sim.done().await;
}

#[tokio::test]
async fn fault_randomness_is_seeded() {
    let mut runs = Vec::new();
    for _ in 0..2 {
        let sim = start_with(SimConfig {
            seed: Some(7),
            rate_limits: false,
            ..SimConfig::default()
        })
        .await;
        sim.control("PUT", "/faults", Some(json!({"errorRatio": 0.5}))).await;
        let mut statuses = Vec::new();
        for _ in 0..24 {
            statuses.push(sim.call("GET", "/health", None).await.status);
        }
        assert!(statuses.contains(&200) && statuses.contains(&503), "{statuses:?}");
        // A reset restarts the fault randomness: the same requests get the same faults.
        sim.control("POST", "/reset", None).await;
        sim.control("PUT", "/faults", Some(json!({"errorRatio": 0.5}))).await;
        let mut again = Vec::new();
        for _ in 0..24 {
            again.push(sim.call("GET", "/health", None).await.status);
        }
        assert_eq!(statuses, again);
        runs.push(statuses);
        sim.done().await;
    }
    assert_eq!(runs[0], runs[1]);
}

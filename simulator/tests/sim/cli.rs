//! The binary: machine-readable first lines, flags, and the loopback-only rule.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use homecom_sim::{SimConfig, SimError, Simulator};

use crate::common::client;

#[tokio::test]
async fn the_binary_prints_its_url_and_key_then_serves() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_homecom-sim"))
        .args(["--port", "0", "--seed", "3", "--time-scale", "0.01", "--fleet", "5"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn");
    let stdout = child.stdout.take().expect("stdout");
    let lines: Vec<String> = tokio::task::spawn_blocking(move || {
        BufReader::new(stdout)
            .lines()
            .take(5)
            .map(|l| l.expect("line"))
            .collect()
    })
    .await
    .expect("read");
    let value = |name: &str| {
        lines
            .iter()
            .find_map(|l| l.strip_prefix(&format!("{name}=")))
            .unwrap_or_else(|| panic!("no {name} in {lines:?}"))
            .to_owned()
    };
    let base = value("HOMECOM_BASE_URL");
    let key = value("HOMECOM_API_KEY");
    assert!(base.starts_with("http://127.0.0.1:"), "{base}");
    assert!(key.starts_with("xHCSAPI."));
    assert_eq!(value("HOMECOM_USER_ID"), "installer-0042");
    assert_eq!(value("HOMECOM_READY"), "1");
    let response = client()
        .get(format!("{base}/hvacs"))
        .header("x-api-key", &key)
        .send()
        .await
        .expect("served");
    assert_eq!(response.status(), 200);
    let list: serde_json::Value = response.json().await.unwrap();
    assert!(list.as_array().unwrap().iter().any(|g| g["gatewayId"] == "2000000005"));
    child.kill().expect("kill");
    let _ = child.wait();
}

#[tokio::test]
async fn non_loopback_addresses_are_refused() {
    for host in ["0.0.0.0", "::"] {
        let error = Simulator::start(SimConfig {
            host: host.to_owned(),
            ..SimConfig::default()
        })
        .await
        .expect_err("refused");
        assert!(matches!(error, SimError::NonLoopback(_)), "{error}");
    }
    let output = Command::new(env!("CARGO_BIN_EXE_homecom-sim"))
        .args(["--host", "0.0.0.0", "--port", "0"])
        .output()
        .expect("run");
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("loopback"));
    // Loopback names and addresses are fine.
    for host in ["localhost", "127.0.0.2"] {
        let sim = Simulator::start(SimConfig {
            host: host.to_owned(),
            ..SimConfig::default()
        })
        .await
        .expect("loopback");
        sim.shutdown().await;
    }
}

#[tokio::test]
async fn bad_flags_and_fixtures_are_refused() {
    let output = Command::new(env!("CARGO_BIN_EXE_homecom-sim"))
        .args(["--port", "0", "--fixture", "/nonexistent/fixture.json"])
        .output()
        .expect("run");
    assert!(!output.status.success());
    let output = Command::new(env!("CARGO_BIN_EXE_homecom-sim"))
        .args(["--port", "0", "--webhook-basic", "no-colon"])
        .output()
        .expect("run");
    assert!(!output.status.success());
    let error = Simulator::start(SimConfig {
        time_scale: -1.0,
        ..SimConfig::default()
    })
    .await
    .expect_err("negative scale");
    assert!(matches!(error, SimError::Config(_)));
    let fixture = homecom_sim::Fixture::from_json(
        r#"{"company": {"companyId": "c", "partnerUserId": "u"},
        "gateways": [{"gatewayId": "bad id"}]}"#,
    );
    assert!(fixture.is_err());
    let fixture = homecom_sim::Fixture::from_json(
        r#"{"company": {"companyId": "c", "partnerUserId": "u"},
        "gateways": [{"gatewayId": "g1", "heatingCircuits": [{"circuitId": 1,
        "timePrograms": [{"timeProgramId": 1, "everyDay": [{"startTime": "06:07", "level": "ECO"}]}]}]}]}"#,
    );
    assert!(fixture.unwrap_err().contains("TP_TIME_GRID"));
    // A minimal custom fixture serves (and a fleet uses the built-in template).
    let fixture = homecom_sim::Fixture::from_json(
        r#"{"company": {"companyId": "c-1", "partnerUserId": "me"}, "gateways": [{"gatewayId": "g1"}]}"#,
    )
    .unwrap();
    let sim = Simulator::start(SimConfig {
        fixture: Some(fixture),
        fleet: 2,
        ..SimConfig::default()
    })
    .await
    .unwrap();
    assert_eq!(sim.user_id(), "me");
    let list: serde_json::Value = client()
        .get(format!("{}/hvacs", sim.base_url()))
        .header("x-api-key", sim.api_key())
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(list.as_array().unwrap().len(), 3);
    sim.shutdown().await;
}

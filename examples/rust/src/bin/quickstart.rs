//! The homecom-partner quickstart: a tour of the Partner API through the Rust client.
//!
//! By default it starts the embedded simulator (`homecom-sim`) with a webhook endpoint of its
//! own; with `HOMECOM_BASE_URL`, `HOMECOM_API_KEY` (and `HOMECOM_USER_ID`) set it talks to
//! that API instead and skips what needs the simulator.
//!
//! ```sh
//! cargo run -p homecom-examples --bin quickstart
//! ```

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use homecom_client::homecom_core::contracts::{ContractAction, ContractUpdate};
use homecom_client::homecom_core::dhw::{DhwCircuitPatch, DhwModePatch, UpdateDhwCircuit};
use homecom_client::homecom_core::webhooks::Event;
use homecom_client::{Client, Config, Error, ErrorKind, Operation, Received, WebhookAuth, WebhookReceiver};
use homecom_sim::{SimConfig, Simulator, WebhookTarget};
use tokio::sync::mpsc;

/// The fixture's demo appliances.
const DEMO: &str = "101234567";
const PENDING: &str = "101234574";
const OLD_CONSENT: &str = "101234572";
const OFFLINE: &str = "101234573";

/// The shared secret the simulator sends with every webhook call and the receiver checks.
const WEBHOOK_HEADER: &str = "x-webhook-secret";
const WEBHOOK_SECRET: &str = "quickstart-webhook-secret";

type Failure = Box<dyn std::error::Error + Send + Sync>;

#[tokio::main]
async fn main() -> Result<(), Failure> {
    println!("homecom-partner quickstart\n");

    // A webhook endpoint: verify, parse and de-duplicate every call, pass events on.
    let (events_tx, mut events) = mpsc::unbounded_channel::<Received>();
    let webhook_url = serve_webhooks(events_tx).await?;

    // The API: the one named by the environment, or the embedded simulator.
    let mut simulator = None;
    let (base_url, api_key, user_id) = match (std::env::var("HOMECOM_BASE_URL"), std::env::var("HOMECOM_API_KEY")) {
        (Ok(url), Ok(key)) => {
            println!("Partner API: {url} (from HOMECOM_BASE_URL)");
            (
                url,
                key,
                std::env::var("HOMECOM_USER_ID").unwrap_or_else(|_| "installer-42".into()),
            )
        }
        _ => {
            let target = WebhookTarget::new(&webhook_url).with_secret_header(WEBHOOK_HEADER, WEBHOOK_SECRET);
            let sim = Simulator::start(SimConfig {
                webhooks: vec![target],
                seed: Some(42),
                ..SimConfig::default()
            })
            .await?;
            println!(
                "Partner API: {} (embedded simulator, webhooks to {webhook_url})",
                sim.base_url()
            );
            let parts = (
                sim.base_url().to_owned(),
                sim.api_key().to_owned(),
                sim.user_id().to_owned(),
            );
            simulator = Some(sim);
            parts
        }
    };
    let config = Config::new(&base_url, &api_key)?.with_user_id(&user_id)?;
    let client = Client::new(config.clone())?;
    println!(
        "API key: {} ({} days left)\n",
        config.api_key().map(|k| k.to_string()).unwrap_or_default(),
        client
            .api_key_days_left(homecom_client::unix_now())
            .map_or("?".to_owned(), |d| d.to_string())
    );

    // 1. The appliances the partner may access, and their connectivity.
    let hvacs = client.list_hvacs().await?;
    println!("1. {} appliances:", hvacs.len());
    for hvac in hvacs.iter().take(8) {
        let status = client.get_hvac_status(&hvac.gateway_id).await?;
        println!("   {:<12} {}", hvac.gateway_id, status.connectivity_status);
    }

    // 2. The components of one appliance.
    println!("\n2. Components of {DEMO}:");
    for component in client.get_components(DEMO).await? {
        println!(
            "   {:<16} software {:<10} {}",
            component.component_type.as_str(),
            component.software_version.as_deref().unwrap_or("-"),
            component.control_unit_type.as_ref().map(|c| c.as_str()).unwrap_or("")
        );
    }

    // 3. A DHW circuit: read it, try an invalid change, then a valid one.
    let circuit = client.get_dhw_circuit(DEMO, 1).await?;
    println!(
        "\n3. DHW circuit 1 of {DEMO}: mode {}",
        circuit.operation_mode.as_ref().map_or("-", |m| m.as_str())
    );
    for (name, settings) in ["ECO_PLUS", "ECO", "COMFORT"].iter().zip(circuit.mode_settings()) {
        if let Some(s) = settings {
            println!(
                "   {name:<9} start {:>5} °C  stop {:>5} °C",
                show(s.start_set_point_temperature),
                show(s.stop_set_point_temperature)
            );
        }
    }
    let too_low = DhwCircuitPatch {
        eco_mode_settings: Some(DhwModePatch {
            stop_set_point_temperature: Some(41.5),
            ..Default::default()
        }),
        comfort_mode_settings: Some(DhwModePatch {
            start_set_point_temperature: Some(80.0),
            ..Default::default()
        }),
        ..Default::default()
    };
    let invalid = UpdateDhwCircuit {
        gateway_id: DEMO.into(),
        circuit_id: 1,
        body: too_low,
        current: Some(circuit.clone()),
        time_program_ids: None,
    };
    println!("   Setting ECO stop to 41.5 °C and COMFORT start to 80 °C (checked on the merged state, before any IO):");
    match client.execute(&invalid).await {
        Err(err) if err.kind == ErrorKind::Validation => {
            for violation in &err.violations {
                println!("     ✗ {violation}");
            }
        }
        other => println!("     unexpected: {other:?}"),
    }
    let valid = DhwCircuitPatch {
        eco_mode_settings: Some(DhwModePatch {
            start_set_point_temperature: Some(44.0),
            stop_set_point_temperature: Some(49.0),
        }),
        ..Default::default()
    };
    let update = UpdateDhwCircuit { body: valid, ..invalid };
    assert!(update.check().is_valid());
    let updated = client.execute(&update).await?;
    let eco = updated.value.eco_mode_settings.clone().unwrap_or_default();
    println!(
        "   ✓ ECO now {}–{} °C (request id {})",
        show(eco.start_set_point_temperature),
        show(eco.stop_set_point_temperature),
        updated.request_id.as_deref().unwrap_or("-")
    );

    // 4. The heat curve of heating circuit 1.
    let curve = client.get_heat_curve(DEMO, 1).await?;
    println!(
        "\n4. Heat curve of circuit 1 ({}): flow {}–{} °C, base point {} °C, end point {} °C, design outdoor {} °C",
        curve.control_type.as_ref().map_or("-", |c| c.as_str()),
        show(curve.min_flow_temperature),
        show(curve.max_flow_temperature),
        show(curve.base_point_temperature),
        show(curve.end_point_temperature),
        show(curve.design_outdoor_temperature)
    );

    // 5. Accept a pending contract and receive the resulting webhook event.
    let contract = client.get_contract(PENDING).await?;
    println!("\n5. Contract of {PENDING}: {}", contract.status);
    let accepted = client
        .update_contract(
            PENDING,
            &ContractUpdate {
                action: ContractAction::Accept,
            },
        )
        .await?;
    println!("   accepted → {}", accepted.status);
    if simulator.is_some() {
        match tokio::time::timeout(Duration::from_secs(10), events.recv()).await {
            Ok(Some(received)) => {
                if let Event::ContractStatus(event) = &received.event {
                    println!(
                        "   webhook: CONTRACT_STATUS {} → {} for {} (verified, fingerprint {}…)",
                        event.previous_contract_status.as_ref().map_or("-", |s| s.as_str()),
                        event.contract_status,
                        event.gateway_id,
                        &received.fingerprint[..12]
                    );
                } else {
                    println!(
                        "   webhook: {} for {:?}",
                        received.event.event_type(),
                        received.event.gateway_id()
                    );
                }
            }
            _ => println!("   no webhook event arrived within 10 s"),
        }
    }

    // 6. Errors are typed and say what happened.
    println!("\n6. Errors:");
    report(client.get_dhw_circuit(OLD_CONSENT, 1).await.map(|_| ()), OLD_CONSENT);
    report(client.get_dhw_circuit(OFFLINE, 1).await.map(|_| ()), OFFLINE);

    println!("\nDone.");
    Ok(())
}

/// Prints how an error is reported.
fn report(result: Result<(), Error>, gateway: &str) {
    match result {
        Ok(()) => println!("   {gateway}: no error"),
        Err(err) => println!(
            "   {gateway}: {} (HTTP {}, request id {}): {}",
            err.kind,
            err.status.map_or("-".to_owned(), |s| s.to_string()),
            err.request_id.as_deref().unwrap_or("-"),
            err.message
        ),
    }
}

fn show(value: Option<f64>) -> String {
    value.map_or("-".to_owned(), |v| format!("{v:.1}"))
}

/// Starts a webhook endpoint on loopback; returns its URL.
async fn serve_webhooks(events: mpsc::UnboundedSender<Received>) -> Result<String, Failure> {
    let receiver = Arc::new(WebhookReceiver::new(
        WebhookAuth::none().with_secret_header(WEBHOOK_HEADER, WEBHOOK_SECRET),
    ));
    let state = (receiver, events);
    let app = Router::new().route("/webhooks", post(webhook)).with_state(state);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let url = format!("http://{}/webhooks", listener.local_addr()?);
    tokio::spawn(async move { axum::serve(listener, app).await });
    Ok(url)
}

async fn webhook(
    State((receiver, events)): State<(Arc<WebhookReceiver>, mpsc::UnboundedSender<Received>)>,
    headers: HeaderMap,
    body: Bytes,
) -> StatusCode {
    let headers: Vec<(String, String)> = headers
        .iter()
        .map(|(name, value)| (name.as_str().to_owned(), value.to_str().unwrap_or_default().to_owned()))
        .collect();
    let result = receiver.handle(&headers, &body);
    let status = WebhookReceiver::status_code(&result);
    if let Ok(received) = result
        && !received.duplicate
    {
        let _ = events.send(received);
    }
    StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
}

//! `homecom-sim`: the Partner API simulator on the command line.
//!
//! The first stdout lines are machine-readable (`HOMECOM_BASE_URL=...`, `HOMECOM_API_KEY=...`,
//! `HOMECOM_USER_ID=...`, `HOMECOM_COMPANY_ID=...`), then `HOMECOM_READY=1`; logs go to stderr.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;
use homecom_sim::config::split_pair;
use homecom_sim::{Fixture, SimConfig, Simulator, WebhookTarget};

/// A local, stateful simulator of the Bosch Home Comfort Partner API.
#[derive(Debug, Parser)]
#[command(name = "homecom-sim", version, about)]
struct Cli {
    /// Address to bind (loopback only unless --allow-non-loopback).
    #[arg(long, default_value = "127.0.0.1")]
    host: String,
    /// Port to bind; 0 picks a free port.
    #[arg(long, default_value_t = 8080)]
    port: u16,
    /// A fixture file (JSON) to serve instead of the built-in company.
    #[arg(long, value_name = "FILE")]
    fixture: Option<PathBuf>,
    /// Add N simple online gateways (ids 2000000001...), for fleet tests.
    #[arg(long, value_name = "N", default_value_t = 0)]
    fleet: usize,
    /// Do not enforce the rate limits.
    #[arg(long)]
    no_rate_limits: bool,
    /// Multiply every rate-limit refill interval by F (e.g. 0.01 for fast tests).
    #[arg(long, value_name = "F", default_value_t = 1.0)]
    time_scale: f64,
    /// A webhook endpoint that receives every event (repeatable).
    #[arg(long = "webhook", value_name = "URL")]
    webhooks: Vec<String>,
    /// A shared-secret header sent with every webhook call.
    #[arg(long, value_name = "NAME:VALUE")]
    webhook_secret_header: Option<String>,
    /// HTTP Basic credentials sent with every webhook call.
    #[arg(long, value_name = "USER:PASS")]
    webhook_basic: Option<String>,
    /// Seed of the random numbers (faults, keys, ids).
    #[arg(long, value_name = "N")]
    seed: Option<u64>,
    /// Allow binding an address that is not loopback.
    #[arg(long)]
    allow_non_loopback: bool,
}

impl Cli {
    fn into_config(self) -> Result<SimConfig, String> {
        let fixture = self.fixture.as_deref().map(Fixture::from_file).transpose()?;
        let secret = self
            .webhook_secret_header
            .as_deref()
            .map(|t| split_pair(t, "NAME:VALUE"))
            .transpose()?;
        let basic = self
            .webhook_basic
            .as_deref()
            .map(|t| split_pair(t, "USER:PASS"))
            .transpose()?;
        let webhooks = self
            .webhooks
            .into_iter()
            .map(|url| WebhookTarget {
                url,
                secret_header: secret.clone(),
                basic: basic.clone(),
            })
            .collect();
        Ok(SimConfig {
            host: self.host,
            port: self.port,
            allow_non_loopback: self.allow_non_loopback,
            fixture,
            fleet: self.fleet,
            rate_limits: !self.no_rate_limits,
            time_scale: self.time_scale,
            webhooks,
            seed: self.seed,
            ..SimConfig::default()
        })
    }
}

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .init();
    let config = match Cli::parse().into_config() {
        Ok(config) => config,
        Err(e) => {
            eprintln!("homecom-sim: {e}");
            return ExitCode::from(2);
        }
    };
    let sim = match Simulator::start(config).await {
        Ok(sim) => sim,
        Err(e) => {
            eprintln!("homecom-sim: {e}");
            return ExitCode::from(1);
        }
    };
    {
        let mut out = std::io::stdout().lock();
        let lines = writeln!(out, "HOMECOM_BASE_URL={}", sim.base_url())
            .and_then(|()| writeln!(out, "HOMECOM_API_KEY={}", sim.api_key()))
            .and_then(|()| writeln!(out, "HOMECOM_USER_ID={}", sim.user_id()))
            .and_then(|()| writeln!(out, "HOMECOM_COMPANY_ID={}", sim.company_id()))
            .and_then(|()| writeln!(out, "HOMECOM_READY=1"))
            .and_then(|()| out.flush());
        if let Err(e) = lines {
            eprintln!("homecom-sim: cannot write to stdout: {e}");
        }
    }
    eprintln!(
        "homecom-sim: serving the Partner API at {} (control API at {}/_sim); Ctrl-C to stop",
        sim.base_url(),
        sim.base_url()
    );
    wait_for_signal().await;
    sim.shutdown().await;
    ExitCode::SUCCESS
}

async fn wait_for_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = term.recv() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}

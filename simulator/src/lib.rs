//! # homecom-sim
//!
//! A local, stateful simulator of the Bosch Home Comfort **Partner API**, for developing and
//! testing without credentials. It serves all 37 operations on loopback and enforces the
//! documented rules with the same code as the SDK (`homecom-core`: routes, validation, the
//! contract lifecycle, rate limits, the API-key format, error bodies), so a client and the
//! simulator cannot disagree. It sends webhooks, injects faults, and has a control API under
//! `/_sim/...` (see `simulator/README.md`).
//!
//! ```no_run
//! # async fn demo() -> Result<(), homecom_sim::SimError> {
//! use homecom_sim::{SimConfig, Simulator};
//!
//! let sim = Simulator::start(SimConfig { time_scale: 0.01, ..SimConfig::default() }).await?;
//! println!("{} {} {}", sim.base_url(), sim.api_key(), sim.user_id());
//! // ... talk to sim.base_url() with x-api-key: sim.api_key() ...
//! sim.shutdown().await;
//! # Ok(()) }
//! ```
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod config;
mod control;
mod events;
mod faults;
pub mod fixture;
mod handlers;
mod pipeline;
mod server;
mod shared;
mod state;
mod webhooks;

pub use config::{SimConfig, WebhookTarget};
pub use fixture::Fixture;
pub use pipeline::MAX_BODY_BYTES;
pub use server::{SimError, SimHandle, Simulator};

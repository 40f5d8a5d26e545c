//! # homecom-client
//!
//! The native async transport of `homecom-partner`, an SDK for the Bosch Home Comfort
//! **Partner API**. It executes what the sans-IO core ([`homecom_core`]) decides: the core
//! builds requests, decodes answers and takes the pacing and retry *decisions*; this crate
//! sends the requests with [`reqwest`] on [`tokio`] (or any [`Transport`] set with
//! [`ClientBuilder::transport`]), sleeps where the core says, and reports every attempt
//! through [`tracing`].
//!
//! ```no_run
//! use homecom_client::{Client, Config};
//!
//! # async fn demo() -> Result<(), homecom_client::Error> {
//! let config = Config::new("https://partner-api.example", "xHCSAPI.…")?.with_user_id("installer-42")?;
//! let client = Client::new(config)?;
//!
//! // One method per operation: path parameters positionally, then the body by reference.
//! let circuit = client.get_dhw_circuit("101234567", 1).await?;
//! println!("{:?}", circuit.operation_mode);
//! # Ok(())
//! # }
//! ```
//!
//! ## Three ways to call an operation
//!
//! - **Convenience methods** ([`Client::get_dhw_circuit`], [`Client::update_dhw_circuit`], ...),
//!   one per operation, named after its `operationId` in snake_case. The scheme is the same
//!   for all 37: the path parameters come first, positionally and in path order
//!   (`gateway_id: &str`, `circuit_id: u32`, `time_program_id: u32`, `holiday_mode_id: &str`,
//!   `key_id: &str`), then the body by reference if the operation sends one. They return the
//!   decoded value (`()` for a `204`). Validation that needs the current state (the circuit as
//!   last read, the existing holiday modes, ...) is not done by them: rules that need it are
//!   left to the server. For that, use `execute` with the core's request struct.
//! - **[`Client::execute`]** with any core request struct implementing [`Operation`] (e.g.
//!   [`homecom_core::dhw::UpdateDhwCircuit`] with `current` set): returns the full
//!   [`Response`], with the request id and the API version.
//! - **[`Client::execute_json`]** with an [`OperationId`] and JSON input: the entry point
//!   for language bindings.
//!
//! ## What every call does
//!
//! 1. Build the request with the core: validation and configuration errors are returned
//!    before any IO.
//! 2. Before each attempt, book a slot with the core's [`Pacer`](homecom_core::pacing::Pacer)
//!    (the documented token buckets, shared by every clone of the client) and sleep until it,
//!    so a normal workload never sees a 429.
//! 3. Send the attempt with a per-attempt timeout (default 30 s), also cut at the retry
//!    policy's overall deadline.
//! 4. Ask [`RetryPolicy::decide`] what to do with the outcome; on a 429 tell the pacer. POST
//!    is never retried, PATCH only when the request never reached the server, 504 never.
//! 5. Decode the last answer with the core.
//!
//! Dropping the returned future cancels the call: nothing runs in the background, so no
//! further attempt is sent.
//!
//! ## Secrets
//!
//! The API key is sent in the `x-api-key` header and appears nowhere else: not in tracing
//! output (headers are never logged), not in an [`Error`], not in a `Debug` output.
//!
//! ## Helpers
//!
//! - [`Client::rotate_api_key`]: create a new key, verify it, delete the old one and switch
//!   the client (and its clones) to the new key.
//! - [`WebhookReceiver`]: framework-neutral, thread-safe receipt of webhook calls with
//!   authentication and de-duplication.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod client;
mod keys;
mod ops;
mod transport;
mod webhook;

pub use client::{Client, ClientBuilder, DEFAULT_ATTEMPT_TIMEOUT, USER_AGENT};
pub use keys::{KeyRotation, unix_now};
pub use transport::{BoxFuture, ReqwestTransport, Transport, TransportError};
pub use webhook::WebhookReceiver;

/// The sans-IO core this client executes, re-exported so that one dependency is enough.
pub use homecom_core;
pub use homecom_core::api_keys::{ApiKey, ApiKeyCreated, ApiKeyIdentity, ApiKeyStatus};
pub use homecom_core::retry::RetryPolicy;
pub use homecom_core::time::UnixTime;
pub use homecom_core::webhooks::{Event, Received, WebhookAuth};
pub use homecom_core::{
    ApiVersion, Config, Error, ErrorKind, HttpRequest, HttpResponse, Method, Operation, OperationId, Response,
    Violation,
};

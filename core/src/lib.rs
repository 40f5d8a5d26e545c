//! # homecom-core
//!
//! The sans-IO core of `homecom-partner`, an SDK for the Bosch Home Comfort **Partner API**
//! (HomeCom Pro / Buderus ConnectPro / IVT ConnectPro).
//!
//! The core performs no IO: it builds requests ([`http::HttpRequest`]), decodes responses
//! into typed values or a typed [`Error`], validates inputs against the documented rules,
//! parses webhook events, and takes pacing and retry *decisions* from the time and the
//! randomness its caller hands it. Transports (the native `homecom-client`, the WebAssembly
//! and other bindings) execute what it decides.
//!
//! Every wire detail that the public material does not fix is marked `\[assumed\]` and kept in
//! [`wire`], so that it can be corrected in one place.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

#[macro_use]
mod open_enum;

pub mod api_keys;
pub mod contracts;
pub mod data_points;
pub mod dhw;
pub mod error;
pub mod heating_circuits;
pub mod http;
pub mod onboarding;
pub mod operation;
pub mod pacing;
pub mod platform;
pub mod retry;
pub mod system;
pub mod time;
pub mod time_programs;
pub mod validation;
pub mod webhooks;
pub mod wire;

pub use error::{Error, ErrorKind, Violation};
pub use http::{ApiVersion, Config, HttpRequest, HttpResponse, Method, Response};
pub use operation::{Operation, OperationId};

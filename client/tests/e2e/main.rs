//! End-to-end tests of `homecom-client` against the simulator (`homecom-sim`), in-process,
//! over real HTTP on loopback: every operation through the convenience methods, every error
//! kind, the shared validation vectors, faults and retries, pacing, and webhooks.
//!
//! Each test starts its own seeded simulator on a free port (`SimConfig { port: 0, .. }`).

mod common;
mod errors;
mod faults;
mod operations;
mod pacing;
mod vectors;
mod webhooks;

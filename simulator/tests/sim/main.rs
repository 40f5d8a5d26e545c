//! Integration tests of the simulator over real HTTP on loopback.

mod api;
mod cli;
mod common;
mod errors;
mod faults;
mod onboarding;
mod state;
mod webhooks;

use homecom_core::time::{self, Date, UnixTime};

/// Today (UTC) plus `days`, `YYYY-MM-DD`.
pub fn day(days: i64) -> String {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("clock")
        .as_secs() as i64;
    let today = Date::from_unix(UnixTime(now));
    let (y, m, d) = time::civil_from_days(today.days_since_epoch() + days);
    format!("{y:04}-{m:02}-{d:02}")
}

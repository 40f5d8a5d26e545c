//! What every request handler shares: the state, the clock, the rate limiter, the faults,
//! the logs, the webhook dispatcher, and the random numbers.

use std::collections::VecDeque;
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use homecom_core::api_keys::ApiKey;
use homecom_core::pacing::RateLimiter;
use homecom_core::time::{self, UnixTime};
use homecom_core::wire;
use serde::Serialize;

use crate::faults::Faults;
use crate::fixture::Fixture;
use crate::state::{KeyRecord, State};
use crate::webhooks::Webhooks;

/// Most entries kept in the request log (the oldest go first).
pub const REQUEST_LOG_CAPACITY: usize = 10_000;

/// Locks a mutex, recovering it if a panicking handler poisoned it (the catch-panic layer
/// turns the panic into a 500; the simulator goes on).
pub fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// The simulator's clock: system time plus an offset the control API sets.
#[derive(Debug, Default)]
pub struct Clock {
    offset_secs: AtomicI64,
}

impl Clock {
    /// Now, as the simulator sees it.
    pub fn now(&self) -> UnixTime {
        let system = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX));
        UnixTime(system.saturating_add(self.offset()))
    }

    /// The offset from system time, seconds.
    pub fn offset(&self) -> i64 {
        self.offset_secs.load(Ordering::Relaxed)
    }

    /// Sets the offset from system time, seconds.
    pub fn set_offset(&self, secs: i64) {
        self.offset_secs.store(secs, Ordering::Relaxed);
    }
}

/// One Partner API request, as the control API shows it.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RequestRecord {
    /// Order of arrival.
    pub seq: u64,
    /// When it arrived (simulator clock).
    pub at: String,
    /// The HTTP method.
    pub method: String,
    /// The path (and query).
    pub path: String,
    /// The operation, when the route matched one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub operation: Option<&'static str>,
    /// The status answered; `None` when the connection was reset.
    pub status: Option<u16>,
    /// The injected fault, if any: `latency`, `error`, `reset`, `rateLimitBurst`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fault: Option<&'static str>,
    /// Whether a fault was injected.
    pub faulted: bool,
    /// The `x-request-id` answered.
    pub request_id: String,
}

/// Everything the handlers share.
pub struct Shared {
    /// The company.
    pub state: Mutex<State>,
    /// The fixture, for resets.
    pub fixture: Fixture,
    /// The demo key, kept across resets.
    pub demo_key: KeyRecord,
    /// The simulator's clock.
    pub clock: Clock,
    /// When the simulator started (the origin of the rate limiter's monotonic time).
    pub started: Instant,
    /// The rate limiter, unless rate limits are off.
    pub limiter: Option<Mutex<RateLimiter>>,
    /// The time scale of the rate limiter.
    pub time_scale: f64,
    /// Injected faults.
    pub faults: Mutex<Faults>,
    /// Random numbers of the faults (seeded).
    pub fault_rng: Mutex<fastrand::Rng>,
    /// Random numbers of ids and keys (seeded).
    pub id_rng: Mutex<fastrand::Rng>,
    /// The request log.
    pub requests: Mutex<VecDeque<RequestRecord>>,
    /// Requests seen so far.
    pub request_seq: AtomicU64,
    /// The webhook dispatcher.
    pub webhooks: Webhooks,
    /// Requests that panicked and were answered 500 by the catch-panic layer.
    pub panics: AtomicU64,
    /// The seed of the random numbers.
    pub seed: u64,
    /// The base URL, once bound.
    pub base_url: String,
}

impl Shared {
    /// Monotonic time since start, for the rate limiter.
    pub fn elapsed(&self) -> Duration {
        self.started.elapsed()
    }

    /// A new opaque, unique id (UUID v4 form).
    pub fn new_id(&self) -> String {
        let bits = lock(&self.id_rng).u128(..);
        let hex = format!("{bits:032x}");
        format!(
            "{}-{}-4{}-{}{}-{}",
            &hex[0..8],
            &hex[8..12],
            &hex[13..16],
            ["8", "9", "a", "b"][(bits & 3) as usize],
            &hex[17..20],
            &hex[20..32]
        )
    }

    /// A new API key expiring six months after `now`.
    pub fn new_key(&self, now: UnixTime) -> KeyRecord {
        let mut random = [0u8; wire::API_KEY_SECRET_LEN];
        lock(&self.id_rng).fill(&mut random);
        new_key_record(self.new_id(), now, &random)
    }

    /// Appends to the request log.
    pub fn log_request(&self, mut record: RequestRecord) {
        record.at = time::format_timestamp(self.clock.now());
        let mut log = lock(&self.requests);
        if log.len() >= REQUEST_LOG_CAPACITY {
            log.pop_front();
        }
        log.push_back(record);
    }

    /// Puts the company back as the fixture describes it (the demo key stays), and restarts
    /// the fault randomness from the seed.
    pub fn reset(&self) {
        let now = self.clock.now();
        *lock(&self.state) = State::from_fixture(&self.fixture, now, self.demo_key.clone());
        if let Some(limiter) = &self.limiter {
            // The documented scale was checked at start.
            *lock(limiter) = RateLimiter::with_scale(self.time_scale).unwrap_or_default();
        }
        *lock(&self.faults) = Faults::default();
        *lock(&self.fault_rng) = crate::faults::fault_rng(self.seed);
        self.webhooks.reseed(self.seed);
        lock(&self.requests).clear();
    }
}

/// A key record for a key expiring `API_KEY_LIFETIME_DAYS` after `now`.
pub fn new_key_record(key_id: String, now: UnixTime, random: &[u8]) -> KeyRecord {
    let expires = UnixTime(now.0 + wire::API_KEY_LIFETIME_DAYS * 86_400);
    KeyRecord {
        key_id,
        key: ApiKey::generate(expires, random),
        created_at: now,
    }
}

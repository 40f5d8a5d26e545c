//! Injected faults of the Partner API (never of the control API): latency, server errors,
//! connection resets and bursts of 429. Randomness comes from the seeded fault RNG.

use serde::{Deserialize, Serialize};

/// The body of an injected server error.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum ErrorBody {
    /// The documented JSON error body.
    #[default]
    Json,
    /// An HTML page, as a proxy in front of the API might send.
    Html,
    /// No body at all.
    Empty,
}

/// The faults in force. Every field is optional in the control API's JSON (`PUT /_sim/faults`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct Faults {
    /// Delay added before every request is handled, milliseconds.
    pub latency_ms: u64,
    /// Share of requests (0–1) answered with `error_status`.
    pub error_ratio: f64,
    /// The status of injected errors (500–599, default 503).
    pub error_status: u16,
    /// The body of injected errors.
    pub error_body: ErrorBody,
    /// Share of requests (0–1) whose connection is reset with no HTTP response at all.
    pub reset_ratio: f64,
    /// The next this-many requests answer 429 (counts down).
    pub rate_limit_burst: u32,
    /// The `retry-after` of those 429s, whole seconds.
    pub rate_limit_retry_after: u64,
}

impl Default for Faults {
    fn default() -> Self {
        Faults {
            latency_ms: 0,
            error_ratio: 0.0,
            error_status: 503,
            error_body: ErrorBody::Json,
            reset_ratio: 0.0,
            rate_limit_burst: 0,
            rate_limit_retry_after: 1,
        }
    }
}

impl Faults {
    /// Checks the ranges: ratios 0–1, status 500–599, latency at most a minute.
    pub fn check(&self) -> Result<(), String> {
        for (name, ratio) in [("errorRatio", self.error_ratio), ("resetRatio", self.reset_ratio)] {
            if !(0.0..=1.0).contains(&ratio) {
                return Err(format!("{name} must lie between 0 and 1, not {ratio}"));
            }
        }
        if !(500..=599).contains(&self.error_status) {
            return Err(format!("errorStatus must be 500–599, not {}", self.error_status));
        }
        if self.latency_ms > 60_000 {
            return Err("latencyMs is at most 60000".to_owned());
        }
        if self.rate_limit_retry_after > 86_400 {
            return Err("rateLimitRetryAfter is at most 86400".to_owned());
        }
        Ok(())
    }
}

/// The seed of the fault RNG for a simulator seed.
pub fn fault_rng(seed: u64) -> fastrand::Rng {
    fastrand::Rng::with_seed(seed ^ 0x4641_554c_5453)
}

/// What the faults decide for one request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Injected {
    /// Close the connection without an answer.
    Reset,
    /// Answer 429 with this `retry-after`.
    RateLimited(u64),
    /// Answer this server error.
    Error(u16, ErrorBody),
}

/// Decides the fault of one request (after the latency), taking one from the 429 burst.
pub fn decide(faults: &mut Faults, rng: &mut fastrand::Rng) -> Option<Injected> {
    if faults.reset_ratio > 0.0 && rng.f64() < faults.reset_ratio {
        return Some(Injected::Reset);
    }
    if faults.rate_limit_burst > 0 {
        faults.rate_limit_burst -= 1;
        return Some(Injected::RateLimited(faults.rate_limit_retry_after));
    }
    if faults.error_ratio > 0.0 && rng.f64() < faults.error_ratio {
        return Some(Injected::Error(faults.error_status, faults.error_body));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seeded_decisions_repeat() {
        let run = || {
            let mut faults = Faults {
                error_ratio: 0.5,
                ..Faults::default()
            };
            let mut rng = fastrand::Rng::with_seed(7);
            (0..64).map(|_| decide(&mut faults, &mut rng)).collect::<Vec<_>>()
        };
        let first = run();
        assert_eq!(first, run());
        assert!(first.iter().any(Option::is_some) && first.iter().any(Option::is_none));
    }

    #[test]
    fn burst_counts_down() {
        let mut faults = Faults {
            rate_limit_burst: 2,
            rate_limit_retry_after: 3,
            ..Faults::default()
        };
        let mut rng = fastrand::Rng::with_seed(1);
        assert_eq!(decide(&mut faults, &mut rng), Some(Injected::RateLimited(3)));
        assert_eq!(decide(&mut faults, &mut rng), Some(Injected::RateLimited(3)));
        assert_eq!(decide(&mut faults, &mut rng), None);
        assert!(
            Faults {
                error_ratio: 2.0,
                ..Faults::default()
            }
            .check()
            .is_err()
        );
    }
}

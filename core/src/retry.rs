//! Retry decisions (§7), as a pure function of what happened, the time spent and a random
//! number the caller supplies.
//!
//! | outcome | GET, PUT, DELETE | PATCH | POST |
//! |---|---|---|---|
//! | 2xx | stop: [`GiveUpReason::Success`] | same | same |
//! | 429 | retry after `retry-after` (else the backoff) | retry (refused before processing) | never |
//! | 500, 502, 503 | retry with backoff | never (it may have been applied) | never |
//! | 504 (gateway offline) | never | never | never |
//! | any other status | never | never | never |
//! | [`Outcome::Failed`] (sent; timeout or reset) | retry with backoff | never | never |
//! | [`Outcome::NotSent`] (never reached the server) | retry with backoff | retry with backoff | never |
//!
//! POST is never retried, whatever the outcome, even a 429 or a request that never left:
//! the spec says so plainly, and a POST (a system detection, an API key, a holiday mode, a
//! simulated webhook) is not idempotent, so the decision to send it again stays with the
//! caller.
//!
//! A retry is further refused when the attempts are used up ([`RetryPolicy::max_attempts`]),
//! when the server asks to wait longer than [`RetryPolicy::max_retry_after`], or when the
//! wait would end past the overall [`RetryPolicy::deadline`].
//!
//! The backoff is exponential with full jitter: `random × min(max_delay, base_delay × 2^(attempt − 1))`.

use core::fmt;
use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::http::{HttpResponse, Method};

/// How a request is retried. Serialises as camelCase JSON with durations in whole
/// milliseconds, for bindings:
///
/// ```json
/// {"maxAttempts": 4, "baseDelayMs": 200, "maxDelayMs": 10000, "maxRetryAfterMs": 60000, "deadlineMs": 60000}
/// ```
///
/// Every field is optional when reading (a missing one takes its default); `"deadlineMs": null`
/// means no overall deadline; an unknown field is an error (so that a typo is not silently
/// ignored). Millisecond values are non-negative integers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct RetryPolicy {
    /// Attempts in all, the first included (default 4). `0` counts as 1: no retry.
    pub max_attempts: u32,
    /// The backoff before the first retry, before jitter (default 200 ms).
    #[serde(rename = "baseDelayMs", with = "millis")]
    pub base_delay: Duration,
    /// The largest backoff, before jitter (default 10 s).
    #[serde(rename = "maxDelayMs", with = "millis")]
    pub max_delay: Duration,
    /// The longest `retry-after` the caller is willing to wait; a longer one gives up
    /// (default 60 s).
    #[serde(rename = "maxRetryAfterMs", with = "millis")]
    pub max_retry_after: Duration,
    /// The overall time budget since the first attempt: no retry may start after it
    /// (default 60 s; `None`: no deadline).
    #[serde(rename = "deadlineMs", with = "opt_millis")]
    pub deadline: Option<Duration>,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 4,
            base_delay: Duration::from_millis(200),
            max_delay: Duration::from_secs(10),
            max_retry_after: Duration::from_secs(60),
            deadline: Some(Duration::from_secs(60)),
        }
    }
}

/// What became of one attempt.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Outcome {
    /// The server answered with this status (and, on a 429, maybe a `retry-after`).
    Status {
        /// The HTTP status.
        status: u16,
        /// The `retry-after` the server sent, if any.
        retry_after: Option<Duration>,
    },
    /// The request never reached the server: connection refused, DNS failure, connect
    /// timeout, TLS handshake failure.
    NotSent,
    /// The request was (maybe partly) sent but no answer came: a timeout or a reset after
    /// sending. The server may have processed it.
    Failed,
}

impl Outcome {
    /// The outcome of a received response: its status and its `retry-after` header.
    pub fn from_response(response: &HttpResponse) -> Outcome {
        Outcome::Status {
            status: response.status,
            retry_after: response.retry_after(),
        }
    }
}

/// What to do after an attempt.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RetryDecision {
    /// Send the request again after this wait.
    RetryAfter(Duration),
    /// Stop here and report the last outcome (which, for [`GiveUpReason::Success`], is a success).
    GiveUp(GiveUpReason),
}

/// Why [`RetryPolicy::decide`] stops.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum GiveUpReason {
    /// The attempt succeeded (2xx): nothing to retry. Not an error.
    Success,
    /// The outcome is not retried for this method (see the table in [`crate::retry`]):
    /// any POST, a PATCH that may have reached the server, a 504, a 4xx other than 429, ...
    NotRetryable,
    /// The attempt was the last one [`RetryPolicy::max_attempts`] allows.
    AttemptsExhausted,
    /// The wait would end past [`RetryPolicy::deadline`].
    DeadlineExceeded,
    /// The server's `retry-after` is longer than [`RetryPolicy::max_retry_after`].
    RetryAfterTooLong,
}

impl GiveUpReason {
    /// The reason's stable name, e.g. `AttemptsExhausted`.
    pub fn as_str(self) -> &'static str {
        match self {
            GiveUpReason::Success => "Success",
            GiveUpReason::NotRetryable => "NotRetryable",
            GiveUpReason::AttemptsExhausted => "AttemptsExhausted",
            GiveUpReason::DeadlineExceeded => "DeadlineExceeded",
            GiveUpReason::RetryAfterTooLong => "RetryAfterTooLong",
        }
    }
}

impl fmt::Display for GiveUpReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How a retryable outcome is waited for.
enum Wait {
    /// The server said how long (a 429 with `retry-after`).
    Server(Duration),
    /// Exponential backoff with full jitter.
    Backoff,
}

/// Whether `outcome` of a `method` request may be retried, and how the wait is chosen.
fn classify(method: Method, outcome: &Outcome) -> Result<Wait, GiveUpReason> {
    if let Outcome::Status { status: 200..=299, .. } = outcome {
        return Err(GiveUpReason::Success);
    }
    let idempotent = method.is_idempotent();
    match (method, outcome) {
        // Never retry POST (§7), whatever happened.
        (Method::Post, _) => Err(GiveUpReason::NotRetryable),
        // A 429 was refused before any processing: retried for every other method.
        (
            _,
            Outcome::Status {
                status: 429,
                retry_after,
            },
        ) => Ok(retry_after.map_or(Wait::Backoff, Wait::Server)),
        (
            _,
            Outcome::Status {
                status: 500 | 502 | 503,
                ..
            },
        )
        | (_, Outcome::Failed)
            if idempotent =>
        {
            Ok(Wait::Backoff)
        }
        // PATCH only when the request never reached the server.
        (_, Outcome::NotSent) => Ok(Wait::Backoff),
        // 504 (gateway offline), other statuses, and PATCH that may have been applied.
        _ => Err(GiveUpReason::NotRetryable),
    }
}

impl RetryPolicy {
    /// The default policy: 4 attempts, 200 ms base, 10 s cap, `retry-after` up to 60 s, 60 s deadline.
    pub fn new() -> RetryPolicy {
        RetryPolicy::default()
    }

    /// A policy that never retries (one attempt).
    pub fn no_retries() -> RetryPolicy {
        RetryPolicy {
            max_attempts: 1,
            ..RetryPolicy::default()
        }
    }

    /// Sets the number of attempts in all, the first included (`0` counts as 1).
    pub fn with_max_attempts(mut self, max_attempts: u32) -> RetryPolicy {
        self.max_attempts = max_attempts;
        self
    }

    /// Sets the backoff before the first retry (before jitter).
    pub fn with_base_delay(mut self, base_delay: Duration) -> RetryPolicy {
        self.base_delay = base_delay;
        self
    }

    /// Sets the largest backoff (before jitter).
    pub fn with_max_delay(mut self, max_delay: Duration) -> RetryPolicy {
        self.max_delay = max_delay;
        self
    }

    /// Sets the longest `retry-after` worth waiting for.
    pub fn with_max_retry_after(mut self, max_retry_after: Duration) -> RetryPolicy {
        self.max_retry_after = max_retry_after;
        self
    }

    /// Sets the overall deadline since the first attempt (`None`: none).
    pub fn with_deadline(mut self, deadline: Option<Duration>) -> RetryPolicy {
        self.deadline = deadline;
        self
    }

    /// The backoff after attempt `attempt` (1-based; 0 counts as 1), with full jitter:
    /// `random × min(max_delay, base_delay × 2^(attempt − 1))`. `random` is clamped to
    /// `[0, 1]` (NaN counts as 0). Never overflows.
    pub fn backoff(&self, attempt: u32, random: f64) -> Duration {
        let exponent = attempt.max(1) - 1;
        let cap = 2u32
            .checked_pow(exponent)
            .and_then(|factor| self.base_delay.checked_mul(factor))
            .map_or(self.max_delay, |delay| delay.min(self.max_delay));
        let random = if random.is_nan() { 0.0 } else { random.clamp(0.0, 1.0) };
        // `try_from_secs_f64` instead of `mul_f64`: no panic near `Duration::MAX`.
        Duration::try_from_secs_f64(cap.as_secs_f64() * random).map_or(cap, |delay| delay.min(cap))
    }

    /// Decides what to do after attempt number `attempt` (1-based) of a `method` request
    /// ended with `outcome`, `elapsed` after the first attempt started. `random` is the
    /// caller's random number in `[0, 1)` for the jitter (anything else is clamped).
    ///
    /// Checks, in order: success, whether the outcome is retryable for the method (see the
    /// table in [`crate::retry`]), the attempt count, the server's `retry-after` against
    /// [`RetryPolicy::max_retry_after`], and the deadline.
    pub fn decide(
        &self,
        method: Method,
        attempt: u32,
        outcome: &Outcome,
        elapsed: Duration,
        random: f64,
    ) -> RetryDecision {
        let wait = match classify(method, outcome) {
            Ok(wait) => wait,
            Err(reason) => return RetryDecision::GiveUp(reason),
        };
        if attempt.max(1) >= self.max_attempts.max(1) {
            return RetryDecision::GiveUp(GiveUpReason::AttemptsExhausted);
        }
        let delay = match wait {
            Wait::Server(retry_after) if retry_after > self.max_retry_after => {
                return RetryDecision::GiveUp(GiveUpReason::RetryAfterTooLong);
            }
            Wait::Server(retry_after) => retry_after,
            Wait::Backoff => self.backoff(attempt, random),
        };
        if let Some(deadline) = self.deadline
            && elapsed.saturating_add(delay) > deadline
        {
            return RetryDecision::GiveUp(GiveUpReason::DeadlineExceeded);
        }
        RetryDecision::RetryAfter(delay)
    }
}

/// A duration as whole milliseconds (saturating at `u64::MAX` when writing).
mod millis {
    use std::time::Duration;

    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(value: &Duration, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_u64(u64::try_from(value.as_millis()).unwrap_or(u64::MAX))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Duration, D::Error> {
        u64::deserialize(d).map(Duration::from_millis)
    }
}

/// An optional duration as whole milliseconds or `null`.
mod opt_millis {
    use std::time::Duration;

    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(value: &Option<Duration>, s: S) -> Result<S::Ok, S::Error> {
        match value {
            Some(d) => super::millis::serialize(d, s),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Duration>, D::Error> {
        Ok(Option::<u64>::deserialize(d)?.map(Duration::from_millis))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const METHODS: [Method; 5] = [Method::Get, Method::Put, Method::Delete, Method::Patch, Method::Post];

    fn ms(n: u64) -> Duration {
        Duration::from_millis(n)
    }

    fn status(status: u16) -> Outcome {
        Outcome::Status {
            status,
            retry_after: None,
        }
    }

    fn first(method: Method, outcome: Outcome) -> RetryDecision {
        RetryPolicy::default().decide(method, 1, &outcome, Duration::ZERO, 0.5)
    }

    fn retries(method: Method, outcome: Outcome) -> bool {
        matches!(first(method, outcome), RetryDecision::RetryAfter(_))
    }

    #[test]
    fn table_per_method_and_outcome() {
        use Method::*;
        let retry_after = Outcome::Status {
            status: 429,
            retry_after: Some(ms(1_000)),
        };
        // (outcome, GET, PUT, DELETE, PATCH, POST)
        let table: Vec<(Outcome, [bool; 5])> = vec![
            (status(429), [true, true, true, true, false]),
            (retry_after, [true, true, true, true, false]),
            (status(500), [true, true, true, false, false]),
            (status(502), [true, true, true, false, false]),
            (status(503), [true, true, true, false, false]),
            (status(504), [false; 5]),
            (status(501), [false; 5]),
            (status(505), [false; 5]),
            (status(400), [false; 5]),
            (status(401), [false; 5]),
            (status(403), [false; 5]),
            (status(404), [false; 5]),
            (status(409), [false; 5]),
            (status(451), [false; 5]),
            (status(301), [false; 5]),
            (status(100), [false; 5]),
            (status(0), [false; 5]),
            (status(u16::MAX), [false; 5]),
            (Outcome::Failed, [true, true, true, false, false]),
            (Outcome::NotSent, [true, true, true, true, false]),
        ];
        for (outcome, expected) in table {
            for (method, want) in [Get, Put, Delete, Patch, Post].into_iter().zip(expected) {
                assert_eq!(retries(method, outcome), want, "{method} {outcome:?}");
                if !want {
                    assert_eq!(
                        first(method, outcome),
                        RetryDecision::GiveUp(GiveUpReason::NotRetryable),
                        "{method} {outcome:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn success_stops() {
        for method in METHODS {
            for code in [200, 201, 202, 204, 299] {
                assert_eq!(
                    first(method, status(code)),
                    RetryDecision::GiveUp(GiveUpReason::Success)
                );
            }
        }
    }

    #[test]
    fn retry_after_is_honoured_and_capped() {
        let policy = RetryPolicy::default();
        let outcome = |secs| Outcome::Status {
            status: 429,
            retry_after: Some(Duration::from_secs(secs)),
        };
        assert_eq!(
            policy.decide(Method::Patch, 1, &outcome(3), Duration::ZERO, 0.0),
            RetryDecision::RetryAfter(Duration::from_secs(3))
        );
        // Exactly the cap is fine; beyond it gives up.
        let capped = policy.with_deadline(None);
        assert_eq!(
            capped.decide(Method::Get, 1, &outcome(60), Duration::ZERO, 0.9),
            RetryDecision::RetryAfter(Duration::from_secs(60))
        );
        assert_eq!(
            policy.decide(Method::Get, 1, &outcome(61), Duration::ZERO, 0.9),
            RetryDecision::GiveUp(GiveUpReason::RetryAfterTooLong)
        );
        // Zero: retry at once.
        assert_eq!(
            policy.decide(Method::Get, 1, &outcome(0), Duration::ZERO, 0.9),
            RetryDecision::RetryAfter(Duration::ZERO)
        );
        // No retry-after: the backoff.
        assert_eq!(
            policy.decide(Method::Get, 2, &status(429), Duration::ZERO, 0.5),
            RetryDecision::RetryAfter(ms(200))
        );
    }

    #[test]
    fn attempts_are_limited() {
        let policy = RetryPolicy::default();
        for attempt in 1..=3 {
            assert!(matches!(
                policy.decide(Method::Get, attempt, &Outcome::NotSent, Duration::ZERO, 0.5),
                RetryDecision::RetryAfter(_)
            ));
        }
        for attempt in [4, 5, u32::MAX] {
            assert_eq!(
                policy.decide(Method::Get, attempt, &Outcome::NotSent, Duration::ZERO, 0.5),
                RetryDecision::GiveUp(GiveUpReason::AttemptsExhausted)
            );
        }
        // Zero attempts counts as one; attempt 0 counts as 1.
        for max in [0, 1] {
            let policy = RetryPolicy::default().with_max_attempts(max);
            assert_eq!(
                policy.decide(Method::Get, 0, &status(503), Duration::ZERO, 0.5),
                RetryDecision::GiveUp(GiveUpReason::AttemptsExhausted)
            );
        }
        assert_eq!(
            RetryPolicy::no_retries().decide(Method::Get, 1, &status(503), Duration::ZERO, 0.5),
            RetryDecision::GiveUp(GiveUpReason::AttemptsExhausted)
        );
        // A non-retryable outcome says so, even on the last attempt.
        assert_eq!(
            policy.decide(Method::Post, 9, &status(503), Duration::ZERO, 0.5),
            RetryDecision::GiveUp(GiveUpReason::NotRetryable)
        );
    }

    #[test]
    fn deadline_is_never_passed() {
        let policy = RetryPolicy::default().with_deadline(Some(Duration::from_secs(10)));
        let too_late = Outcome::Status {
            status: 429,
            retry_after: Some(Duration::from_secs(5)),
        };
        assert_eq!(
            policy.decide(Method::Get, 1, &too_late, Duration::from_secs(5), 0.0),
            RetryDecision::RetryAfter(Duration::from_secs(5))
        );
        assert_eq!(
            policy.decide(Method::Get, 1, &too_late, Duration::from_secs(5) + ms(1), 0.0),
            RetryDecision::GiveUp(GiveUpReason::DeadlineExceeded)
        );
        // Already past it.
        assert_eq!(
            policy.decide(Method::Get, 1, &Outcome::NotSent, Duration::from_secs(11), 0.0),
            RetryDecision::GiveUp(GiveUpReason::DeadlineExceeded)
        );
        // Backoff counts too: attempt 3 → up to 800 ms.
        assert_eq!(
            policy.decide(Method::Get, 3, &Outcome::Failed, ms(9_500), 0.999),
            RetryDecision::GiveUp(GiveUpReason::DeadlineExceeded)
        );
        assert!(matches!(
            policy.decide(Method::Get, 3, &Outcome::Failed, ms(9_500), 0.5),
            RetryDecision::RetryAfter(_)
        ));
        // No deadline: any elapsed time, no overflow.
        let none = policy.with_deadline(None);
        assert!(matches!(
            none.decide(Method::Get, 1, &Outcome::NotSent, Duration::MAX, 0.5),
            RetryDecision::RetryAfter(_)
        ));
        assert_eq!(
            policy.decide(Method::Get, 1, &Outcome::NotSent, Duration::MAX, 0.5),
            RetryDecision::GiveUp(GiveUpReason::DeadlineExceeded)
        );
    }

    #[test]
    fn backoff_is_exponential_and_capped() {
        let policy = RetryPolicy::default();
        let caps = [200, 400, 800, 1_600, 3_200, 6_400, 10_000, 10_000];
        for (i, cap) in caps.into_iter().enumerate() {
            let attempt = i as u32 + 1;
            assert_eq!(policy.backoff(attempt, 1.0), ms(cap), "attempt {attempt}");
            assert_eq!(policy.backoff(attempt, 0.5), ms(cap / 2), "attempt {attempt}");
            assert_eq!(policy.backoff(attempt, 0.0), Duration::ZERO);
        }
        assert_eq!(policy.backoff(0, 1.0), ms(200));
        for attempt in [31, 32, 33, 64, u32::MAX] {
            assert_eq!(policy.backoff(attempt, 1.0), ms(10_000));
        }
        // Random outside [0, 1) is clamped.
        assert_eq!(policy.backoff(1, -3.0), Duration::ZERO);
        assert_eq!(policy.backoff(1, f64::NAN), Duration::ZERO);
        assert_eq!(policy.backoff(1, 7.0), ms(200));
        assert_eq!(policy.backoff(1, f64::INFINITY), ms(200));
        // Huge durations do not panic.
        let huge = policy.with_base_delay(Duration::MAX).with_max_delay(Duration::MAX);
        assert_eq!(huge.backoff(1, 1.0), Duration::MAX);
        assert!(huge.backoff(40, 0.999_999) <= Duration::MAX);
        let _ = huge
            .with_deadline(Some(Duration::MAX))
            .decide(Method::Get, 3, &Outcome::Failed, Duration::MAX, 0.7);
    }

    #[test]
    fn serde_uses_camel_case_milliseconds() {
        let policy = RetryPolicy::default();
        let json = serde_json::to_value(policy).unwrap();
        assert_eq!(
            json,
            serde_json::json!({
                "maxAttempts": 4, "baseDelayMs": 200, "maxDelayMs": 10_000,
                "maxRetryAfterMs": 60_000, "deadlineMs": 60_000
            })
        );
        assert_eq!(serde_json::from_value::<RetryPolicy>(json).unwrap(), policy);
        let partial: RetryPolicy = serde_json::from_str(r#"{"maxAttempts": 2, "deadlineMs": null}"#).unwrap();
        assert_eq!(partial, policy.with_max_attempts(2).with_deadline(None));
        assert_eq!(serde_json::from_str::<RetryPolicy>("{}").unwrap(), policy);
        assert_eq!(
            serde_json::to_value(partial).unwrap()["deadlineMs"],
            serde_json::Value::Null
        );
        for bad in [
            r#"{"baseDelay": 5}"#,
            r#"{"baseDelayMs": -1}"#,
            r#"{"baseDelayMs": 1.5}"#,
            "null",
            "5",
        ] {
            assert!(serde_json::from_str::<RetryPolicy>(bad).is_err(), "{bad}");
        }
        let max = RetryPolicy::default().with_max_delay(Duration::MAX);
        assert_eq!(serde_json::to_value(max).unwrap()["maxDelayMs"], u64::MAX);
    }

    #[test]
    fn builders_set_each_field() {
        let policy = RetryPolicy::new()
            .with_max_attempts(7)
            .with_base_delay(ms(1))
            .with_max_delay(ms(2))
            .with_max_retry_after(ms(3))
            .with_deadline(Some(ms(4)));
        assert_eq!(
            policy,
            RetryPolicy {
                max_attempts: 7,
                base_delay: ms(1),
                max_delay: ms(2),
                max_retry_after: ms(3),
                deadline: Some(ms(4)),
            }
        );
    }

    #[test]
    fn outcome_from_response_reads_retry_after() {
        let response = HttpResponse::new(429, vec![("Retry-After".into(), "7".into())], "");
        assert_eq!(
            Outcome::from_response(&response),
            Outcome::Status {
                status: 429,
                retry_after: Some(Duration::from_secs(7))
            }
        );
        assert_eq!(GiveUpReason::RetryAfterTooLong.to_string(), "RetryAfterTooLong");
    }

    fn any_outcome() -> impl Strategy<Value = Outcome> {
        prop_oneof![
            Just(Outcome::NotSent),
            Just(Outcome::Failed),
            (any::<u16>(), prop::option::of(any::<u64>())).prop_map(|(status, ms)| Outcome::Status {
                status,
                retry_after: ms.map(Duration::from_millis)
            }),
        ]
    }

    proptest! {
        #[test]
        fn jitter_stays_within_bounds(attempt in 0u32..100, random in any::<f64>()) {
            let policy = RetryPolicy::default();
            let delay = policy.backoff(attempt, random);
            let cap = policy.base_delay.saturating_mul(1 << attempt.clamp(1, 20).saturating_sub(1)).min(policy.max_delay);
            prop_assert!(delay <= cap);
        }

        #[test]
        fn decisions_respect_every_limit(
            method in prop::sample::select(METHODS.to_vec()),
            attempt in any::<u32>(),
            outcome in any_outcome(),
            elapsed_ms in any::<u64>(),
            random in any::<f64>(),
            max_attempts in 0u32..10,
            deadline_ms in prop::option::of(0u64..200_000),
        ) {
            let policy = RetryPolicy::default()
                .with_max_attempts(max_attempts)
                .with_deadline(deadline_ms.map(Duration::from_millis));
            let elapsed = Duration::from_millis(elapsed_ms);
            if let RetryDecision::RetryAfter(delay) = policy.decide(method, attempt, &outcome, elapsed, random) {
                prop_assert!(method != Method::Post);
                prop_assert!(attempt < max_attempts);
                if let Some(deadline) = policy.deadline {
                    prop_assert!(elapsed + delay <= deadline);
                }
                prop_assert!(delay <= policy.max_delay.max(policy.max_retry_after));
                if method == Method::Patch {
                    let refused = matches!(outcome, Outcome::NotSent | Outcome::Status { status: 429, .. });
                    prop_assert!(refused);
                }
            }
        }
    }
}

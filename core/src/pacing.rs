//! Rate-limit pacing (§1.3, §7): the documented token buckets, as pure decisions.
//!
//! A bucket holds `burst` tokens and gets one back every refill interval; a request takes
//! one. The arithmetic is the *generic cell rate algorithm* (GCRA), which is exactly a token
//! bucket with continuous refill, stored as one number per bucket: the *theoretical arrival
//! time* `tat`, the time at which the bucket will be full again. With `T` the refill
//! interval and `τ = (burst − 1)·T`, a request at `now` conforms when `now ≥ tat − τ`, and
//! then `tat ← max(tat, now) + T`. A bucket with `tat ≤ now` is full, exactly like a bucket
//! never used, so it can be forgotten: that keeps memory bounded (see [`Pacer::prune`]).
//!
//! The client side is [`Pacer`] (one per API key: the company is implicit); the server side,
//! used by the simulator, is [`RateLimiter`]. Both share the arithmetic, so a client that
//! sends each request at the time [`Pacer::reserve`] gives it gets no 429 from a
//! [`RateLimiter`] with the same specs and scale.
//!
//! Time is a [`Duration`] since an origin the caller chooses (a monotonic clock; the core has
//! none). It must not go backwards: if it does, nothing panics, but the pacer may be lenient.

use std::collections::{BTreeMap, VecDeque};
use std::time::Duration;

use crate::error::Error;
use crate::http::{HttpRequest, Method};
use crate::wire::rate_limits::BucketSpec;

/// What the pacer says about a request.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Decision {
    /// A token is free: send the request now.
    SendNow,
    /// No token is free: try again at this time (same origin as `now`).
    WaitUntil(Duration),
}

/// The key of a request's bucket on the client side: `METHOD /concrete/path`, e.g.
/// `GET /hvacs/101234567/dhwCircuits/1`. (The server adds the company, see [`RateLimiter`].)
pub fn bucket_key(method: Method, path: &str) -> String {
    let mut key = String::with_capacity(method.as_str().len() + 1 + path.len());
    key.push_str(method.as_str());
    key.push(' ');
    key.push_str(path);
    key
}

/// The whole seconds a server reports in `retry-after` for a wait of `wait`: rounded up, so
/// that a client waiting that long always finds a token.
pub fn retry_after_secs(wait: Duration) -> u64 {
    wait.as_secs().saturating_add(u64::from(wait.subsec_nanos() > 0))
}

/// The refill interval of `spec` under a time `scale` (`refill_ms × scale`, rounded to the
/// nanosecond, saturating). `scale` is expected finite and ≥ 0; anything else counts as 1.
pub fn refill_interval(spec: BucketSpec, scale: f64) -> Duration {
    let scale = if scale.is_finite() && scale >= 0.0 { scale } else { 1.0 };
    if scale == 1.0 {
        return Duration::from_millis(spec.refill_ms);
    }
    // `as` from f64 to u64 saturates (and maps NaN to 0): no overflow, no panic.
    let nanos = (spec.refill_ms as f64 * 1_000_000.0 * scale).round() as u64;
    Duration::from_nanos(nanos)
}

fn check_scale(scale: f64) -> Result<f64, Error> {
    if scale.is_finite() && scale >= 0.0 {
        Ok(scale)
    } else {
        Err(Error::config(format!(
            "the rate-limit time scale must be a finite number ≥ 0, not {scale}"
        )))
    }
}

/// A bucket spec resolved under a time scale.
#[derive(Clone, Copy, Debug)]
struct Limit {
    /// `T`: time to refill one token.
    interval: Duration,
    /// `τ = (burst − 1)·T`: how far ahead of `tat` a request may come.
    tolerance: Duration,
}

impl Limit {
    fn new(spec: BucketSpec, scale: f64) -> Limit {
        let interval = refill_interval(spec, scale);
        // A bucket holds at least one token: burst 0 counts as 1.
        let extra = spec.burst.max(1) - 1;
        let tolerance = interval.checked_mul(extra).unwrap_or(Duration::MAX);
        Limit { interval, tolerance }
    }

    /// The earliest time a request conforms, for a bucket whose theoretical arrival time is `tat`.
    fn earliest(self, tat: Duration) -> Duration {
        tat.saturating_sub(self.tolerance)
    }
}

/// How much later than its slot a request may reach the server, by default: the client paces
/// as if every earlier request of the bucket had arrived up to this late (a new TLS
/// connection, a slow network). It shifts the first slot that has to wait, not the rate.
pub const DEFAULT_DELAY_ALLOWANCE: Duration = Duration::from_millis(250);

/// Fewest entries before the map is first swept for full buckets.
const MIN_PRUNE_AT: usize = 64;

/// Buckets by key: the arithmetic shared by [`Pacer`] and [`RateLimiter`].
#[derive(Clone, Debug)]
struct Buckets {
    scale: f64,
    /// Theoretical arrival time of each bucket that is not full (or was not full when last seen).
    tats: BTreeMap<String, Duration>,
    /// Sweep full buckets when an insertion finds this many entries (amortised O(1)).
    prune_at: usize,
}

impl Buckets {
    fn new(scale: f64) -> Buckets {
        Buckets {
            scale,
            tats: BTreeMap::new(),
            prune_at: MIN_PRUNE_AT,
        }
    }

    fn limit(&self, spec: BucketSpec) -> Limit {
        Limit::new(spec, self.scale)
    }

    /// When the next request of bucket `key` conforms (`Duration::ZERO` for a full bucket).
    fn earliest(&self, key: &str, limit: Limit) -> Duration {
        self.tats.get(key).map_or(Duration::ZERO, |tat| limit.earliest(*tat))
    }

    /// Takes a token for a request sent at `at`: `tat ← max(tat, at) + T`.
    fn take(&mut self, key: &str, limit: Limit, at: Duration, now: Duration) {
        self.set_tat(key, now, |tat| tat.max(at).saturating_add(limit.interval));
    }

    /// Updates the theoretical arrival time of `key`, inserting the bucket if needed.
    fn set_tat(&mut self, key: &str, now: Duration, update: impl FnOnce(Duration) -> Duration) {
        if let Some(tat) = self.tats.get_mut(key) {
            *tat = update(*tat);
            return;
        }
        let tat = update(Duration::ZERO);
        if tat <= now {
            // Full again already (e.g. a zero refill interval): nothing to remember.
            return;
        }
        if self.tats.len() >= self.prune_at {
            self.prune(now);
        }
        self.tats.insert(key.to_owned(), tat);
    }

    /// Forgets every bucket that is full at `now`, and sets the next sweep threshold.
    fn prune(&mut self, now: Duration) {
        self.tats.retain(|_, tat| *tat > now);
        self.prune_at = self.tats.len().saturating_mul(2).max(MIN_PRUNE_AT);
    }

    fn acquire(&mut self, key: &str, spec: BucketSpec, now: Duration) -> Decision {
        let limit = self.limit(spec);
        let earliest = self.earliest(key, limit);
        if now >= earliest {
            self.take(key, limit, now, now);
            Decision::SendNow
        } else {
            Decision::WaitUntil(earliest)
        }
    }
}

/// One client-side bucket: the slots of its last `burst − 1` requests, and `g`, the GCRA
/// state of the requests before them.
#[derive(Clone, Debug, Default)]
struct PacedBucket {
    /// Slots of the most recent `burst − 1` requests, oldest first.
    recent: VecDeque<Duration>,
    /// `max_k(s_k + j_k·T)` over the older requests (`j_k`: how many of them from `k` on),
    /// `None` while there are none.
    g: Option<Duration>,
    /// The bucket's refill interval `T`.
    interval: Duration,
}

/// The client-side pacer: the documented buckets (§1.3) of one API key.
///
/// The key of a request's bucket is [`bucket_key`]`(request.method, &request.path)` and its
/// spec `request.operation.spec().rate_limit()`, with the refill interval multiplied by the
/// pacer's time scale (1 for the documented limits).
///
/// The server counts a token when a request *arrives*. A request that reaches it late (the
/// first one on a new TLS connection, a slow network) moves the server's bucket later than
/// the pacer's, and a later request sent exactly on its documented slot would be refused. So
/// the pacer assumes each request may arrive up to a *delay allowance* `A` after its slot
/// (default [`DEFAULT_DELAY_ALLOWANCE`]) and books a request at the earliest time that is
/// safe whatever the delays within `A`: a burst still goes out at once, and the sustained
/// rate is the documented one. (For the request `m ≥ burst` places after an earlier one at
/// slot `s`, the server needs `s + A + (m − burst + 1)·T`; the most recent `burst − 1`
/// requests never hold it back.)
///
/// Two ways to use it:
/// - [`Pacer::acquire`]: "send now" (a token is taken) or "wait until T" (nothing taken; ask
///   again at T). For a single caller that can re-ask.
/// - [`Pacer::reserve`]: always books a slot and returns when to send. For concurrent async
///   callers: each sleeps until its slot, so a burst queues in order and never exceeds the
///   bucket.
///
/// Memory stays bounded: buckets that can no longer hold a request back are forgotten lazily
/// (a sweep when the number of buckets has doubled since the last one, amortised O(1) per
/// request).
#[derive(Clone, Debug)]
pub struct Pacer {
    scale: f64,
    allowance: Duration,
    buckets: BTreeMap<String, PacedBucket>,
    prune_at: usize,
}

impl Default for Pacer {
    fn default() -> Self {
        Pacer::new()
    }
}

impl Pacer {
    /// A pacer with the documented limits (time scale 1) and the
    /// [`DEFAULT_DELAY_ALLOWANCE`].
    pub fn new() -> Pacer {
        Pacer {
            scale: 1.0,
            allowance: DEFAULT_DELAY_ALLOWANCE,
            buckets: BTreeMap::new(),
            prune_at: MIN_PRUNE_AT,
        }
    }

    /// A pacer whose refill intervals are multiplied by `scale` (e.g. `0.01` against a
    /// simulator running its limits 100 times faster; `0` disables pacing). Bursts are not
    /// scaled. Refuses a negative or non-finite scale (a configuration error).
    pub fn with_scale(scale: f64) -> Result<Pacer, Error> {
        Ok(Pacer {
            scale: check_scale(scale)?,
            ..Pacer::new()
        })
    }

    /// The same pacer assuming requests reach the server at most `allowance` after their
    /// slots (see the type's documentation). `Duration::ZERO` paces exactly on the documented
    /// slots, which a server then only honours if no request is ever delayed more than
    /// another.
    pub fn with_delay_allowance(mut self, allowance: Duration) -> Pacer {
        self.allowance = allowance;
        self
    }

    /// The delay allowance (see [`Pacer::with_delay_allowance`]).
    pub fn delay_allowance(&self) -> Duration {
        self.allowance
    }

    /// The time scale of the refill intervals.
    pub fn scale(&self) -> f64 {
        self.scale
    }

    /// The earliest slot of the next request of bucket `key` at `now`.
    fn next_slot(&self, key: &str, spec: BucketSpec, now: Duration) -> Duration {
        if Limit::new(spec, self.scale).interval.is_zero() {
            return now;
        }
        let wait = self
            .buckets
            .get(key)
            .and_then(|b| b.g)
            .map(|g| g.saturating_add(self.allowance));
        wait.map_or(now, |w| w.max(now))
    }

    /// Books `slot` in bucket `key`.
    fn book(&mut self, key: &str, spec: BucketSpec, slot: Duration, now: Duration) {
        let limit = Limit::new(spec, self.scale);
        if limit.interval.is_zero() {
            return; // no limit: nothing to remember
        }
        let keep = spec.burst.max(1) as usize - 1;
        if !self.buckets.contains_key(key) && self.buckets.len() >= self.prune_at {
            self.prune(now);
        }
        let bucket = self.buckets.entry(key.to_owned()).or_default();
        bucket.interval = limit.interval;
        bucket.recent.push_back(slot);
        while bucket.recent.len() > keep {
            if let Some(old) = bucket.recent.pop_front() {
                let base = bucket.g.map_or(old, |g| g.max(old));
                bucket.g = Some(base.saturating_add(limit.interval));
            }
        }
    }

    /// Whether bucket `b` is full again at `now` whatever the delays within the allowance:
    /// the GCRA over all its requests (`tat`) plus `A` is past. Then it holds no request back
    /// and can be forgotten.
    fn is_spent(b: &PacedBucket, allowance: Duration, now: Duration) -> bool {
        let tat = b.recent.iter().fold(b.g, |g, slot| {
            Some(g.map_or(*slot, |g| g.max(*slot)).saturating_add(b.interval))
        });
        tat.is_none_or(|tat| tat.saturating_add(allowance) <= now)
    }

    /// Whether a request on bucket `key` (see [`bucket_key`]) with `spec` could be sent at
    /// `now`. Takes nothing.
    pub fn check(&self, key: &str, spec: BucketSpec, now: Duration) -> Decision {
        let slot = self.next_slot(key, spec, now);
        if slot <= now {
            Decision::SendNow
        } else {
            Decision::WaitUntil(slot)
        }
    }

    /// Takes a token for `request` if one is free at `now` ([`Decision::SendNow`]); otherwise
    /// takes nothing and says when one will be ([`Decision::WaitUntil`]).
    pub fn acquire(&mut self, request: &HttpRequest, now: Duration) -> Decision {
        let key = bucket_key(request.method, &request.path);
        let spec = request.operation.spec().rate_limit();
        let decision = self.check(&key, spec, now);
        if decision == Decision::SendNow {
            self.book(&key, spec, now, now);
        }
        decision
    }

    /// Books the next free slot of `request`'s bucket and returns its time (≥ `now`): send the
    /// request then, not before. Every call books a slot, so concurrent callers that each
    /// sleep until their slot go out in booking order, never faster than the bucket allows.
    pub fn reserve(&mut self, request: &HttpRequest, now: Duration) -> Duration {
        let key = bucket_key(request.method, &request.path);
        let spec = request.operation.spec().rate_limit();
        let slot = self.next_slot(&key, spec, now);
        self.book(&key, spec, slot, now);
        slot
    }

    /// Records a 429 for `request`: its bucket is empty until `now + retry_after` (one refill
    /// interval when the server sent no `retry-after`), when one token is free again, then one
    /// per refill interval. Slots already booked beyond that stay booked.
    pub fn on_rate_limited(&mut self, request: &HttpRequest, retry_after: Option<Duration>, now: Duration) {
        let key = bucket_key(request.method, &request.path);
        let spec = request.operation.spec().rate_limit();
        let limit = Limit::new(spec, self.scale);
        let free_at = now.saturating_add(retry_after.unwrap_or(limit.interval));
        // The next slot is `g + A`: make it `free_at`; and let the last `burst − 1` slots count
        // as taken then, so that the ones after follow one refill interval apart.
        let taken = free_at.saturating_sub(self.allowance);
        let keep = spec.burst.max(1) as usize - 1;
        let bucket = self.buckets.entry(key).or_default();
        bucket.interval = limit.interval;
        bucket.g = Some(bucket.g.map_or(taken, |g| g.max(taken)));
        while bucket.recent.len() < keep {
            bucket.recent.push_front(taken);
        }
        for slot in bucket.recent.iter_mut() {
            *slot = (*slot).max(taken);
        }
    }

    /// Forgets every bucket that can no longer hold a request back at `now` (this also happens
    /// on its own).
    pub fn prune(&mut self, now: Duration) {
        let allowance = self.allowance;
        self.buckets.retain(|_, b| !Pacer::is_spent(b, allowance, now));
        self.prune_at = self.buckets.len().saturating_mul(2).max(MIN_PRUNE_AT);
    }

    /// How many buckets the pacer currently remembers.
    pub fn len(&self) -> usize {
        self.buckets.len()
    }

    /// Whether the pacer remembers no bucket.
    pub fn is_empty(&self) -> bool {
        self.buckets.is_empty()
    }
}

/// The server-side rate limiter (for the simulator): the same buckets and arithmetic as
/// [`Pacer`], keyed by company + method + concrete path (§1.3).
#[derive(Clone, Debug)]
pub struct RateLimiter {
    buckets: Buckets,
}

impl Default for RateLimiter {
    fn default() -> Self {
        RateLimiter::new()
    }
}

impl RateLimiter {
    /// A limiter with the documented refill intervals (time scale 1).
    pub fn new() -> RateLimiter {
        RateLimiter {
            buckets: Buckets::new(1.0),
        }
    }

    /// A limiter whose refill intervals are multiplied by `scale` (see [`Pacer::with_scale`]).
    pub fn with_scale(scale: f64) -> Result<RateLimiter, Error> {
        Ok(RateLimiter {
            buckets: Buckets::new(check_scale(scale)?),
        })
    }

    /// The time scale of the refill intervals.
    pub fn scale(&self) -> f64 {
        self.buckets.scale
    }

    /// Admits a request arriving at `now` (taking a token), or refuses it with the exact wait
    /// until a token is free (report it as [`retry_after_secs`] whole seconds).
    pub fn admit(
        &mut self,
        company: &str,
        method: Method,
        path: &str,
        spec: BucketSpec,
        now: Duration,
    ) -> Result<(), Duration> {
        // The company's length first, so that no company/path split can collide.
        let key = format!("{}:{company} {}", company.len(), bucket_key(method, path));
        match self.buckets.acquire(&key, spec, now) {
            Decision::SendNow => Ok(()),
            Decision::WaitUntil(at) => Err(at.saturating_sub(now)),
        }
    }

    /// Forgets every bucket that is full at `now` (this also happens on its own).
    pub fn prune(&mut self, now: Duration) {
        self.buckets.prune(now);
    }

    /// How many buckets the limiter currently remembers.
    pub fn len(&self) -> usize {
        self.buckets.tats.len()
    }

    /// Whether the limiter remembers no bucket.
    pub fn is_empty(&self) -> bool {
        self.buckets.tats.is_empty()
    }
}

#[cfg(test)]
mod tests {
    /// A pacer on the exact documented slots (no delay allowance).
    fn exact() -> Pacer {
        Pacer::new().with_delay_allowance(Duration::ZERO)
    }

    use super::*;
    use crate::operation::OperationId;
    use crate::wire::rate_limits;
    use proptest::prelude::*;

    fn ms(n: u64) -> Duration {
        Duration::from_millis(n)
    }

    fn req(operation: OperationId, path: &str) -> HttpRequest {
        HttpRequest {
            operation,
            method: operation.spec().method,
            url: format!("http://127.0.0.1{path}"),
            path: path.to_owned(),
            headers: Vec::new(),
            body: None,
        }
    }

    fn status(gateway: &str) -> HttpRequest {
        req(OperationId::GetHvacStatus, &format!("/hvacs/{gateway}/status"))
    }

    #[test]
    fn key_is_method_and_concrete_path() {
        assert_eq!(bucket_key(Method::Get, "/hvacs/1/status"), "GET /hvacs/1/status");
        assert_eq!(bucket_key(Method::Patch, "/contracts/9"), "PATCH /contracts/9");
    }

    #[test]
    fn gateway_path_burst_three_then_one_per_two_seconds() {
        let mut p = exact();
        let r = status("101");
        for _ in 0..3 {
            assert_eq!(p.acquire(&r, ms(0)), Decision::SendNow);
        }
        assert_eq!(p.acquire(&r, ms(0)), Decision::WaitUntil(ms(2_000)));
        // One nanosecond early: still waiting; at the boundary: sent.
        assert_eq!(
            p.acquire(&r, ms(2_000) - Duration::from_nanos(1)),
            Decision::WaitUntil(ms(2_000))
        );
        assert_eq!(p.acquire(&r, ms(2_000)), Decision::SendNow);
        assert_eq!(p.acquire(&r, ms(2_000)), Decision::WaitUntil(ms(4_000)));
        // After a long pause the bucket is full again, but holds no more than the burst.
        for _ in 0..3 {
            assert_eq!(p.acquire(&r, ms(60_000)), Decision::SendNow);
        }
        assert_eq!(p.acquire(&r, ms(60_000)), Decision::WaitUntil(ms(62_000)));
    }

    #[test]
    fn documented_specs_per_operation() {
        let mut p = exact();
        let hvacs = req(OperationId::ListHvacs, "/hvacs");
        for _ in 0..5 {
            assert_eq!(p.acquire(&hvacs, ms(0)), Decision::SendNow);
        }
        assert_eq!(p.acquire(&hvacs, ms(0)), Decision::WaitUntil(ms(500)));

        let tp = req(
            OperationId::SetHeatingTimeProgram,
            "/hvacs/1/heatingCircuits/1/timePrograms/1",
        );
        assert_eq!(p.acquire(&tp, ms(0)), Decision::SendNow);
        assert_eq!(p.acquire(&tp, ms(0)), Decision::WaitUntil(ms(10_000)));
        // Another program of the same circuit has its own bucket (since v1.28).
        let tp2 = req(
            OperationId::SetHeatingTimeProgram,
            "/hvacs/1/heatingCircuits/1/timePrograms/2",
        );
        assert_eq!(p.acquire(&tp2, ms(0)), Decision::SendNow);

        let charge = req(OperationId::UpdateDhwCharge, "/hvacs/1/dhwCircuits/1/charge");
        assert_eq!(p.acquire(&charge, ms(0)), Decision::SendNow);
        assert_eq!(p.acquire(&charge, ms(29_999)), Decision::WaitUntil(ms(30_000)));
        // GET of the same path is another bucket (method is part of the key).
        let get_charge = req(OperationId::GetDhwCharge, "/hvacs/1/dhwCircuits/1/charge");
        assert_eq!(p.acquire(&get_charge, ms(0)), Decision::SendNow);
    }

    #[test]
    fn check_takes_nothing() {
        let mut p = exact();
        let r = status("7");
        let key = bucket_key(r.method, &r.path);
        let spec = rate_limits::GATEWAY_PATH;
        for _ in 0..10 {
            assert_eq!(p.check(&key, spec, ms(0)), Decision::SendNow);
        }
        p.acquire(&r, ms(0));
        p.acquire(&r, ms(0));
        p.acquire(&r, ms(0));
        assert_eq!(p.check(&key, spec, ms(0)), Decision::WaitUntil(ms(2_000)));
        assert_eq!(p.check(&key, spec, ms(2_000)), Decision::SendNow);
        assert_eq!(p.check("GET /unknown", spec, ms(0)), Decision::SendNow);
    }

    #[test]
    fn acquire_takes_nothing_when_waiting() {
        let mut p = exact();
        let r = req(OperationId::UpdateDhwCharge, "/hvacs/1/dhwCircuits/1/charge");
        assert_eq!(p.acquire(&r, ms(0)), Decision::SendNow);
        for t in [1, 10_000, 29_999] {
            assert_eq!(p.acquire(&r, ms(t)), Decision::WaitUntil(ms(30_000)));
        }
        assert_eq!(p.acquire(&r, ms(30_000)), Decision::SendNow);
    }

    #[test]
    fn reserve_queues_a_burst_in_order() {
        let mut p = exact();
        let r = status("101");
        let slots: Vec<Duration> = (0..7).map(|_| p.reserve(&r, ms(100))).collect();
        assert_eq!(
            slots,
            vec![ms(100), ms(100), ms(100), ms(2_100), ms(4_100), ms(6_100), ms(8_100)]
        );
        // The bucket is in debt: acquire waits for the first free slot after the booked ones.
        assert_eq!(p.acquire(&r, ms(100)), Decision::WaitUntil(ms(10_100)));
        // A later caller queues behind; once the debt is paid, slots are immediate again.
        assert_eq!(p.reserve(&r, ms(5_000)), ms(10_100));
        assert_eq!(p.reserve(&r, ms(100_000)), ms(100_000));
    }

    #[test]
    fn reserve_never_returns_before_now() {
        let mut p = exact();
        let r = status("1");
        assert_eq!(p.reserve(&r, ms(50)), ms(50));
        assert_eq!(p.reserve(&r, ms(10_000)), ms(10_000));
        // Time going backwards does not panic and does not hand out a slot before `now`.
        assert!(p.reserve(&r, ms(5)) >= ms(5));
    }

    #[test]
    fn rate_limited_empties_the_bucket() {
        let mut p = exact();
        let r = status("101");
        assert_eq!(p.acquire(&r, ms(0)), Decision::SendNow);
        p.on_rate_limited(&r, Some(Duration::from_secs(5)), ms(1_000));
        assert_eq!(p.acquire(&r, ms(5_999)), Decision::WaitUntil(ms(6_000)));
        assert_eq!(p.acquire(&r, ms(6_000)), Decision::SendNow);
        assert_eq!(p.acquire(&r, ms(6_000)), Decision::WaitUntil(ms(8_000)));

        // Without retry-after: one refill interval.
        let other = status("102");
        p.on_rate_limited(&other, None, ms(0));
        assert_eq!(p.acquire(&other, ms(0)), Decision::WaitUntil(ms(2_000)));
        assert_eq!(p.acquire(&other, ms(2_000)), Decision::SendNow);

        // It never shortens slots already booked.
        let booked = status("103");
        for _ in 0..6 {
            p.reserve(&booked, ms(0));
        }
        p.on_rate_limited(&booked, Some(Duration::ZERO), ms(0));
        assert_eq!(p.reserve(&booked, ms(0)), ms(8_000));

        // A huge retry-after saturates instead of overflowing.
        p.on_rate_limited(&booked, Some(Duration::MAX), ms(1));
        assert!(matches!(p.acquire(&booked, ms(1)), Decision::WaitUntil(_)));
    }

    #[test]
    fn scale_multiplies_refill_intervals_only() {
        let mut p = Pacer::with_scale(0.01).unwrap().with_delay_allowance(Duration::ZERO);
        assert_eq!(p.scale(), 0.01);
        let r = status("1");
        for _ in 0..3 {
            assert_eq!(p.acquire(&r, ms(0)), Decision::SendNow);
        }
        assert_eq!(p.acquire(&r, ms(0)), Decision::WaitUntil(ms(20)));
        assert_eq!(refill_interval(rate_limits::DHW_CHARGE_PATCH, 0.001), ms(30));
        assert_eq!(refill_interval(rate_limits::GATEWAY_PATH, 1.0), ms(2_000));
        assert_eq!(refill_interval(rate_limits::GATEWAY_PATH, f64::NAN), ms(2_000));
        assert_eq!(
            refill_interval(rate_limits::GATEWAY_PATH, 1e300),
            Duration::from_nanos(u64::MAX)
        );

        // Scale 0 disables pacing and remembers nothing.
        let mut off = Pacer::with_scale(0.0).unwrap();
        for _ in 0..100 {
            assert_eq!(off.acquire(&r, ms(0)), Decision::SendNow);
        }
        assert!(off.is_empty());

        for bad in [-1.0, f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
            assert_eq!(Pacer::with_scale(bad).unwrap_err().kind, crate::ErrorKind::Config);
            assert!(RateLimiter::with_scale(bad).is_err());
        }
    }

    #[test]
    fn burst_zero_counts_as_one() {
        let spec = BucketSpec {
            burst: 0,
            refill_ms: 1_000,
        };
        let mut s = RateLimiter::new();
        assert_eq!(s.admit("c", Method::Get, "/x", spec, ms(0)), Ok(()));
        assert_eq!(s.admit("c", Method::Get, "/x", spec, ms(0)), Err(ms(1_000)));
        let huge = BucketSpec {
            burst: u32::MAX,
            refill_ms: u64::MAX,
        };
        assert_eq!(s.admit("c", Method::Get, "/y", huge, ms(0)), Ok(()));
        assert_eq!(s.admit("c", Method::Get, "/y", huge, Duration::MAX), Ok(()));
    }

    #[test]
    fn extreme_times_do_not_panic() {
        let mut p = exact();
        let r = status("1");
        for now in [
            Duration::ZERO,
            Duration::MAX,
            ms(1),
            Duration::MAX - ms(1),
            Duration::ZERO,
        ] {
            let _ = p.acquire(&r, now);
            let _ = p.reserve(&r, now);
            p.on_rate_limited(&r, Some(Duration::MAX), now);
            p.on_rate_limited(&r, None, now);
            let _ = p.check("k", rate_limits::GATEWAY_PATH, now);
            p.prune(now);
        }
    }

    #[test]
    fn server_admit_and_retry_after() {
        let mut s = RateLimiter::new();
        let spec = rate_limits::GATEWAY_PATH;
        for _ in 0..3 {
            assert_eq!(s.admit("acme", Method::Get, "/hvacs/1/status", spec, ms(0)), Ok(()));
        }
        let wait = s
            .admit("acme", Method::Get, "/hvacs/1/status", spec, ms(500))
            .unwrap_err();
        assert_eq!(wait, ms(1_500));
        assert_eq!(retry_after_secs(wait), 2);
        // Companies have separate buckets, and so do methods.
        assert_eq!(s.admit("other", Method::Get, "/hvacs/1/status", spec, ms(500)), Ok(()));
        assert_eq!(s.admit("acme", Method::Patch, "/hvacs/1/status", spec, ms(500)), Ok(()));
        // No collision between a company and a path that spell the same text.
        let one = BucketSpec {
            burst: 1,
            refill_ms: 1_000,
        };
        assert_eq!(s.admit("a GET /b", Method::Get, "/c", one, ms(0)), Ok(()));
        assert_eq!(s.admit("a", Method::Get, "/b GET /c", one, ms(0)), Ok(()));
    }

    #[test]
    fn retry_after_rounds_up_to_whole_seconds() {
        assert_eq!(retry_after_secs(Duration::ZERO), 0);
        assert_eq!(retry_after_secs(Duration::from_nanos(1)), 1);
        assert_eq!(retry_after_secs(ms(1_000)), 1);
        assert_eq!(retry_after_secs(ms(1_001)), 2);
        assert_eq!(retry_after_secs(ms(29_999)), 30);
        assert_eq!(retry_after_secs(Duration::MAX), u64::MAX);
    }

    #[test]
    fn full_buckets_are_pruned_100k_keys() {
        let mut p = exact();
        let mut s = RateLimiter::new();
        let mut largest = (0, 0);
        // 100,000 distinct gateways, one request every 10 ms: a bucket is full again 2 s after
        // its request, so about 200 are live at any time.
        for i in 0..100_000u64 {
            let now = ms(i * 10);
            let r = status(&i.to_string());
            assert_eq!(p.acquire(&r, now), Decision::SendNow);
            assert_eq!(
                s.admit("acme", Method::Get, &r.path, rate_limits::GATEWAY_PATH, now),
                Ok(())
            );
            largest = (largest.0.max(p.len()), largest.1.max(s.len()));
        }
        assert!(largest.0 <= 2 * 200 + MIN_PRUNE_AT, "pacer grew to {}", largest.0);
        assert!(largest.1 <= 2 * 200 + MIN_PRUNE_AT, "limiter grew to {}", largest.1);
        p.prune(ms(2_000_000));
        s.prune(ms(2_000_000));
        assert!(p.is_empty() && s.is_empty());
    }

    #[test]
    fn pruning_is_invisible() {
        // A pruned bucket behaves exactly like the full bucket it was.
        let mut pruned = exact();
        let mut kept = exact();
        let r = status("1");
        for t in [0, 0, 0, 2_000, 9_000, 9_000, 9_000, 9_000, 11_000] {
            if t == 9_000 {
                pruned.prune(ms(t));
            }
            assert_eq!(pruned.acquire(&r, ms(t)), kept.acquire(&r, ms(t)), "at {t} ms");
        }
    }

    /// Delivers every booked request at its slot, in slot order (ties in booking order).
    fn deliver(bookings: &mut [(Duration, usize, HttpRequest)], server: &mut RateLimiter) -> usize {
        bookings.sort_by_key(|(slot, seq, _)| (*slot, *seq));
        let mut rejected = 0;
        for (slot, _, r) in bookings.iter() {
            let spec = r.operation.spec().rate_limit();
            if server.admit("acme", r.method, &r.path, spec, *slot).is_err() {
                rejected += 1;
            }
        }
        rejected
    }

    fn requests() -> Vec<HttpRequest> {
        vec![
            status("101"),
            status("102"),
            req(OperationId::ListHvacs, "/hvacs"),
            req(
                OperationId::SetDhwTimeProgram,
                "/hvacs/101/dhwCircuits/1/timePrograms/1",
            ),
            req(OperationId::UpdateDhwCharge, "/hvacs/101/dhwCircuits/1/charge"),
        ]
    }

    proptest! {
        #[test]
        fn reserve_gets_no_rejection(
            arrivals in prop::collection::vec((0u64..60_000, 0usize..5), 1..200),
            scale in prop_oneof![Just(1.0), Just(0.01), 0.0f64..3.0],
        ) {
            let kinds = requests();
            let mut arrivals = arrivals;
            arrivals.sort();
            let mut client = Pacer::with_scale(scale).unwrap();
            let mut server = RateLimiter::with_scale(scale).unwrap();
            let mut bookings = Vec::new();
            for (seq, (at, kind)) in arrivals.into_iter().enumerate() {
                let r = kinds[kind].clone();
                let slot = client.reserve(&r, ms(at));
                prop_assert!(slot >= ms(at));
                bookings.push((slot, seq, r));
            }
            prop_assert_eq!(deliver(&mut bookings, &mut server), 0);
        }

        #[test]
        fn acquire_gets_no_rejection(
            arrivals in prop::collection::vec((0u64..60_000, 0usize..5), 1..200),
        ) {
            // A caller that sends on SendNow and otherwise drops the request.
            let kinds = requests();
            let mut arrivals = arrivals;
            arrivals.sort();
            let mut client = exact();
            let mut server = RateLimiter::new();
            for (at, kind) in arrivals {
                let r = &kinds[kind];
                let key = bucket_key(r.method, &r.path);
                let checked = client.check(&key, r.operation.spec().rate_limit(), ms(at));
                let decision = client.acquire(r, ms(at));
                prop_assert_eq!(checked, decision);
                if decision == Decision::SendNow {
                    let spec = r.operation.spec().rate_limit();
                    prop_assert!(server.admit("acme", r.method, &r.path, spec, ms(at)).is_ok());
                } else if let Decision::WaitUntil(t) = decision {
                    prop_assert!(t > ms(at));
                }
            }
        }

        #[test]
        fn pruning_never_changes_a_decision(
            steps in prop::collection::vec((0u64..40, 0usize..5, 0u8..4), 1..300),
        ) {
            // Two pacers see the same requests; one is also pruned at random moments.
            let kinds = requests();
            let (mut pruned, mut kept) = (Pacer::new(), Pacer::new());
            let mut now = ms(0);
            for (step, kind, op) in steps {
                now += ms(step * 50);
                let r = &kinds[kind];
                match op {
                    0 => prop_assert_eq!(pruned.acquire(r, now), kept.acquire(r, now)),
                    1 => prop_assert_eq!(pruned.reserve(r, now), kept.reserve(r, now)),
                    2 => {
                        pruned.on_rate_limited(r, Some(ms(step * 10)), now);
                        kept.on_rate_limited(r, Some(ms(step * 10)), now);
                    }
                    _ => pruned.prune(now),
                }
                // Whatever the pruned pacer forgot, both decide the same for every bucket.
                for r in &kinds {
                    let (key, spec) = (bucket_key(r.method, &r.path), r.operation.spec().rate_limit());
                    prop_assert_eq!(pruned.check(&key, spec, now), kept.check(&key, spec, now));
                }
            }
        }

        #[test]
        fn server_never_admits_more_than_the_bucket(
            arrivals in prop::collection::vec(0u64..20_000, 1..300),
            burst in 1u32..5,
            refill_ms in 1u64..3_000,
        ) {
            let spec = BucketSpec { burst, refill_ms };
            let mut arrivals = arrivals;
            arrivals.sort();
            let mut server = RateLimiter::new();
            let mut admitted = Vec::new();
            for at in arrivals {
                match server.admit("c", Method::Get, "/x", spec, ms(at)) {
                    Ok(()) => admitted.push(at),
                    Err(wait) => {
                        prop_assert!(wait > Duration::ZERO);
                        // Retrying after the reported wait must succeed on a cloned state.
                        let mut probe = server.clone();
                        prop_assert!(probe.admit("c", Method::Get, "/x", spec, ms(at) + wait).is_ok());
                    }
                }
            }
            // In any window [a, a + w], at most burst + w / refill requests.
            for (i, start) in admitted.iter().enumerate() {
                for (j, end) in admitted.iter().enumerate().skip(i) {
                    let allowed = u64::from(burst) + (end - start) / refill_ms;
                    prop_assert!((j - i + 1) as u64 <= allowed);
                }
            }
        }
    }

    #[test]
    fn the_delay_allowance_shifts_waiting_slots_not_the_rate() {
        let mut p = Pacer::new();
        assert_eq!(p.delay_allowance(), DEFAULT_DELAY_ALLOWANCE);
        let r = req(OperationId::GetHvacStatus, "/hvacs/1/status");
        let a = DEFAULT_DELAY_ALLOWANCE;
        let slots: Vec<Duration> = (0..6).map(|_| p.reserve(&r, Duration::ZERO)).collect();
        // The burst goes at once; then one per 2 s, each moved by the allowance.
        assert_eq!(&slots[..3], &[Duration::ZERO; 3]);
        assert_eq!(slots[3], Duration::from_secs(2) + a);
        assert_eq!(slots[4], Duration::from_secs(4) + a);
        assert_eq!(slots[5], Duration::from_secs(6) + a);
        // An idle bucket is forgotten only once the allowance has passed too.
        // By our slots the bucket is full again at 12 s (six tokens, 2 s each, from 0 s), and
        // for sure an allowance later.
        p.prune(Duration::from_secs(12));
        assert_eq!(p.len(), 1);
        p.prune(Duration::from_secs(12) + a);
        assert!(p.is_empty());
        // Scale 0 paces nothing, whatever the allowance.
        let mut off = Pacer::with_scale(0.0).unwrap();
        for _ in 0..10 {
            assert_eq!(off.reserve(&r, Duration::from_secs(1)), Duration::from_secs(1));
        }
        assert!(off.is_empty());
    }

    proptest::proptest! {
        /// Requests that reach the server up to the allowance late, in any order of delays,
        /// are never refused when sent on their slots.
        #[test]
        fn late_arrivals_within_the_allowance_are_never_refused(
            delays in proptest::collection::vec(0u64..=250, 1..40),
            gaps in proptest::collection::vec(0u64..3_000, 1..40),
            bucket in 0usize..3,
        ) {
            let mut client = Pacer::new();
            let mut server = RateLimiter::new();
            let r = [
                req(OperationId::GetHvacStatus, "/hvacs/1/status"),
                req(OperationId::ListHvacs, "/hvacs"),
                req(OperationId::SetDhwTimeProgram, "/hvacs/1/dhwCircuits/1/timePrograms/1"),
            ][bucket].clone();
            let spec = r.operation.spec().rate_limit();
            let mut now = Duration::ZERO;
            let mut arrivals = Vec::new();
            for (i, delay) in delays.iter().enumerate() {
                now += Duration::from_millis(gaps[i % gaps.len()] % 700);
                let slot = client.reserve(&r, now);
                arrivals.push(slot + Duration::from_millis(*delay));
            }
            // The server sees them in arrival order.
            arrivals.sort();
            for at in arrivals {
                proptest::prop_assert!(server.admit("c", r.method, &r.path, spec, at).is_ok(), "refused at {:?}", at);
            }
        }
    }
}

//! Fleet sweep bench: `cargo bench -p homecom-client --bench fleet`.
//!
//! Starts the simulator in-process with 1,000 fleet gateways (`2000000001`...), the documented
//! rate limits (time scale 1) and 50 ms of injected latency on every Partner API request, then
//! reads `GET /hvacs/{gatewayId}/status` in two scenarios:
//!
//! 1. **sweep**: the status of each of the 1,000 gateways once;
//! 2. **hot**: 5 reads of the status of each of 100 gateways (500 reads, 5 per bucket).
//!
//! Each scenario runs the paced client ([`Client`] with its pacer, bounded concurrency) and a
//! naive unpaced loop (`pacing(false)`, [`RetryPolicy::no_retries`], every call at once), plus
//! the naive loop with the default retry policy in the hot scenario. Each mode starts from a
//! reset simulator (empty buckets, empty request log) and a new client. For each: wall time,
//! requests/s, 429s (the calls that failed with kind `RateLimited`, and every 429 in the
//! simulator's request log, retried attempts included), successes, and the bound that the
//! documented rate limits and the latency allow. Results are printed as a table and written
//! to `target/bench-fleet.json`.
//!
//! ## The bounds
//!
//! §1.3: a request whose path has a `gatewayId` takes a token from the bucket of company +
//! method + concrete path: burst 3, then 1 every 2 s. No company-wide bucket is documented.
//!
//! - sweep: 1,000 distinct paths are 1,000 buckets with one request each, so the rate limits
//!   do not bind at all; the bound is the latency: `50 ms × ceil(1000 / in-flight)` (800 ms
//!   with 64 in flight, 200 ms with 256, 50 ms with all 1,000), and no 429 is needed.
//! - hot: each bucket admits reads at 0, 0, 0, 2 s and 4 s (burst 3, then 1 per 2 s), so the
//!   5th read of a gateway cannot start before 4 s: the bound is `4 s + 50 ms` (the first
//!   300 reads take `ceil(300 / in-flight)` latencies, well within the first 2 s). An unpaced
//!   burst without retries finishes in one latency but must lose 2 reads of 5 (200 × 429);
//!   with retries each refused read waits its `retry-after` (whole seconds).
//!
//! The paced client adds its pacer's delay allowance (`DEFAULT_DELAY_ALLOWANCE`, 250 ms) to
//! the first slot of a bucket that has to wait, so that requests reaching the server late do
//! not get a 429; in the hot scenario its own floor is the bound plus that allowance.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use homecom_client::homecom_core::pacing::DEFAULT_DELAY_ALLOWANCE;
use homecom_client::{Client, Config, Error, ErrorKind, RetryPolicy};
use homecom_sim::{SimConfig, SimHandle, Simulator};
use serde_json::{Value, json};

/// Gateways of the fleet (ids `2000000001`...).
const FLEET: usize = 1_000;
/// The first fleet gateway id.
const FIRST_GATEWAY: u64 = 2_000_000_001;
/// Injected latency of every Partner API request.
const LATENCY: Duration = Duration::from_millis(50);
/// Requests in flight of the paced client.
const PACED_IN_FLIGHT: [usize; 2] = [64, 256];
/// Gateways and reads per gateway of the hot scenario.
const HOT_GATEWAYS: usize = 100;
const HOT_READS: usize = 5;
/// The documented bucket of a path with a `gatewayId` (§1.3).
const BURST: u32 = 3;
const REFILL: Duration = Duration::from_secs(2);

/// The outcome of one mode.
#[derive(Debug)]
struct Row {
    scenario: &'static str,
    mode: String,
    in_flight: usize,
    calls: usize,
    wall: Duration,
    /// HTTP requests the simulator received (retries included).
    requests: usize,
    successes: usize,
    /// Calls that failed with kind `RateLimited`.
    rate_limited_calls: usize,
    /// 429 answers in the simulator's request log.
    server_429: usize,
    /// Calls that failed otherwise.
    other_errors: usize,
    first_error: Option<String>,
    bound: Duration,
    bound_note: String,
}

/// The simulator and a plain HTTP client for its control API.
struct Bench {
    sim: SimHandle,
    http: reqwest::Client,
}

impl Bench {
    async fn start() -> Bench {
        let sim = Simulator::start(SimConfig {
            fleet: FLEET,
            rate_limits: true,
            seed: Some(1),
            ..SimConfig::default()
        })
        .await
        .expect("the simulator starts");
        let http = reqwest::Client::builder()
            .no_proxy()
            .timeout(Duration::from_secs(30))
            .build()
            .expect("control client");
        Bench { sim, http }
    }

    fn config(&self) -> Config {
        Config::new(self.sim.base_url(), self.sim.api_key()).expect("config")
    }

    async fn control(&self, method: reqwest::Method, path: &str, body: Option<Value>) -> Value {
        let url = format!("{}/_sim{path}", self.sim.base_url());
        let mut request = self.http.request(method, &url);
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.expect("control API reachable");
        let status = response.status();
        let text = response.text().await.expect("control API answer");
        assert!(status.is_success(), "{path}: {status} {text}");
        serde_json::from_str(&text).unwrap_or(Value::Null)
    }

    /// Empty buckets and request log, then the injected latency again (a reset clears faults).
    async fn prepare(&self) {
        self.sim.reset();
        let latency = u64::try_from(LATENCY.as_millis()).expect("latency");
        self.control(reqwest::Method::PUT, "/faults", Some(json!({"latencyMs": latency})))
            .await;
    }

    /// Requests to the status operation in the log, and how many were answered 429.
    async fn logged(&self) -> (usize, usize) {
        let log = self.control(reqwest::Method::GET, "/requests", None).await;
        let requests: Vec<&Value> = log["requests"]
            .as_array()
            .expect("the request log")
            .iter()
            .filter(|r| r["operation"] == "getHvacStatus")
            .collect();
        let limited = requests.iter().filter(|r| r["status"] == 429).count();
        (requests.len(), limited)
    }
}

fn gateway(i: usize) -> String {
    (FIRST_GATEWAY + u64::try_from(i).expect("index")).to_string()
}

/// What the calls of one mode gave.
#[derive(Default)]
struct Tally {
    successes: usize,
    rate_limited: usize,
    other: usize,
    first_error: Option<String>,
}

impl Tally {
    fn add(&mut self, result: Result<(), Error>) {
        match result {
            Ok(()) => self.successes += 1,
            Err(e) if e.kind == ErrorKind::RateLimited => self.rate_limited += 1,
            Err(e) => {
                self.other += 1;
                self.first_error.get_or_insert_with(|| e.to_string());
            }
        }
    }
}

async fn status(client: &Client, gateway_id: &str) -> Result<(), Error> {
    client.get_hvac_status(gateway_id).await.map(|_| ())
}

/// Runs `jobs` (gateway ids, in order) with at most `in_flight` calls at a time: `in_flight`
/// workers take the next job from a shared queue.
async fn bounded(client: &Client, jobs: Arc<Vec<String>>, in_flight: usize) -> Tally {
    let next = Arc::new(AtomicUsize::new(0));
    let mut workers = tokio::task::JoinSet::new();
    for _ in 0..in_flight.min(jobs.len()) {
        let (client, jobs, next) = (client.clone(), Arc::clone(&jobs), Arc::clone(&next));
        workers.spawn(async move {
            let mut tally = Tally::default();
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(gateway_id) = jobs.get(i) else { break };
                tally.add(status(&client, gateway_id).await);
            }
            tally
        });
    }
    let mut total = Tally::default();
    while let Some(tally) = workers.join_next().await {
        let tally = tally.expect("worker");
        total.successes += tally.successes;
        total.rate_limited += tally.rate_limited;
        total.other += tally.other;
        if total.first_error.is_none() {
            total.first_error = tally.first_error;
        }
    }
    total
}

/// Every job at once.
async fn all_at_once(client: &Client, jobs: Arc<Vec<String>>) -> Tally {
    bounded(client, Arc::clone(&jobs), jobs.len()).await
}

/// How a mode sends its calls.
#[derive(Clone, Copy)]
enum Mode {
    /// The client's pacer, this many calls in flight.
    Paced(usize),
    /// No pacing, one attempt per call, every call at once.
    Naive,
    /// No pacing, the default retry policy, every call at once.
    NaiveRetrying,
}

impl Mode {
    fn name(self) -> &'static str {
        match self {
            Mode::Paced(_) => "paced",
            Mode::Naive => "naive (no retries)",
            Mode::NaiveRetrying => "naive (default retries)",
        }
    }

    fn client(self, config: Config) -> Client {
        let builder = Client::builder(config);
        let builder = match self {
            Mode::Paced(_) => builder,
            Mode::Naive => builder.pacing(false).retry_policy(RetryPolicy::no_retries()),
            Mode::NaiveRetrying => builder.pacing(false),
        };
        builder.build().expect("client")
    }
}

async fn run(bench: &Bench, scenario: &'static str, jobs: &[String], mode: Mode, bound: (Duration, String)) -> Row {
    bench.prepare().await;
    let client = mode.client(bench.config());
    let jobs = Arc::new(jobs.to_vec());
    let in_flight = match mode {
        Mode::Paced(n) => n,
        Mode::Naive | Mode::NaiveRetrying => jobs.len(),
    };
    let started = Instant::now();
    let tally = match mode {
        Mode::Paced(n) => bounded(&client, Arc::clone(&jobs), n).await,
        Mode::Naive | Mode::NaiveRetrying => all_at_once(&client, Arc::clone(&jobs)).await,
    };
    let wall = started.elapsed();
    let (requests, server_429) = bench.logged().await;
    Row {
        scenario,
        mode: mode.name().to_owned(),
        in_flight: in_flight.min(jobs.len()),
        calls: jobs.len(),
        wall,
        requests,
        successes: tally.successes,
        rate_limited_calls: tally.rate_limited,
        server_429,
        other_errors: tally.other,
        first_error: tally.first_error,
        bound: bound.0,
        bound_note: bound.1,
    }
}

fn rounds(calls: usize, in_flight: usize) -> u32 {
    u32::try_from(calls.div_ceil(in_flight.max(1))).expect("rounds")
}

/// The sweep's bound: 1,000 buckets of one request each bind nothing; the latency does.
fn sweep_bound(in_flight: usize) -> (Duration, String) {
    let n = rounds(FLEET, in_flight);
    (
        LATENCY * n,
        format!("50 ms × ceil({FLEET}/{in_flight}) = 50 ms × {n}; buckets: 1 token of {BURST} each, no wait"),
    )
}

/// The hot scenario's bound: reads 4 and 5 of a bucket wait for refills at 2 s and 4 s.
fn hot_bound(mode: Mode) -> (Duration, String) {
    let over_burst = u32::try_from(HOT_READS).expect("reads") - BURST;
    let refills = REFILL * over_burst;
    match mode {
        Mode::Paced(in_flight) => {
            let burst_rounds = rounds(HOT_GATEWAYS * BURST as usize, in_flight);
            let bound = (refills + LATENCY).max(LATENCY * rounds(HOT_GATEWAYS * HOT_READS, in_flight));
            (
                bound,
                format!(
                    "{over_burst} × 2 s refill after the burst of {BURST} + 50 ms (burst: {burst_rounds} × 50 ms), 0 × 429; \
                     the pacer's delay allowance ({} ms) makes its own floor {}",
                    DEFAULT_DELAY_ALLOWANCE.as_millis(),
                    secs(bound + DEFAULT_DELAY_ALLOWANCE)
                ),
            )
        }
        Mode::Naive => (
            LATENCY,
            format!(
                "one latency; {} reads over the burst must be 429",
                HOT_GATEWAYS * (HOT_READS - BURST as usize)
            ),
        ),
        Mode::NaiveRetrying => (
            refills + LATENCY,
            format!(
                "as paced if every retry-after were exact; at least {} × 429 (each read over the burst is refused \
                 once, and a retry at 2 s competes with the next read)",
                HOT_GATEWAYS * (HOT_READS - BURST as usize)
            ),
        ),
    }
}

fn secs(d: Duration) -> String {
    if d < Duration::from_secs(1) {
        format!("{:.0} ms", d.as_secs_f64() * 1000.0)
    } else {
        format!("{:.2} s", d.as_secs_f64())
    }
}

fn per_second(n: usize, d: Duration) -> f64 {
    let s = d.as_secs_f64();
    if s > 0.0 { n as f64 / s } else { 0.0 }
}

fn print_table(rows: &[Row]) {
    println!(
        "{:<6} {:<24} {:>9} {:>6} {:>10} {:>8} {:>9} {:>16} {:>10} {:>10} {:>12}",
        "",
        "mode",
        "in flight",
        "calls",
        "wall",
        "req/s",
        "requests",
        "429 (calls/log)",
        "successes",
        "bound",
        "bound req/s"
    );
    for row in rows {
        println!(
            "{:<6} {:<24} {:>9} {:>6} {:>10} {:>8.0} {:>9} {:>16} {:>10} {:>10} {:>12.0}",
            row.scenario,
            row.mode,
            row.in_flight,
            row.calls,
            secs(row.wall),
            per_second(row.requests, row.wall),
            row.requests,
            format!("{} / {}", row.rate_limited_calls, row.server_429),
            row.successes,
            secs(row.bound),
            per_second(row.calls, row.bound),
        );
    }
    println!(
        "req/s: HTTP requests the simulator received (retries included) per second of wall time; 429: calls that \
         failed RateLimited / 429 answers in the simulator's request log; bound: the shortest wall time the \
         documented limits and the latency allow, and calls/s at that time"
    );
}

fn to_json(rows: &[Row]) -> Value {
    let rows: Vec<Value> = rows
        .iter()
        .map(|row| {
            json!({
                "scenario": row.scenario,
                "mode": row.mode,
                "inFlight": row.in_flight,
                "calls": row.calls,
                "wallMs": row.wall.as_secs_f64() * 1000.0,
                "requests": row.requests,
                "requestsPerSecond": per_second(row.requests, row.wall),
                "successes": row.successes,
                "rateLimitedCalls": row.rate_limited_calls,
                "server429": row.server_429,
                "otherErrors": row.other_errors,
                "firstError": row.first_error,
                "boundMs": row.bound.as_secs_f64() * 1000.0,
                "boundCallsPerSecond": per_second(row.calls, row.bound),
                "boundNote": row.bound_note,
            })
        })
        .collect();
    json!({
        "bench": "fleet",
        "latencyMs": LATENCY.as_secs_f64() * 1000.0,
        "pacerDelayAllowanceMs": DEFAULT_DELAY_ALLOWANCE.as_secs_f64() * 1000.0,
        "rateLimit": {"burst": BURST, "refillMs": REFILL.as_secs_f64() * 1000.0, "key": "company + method + concrete path"},
        "scenarios": {
            "sweep": format!("GET /hvacs/{{gatewayId}}/status once for each of {FLEET} gateways"),
            "hot": format!("GET /hvacs/{{gatewayId}}/status {HOT_READS} times for each of {HOT_GATEWAYS} gateways"),
        },
        "rows": rows,
    })
}

fn output_path() -> std::path::PathBuf {
    let manifest = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let workspace = manifest.parent().unwrap_or(manifest);
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(std::path::PathBuf::from)
        .map(|dir| if dir.is_absolute() { dir } else { workspace.join(dir) })
        .unwrap_or_else(|| workspace.join("target"));
    target.join("bench-fleet.json")
}

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(async {
        let started = Instant::now();
        let bench = Bench::start().await;
        println!(
            "fleet bench: homecom-sim with {FLEET} gateways, documented rate limits (burst {BURST}, 1 per {} s per \
             company + method + path), {} ms injected latency",
            REFILL.as_secs(),
            LATENCY.as_millis()
        );
        let mut rows = Vec::new();

        let sweep: Vec<String> = (0..FLEET).map(gateway).collect();
        for in_flight in PACED_IN_FLIGHT {
            rows.push(run(&bench, "sweep", &sweep, Mode::Paced(in_flight), sweep_bound(in_flight)).await);
        }
        rows.push(run(&bench, "sweep", &sweep, Mode::Naive, sweep_bound(FLEET)).await);

        // Round by round, so that every gateway's burst goes first: 100 × read 1, 100 × read 2, ...
        let hot: Vec<String> = (0..HOT_READS).flat_map(|_| (0..HOT_GATEWAYS).map(gateway)).collect();
        let paced = Mode::Paced(PACED_IN_FLIGHT[0]);
        for mode in [paced, Mode::Naive, Mode::NaiveRetrying] {
            rows.push(run(&bench, "hot", &hot, mode, hot_bound(mode)).await);
        }

        println!();
        print_table(&rows);
        println!();
        println!("bounds (documented limits: {BURST} burst, 1 per 2 s, per company + method + concrete path):");
        println!(
            "  no company-wide bucket is documented: {FLEET} gateways are {FLEET} buckets, so a sweep that reads each \
             once is bound by latency × ceil(calls / in flight), not by the limits"
        );
        for row in &rows {
            println!(
                "  {:<6} {:<24} {:>4} in flight: {:>8}  {}",
                row.scenario,
                row.mode,
                row.in_flight,
                secs(row.bound),
                row.bound_note
            );
        }
        for row in rows.iter().filter(|r| r.other_errors > 0) {
            println!(
                "  note: {} {} had {} other errors, first: {}",
                row.scenario,
                row.mode,
                row.other_errors,
                row.first_error.as_deref().unwrap_or("?")
            );
        }
        let path = output_path();
        let text = serde_json::to_string_pretty(&to_json(&rows)).expect("json");
        match std::fs::create_dir_all(path.parent().unwrap_or(std::path::Path::new(".")))
            .and_then(|()| std::fs::write(&path, text + "\n"))
        {
            Ok(()) => println!("\nwrote {}", path.display()),
            Err(e) => println!("\ncould not write {}: {e}", path.display()),
        }
        let panics = bench.sim.panic_count();
        bench.sim.shutdown().await;
        println!("done in {} (simulator panics: {panics})", secs(started.elapsed()));
    });
}

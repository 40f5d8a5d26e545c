//! Binding, serving and stopping: [`Simulator::start`] and its [`SimHandle`].

use core::fmt;
use std::collections::VecDeque;
use std::future::Future;
use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use homecom_core::pacing::RateLimiter;
use hyper::Request;
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;
use tokio::task::JoinHandle;

use crate::config::SimConfig;
use crate::faults::Faults;
use crate::fixture::Fixture;
use crate::pipeline::{self, Outcome};
use crate::shared::{Clock, Shared, lock, new_key_record};
use crate::state::State;
use crate::webhooks::Webhooks;

/// Why a simulator did not start.
#[derive(Debug)]
pub enum SimError {
    /// The host is not a loopback address and `allow_non_loopback` is off.
    NonLoopback(String),
    /// The address could not be resolved or bound.
    Bind(io::Error),
    /// The fixture is invalid.
    Fixture(String),
    /// Another setting is invalid (time scale, webhook endpoint).
    Config(String),
}

impl fmt::Display for SimError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SimError::NonLoopback(host) => write!(
                f,
                "refusing to bind {host}: the simulator serves loopback addresses only (it has no TLS and a \
                 published demo key); pass --allow-non-loopback to override"
            ),
            SimError::Bind(e) => write!(f, "cannot bind: {e}"),
            SimError::Fixture(e) => write!(f, "invalid fixture: {e}"),
            SimError::Config(e) => write!(f, "invalid configuration: {e}"),
        }
    }
}

impl std::error::Error for SimError {}

/// Starts simulators.
pub struct Simulator;

impl Simulator {
    /// Binds the address, loads the fixture and serves until the handle is dropped or
    /// [`SimHandle::shutdown`] is awaited. Must run inside a tokio runtime.
    pub async fn start(config: SimConfig) -> Result<SimHandle, SimError> {
        let fixture = match config.fixture {
            Some(fixture) => {
                fixture.check().map_err(SimError::Fixture)?;
                fixture
            }
            None => Fixture::builtin(),
        }
        .with_fleet(config.fleet)
        .map_err(SimError::Fixture)?;
        for target in &config.webhooks {
            target.check().map_err(SimError::Config)?;
        }
        let limiter = if config.rate_limits {
            let limiter = RateLimiter::with_scale(config.time_scale).map_err(|e| SimError::Config(e.message))?;
            Some(Mutex::new(limiter))
        } else {
            None
        };

        let addresses: Vec<SocketAddr> = tokio::net::lookup_host((config.host.as_str(), config.port))
            .await
            .map_err(SimError::Bind)?
            .collect();
        let Some(address) = addresses.first().copied() else {
            return Err(SimError::Bind(io::Error::new(
                io::ErrorKind::NotFound,
                format!("{} resolves to no address", config.host),
            )));
        };
        if !config.allow_non_loopback && addresses.iter().any(|a| !a.ip().is_loopback()) {
            return Err(SimError::NonLoopback(config.host));
        }
        let listener = TcpListener::bind(address).await.map_err(SimError::Bind)?;
        let local = listener.local_addr().map_err(SimError::Bind)?;
        let base_url = format!("http://{local}");

        let seed = config.seed.unwrap_or_else(|| fastrand::u64(..));
        let mut id_rng = fastrand::Rng::with_seed(seed);
        let clock = Clock::default();
        let now = clock.now();
        let mut random = [0u8; homecom_core::wire::API_KEY_SECRET_LEN];
        id_rng.fill(&mut random);
        let demo_key = new_key_record(format!("{:032x}", id_rng.u128(..)), now, &random);
        let (webhooks, dispatcher) =
            Webhooks::start(config.webhooks, seed, config.webhook_timeout).map_err(SimError::Config)?;
        let state = State::from_fixture(&fixture, now, demo_key.clone());
        let shared = Arc::new(Shared {
            state: Mutex::new(state),
            fixture,
            demo_key,
            clock,
            started: Instant::now(),
            limiter,
            time_scale: config.time_scale,
            faults: Mutex::new(Faults::default()),
            fault_rng: Mutex::new(crate::faults::fault_rng(seed)),
            id_rng: Mutex::new(id_rng),
            requests: Mutex::new(VecDeque::new()),
            request_seq: AtomicU64::new(0),
            webhooks,
            panics: AtomicU64::new(0),
            seed,
            base_url: base_url.clone(),
        });
        let (shutdown, watcher) = watch::channel(false);
        let server = tokio::spawn(accept_loop(listener, shared.clone(), watcher));
        tracing::info!(%base_url, gateways = lock(&shared.state).gateways.len(), seed, "simulator started");
        Ok(SimHandle {
            address: local,
            base_url,
            shared,
            shutdown,
            server: Some(server),
            dispatcher: Some(dispatcher),
        })
    }
}

/// A running simulator. Dropping it stops the simulator (as does [`SimHandle::shutdown`]).
pub struct SimHandle {
    address: SocketAddr,
    base_url: String,
    shared: Arc<Shared>,
    shutdown: watch::Sender<bool>,
    server: Option<JoinHandle<()>>,
    dispatcher: Option<JoinHandle<()>>,
}

impl fmt::Debug for SimHandle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SimHandle")
            .field("base_url", &self.base_url)
            .finish_non_exhaustive()
    }
}

impl SimHandle {
    /// `http://127.0.0.1:PORT`, without a trailing slash.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// The bound address.
    pub fn local_addr(&self) -> SocketAddr {
        self.address
    }

    /// The demo API key (valid for six months from start; kept across resets).
    pub fn api_key(&self) -> &str {
        self.shared.demo_key.key.expose()
    }

    /// The demo partner user, to send as `x-user-id`.
    pub fn user_id(&self) -> &str {
        &self.shared.fixture.company.partner_user_id
    }

    /// The company id (`GET /api-keys/me`).
    pub fn company_id(&self) -> &str {
        &self.shared.fixture.company.company_id
    }

    /// The seed of the random numbers.
    pub fn seed(&self) -> u64 {
        self.shared.seed
    }

    /// Requests answered 500 by the catch-panic layer (0 unless the simulator has a bug).
    pub fn panic_count(&self) -> u64 {
        self.shared.panics.load(Ordering::SeqCst)
    }

    /// Webhook events queued or being delivered.
    pub fn pending_webhooks(&self) -> usize {
        self.shared.webhooks.pending()
    }

    /// Puts the company back as the fixture describes it (like `POST /_sim/reset`).
    pub fn reset(&self) {
        self.shared.reset();
        self.shared.clock.set_offset(0);
    }

    /// Stops accepting connections, lets open ones finish their request, and stops the
    /// webhook dispatcher.
    pub async fn shutdown(mut self) {
        let _ = self.shutdown.send(true);
        if let Some(server) = self.server.take() {
            let _ = server.await;
        }
        if let Some(dispatcher) = self.dispatcher.take() {
            dispatcher.abort();
        }
    }
}

impl Drop for SimHandle {
    fn drop(&mut self) {
        let _ = self.shutdown.send(true);
        if let Some(server) = self.server.take() {
            server.abort();
        }
        if let Some(dispatcher) = self.dispatcher.take() {
            dispatcher.abort();
        }
    }
}

async fn accept_loop(listener: TcpListener, shared: Arc<Shared>, mut shutdown: watch::Receiver<bool>) {
    loop {
        let accepted = tokio::select! {
            _ = shutdown.changed() => break,
            accepted = listener.accept() => accepted,
        };
        match accepted {
            Ok((stream, _)) => {
                tokio::spawn(serve_connection(stream, shared.clone(), shutdown.clone()));
            }
            Err(e) => {
                // Out of file descriptors and the like: wait a little, keep serving.
                tracing::warn!(error = %e, "accept failed");
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
        }
    }
}

/// The error that makes hyper drop a connection without answering.
#[derive(Debug)]
struct ResetConnection;

impl fmt::Display for ResetConnection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("connection reset (injected fault)")
    }
}

impl std::error::Error for ResetConnection {}

async fn serve_connection(stream: TcpStream, shared: Arc<Shared>, mut shutdown: watch::Receiver<bool>) {
    let _ = stream.set_nodelay(true);
    let reset = Arc::new(AtomicBool::new(false));
    let io = TokioIo::new(ConnStream {
        inner: stream,
        reset: reset.clone(),
    });
    let service = service_fn(move |request: Request<Incoming>| {
        let shared = shared.clone();
        let reset = reset.clone();
        async move {
            let outcome = guard(&shared, pipeline::serve(shared.clone(), request)).await;
            match outcome {
                Outcome::Reply(response) => Ok(response),
                Outcome::Reset => {
                    reset.store(true, Ordering::SeqCst);
                    Err(ResetConnection)
                }
            }
        }
    });
    // No header-read timeout: it would also close idle keep-alive connections, racing with
    // the connection pools of clients (a spurious transport error on reuse).
    let connection = http1::Builder::new()
        .timer(TokioTimer::new())
        .header_read_timeout(None)
        .keep_alive(true)
        .serve_connection(io, service);
    tokio::pin!(connection);
    if *shutdown.borrow() {
        connection.as_mut().graceful_shutdown();
    }
    tokio::select! {
        _ = connection.as_mut() => {}
        _ = shutdown.changed() => {
            connection.as_mut().graceful_shutdown();
            let _ = tokio::time::timeout(Duration::from_secs(5), connection.as_mut()).await;
        }
    }
}

/// The catch-panic layer: runs the request in its own task; a panic is answered 500 with
/// the error body, counted, and logged. The simulator goes on serving.
pub(crate) async fn guard(shared: &Shared, handling: impl Future<Output = Outcome> + Send + 'static) -> Outcome {
    match tokio::spawn(handling).await {
        Ok(outcome) => outcome,
        Err(error) => {
            shared.panics.fetch_add(1, Ordering::SeqCst);
            tracing::error!(%error, "a request handler panicked; answered 500");
            Outcome::Reply(pipeline::panic_response(shared))
        }
    }
}

/// A TCP stream that, once its connection is marked for reset, writes nothing more, skips
/// the orderly shutdown, and closes with `SO_LINGER 0`: the client sees a reset (RST), no
/// HTTP response at all.
struct ConnStream {
    inner: TcpStream,
    reset: Arc<AtomicBool>,
}

impl ConnStream {
    fn resetting(&self) -> bool {
        self.reset.load(Ordering::SeqCst)
    }
}

impl AsyncRead for ConnStream {
    fn poll_read(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_read(cx, buf)
    }
}

impl AsyncWrite for ConnStream {
    fn poll_write(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
        if self.resetting() {
            return Poll::Ready(Err(io::ErrorKind::ConnectionReset.into()));
        }
        Pin::new(&mut self.inner).poll_write(cx, buf)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        if self.resetting() {
            return Poll::Ready(Err(io::ErrorKind::ConnectionReset.into()));
        }
        Pin::new(&mut self.inner).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        if self.resetting() {
            return Poll::Ready(Ok(()));
        }
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}

impl Drop for ConnStream {
    fn drop(&mut self) {
        if self.resetting() {
            // Closing with a zero linger time sends RST instead of FIN.
            let _ = socket2::SockRef::from(&self.inner).set_linger(Some(Duration::ZERO));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::SimConfig;

    #[tokio::test]
    async fn the_catch_panic_layer_answers_500_and_counts() {
        let sim = Simulator::start(SimConfig::default()).await.unwrap();
        let shared = sim.shared.clone();
        let outcome = guard(&shared, async {
            if std::hint::black_box(true) {
                panic!("deliberate panic in a test");
            }
            Outcome::Reset
        })
        .await;
        let Outcome::Reply(response) = outcome else {
            panic!("expected an answer")
        };
        assert_eq!(response.status().as_u16(), 500);
        assert!(response.headers().contains_key("x-request-id"));
        assert_eq!(sim.panic_count(), 1);
        // A poisoned lock is recovered: the simulator goes on.
        let state = shared.clone();
        let _ = tokio::spawn(async move {
            let _guard = state.state.lock();
            panic!("poisoning the state lock");
        })
        .await;
        assert!(!lock(&shared.state).gateways.is_empty());
        sim.shutdown().await;
    }
}

//! Bridges the client's `tracing` events (attempts, retries, pacing, 429s, key rotation,
//! webhook refusals) to a Python `logging.Logger`, `homecom_partner` by default.
//!
//! The client never puts the API key or a webhook secret into an event, so nothing here has
//! to redact. Events below the level the Python layer last reported ([`set_log_level`]) are
//! dropped without touching the GIL; the rest go through `Logger.isEnabledFor` and
//! `Logger.log`.

use std::fmt::Write as _;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU8, Ordering};

use pyo3::prelude::*;
use tracing::field::{Field, Visit};
use tracing::{Level, Subscriber, span};
use tracing_subscriber::Layer;
use tracing_subscriber::layer::{Context, SubscriberExt};
use tracing_subscriber::registry::LookupSpan;

static LOGGER: OnceLock<Py<PyAny>> = OnceLock::new();

/// The lowest Python level forwarded (10 DEBUG, 20 INFO, 30 WARNING, 40 ERROR).
static MIN_LEVEL: AtomicU8 = AtomicU8::new(30);

fn python_level(level: &Level) -> u8 {
    match *level {
        Level::ERROR => 40,
        Level::WARN => 30,
        Level::INFO => 20,
        Level::DEBUG => 10,
        Level::TRACE => 5,
    }
}

/// Installs `logger` as the target of the client's tracing events (once per process; later
/// calls only change the level). `level` is the logger's effective level. Returns whether
/// this call installed the bridge.
#[pyfunction]
pub fn install_logging(logger: Py<PyAny>, level: u8) -> bool {
    MIN_LEVEL.store(level, Ordering::Relaxed);
    if LOGGER.set(logger).is_err() {
        return false;
    }
    tracing::subscriber::set_global_default(tracing_subscriber::registry().with(PyLogLayer)).is_ok()
}

/// Fields of an event or span as `name=value` pairs, the message apart.
#[derive(Default)]
struct Fields {
    message: String,
    pairs: String,
}

impl Visit for Fields {
    fn record_str(&mut self, field: &Field, value: &str) {
        if field.name() == "message" {
            self.message.push_str(value);
        } else {
            let _ = write!(self.pairs, " {}={value}", field.name());
        }
    }

    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        if field.name() == "message" {
            let _ = write!(self.message, "{value:?}");
        } else {
            let _ = write!(self.pairs, " {}={value:?}", field.name());
        }
    }
}

/// The fields a span was opened with, kept in its extensions.
struct SpanFields(String);

struct PyLogLayer;

impl<S: Subscriber + for<'a> LookupSpan<'a>> Layer<S> for PyLogLayer {
    fn on_new_span(&self, attrs: &span::Attributes<'_>, id: &span::Id, ctx: Context<'_, S>) {
        let mut fields = Fields::default();
        attrs.record(&mut fields);
        if let Some(span) = ctx.span(id) {
            span.extensions_mut().insert(SpanFields(fields.pairs));
        }
    }

    fn on_event(&self, event: &tracing::Event<'_>, ctx: Context<'_, S>) {
        let level = python_level(event.metadata().level());
        if level < MIN_LEVEL.load(Ordering::Relaxed) {
            return;
        }
        let Some(logger) = LOGGER.get() else {
            return;
        };
        let mut fields = Fields::default();
        event.record(&mut fields);
        let mut text = fields.message;
        text.push_str(&fields.pairs);
        if let Some(scope) = ctx.event_scope(event) {
            text.push_str(" [");
            for (i, span) in scope.from_root().enumerate() {
                if i > 0 {
                    text.push_str(" > ");
                }
                text.push_str(span.name());
                if let Some(SpanFields(pairs)) = span.extensions().get::<SpanFields>() {
                    text.push_str(pairs);
                }
            }
            text.push(']');
        }
        // Not attached while the interpreter shuts down: the event is dropped.
        let _ = Python::try_attach(|py| {
            let logger = logger.bind(py);
            let enabled = logger
                .call_method1("isEnabledFor", (level,))
                .and_then(|r| r.extract::<bool>())
                .unwrap_or(false);
            if enabled {
                let _ = logger.call_method1("log", (level, "%s", text));
            }
        });
    }
}

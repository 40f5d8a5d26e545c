//! How a simulator is started: [`SimConfig`] and the webhook endpoints it calls.

use core::fmt;
use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::fixture::Fixture;

/// Everything [`crate::Simulator::start`] needs. `SimConfig::default()` is a simulator on a
/// free loopback port with the built-in fixture and the documented rate limits.
#[derive(Clone, Debug)]
pub struct SimConfig {
    /// Host to bind (default `127.0.0.1`). Anything but a loopback address is refused unless
    /// [`SimConfig::allow_non_loopback`] is set.
    pub host: String,
    /// Port to bind; 0 (the default here, 8080 for the binary) picks a free one.
    pub port: u16,
    /// Allow binding a non-loopback address (the simulator has no TLS and a public demo key).
    pub allow_non_loopback: bool,
    /// The company to simulate; `None` is the built-in fixture (`fixtures/default.json`).
    pub fixture: Option<Fixture>,
    /// Extra simple online gateways to add (ids `2000000001`, `2000000002`, ...), for fleet tests.
    pub fleet: usize,
    /// Whether the documented rate limits (§1.3) are enforced (default `true`).
    pub rate_limits: bool,
    /// Multiplies every rate-limit refill interval (e.g. `0.01` for fast tests; default 1).
    pub time_scale: f64,
    /// Webhook endpoints that receive every event.
    pub webhooks: Vec<WebhookTarget>,
    /// Seed of the random numbers (faults, keys, ids); `None` picks one at random.
    pub seed: Option<u64>,
    /// How long one webhook delivery may take before it counts as failed.
    pub webhook_timeout: Duration,
}

impl Default for SimConfig {
    fn default() -> Self {
        SimConfig {
            host: "127.0.0.1".to_owned(),
            port: 0,
            allow_non_loopback: false,
            fixture: None,
            fleet: 0,
            rate_limits: true,
            time_scale: 1.0,
            webhooks: Vec::new(),
            seed: None,
            webhook_timeout: Duration::from_secs(5),
        }
    }
}

/// One webhook endpoint: a URL and the credentials the simulator sends with each event.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct WebhookTarget {
    /// Where events are POSTed (`http://127.0.0.1:9000/hook`).
    pub url: String,
    /// A shared-secret header sent with each event: `(name, value)`.
    #[serde(default, skip_serializing_if = "Option::is_none", with = "pair")]
    pub secret_header: Option<(String, String)>,
    /// HTTP Basic credentials sent with each event: `(user, password)`.
    #[serde(default, skip_serializing_if = "Option::is_none", with = "pair")]
    pub basic: Option<(String, String)>,
}

impl fmt::Debug for WebhookTarget {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WebhookTarget")
            .field("url", &self.url)
            .field("secret_header", &self.secret_header.as_ref().map(|(name, _)| name))
            .field("basic", &self.basic.as_ref().map(|(user, _)| user))
            .finish()
    }
}

impl WebhookTarget {
    /// An endpoint without credentials.
    pub fn new(url: impl Into<String>) -> Self {
        WebhookTarget {
            url: url.into(),
            secret_header: None,
            basic: None,
        }
    }

    /// The same endpoint, sending `name: value` with each event.
    pub fn with_secret_header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.secret_header = Some((name.into(), value.into()));
        self
    }

    /// The same endpoint, sending HTTP Basic credentials with each event.
    pub fn with_basic(mut self, user: impl Into<String>, password: impl Into<String>) -> Self {
        self.basic = Some((user.into(), password.into()));
        self
    }

    /// Checks the URL (`http` or `https`, with a host) and the header name.
    pub fn check(&self) -> Result<(), String> {
        let url = reqwest::Url::parse(&self.url).map_err(|e| format!("invalid webhook URL {:?}: {e}", self.url))?;
        if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
            return Err(format!("a webhook URL is http(s)://host/..., not {:?}", self.url));
        }
        if let Some((name, value)) = &self.secret_header {
            reqwest::header::HeaderName::from_bytes(name.as_bytes())
                .map_err(|_| format!("invalid webhook secret header name {name:?}"))?;
            reqwest::header::HeaderValue::from_str(value)
                .map_err(|_| "invalid webhook secret header value".to_owned())?;
        }
        Ok(())
    }
}

/// Splits `NAME:VALUE` (or `USER:PASS`) at the first colon.
pub fn split_pair(text: &str, what: &str) -> Result<(String, String), String> {
    match text.split_once(':') {
        Some((a, b)) if !a.is_empty() => Ok((a.to_owned(), b.to_owned())),
        _ => Err(format!("expected {what}, got {text:?}")),
    }
}

/// (De)serializes an optional pair as `{"name"/"user": ..., "value"/"password": ...}`.
mod pair {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    #[derive(Serialize, Deserialize)]
    struct Pair {
        #[serde(alias = "user")]
        name: String,
        #[serde(alias = "password")]
        value: String,
    }

    pub fn serialize<S: Serializer>(value: &Option<(String, String)>, s: S) -> Result<S::Ok, S::Error> {
        // Never echo a secret back: the value is redacted.
        value
            .as_ref()
            .map(|(name, _)| Pair {
                name: name.clone(),
                value: "***".to_owned(),
            })
            .serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<(String, String)>, D::Error> {
        Ok(Option::<Pair>::deserialize(d)?.map(|p| (p.name, p.value)))
    }
}

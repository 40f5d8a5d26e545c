//! API-key helpers: status, replacement and rotation (§1.4).

use core::fmt;
use std::time::{SystemTime, UNIX_EPOCH};

use homecom_core::api_keys::{
    ApiKey, ApiKeyCreated, ApiKeyIdentity, ApiKeyStatus, CreateApiKey, DeleteApiKey, GetCurrentApiKey,
};
use homecom_core::time::UnixTime;
use homecom_core::{Config, Error};

use crate::client::Client;

/// The current time as the core counts it (whole seconds since 1970, UTC), from the system
/// clock.
pub fn unix_now() -> UnixTime {
    let secs = match SystemTime::now().duration_since(UNIX_EPOCH) {
        Ok(d) => i64::try_from(d.as_secs()).unwrap_or(i64::MAX),
        Err(e) => -i64::try_from(e.duration().as_secs()).unwrap_or(i64::MAX),
    };
    UnixTime(secs)
}

/// The result of [`Client::rotate_api_key`].
///
/// **Store `new_key.api_key` first**: it is shown only once, and the client already uses it.
/// Then check [`KeyRotation::old_key_deleted`]. `Debug` never shows the new key.
#[derive(Clone)]
pub struct KeyRotation {
    /// The new key, as `POST /api-keys` returned it (its secret is in `api_key`).
    pub new_key: ApiKeyCreated,
    /// What `GET /api-keys/me` said about the new key (its id and the company id).
    pub identity: ApiKeyIdentity,
    /// The id of the key that was replaced.
    pub old_key_id: String,
    /// Why the old key could not be deleted, if it could not (it stays valid until it
    /// expires; delete it later with [`Client::delete_api_key`]`(&old_key_id)`).
    pub old_key_delete_error: Option<Error>,
}

impl KeyRotation {
    /// Whether the old key was deleted.
    pub fn old_key_deleted(&self) -> bool {
        self.old_key_delete_error.is_none()
    }
}

impl fmt::Debug for KeyRotation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("KeyRotation")
            .field("new_key_id", &self.new_key.key_id)
            .field("new_key", &self.new_key.api_key) // ApiKey's Debug redacts
            .field("new_key_expires_at", &self.new_key.expires_at)
            .field("company_id", &self.identity.company_id)
            .field("old_key_id", &self.old_key_id)
            .field("old_key_delete_error", &self.old_key_delete_error)
            .finish()
    }
}

/// `config` with another key, everything else kept.
fn with_key(config: &Config, key: &ApiKey) -> Result<Config, Error> {
    let mut next = Config::new(config.base_url(), key.expose())?.with_api_major(config.api_major());
    if let Some(user) = config.user_id() {
        next = next.with_user_id(user)?;
    }
    for (name, value) in config.extra_headers() {
        next = next.with_header(name, value)?;
    }
    Ok(next)
}

impl Client {
    /// What can be said about the configured key at `now` without showing it: its redacted
    /// form, expiry, whole days left and whether it has expired (`None` without a key).
    ///
    /// ```
    /// # use homecom_client::{Client, Config, unix_now};
    /// # let client = Client::new(Config::new("http://127.0.0.1:8080", "xHCSAPI.20270528T120000Z.AbCdEfGhIjKlMnOpQrStUvWxYz012345")?)?;
    /// if let Some(status) = client.api_key_status(unix_now()) {
    ///     if status.days_left.is_some_and(|days| days < 14) {
    ///         println!("{} expires in {:?} days: rotate it", status.redacted, status.days_left);
    ///     }
    /// }
    /// # Ok::<(), homecom_client::Error>(())
    /// ```
    pub fn api_key_status(&self, now: UnixTime) -> Option<ApiKeyStatus> {
        self.config_arc().api_key().map(|key| key.info(now))
    }

    /// Whole days left before the configured key expires at `now` (negative once expired);
    /// `None` without a key or when the key does not tell its expiry.
    pub fn api_key_days_left(&self, now: UnixTime) -> Option<i64> {
        self.config_arc().api_key().and_then(|key| key.days_left(now))
    }

    /// Switches this client and its clones to another key (e.g. one rotated elsewhere),
    /// keeping the rest of the configuration. Refuses a key without the `xHCSAPI` prefix.
    pub fn set_api_key(&self, api_key: &str) -> Result<(), Error> {
        let key = ApiKey::parse(api_key)?;
        let next = with_key(&self.config_arc(), &key)?;
        self.set_config(next);
        Ok(())
    }

    /// Rotates the API key:
    ///
    /// 1. `GET /api-keys/me` with the current key, to learn its id;
    /// 2. `POST /api-keys` creates the new key (never retried: if it fails, nothing changed,
    ///    unless the request reached the server; see `GET /api-keys`);
    /// 3. `GET /api-keys/me` **with the new key** verifies it (same company, the id
    ///    `POST` gave); if that fails, the new key is deleted again (with the old key, best
    ///    effort) and the error returned: the client keeps the old key;
    /// 4. this client and every clone switch to the new key;
    /// 5. `DELETE /api-keys/{oldKeyId}` **with the new key** deletes the old one. If that
    ///    fails, the rotation still succeeded: see [`KeyRotation::old_key_delete_error`].
    ///
    /// Concurrent rotations of one client (or its clones) run one after the other. Requests
    /// already under way finish with the key they were built with.
    pub async fn rotate_api_key(&self) -> Result<KeyRotation, Error> {
        let _rotation = self.inner.rotation.lock().await;
        let old_config = self.config_arc();
        if old_config.api_key().is_none() {
            return Err(Error::config(
                "this client has no API key to rotate (a configuration for a proxy that adds the key)",
            ));
        }
        let old = self.execute_with(&old_config, &GetCurrentApiKey {}).await?.value;
        tracing::info!(old_key_id = %old.key_id, "rotating the API key");
        let new_key = self.execute_with(&old_config, &CreateApiKey {}).await?.value;
        tracing::info!(new_key_id = %new_key.key_id, "created the new API key");

        let new_config = with_key(&old_config, &new_key.api_key)?;
        let identity = match self.verify_new_key(&new_config, &old, &new_key).await {
            Ok(identity) => identity,
            Err(error) => {
                tracing::warn!(new_key_id = %new_key.key_id, error = %error, "the new API key failed verification; deleting it");
                let cleanup = DeleteApiKey {
                    key_id: new_key.key_id.clone(),
                };
                if let Err(cleanup_error) = self.execute_with(&old_config, &cleanup).await {
                    tracing::warn!(
                        new_key_id = %new_key.key_id,
                        error = %cleanup_error,
                        "could not delete the unverified API key; delete it by hand"
                    );
                }
                return Err(error);
            }
        };

        self.set_config(new_config.clone());
        tracing::info!(new_key_id = %new_key.key_id, "switched to the new API key");

        let delete = DeleteApiKey {
            key_id: old.key_id.clone(),
        };
        let old_key_delete_error = match self.execute_with(&new_config, &delete).await {
            Ok(_) => {
                tracing::info!(old_key_id = %old.key_id, "deleted the old API key");
                None
            }
            Err(error) => {
                tracing::warn!(old_key_id = %old.key_id, error = %error, "could not delete the old API key");
                Some(error)
            }
        };
        Ok(KeyRotation {
            new_key,
            identity,
            old_key_id: old.key_id,
            old_key_delete_error,
        })
    }

    async fn verify_new_key(
        &self,
        new_config: &Config,
        old: &ApiKeyIdentity,
        new_key: &ApiKeyCreated,
    ) -> Result<ApiKeyIdentity, Error> {
        let identity = self.execute_with(new_config, &GetCurrentApiKey {}).await?.value;
        if identity.key_id != new_key.key_id || identity.company_id != old.company_id {
            return Err(Error::decode(format!(
                "the new API key identifies as key {} of company {}, not as key {} of company {}",
                identity.key_id, identity.company_id, new_key.key_id, old.company_id
            )));
        }
        Ok(identity)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &str = "xHCSAPI.20270528T120000Z.AbCdEfGhIjKlMnOpQrStUvWxYz012345";
    const OTHER: &str = "xHCSAPI.20271128T120000Z.ZyXwVuTsRqPoNmLkJiHgFeDcBa987654";

    #[test]
    fn with_key_keeps_everything_else() {
        let config = Config::new("http://127.0.0.1:9/base", KEY)
            .and_then(|c| c.with_user_id("installer-42"))
            .and_then(|c| c.with_header("x-partner-trace", "t1"))
            .map(|c| c.with_api_major(2))
            .expect("config");
        let next = with_key(&config, &ApiKey::parse(OTHER).expect("key")).expect("config");
        assert_eq!(next.api_key().map(ApiKey::expose), Some(OTHER));
        assert_eq!(next.base_url(), config.base_url());
        assert_eq!(next.user_id(), Some("installer-42"));
        assert_eq!(next.api_major(), 2);
        assert_eq!(next.extra_headers(), config.extra_headers());
    }

    #[test]
    fn key_status_and_replacement() {
        let client = Client::new(Config::new("http://127.0.0.1:9", KEY).expect("config")).expect("client");
        let clone = client.clone();
        let now = homecom_core::time::parse_timestamp("2027-05-18T12:00:00Z").expect("time");
        let status = client.api_key_status(now).expect("status");
        assert_eq!(status.days_left, Some(10));
        assert_eq!(status.redacted, "xHCSAPI.…2345");
        assert_eq!(client.api_key_days_left(now), Some(10));

        clone.set_api_key(OTHER).expect("valid key");
        assert_eq!(client.api_key_days_left(now), Some(194));
        let err = client.set_api_key("not-a-key-at-all-123").expect_err("no prefix");
        assert_eq!(err.kind, homecom_core::ErrorKind::Config);
        assert!(!err.message.contains("not-a-key-at-all"));

        let no_key = Client::new(Config::without_key("http://127.0.0.1:9").expect("config")).expect("client");
        assert!(no_key.api_key_status(now).is_none());
    }

    #[test]
    fn unix_now_is_after_2025() {
        assert!(unix_now().0 > 1_735_689_600);
    }
}

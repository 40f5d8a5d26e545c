//! API keys (§1.4, §2.3): the key type that never prints itself, its expiry, and the four
//! key-management operations.

use core::fmt;
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::error::Error;
use crate::http::NoContent;
use crate::operation::{Operation, OperationId, PathParams};
use crate::time::{self, UnixTime};
use crate::wire;

/// An API key. `Debug` and `Display` show only `xHCSAPI.…` and its last four characters.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct ApiKey {
    secret: String,
    expires_at: Option<UnixTime>,
}

impl ApiKey {
    /// Parses a key. It must start with `xHCSAPI`; the expiry is read when the key carries
    /// one in the format `xHCSAPI.<YYYYMMDDTHHMMSSZ>.<secret>` \[assumed\], else it is unknown.
    pub fn parse(key: &str) -> Result<ApiKey, Error> {
        let key = key.trim();
        if !key.starts_with(wire::API_KEY_PREFIX) {
            return Err(Error::config(format!(
                "an API key starts with {}; this one does not ({})",
                wire::API_KEY_PREFIX,
                redact(key)
            )));
        }
        if key.len() > 1024 || key.chars().any(|c| c.is_control() || c.is_whitespace()) {
            return Err(Error::config(format!(
                "the API key {} has invalid characters",
                redact(key)
            )));
        }
        let expires_at = key
            .split(wire::API_KEY_SEPARATOR)
            .nth(1)
            .and_then(parse_compact_timestamp);
        Ok(ApiKey {
            secret: key.to_owned(),
            expires_at,
        })
    }

    /// Makes a key in the simulator's format from an expiry and random characters.
    ///
    /// `random` supplies the bytes of the secret part; each is mapped into `[A-Za-z0-9]`.
    pub fn generate(expires_at: UnixTime, random: &[u8]) -> ApiKey {
        const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        let secret: String = random
            .iter()
            .take(wire::API_KEY_SECRET_LEN)
            .map(|b| ALPHABET[*b as usize % ALPHABET.len()] as char)
            .collect();
        let stamp = time::format_timestamp(expires_at).replace(['-', ':'], "");
        let text = format!(
            "{}{sep}{stamp}{sep}{secret}",
            wire::API_KEY_PREFIX,
            sep = wire::API_KEY_SEPARATOR
        );
        ApiKey {
            secret: text,
            expires_at: Some(expires_at),
        }
    }

    /// The key in clear, for the `x-api-key` header. Never log it.
    pub fn expose(&self) -> &str {
        &self.secret
    }

    /// When the key expires, if the key tells.
    pub fn expires_at(&self) -> Option<UnixTime> {
        self.expires_at
    }

    /// Whole days left before expiry at `now` (negative once expired), if the expiry is known.
    pub fn days_left(&self, now: UnixTime) -> Option<i64> {
        self.expires_at.map(|e| (e.0 - now.0).div_euclid(86_400))
    }

    /// Whether the key has expired at `now` (`false` if the expiry is unknown).
    pub fn is_expired(&self, now: UnixTime) -> bool {
        self.expires_at.is_some_and(|e| e <= now)
    }

    /// What can be said about the key without showing it.
    pub fn info(&self, now: UnixTime) -> ApiKeyStatus {
        ApiKeyStatus {
            redacted: redact(&self.secret),
            expires_at: self.expires_at.map(time::format_timestamp),
            days_left: self.days_left(now),
            expired: self.is_expired(now),
        }
    }

    /// The last four characters, to tell keys apart in logs.
    pub fn suffix(&self) -> &str {
        let n = self.secret.len();
        let mut start = n.saturating_sub(4);
        while !self.secret.is_char_boundary(start) {
            start -= 1;
        }
        &self.secret[start..]
    }
}

impl fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ApiKey({})", redact(&self.secret))
    }
}

impl fmt::Display for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&redact(&self.secret))
    }
}

impl Serialize for ApiKey {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.secret)
    }
}

impl<'de> Deserialize<'de> for ApiKey {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        ApiKey::parse(&text).map_err(|e| serde::de::Error::custom(e.message))
    }
}

/// The redacted form of a key: `xHCSAPI.…` and its last four characters.
pub fn redact(key: &str) -> String {
    let chars: Vec<char> = key.chars().collect();
    if chars.len() <= 12 {
        return "…".to_owned();
    }
    let last: String = chars[chars.len() - 4..].iter().collect();
    let prefix = if key.starts_with(wire::API_KEY_PREFIX) {
        "xHCSAPI."
    } else {
        ""
    };
    format!("{prefix}…{last}")
}

/// `text` with every API key in it (`xHCSAPI` followed by key characters) replaced by its
/// redacted form: for raw bodies, JSON texts and messages that might carry a key (the
/// answer of `POST /api-keys`). Text without `xHCSAPI` is returned as is.
pub fn redact_keys_in(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains(wire::API_KEY_PREFIX) {
        return std::borrow::Cow::Borrowed(text);
    }
    let is_key_char = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-' | '+' | '/' | '=');
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(wire::API_KEY_PREFIX) {
        out.push_str(&rest[..at]);
        let tail = &rest[at..];
        let end = tail.find(|c: char| !is_key_char(c)).unwrap_or(tail.len());
        out.push_str(&redact(&tail[..end]));
        rest = &tail[end..];
    }
    out.push_str(rest);
    std::borrow::Cow::Owned(out)
}

/// Reads `YYYYMMDDTHHMMSSZ`.
fn parse_compact_timestamp(text: &str) -> Option<UnixTime> {
    let b = text.as_bytes();
    if b.len() != 16 || b[8] != b'T' || b[15] != b'Z' || !text.is_ascii() {
        return None;
    }
    let iso = format!(
        "{}-{}-{}T{}:{}:{}Z",
        &text[0..4],
        &text[4..6],
        &text[6..8],
        &text[9..11],
        &text[11..13],
        &text[13..15]
    );
    time::parse_timestamp(&iso)
}

/// What the SDK can say about a key without showing it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ApiKeyStatus {
    /// `xHCSAPI.…abcd`
    pub redacted: String,
    /// Expiry as RFC 3339, if known.
    pub expires_at: Option<String>,
    /// Whole days left, if known.
    pub days_left: Option<i64>,
    /// Whether it has expired.
    pub expired: bool,
}

/// A newly created key (`POST /api-keys`, 201). Its `Debug` hides the key.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ApiKeyCreated {
    /// Id of the key, for `DELETE /api-keys/{keyId}`.
    pub key_id: String,
    /// The key itself: shown once, store it safely.
    pub api_key: ApiKey,
    /// Creation time (RFC 3339).
    pub created_at: String,
    /// Expiry (RFC 3339).
    pub expires_at: String,
    /// Fields this SDK version does not know, kept as sent. \[assumed shape\]
    #[serde(flatten)]
    pub extra: BTreeMap<String, Value>,
}

/// A stored key, never with its secret (`GET /api-keys`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ApiKeyInfo {
    /// Id of the key.
    pub key_id: String,
    /// Creation time (RFC 3339).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<String>,
    /// Expiry (RFC 3339).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<String>,
    /// Fields this SDK version does not know, kept as sent. \[assumed shape\]
    #[serde(flatten)]
    pub extra: BTreeMap<String, Value>,
}

/// The calling key, validated (`GET /api-keys/me`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ApiKeyIdentity {
    /// Id of the calling key.
    pub key_id: String,
    /// The partner company, needed for onboarding invite links.
    pub company_id: String,
    /// Expiry (RFC 3339).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<String>,
    /// Fields this SDK version does not know, kept as sent. \[assumed shape\]
    #[serde(flatten)]
    pub extra: BTreeMap<String, Value>,
}

/// `POST /api-keys`: creates a new key, given a valid one. Answers 409 at 10 valid keys.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CreateApiKey {}

impl Operation for CreateApiKey {
    type Output = ApiKeyCreated;
    const ID: OperationId = OperationId::CreateApiKey;
    fn path_params(&self) -> PathParams<'_> {
        PathParams::default()
    }
}

/// `GET /api-keys`: every stored key of the partner.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ListApiKeys {}

impl Operation for ListApiKeys {
    type Output = Vec<ApiKeyInfo>;
    const ID: OperationId = OperationId::ListApiKeys;
    fn path_params(&self) -> PathParams<'_> {
        PathParams::default()
    }
}

/// `GET /api-keys/me`: validates the calling key.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct GetCurrentApiKey {}

impl Operation for GetCurrentApiKey {
    type Output = ApiKeyIdentity;
    const ID: OperationId = OperationId::GetCurrentApiKey;
    fn path_params(&self) -> PathParams<'_> {
        PathParams::default()
    }
}

/// `DELETE /api-keys/{keyId}`: deletes a key.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DeleteApiKey {
    /// Id of the key to delete.
    pub key_id: String,
}

impl Operation for DeleteApiKey {
    type Output = NoContent;
    const ID: OperationId = OperationId::DeleteApiKey;
    fn path_params(&self) -> PathParams<'_> {
        PathParams {
            key_id: Some(&self.key_id),
            ..Default::default()
        }
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn keys_in_text_are_redacted() {
        let key = "xHCSAPI.20270528T120000Z.AbCdEfGhIjKlMnOpQrStUvWxYz012345";
        let body = format!(r#"{{"keyId":"k1","apiKey":"{key}","other":"xHCSAPI"}}"#);
        let redacted = redact_keys_in(&body);
        assert!(!redacted.contains(key), "{redacted}");
        assert!(redacted.contains(r#""apiKey":"xHCSAPI.…2345""#), "{redacted}");
        assert!(
            redacted.contains(r#""other":"…""#),
            "a short token is hidden whole: {redacted}"
        );
        assert_eq!(redact_keys_in("no key here"), "no key here");
        let text = format!("{key} and {key}!");
        let twice = redact_keys_in(&text);
        assert_eq!(twice, "xHCSAPI.…2345 and xHCSAPI.…2345!");
    }

    use super::*;

    #[test]
    fn parse_and_redact() {
        let key = ApiKey::parse("xHCSAPI.20270528T120000Z.AbCdEfGhIjKlMnOpQrStUvWxYz012345").unwrap();
        assert_eq!(key.expires_at(), time::parse_timestamp("2027-05-28T12:00:00Z"));
        assert_eq!(format!("{key:?}"), "ApiKey(xHCSAPI.…2345)");
        assert_eq!(key.to_string(), "xHCSAPI.…2345");
        let now = time::parse_timestamp("2027-05-18T12:00:00Z").unwrap();
        assert_eq!(key.days_left(now), Some(10));
        assert!(!key.is_expired(now));
        let opaque = ApiKey::parse("xHCSAPIsomethingelse1234").unwrap();
        assert_eq!(opaque.expires_at(), None);
        let err = ApiKey::parse("secret-key-without-prefix").unwrap_err();
        assert!(!err.message.contains("secret-key"));
    }

    #[test]
    fn generate_round_trips() {
        let expiry = time::parse_timestamp("2027-05-28T12:00:00Z").unwrap();
        let key = ApiKey::generate(expiry, &[7u8; 32]);
        assert_eq!(ApiKey::parse(key.expose()).unwrap().expires_at(), Some(expiry));
        assert_eq!(key.expose().len(), "xHCSAPI.20270528T120000Z.".len() + 32);
    }
}

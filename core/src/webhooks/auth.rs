//! Authentication of incoming webhook calls (§4).
//!
//! The API's documentation does not say how webhook calls are authenticated, so the SDK
//! invents no signature scheme. It checks what the partner configured with the API
//! operator at onboarding: a shared secret in a header the partner names, HTTP Basic
//! credentials, or both (then both must pass). With neither configured every call passes.
//!
//! Secrets are compared in constant time, through their SHA-256 digests so that not even
//! their length leaks; they never appear in a `Debug` output or an error message.

use core::fmt;

use sha2::{Digest, Sha256};

use crate::error::{Error, ErrorKind};

/// What an incoming webhook call must carry. `Debug` never shows a secret.
#[derive(Clone, Default)]
pub struct WebhookAuth {
    /// A header (name, case-insensitive) that must carry exactly the secret.
    pub secret_header: Option<(String, String)>,
    /// HTTP Basic credentials (user, password) the `Authorization` header must carry.
    pub basic: Option<(String, String)>,
}

impl fmt::Debug for WebhookAuth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WebhookAuth")
            .field(
                "secret_header",
                &self.secret_header.as_ref().map(|(name, _)| (name, "<redacted>")),
            )
            .field("basic", &self.basic.as_ref().map(|_| "<redacted>"))
            .finish()
    }
}

/// Blanks and tabs around a header value (HTTP's optional whitespace).
const OWS: [char; 2] = [' ', '\t'];

impl WebhookAuth {
    /// No authentication: every call passes.
    pub fn none() -> WebhookAuth {
        WebhookAuth::default()
    }

    /// Also requires header `name` (case-insensitive) to carry `secret`.
    pub fn with_secret_header(mut self, name: impl Into<String>, secret: impl Into<String>) -> Self {
        self.secret_header = Some((name.into(), secret.into()));
        self
    }

    /// Also requires HTTP Basic credentials `user` and `password`.
    pub fn with_basic(mut self, user: impl Into<String>, password: impl Into<String>) -> Self {
        self.basic = Some((user.into(), password.into()));
        self
    }

    /// The checks given as optional pairs, as the bindings receive them: a shared-secret
    /// header `(name, value)` and/or HTTP Basic `(user, password)`.
    pub fn from_parts(secret_header: Option<(String, String)>, basic: Option<(String, String)>) -> Self {
        let mut auth = WebhookAuth::none();
        if let Some((name, secret)) = secret_header {
            auth = auth.with_secret_header(name, secret);
        }
        if let Some((user, password)) = basic {
            auth = auth.with_basic(user, password);
        }
        auth
    }

    /// Whether any check is configured.
    pub fn is_configured(&self) -> bool {
        self.secret_header.is_some() || self.basic.is_some()
    }

    /// Checks the headers of a call (names case-insensitive). Every configured check must
    /// pass; the error (kind `WebhookAuth`) says which failed, never with a secret in it.
    ///
    /// A configuration that would accept anyone (an empty secret or password, a header
    /// name that is not an HTTP token) fails every call with a `Config` error.
    pub fn verify(&self, headers: &[(String, String)]) -> Result<(), Error> {
        self.check_config()?;
        let mut failures: Vec<String> = Vec::new();
        if let Some((name, secret)) = &self.secret_header {
            if let Err(failure) = check_secret_header(headers, name, secret) {
                failures.push(failure);
            }
        }
        if let Some((user, password)) = &self.basic {
            if let Err(failure) = check_basic(headers, user, password) {
                failures.push(failure.to_owned());
            }
        }
        if failures.is_empty() {
            Ok(())
        } else {
            Err(Error::new(
                ErrorKind::WebhookAuth,
                format!("webhook authentication failed: {}", failures.join("; ")),
            ))
        }
    }

    fn check_config(&self) -> Result<(), Error> {
        if let Some((name, secret)) = &self.secret_header {
            if !is_token(name) {
                return Err(Error::config(
                    "webhook auth: the secret header name is not a valid HTTP header name",
                ));
            }
            if secret.is_empty() {
                return Err(Error::config(format!(
                    "webhook auth: the secret of header `{name}` is empty"
                )));
            }
        }
        if let Some((user, password)) = &self.basic {
            if password.is_empty() {
                return Err(Error::config("webhook auth: the Basic password is empty"));
            }
            if user.contains(':') {
                return Err(Error::config("webhook auth: a Basic user name cannot contain `:`"));
            }
        }
        Ok(())
    }
}

/// Whether `name` is an HTTP token (RFC 9110 `tchar`s), as header names are.
fn is_token(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

/// The one value of header `name`; an error when it is missing or sent more than once.
fn single_header<'h>(headers: &'h [(String, String)], name: &str) -> Result<&'h str, String> {
    let mut values = headers
        .iter()
        .filter(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str());
    match (values.next(), values.next()) {
        (Some(value), None) => Ok(value.trim_matches(OWS)),
        (None, _) => Err(format!("header `{name}` is missing")),
        (Some(_), Some(_)) => Err(format!("header `{name}` was sent more than once")),
    }
}

/// Compares two secrets in constant time, through their digests (hides the length too).
fn secret_eq(received: &[u8], expected: &[u8]) -> bool {
    constant_time_eq(&Sha256::digest(received), &Sha256::digest(expected))
}

fn check_secret_header(headers: &[(String, String)], name: &str, secret: &str) -> Result<(), String> {
    let value = single_header(headers, name)?;
    if secret_eq(value.as_bytes(), secret.as_bytes()) {
        Ok(())
    } else {
        Err(format!("header `{name}` does not carry the configured secret"))
    }
}

fn check_basic(headers: &[(String, String)], user: &str, password: &str) -> Result<(), &'static str> {
    let value = single_header(headers, "authorization")
        .map_err(|_| "the `Authorization` header is missing or was sent more than once")?;
    let (scheme, token) = value.split_once(' ').unwrap_or((value, ""));
    if !scheme.eq_ignore_ascii_case("Basic") {
        return Err("the `Authorization` header is not Basic credentials");
    }
    let decoded =
        decode_base64(token.trim_matches(OWS).as_bytes()).ok_or("the Basic credentials are not valid base64")?;
    let colon = decoded
        .iter()
        .position(|&b| b == b':')
        .ok_or("the Basic credentials have no `:` between user and password")?;
    let (received_user, received_password) = decoded.split_at(colon);
    let received_password = received_password.get(1..).unwrap_or(&[]);
    // `&`, not `&&`: both comparisons always run.
    let ok = secret_eq(received_user, user.as_bytes()) & secret_eq(received_password, password.as_bytes());
    if ok {
        Ok(())
    } else {
        Err("the Basic credentials do not match")
    }
}

/// Compares two byte strings without stopping at the first difference, so that the time
/// taken does not tell how much of a guess was right. Different lengths return `false`
/// at once (the length is not hidden).
pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let mut diff = 0u8;
    for (x, y) in a.iter().zip(b) {
        diff |= core::hint::black_box(x ^ y);
    }
    core::hint::black_box(diff) == 0
}

/// Decodes standard base64 (RFC 4648 §4, `+` and `/`), with or without `=` padding.
/// Anything else (other characters, misplaced padding, a length that cannot be, non-zero
/// spare bits) is `None`.
pub(crate) fn decode_base64(input: &[u8]) -> Option<Vec<u8>> {
    let padding = input.iter().rev().take_while(|&&b| b == b'=').count();
    if padding > 2 || (padding > 0 && input.len() % 4 != 0) {
        return None;
    }
    let data = input.get(..input.len() - padding)?;
    if data.len() % 4 == 1 {
        return None;
    }
    let mut out = Vec::with_capacity(data.len() / 4 * 3 + 2);
    let mut acc: u32 = 0;
    let mut bits = 0u32;
    for &c in data {
        acc = (acc << 6) | sextet(c)?;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    // The spare bits of the last character must be zero (one encoding per input).
    (acc == 0).then_some(out)
}

fn sextet(c: u8) -> Option<u32> {
    let value = match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'+' => 62,
        b'/' => 63,
        _ => return None,
    };
    Some(u32::from(value))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs.iter().map(|(n, v)| ((*n).to_owned(), (*v).to_owned())).collect()
    }

    /// A small base64 encoder, for the tests only.
    fn encode(bytes: &[u8]) -> String {
        const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        let mut out = String::new();
        for chunk in bytes.chunks(3) {
            let b = [
                chunk.first().copied().unwrap_or(0),
                chunk.get(1).copied().unwrap_or(0),
                chunk.get(2).copied().unwrap_or(0),
            ];
            let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
            for i in 0..4 {
                if i <= chunk.len() {
                    out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
                } else {
                    out.push('=');
                }
            }
        }
        out
    }

    fn basic(user: &str, password: &str) -> String {
        format!("Basic {}", encode(format!("{user}:{password}").as_bytes()))
    }

    #[test]
    fn constant_time_eq_compares_bytes() {
        assert!(constant_time_eq(b"", b""));
        assert!(constant_time_eq(b"secret", b"secret"));
        assert!(!constant_time_eq(b"secret", b"secreT"));
        assert!(!constant_time_eq(b"secret", b"Secret"));
        assert!(!constant_time_eq(b"secret", b"secret!"));
        assert!(!constant_time_eq(b"", b"x"));
        let a = [0u8; 64];
        let mut b = [0u8; 64];
        b[63] = 1;
        assert!(!constant_time_eq(&a, &b));
    }

    #[test]
    fn base64_decoder() {
        assert_eq!(decode_base64(b"").as_deref(), Some(&b""[..]));
        assert_eq!(decode_base64(b"Zg==").as_deref(), Some(&b"f"[..]));
        assert_eq!(decode_base64(b"Zg").as_deref(), Some(&b"f"[..]));
        assert_eq!(decode_base64(b"Zm8=").as_deref(), Some(&b"fo"[..]));
        assert_eq!(decode_base64(b"Zm9v").as_deref(), Some(&b"foo"[..]));
        assert_eq!(decode_base64(b"Zm9vYmFy").as_deref(), Some(&b"foobar"[..]));
        assert_eq!(decode_base64(b"+/+/").as_deref(), Some(&[0xfb, 0xff, 0xbf][..]));
        for bad in [
            &b"Z"[..],
            b"Zg=",
            b"Zg===",
            b"=",
            b"==",
            b"====",
            b"Z===",
            b"Zh==",
            b"Zm9=Zm9v",
            b"Zm 9v",
            b"Zm9v\n",
            b"Zm-_",
            b"\xff\xfe",
            "é".as_bytes(),
        ] {
            assert_eq!(decode_base64(bad), None, "{bad:?}");
        }
        for n in 0..40u8 {
            let bytes: Vec<u8> = (0..n).map(|i| i.wrapping_mul(37)).collect();
            let text = encode(&bytes);
            assert_eq!(decode_base64(text.as_bytes()).as_deref(), Some(&bytes[..]));
            let unpadded = text.trim_end_matches('=');
            assert_eq!(decode_base64(unpadded.as_bytes()).as_deref(), Some(&bytes[..]));
        }
    }

    #[test]
    fn none_accepts_everything() {
        let auth = WebhookAuth::none();
        assert!(!auth.is_configured());
        assert!(auth.verify(&[]).is_ok());
        assert!(auth.verify(&headers(&[("authorization", "garbage")])).is_ok());
    }

    #[test]
    fn secret_header() {
        let auth = WebhookAuth::none().with_secret_header("X-Webhook-Secret", "s3cr3t-value");
        assert!(auth.verify(&headers(&[("x-webhook-secret", "s3cr3t-value")])).is_ok());
        assert!(
            auth.verify(&headers(&[("X-WEBHOOK-SECRET", " s3cr3t-value\t")]))
                .is_ok()
        );
        assert!(
            auth.verify(&headers(&[("other", "x"), ("X-Webhook-Secret", "s3cr3t-value")]))
                .is_ok()
        );
        for bad in [
            headers(&[]),
            headers(&[("x-webhook-secret", "")]),
            headers(&[("x-webhook-secret", "s3cr3t-valu")]),
            headers(&[("x-webhook-secret", "s3cr3t-value2")]),
            headers(&[("x-webhook-secret", "S3CR3T-VALUE")]),
            headers(&[("x-webhook-secre", "s3cr3t-value")]),
            headers(&[
                ("x-webhook-secret", "s3cr3t-value"),
                ("x-webhook-secret", "s3cr3t-value"),
            ]),
        ] {
            let err = auth.verify(&bad).expect_err("must fail");
            assert_eq!(err.kind, ErrorKind::WebhookAuth);
            assert!(!err.message.contains("s3cr3t"), "{}", err.message);
            assert!(!err.message.contains("S3CR3T"), "{}", err.message);
            assert!(!format!("{err:?}").contains("s3cr3t"));
        }
        let err = auth.verify(&[]).expect_err("missing");
        assert!(err.message.contains("X-Webhook-Secret"), "{}", err.message);
        assert!(err.message.contains("missing"), "{}", err.message);
    }

    #[test]
    fn basic_credentials() {
        let auth = WebhookAuth::none().with_basic("partner", "pa:ss wörd");
        let good = basic("partner", "pa:ss wörd");
        assert!(auth.verify(&headers(&[("Authorization", &good)])).is_ok());
        let lower = good.replacen("Basic", "basic", 1);
        assert!(auth.verify(&headers(&[("authorization", &lower)])).is_ok());
        let spaced = good.replacen("Basic ", "Basic    ", 1);
        assert!(auth.verify(&headers(&[("authorization", &spaced)])).is_ok());
        let unpadded = basic("partner", "pa:ss wörd").trim_end_matches('=').to_owned();
        assert!(auth.verify(&headers(&[("authorization", &unpadded)])).is_ok());

        let cases: Vec<(String, &str)> = vec![
            (basic("partner", "pa:ss word"), "do not match"),
            (basic("Partner", "pa:ss wörd"), "do not match"),
            (basic("partner", ""), "do not match"),
            (basic("", "pa:ss wörd"), "do not match"),
            (format!("Basic {}", encode(b"partnerpa")), "no `:`"),
            ("Basic".to_owned(), "no `:`"),
            ("Basic ".to_owned(), "no `:`"),
            ("Basic !!!!".to_owned(), "not valid base64"),
            ("Basic cGFydG5lcjpw=YXNz".to_owned(), "not valid base64"),
            ("Basic cGFydG5lcjpwYXN".to_owned(), "not valid base64"),
            ("Basic cGFydG5lcjpwYXNzd\u{f6}".to_owned(), "not valid base64"),
            (good.replacen("Basic", "Bearer", 1), "not Basic"),
            ("".to_owned(), "not Basic"),
            (good.replacen("Basic ", "Basic", 1), "not Basic"),
        ];
        for (value, expected) in cases {
            let err = auth.verify(&headers(&[("authorization", &value)])).expect_err(&value);
            assert_eq!(err.kind, ErrorKind::WebhookAuth);
            assert!(err.message.contains(expected), "{value:?}: {}", err.message);
            assert!(!err.message.contains("pa:ss"), "{}", err.message);
        }
        let err = auth.verify(&[]).expect_err("missing");
        assert!(err.message.contains("missing"));
        let twice = headers(&[("authorization", &good), ("Authorization", &good)]);
        assert!(auth.verify(&twice).is_err());
    }

    #[test]
    fn both_configured_both_must_pass() {
        let auth = WebhookAuth::none()
            .with_secret_header("x-hook-token", "token-123")
            .with_basic("u", "p");
        let good_basic = basic("u", "p");
        assert!(
            auth.verify(&headers(&[
                ("x-hook-token", "token-123"),
                ("authorization", &good_basic)
            ]))
            .is_ok()
        );
        let err = auth
            .verify(&headers(&[("x-hook-token", "token-123")]))
            .expect_err("basic missing");
        assert!(err.message.contains("Authorization"), "{}", err.message);
        let err = auth
            .verify(&headers(&[("authorization", &good_basic)]))
            .expect_err("secret missing");
        assert!(err.message.contains("x-hook-token"), "{}", err.message);
        let err = auth.verify(&[]).expect_err("both missing");
        assert!(err.message.contains("x-hook-token") && err.message.contains("Authorization"));
    }

    #[test]
    fn refuses_configurations_that_accept_anyone() {
        for auth in [
            WebhookAuth::none().with_secret_header("x-secret", ""),
            WebhookAuth::none().with_secret_header("", "secret"),
            WebhookAuth::none().with_secret_header("x secret", "secret"),
            WebhookAuth::none().with_secret_header("x-secret:", "secret"),
            WebhookAuth::none().with_basic("user", ""),
            WebhookAuth::none().with_basic("us:er", "pw"),
        ] {
            let err = auth
                .verify(&headers(&[("x-secret", ""), ("authorization", "Basic Og==")]))
                .expect_err("misconfigured");
            assert_eq!(err.kind, ErrorKind::Config);
        }
    }

    #[test]
    fn debug_redacts_secrets() {
        let auth = WebhookAuth::none()
            .with_secret_header("x-hook-token", "token-123")
            .with_basic("the-user", "the-password");
        let text = format!("{auth:?}");
        assert!(text.contains("x-hook-token"), "{text}");
        assert!(text.contains("<redacted>"), "{text}");
        for secret in ["token-123", "the-user", "the-password"] {
            assert!(!text.contains(secret), "{text}");
        }
        let text = format!("{:#?}", WebhookAuth::none());
        assert!(text.contains("None"));
    }
}

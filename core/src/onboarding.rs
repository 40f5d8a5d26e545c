//! Onboarding helpers (§6): the invite link to the Gateway Management Portal and the check of
//! the redirect that brings the customer back.
//!
//! The flow: make a [`SessionId`] from at least 128 random bits, keep it in the customer's
//! session (it is a CSRF token: store it, e.g. with [`SessionId::as_str`], and restore it
//! with [`SessionId::parse`]), send the customer to [`invite_link`]; when the customer comes
//! back to the redirect URI, [`parse_redirect`] reads the gateway id and contract status and
//! checks, in constant time, that the session id is the one stored.
//!
//! The portal's side, for simulators and tests that play the Gateway Management Portal:
//! [`parse_invite_link`] reads an invite link, [`redirect_url`] makes the URL the customer
//! is sent back to.

use core::fmt;
use core::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Violation};
use crate::http::is_loopback_host;
use crate::operation::{check_gateway_id, percent_decode, percent_encode_into};
use crate::webhooks::constant_time_eq;
use crate::webhooks::events::ContractStatus;
use crate::wire::onboarding as wire;

/// The brand of the Gateway Management Portal the customer is invited to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Brand {
    /// Bosch (HomeCom Pro).
    #[serde(rename = "BOSCH")]
    Bosch,
    /// Buderus (ConnectPro).
    #[serde(rename = "BUDERUS")]
    Buderus,
    /// IVT (ConnectPro).
    #[serde(rename = "IVT")]
    Ivt,
}

impl Brand {
    /// Every brand.
    pub const ALL: [Brand; 3] = [Brand::Bosch, Brand::Buderus, Brand::Ivt];

    /// The brand's name as in JSON: `BOSCH`, `BUDERUS` or `IVT`.
    pub fn as_str(self) -> &'static str {
        match self {
            Brand::Bosch => "BOSCH",
            Brand::Buderus => "BUDERUS",
            Brand::Ivt => "IVT",
        }
    }

    /// The invite URL of the brand's Gateway Management Portal, without a query.
    pub fn invite_base(self) -> &'static str {
        match self {
            Brand::Bosch => wire::INVITE_BOSCH,
            Brand::Buderus => wire::INVITE_BUDERUS,
            Brand::Ivt => wire::INVITE_IVT,
        }
    }
}

impl fmt::Display for Brand {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Brand {
    type Err = Error;

    /// Reads `BOSCH`, `BUDERUS` or `IVT`, in any case; anything else is a configuration error.
    fn from_str(text: &str) -> Result<Brand, Error> {
        Brand::ALL
            .into_iter()
            .find(|brand| brand.as_str().eq_ignore_ascii_case(text.trim()))
            .ok_or_else(|| Error::config("the brand must be one of BOSCH, BUDERUS, IVT"))
    }
}

/// Most random bytes a session id is made of (512 bits): keeps the links short.
pub const SESSION_ID_MAX_BYTES: usize = 64;

/// The id binding an invite to the customer's session: at least 128 random bits, encoded as
/// base64url without padding (22 characters for 16 bytes).
///
/// It is not a long-lived secret, but it guards the redirect against forgery (like an OAuth
/// `state`), so `Debug` shows only its first 4 characters; use [`SessionId::as_str`] to
/// store it. Serialises as its string.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct SessionId(String);

impl SessionId {
    /// Makes a session id from random bytes the caller drew from a secure random source
    /// (the core has none). Refuses fewer than 16 or more than 64 bytes, and bytes that are
    /// all equal (surely not random: a zeroed buffer), with a configuration error.
    pub fn from_random_bytes(bytes: &[u8]) -> Result<SessionId, Error> {
        if bytes.len() < wire::SESSION_ID_MIN_BYTES || bytes.len() > SESSION_ID_MAX_BYTES {
            return Err(Error::config(format!(
                "a session id needs {}–{SESSION_ID_MAX_BYTES} random bytes, not {}",
                wire::SESSION_ID_MIN_BYTES,
                bytes.len()
            )));
        }
        if bytes.iter().all(|b| Some(b) == bytes.first()) {
            return Err(Error::config("the session id bytes are all equal: they are not random"));
        }
        Ok(SessionId(base64url(bytes)))
    }

    /// Restores a session id from its text ([`SessionId::as_str`]): 22–86 characters of the
    /// base64url alphabet (`A–Z a–z 0–9 - _`). Anything else is a configuration error.
    pub fn parse(text: &str) -> Result<SessionId, Error> {
        let min = base64url_len(wire::SESSION_ID_MIN_BYTES);
        let max = base64url_len(SESSION_ID_MAX_BYTES);
        let ok = (min..=max).contains(&text.len()) && text.bytes().all(is_base64url);
        if ok {
            Ok(SessionId(text.to_owned()))
        } else {
            Err(Error::config(format!(
                "a session id is {min}–{max} characters of A–Z, a–z, 0–9, - and _"
            )))
        }
    }

    /// The session id as it goes into the invite link.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for SessionId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let shown = self.0.get(..4).unwrap_or("");
        write!(f, "SessionId(\"{shown}…\")")
    }
}

impl Serialize for SessionId {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for SessionId {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        SessionId::parse(&text).map_err(|e| serde::de::Error::custom(e.message))
    }
}

fn is_base64url(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'-' || b == b'_'
}

/// Characters of `n` bytes in unpadded base64.
fn base64url_len(n: usize) -> usize {
    n / 3 * 4 + [0, 2, 3][n % 3]
}

/// Encodes bytes as base64url without padding (RFC 4648 §5).
fn base64url(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = String::with_capacity(base64url_len(bytes.len()));
    for chunk in bytes.chunks(3) {
        let byte = |i: usize| u32::from(chunk.get(i).copied().unwrap_or(0));
        let group = (byte(0) << 16) | (byte(1) << 8) | byte(2);
        // n bytes give n + 1 characters.
        for i in 0..=chunk.len() {
            let index = (group >> (18 - 6 * i)) & 63;
            out.push(char::from(ALPHABET[index as usize]));
        }
    }
    out
}

/// Longest redirect URI [`invite_link`] accepts.
pub const REDIRECT_URI_MAX_LEN: usize = 2048;

/// Schemes a redirect URI may never use: they run script or reach local files.
const FORBIDDEN_SCHEMES: [&str; 4] = ["javascript", "data", "file", "vbscript"];

/// The invite link of `brand`'s Gateway Management Portal:
/// `<invite base>?companyId=…&redirectUri=…&sessionId=…`, each value percent-encoded.
///
/// `company_id` comes from `GET /api-keys/me` and must not be blank. `redirect_uri` must be
/// absolute and one of:
/// - `https://host[:port]/…` (a web application),
/// - `http://` on a loopback host (`localhost`, `127.0.0.0/8`, `[::1]`), for local development,
/// - a custom scheme for an app deep link (`myapp://onboarding`, `com.example.app:/callback`):
///   a scheme of `[A-Za-z][A-Za-z0-9+.-]*` other than `http`, `https`, `javascript`, `data`,
///   `file` and `vbscript`, followed by something.
///
/// It may have a query but no fragment, no credentials (`user@`), no white space or control
/// characters, and at most [`REDIRECT_URI_MAX_LEN`] bytes. Any refusal is a configuration error.
pub fn invite_link(
    brand: Brand,
    company_id: &str,
    redirect_uri: &str,
    session_id: &SessionId,
) -> Result<String, Error> {
    if company_id.trim().is_empty() {
        return Err(Error::config("the company id must not be empty (see GET /api-keys/me)"));
    }
    check_redirect_uri(redirect_uri)?;
    let mut link = String::with_capacity(brand.invite_base().len() + 64 + 3 * (company_id.len() + redirect_uri.len()));
    link.push_str(brand.invite_base());
    let params = [
        (wire::PARAM_COMPANY_ID, company_id),
        (wire::PARAM_REDIRECT_URI, redirect_uri),
        (wire::PARAM_SESSION_ID, session_id.as_str()),
    ];
    for (i, (name, value)) in params.into_iter().enumerate() {
        link.push(if i == 0 { '?' } else { '&' });
        link.push_str(name);
        link.push('=');
        percent_encode_into(value, &mut link);
    }
    Ok(link)
}

/// Checks a redirect URI against the rules of [`invite_link`].
fn check_redirect_uri(uri: &str) -> Result<(), Error> {
    let refuse = |why: &str| Err(Error::config(format!("the redirect URI {why}")));
    if uri.is_empty() {
        return refuse("must not be empty");
    }
    if uri.len() > REDIRECT_URI_MAX_LEN {
        return refuse(&format!("must not be longer than {REDIRECT_URI_MAX_LEN} bytes"));
    }
    if uri.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return refuse("must not contain white space or control characters");
    }
    if uri.contains('#') {
        return refuse("must not have a fragment (#…)");
    }
    let Some((scheme, rest)) = uri.split_once(':') else {
        return refuse("must be absolute (https://…, or a custom scheme such as myapp://…)");
    };
    let mut scheme_bytes = scheme.bytes();
    let scheme_ok = scheme_bytes.next().is_some_and(|b| b.is_ascii_alphabetic())
        && scheme_bytes.all(|b| b.is_ascii_alphanumeric() || b"+.-".contains(&b));
    if !scheme_ok {
        return refuse("must be absolute (https://…, or a custom scheme such as myapp://…)");
    }
    let scheme = scheme.to_ascii_lowercase();
    match scheme.as_str() {
        "https" => match authority_host(rest) {
            Some(_) => Ok(()),
            None => refuse("must be https://host[:port]/… with a valid host and no credentials"),
        },
        "http" => match authority_host(rest) {
            Some(host) if is_loopback_host(&host) => Ok(()),
            _ => refuse("must use https (http only for a loopback host: localhost, 127.0.0.0/8, [::1])"),
        },
        s if FORBIDDEN_SCHEMES.contains(&s) => refuse(&format!("must not use the {s}: scheme")),
        _ if rest.is_empty() || rest == "//" => refuse("has a custom scheme but nothing after it"),
        _ => Ok(()),
    }
}

/// The host of `//host[:port][/…][?…]`, lowercased, without brackets; `None` if malformed or
/// carrying credentials.
fn authority_host(rest: &str) -> Option<String> {
    let rest = rest.strip_prefix("//")?;
    let authority = rest.split(['/', '?']).next().unwrap_or("");
    if authority.contains('@') {
        return None;
    }
    let (host, port) = match authority.strip_prefix('[') {
        Some(inner) => {
            let (host, after) = inner.split_once(']')?;
            let host_ok = !host.is_empty() && host.bytes().all(|b| b.is_ascii_hexdigit() || b == b':');
            (host_ok.then_some(host)?, after.strip_prefix(':'))
        }
        None => match authority.split_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (authority, None),
        },
    };
    if let Some(port) = port
        && (port.is_empty() || port.len() > 5 || !port.bytes().all(|b| b.is_ascii_digit()))
    {
        return None;
    }
    let host_ok = !host.is_empty() && host.bytes().all(|b| b.is_ascii_alphanumeric() || b"-.:".contains(&b));
    host_ok.then(|| host.to_ascii_lowercase())
}

/// What the customer's return to the redirect URI says.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct OnboardingRedirect {
    /// The appliance the customer onboarded (checked like every `gatewayId`).
    pub gateway_id: String,
    /// The contract's status after the customer's choice.
    pub contract_status: ContractStatus,
    /// The session id that came back (equal to the expected one).
    pub session_id: String,
}

/// Longest URL [`parse_redirect`] reads (a common limit of browsers and servers).
pub const REDIRECT_URL_MAX_LEN: usize = 8192;

/// Reads the URL the customer came back to (or just its query, with or without `?`) and
/// checks its session id against `expected`, in constant time.
///
/// The query holds `gatewayId`, `contractStatus` and `sessionId` (before v1.33: `state`,
/// accepted only when `sessionId` is absent). Values are percent-decoded, `+` meaning a
/// space; the fragment is ignored; unknown parameters are ignored. Every problem is reported
/// at once, as a [`crate::ErrorKind::Validation`] error with one violation each:
/// - `ONBOARDING_PARAM_MISSING`: a parameter is absent or empty;
/// - `ONBOARDING_PARAM_REPEATED`: a parameter appears twice (ambiguous, so refused);
/// - `ONBOARDING_PARAM_INVALID`: a bad `%` escape or a value that is not UTF-8;
/// - `GATEWAY_ID_INVALID`: the gateway id breaks the `gatewayId` rule;
/// - `ONBOARDING_SESSION_MISMATCH`: the session id is not the expected one (a forged or
///   stale redirect: do not act on it);
/// - `ONBOARDING_URL_TOO_LONG`: more than [`REDIRECT_URL_MAX_LEN`] bytes.
///
/// An unknown contract status is kept (`ContractStatus::Unknown`), not refused.
pub fn parse_redirect(url: &str, expected: &SessionId) -> Result<OnboardingRedirect, Error> {
    if url.len() > REDIRECT_URL_MAX_LEN {
        return Err(too_long("redirect URL", REDIRECT_URL_MAX_LEN));
    }
    let without_fragment = url.split('#').next().unwrap_or("");
    let query = without_fragment
        .split_once('?')
        .map_or(without_fragment, |(_, query)| query);

    const NAMES: [&str; 4] = [
        wire::PARAM_GATEWAY_ID,
        wire::PARAM_CONTRACT_STATUS,
        wire::PARAM_SESSION_ID,
        wire::PARAM_SESSION_ID_LEGACY,
    ];
    let found = scan_query(query, NAMES);
    // `state` only stands in for a missing `sessionId`.
    let session_index = if found[2].0 > 0 { 2 } else { 3 };

    let mut violations = Vec::new();
    let mut values: [Option<String>; 4] = Default::default();
    for index in [0, 1, session_index] {
        match read_param("redirect", NAMES[index], found[index], index == session_index) {
            Ok(value) => values[index] = Some(value),
            Err(violation) => violations.push(violation),
        }
    }
    let [gateway_id, contract_status, session_id, legacy_session_id] = values;
    let session_id = session_id.or(legacy_session_id);

    if let Some(gateway_id) = &gateway_id
        && let Err(violation) = check_gateway_id(gateway_id)
    {
        violations.push(violation);
    }
    if let Some(session_id) = &session_id
        && !constant_time_eq(session_id.as_bytes(), expected.as_str().as_bytes())
    {
        violations.push(Violation::new(
            "ONBOARDING_SESSION_MISMATCH",
            vec![NAMES[session_index].to_owned()],
            None,
            "the session id of the redirect is not the one of this session: a forged or stale \
             redirect"
                .to_owned(),
        ));
    }
    match (gateway_id, contract_status, session_id) {
        (Some(gateway_id), Some(contract_status), Some(session_id)) if violations.is_empty() => {
            Ok(OnboardingRedirect {
                gateway_id,
                contract_status: ContractStatus::from_wire(&contract_status),
                session_id,
            })
        }
        _ => Err(Error::validation(violations, Vec::new())),
    }
}

/// The `ONBOARDING_URL_TOO_LONG` error of a `what` longer than `max` bytes.
fn too_long(what: &str, max: usize) -> Error {
    Error::validation(
        vec![Violation::new(
            "ONBOARDING_URL_TOO_LONG",
            Vec::new(),
            Some(format!("{max} bytes")),
            format!("the {what} is longer than {max} bytes"),
        )],
        Vec::new(),
    )
}

/// Longest invite link [`parse_invite_link`] reads: the limit of [`REDIRECT_URL_MAX_LEN`]. A
/// link made by [`invite_link`] stays within it whenever the company id has at most 600 bytes
/// (real ones are UUIDs).
pub const INVITE_LINK_MAX_LEN: usize = REDIRECT_URL_MAX_LEN;

/// What an invite link says: what the brand's Gateway Management Portal reads when the
/// customer opens a link made by [`invite_link`] (see [`parse_invite_link`]).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct InviteLink {
    /// The brand whose portal the link opens.
    pub brand: Brand,
    /// The inviting partner company (its id from `GET /api-keys/me`); never blank.
    pub company_id: String,
    /// Where the portal sends the customer back; it passes the rules of [`invite_link`].
    pub redirect_uri: String,
    /// The session id the portal must hand back in the redirect.
    pub session_id: SessionId,
}

/// Reads an invite link the way the brand's Gateway Management Portal does: the inverse of
/// [`invite_link`] (for simulators and tests playing the portal).
///
/// The link is one of the three invite URLs ([`Brand::invite_base`], exactly as
/// [`invite_link`] writes them) with a query holding `companyId`, `redirectUri` and
/// `sessionId` (before v1.33: `state`, accepted only when `sessionId` is absent). Values are
/// percent-decoded, `+` meaning a space; the fragment is ignored; unknown parameters are
/// ignored. Every problem is reported at once, as a [`crate::ErrorKind::Validation`] error
/// with one violation each:
/// - `ONBOARDING_INVITE_BASE_UNKNOWN`: the link is not one of the three invite URLs;
/// - `ONBOARDING_PARAM_MISSING`: a parameter is absent or empty;
/// - `ONBOARDING_PARAM_REPEATED`: a parameter appears twice (ambiguous, so refused);
/// - `ONBOARDING_PARAM_INVALID`: a bad `%` escape, a value that is not UTF-8, or a blank
///   `companyId`;
/// - `ONBOARDING_REDIRECT_URI_INVALID`: a redirect URI that [`invite_link`] refuses (the
///   message says which rule);
/// - `ONBOARDING_SESSION_ID_INVALID`: a session id that [`SessionId::parse`] refuses;
/// - `ONBOARDING_URL_TOO_LONG`: more than [`INVITE_LINK_MAX_LEN`] bytes.
pub fn parse_invite_link(link: &str) -> Result<InviteLink, Error> {
    if link.len() > INVITE_LINK_MAX_LEN {
        return Err(too_long("invite link", INVITE_LINK_MAX_LEN));
    }
    let without_fragment = link.split('#').next().unwrap_or("");
    let (base, query) = without_fragment.split_once('?').unwrap_or((without_fragment, ""));

    let mut violations = Vec::new();
    let brand = Brand::ALL.into_iter().find(|brand| brand.invite_base() == base);
    if brand.is_none() {
        let bases: Vec<&str> = Brand::ALL.into_iter().map(Brand::invite_base).collect();
        violations.push(Violation::new(
            "ONBOARDING_INVITE_BASE_UNKNOWN",
            Vec::new(),
            Some(bases.join(", ")),
            "the invite link is not the invite URL of a brand's Gateway Management Portal".to_owned(),
        ));
    }

    const NAMES: [&str; 4] = [
        wire::PARAM_COMPANY_ID,
        wire::PARAM_REDIRECT_URI,
        wire::PARAM_SESSION_ID,
        wire::PARAM_SESSION_ID_LEGACY,
    ];
    let found = scan_query(query, NAMES);
    // `state` only stands in for a missing `sessionId`.
    let session_index = if found[2].0 > 0 { 2 } else { 3 };
    let mut values: [Option<String>; 4] = Default::default();
    for index in [0, 1, session_index] {
        match read_param("invite link", NAMES[index], found[index], index == session_index) {
            Ok(value) => values[index] = Some(value),
            Err(violation) => violations.push(violation),
        }
    }
    let [company_id, redirect_uri, session_id, legacy_session_id] = values;

    let company_id = company_id.filter(|company_id| {
        let blank = company_id.trim().is_empty();
        if blank {
            violations.push(Violation::new(
                "ONBOARDING_PARAM_INVALID",
                vec![wire::PARAM_COMPANY_ID.to_owned()],
                None,
                "the companyId of the invite link is blank".to_owned(),
            ));
        }
        !blank
    });
    let redirect_uri = redirect_uri.filter(|uri| match check_redirect_uri(uri) {
        Ok(()) => true,
        Err(error) => {
            violations.push(Violation::new(
                "ONBOARDING_REDIRECT_URI_INVALID",
                vec![wire::PARAM_REDIRECT_URI.to_owned()],
                None,
                error.message,
            ));
            false
        }
    });
    let session_id = session_id
        .or(legacy_session_id)
        .and_then(|text| match SessionId::parse(&text) {
            Ok(session_id) => Some(session_id),
            Err(error) => {
                violations.push(Violation::new(
                    "ONBOARDING_SESSION_ID_INVALID",
                    vec![NAMES[session_index].to_owned()],
                    None,
                    error.message,
                ));
                None
            }
        });

    match (brand, company_id, redirect_uri, session_id) {
        (Some(brand), Some(company_id), Some(redirect_uri), Some(session_id)) if violations.is_empty() => {
            Ok(InviteLink {
                brand,
                company_id,
                redirect_uri,
                session_id,
            })
        }
        _ => Err(Error::validation(violations, Vec::new())),
    }
}

/// The URL the brand's Gateway Management Portal sends the customer back to once the
/// customer chose `gateway_id`: the portal's side of [`parse_redirect`] (for simulators and
/// tests playing the portal).
///
/// It is `redirect_uri` with `gatewayId`, `contractStatus` and `sessionId` appended to its
/// query, each value percent-encoded: after `?` when the URI has no query, after `&` when it
/// has one (nothing more when it already ends with `?` or `&`). For every URL it makes,
/// `parse_redirect(&url, session_id)` gives back `gateway_id`, the contract status (as
/// `ContractStatus::from_wire` reads its text) and `session_id`.
///
/// Refusals:
/// - a configuration error for a redirect URI that [`invite_link`] refuses, or whose query
///   already carries `gatewayId`, `contractStatus` or `sessionId` (the redirect would be
///   ambiguous);
/// - a [`crate::ErrorKind::Validation`] error with a violation each for a gateway id that
///   breaks the `gatewayId` rule (`GATEWAY_ID_INVALID`), an empty contract status
///   (`ONBOARDING_PARAM_MISSING`), and a URL longer than [`REDIRECT_URL_MAX_LEN`]
///   (`ONBOARDING_URL_TOO_LONG`, only possible with a very long unknown status).
pub fn redirect_url(
    redirect_uri: &str,
    gateway_id: &str,
    contract_status: &ContractStatus,
    session_id: &SessionId,
) -> Result<String, Error> {
    check_redirect_uri(redirect_uri)?;
    let (has_query, query) = match redirect_uri.split_once('?') {
        Some((_, query)) => (true, query),
        None => (false, ""),
    };
    const NAMES: [&str; 3] = [
        wire::PARAM_GATEWAY_ID,
        wire::PARAM_CONTRACT_STATUS,
        wire::PARAM_SESSION_ID,
    ];
    let carried: Vec<&str> = NAMES
        .into_iter()
        .zip(scan_query(query, NAMES))
        .filter(|(_, (count, _))| *count > 0)
        .map(|(name, _)| name)
        .collect();
    if !carried.is_empty() {
        return Err(Error::config(format!(
            "the redirect URI already carries {}: the redirect would be ambiguous",
            carried.join(", ")
        )));
    }

    let mut violations = Vec::new();
    if let Err(violation) = check_gateway_id(gateway_id) {
        violations.push(violation);
    }
    if contract_status.as_str().is_empty() {
        violations.push(Violation::new(
            "ONBOARDING_PARAM_MISSING",
            vec![wire::PARAM_CONTRACT_STATUS.to_owned()],
            None,
            "the contract status must not be empty".to_owned(),
        ));
    }
    if !violations.is_empty() {
        return Err(Error::validation(violations, Vec::new()));
    }

    let params = [
        (wire::PARAM_GATEWAY_ID, gateway_id),
        (wire::PARAM_CONTRACT_STATUS, contract_status.as_str()),
        (wire::PARAM_SESSION_ID, session_id.as_str()),
    ];
    let mut url =
        String::with_capacity(redirect_uri.len() + 64 + 3 * (gateway_id.len() + contract_status.as_str().len()));
    url.push_str(redirect_uri);
    if !has_query {
        url.push('?');
    } else if !(query.is_empty() || query.ends_with('&')) {
        url.push('&');
    }
    for (i, (name, value)) in params.into_iter().enumerate() {
        if i > 0 {
            url.push('&');
        }
        url.push_str(name);
        url.push('=');
        percent_encode_into(value, &mut url);
    }
    if url.len() > REDIRECT_URL_MAX_LEN {
        return Err(too_long("redirect URL", REDIRECT_URL_MAX_LEN));
    }
    Ok(url)
}

/// For each of `names`: how often it appears in `query` (`&`-separated `name=value` pairs,
/// names percent-decoded, empty pairs skipped) and its first raw value.
fn scan_query<'q, const N: usize>(query: &'q str, names: [&str; N]) -> [(usize, &'q str); N] {
    let mut found = [(0usize, ""); N];
    for pair in query.split('&').filter(|pair| !pair.is_empty()) {
        let (raw_name, raw_value) = pair.split_once('=').unwrap_or((pair, ""));
        let Some(name) = decode_component(raw_name) else {
            continue;
        };
        if let Some(index) = names.iter().position(|known| *known == name) {
            let (count, value) = &mut found[index];
            if *count == 0 {
                *value = raw_value;
            }
            *count = count.saturating_add(1);
        }
    }
    found
}

/// Reads one parameter `scan_query` found in the query of `source` (`redirect`, `invite
/// link`): its decoded value, or the violation: `ONBOARDING_PARAM_REPEATED`,
/// `ONBOARDING_PARAM_MISSING` (absent or empty; a session id is reported as `sessionId`, the
/// pre-v1.33 `state` named in the message) or `ONBOARDING_PARAM_INVALID` (a bad `%` escape or
/// not UTF-8).
fn read_param(source: &str, name: &str, (count, raw): (usize, &str), is_session: bool) -> Result<String, Violation> {
    let violation =
        |code: &str, field: &str, message: String| Violation::new(code, vec![field.to_owned()], None, message);
    if count > 1 {
        Err(violation(
            "ONBOARDING_PARAM_REPEATED",
            name,
            format!("the {source} carries {name} {count} times"),
        ))
    } else if raw.is_empty() {
        Err(if is_session {
            violation(
                "ONBOARDING_PARAM_MISSING",
                wire::PARAM_SESSION_ID,
                format!(
                    "the {source} carries no {} (nor the pre-v1.33 {})",
                    wire::PARAM_SESSION_ID,
                    wire::PARAM_SESSION_ID_LEGACY
                ),
            )
        } else {
            violation(
                "ONBOARDING_PARAM_MISSING",
                name,
                format!("the {source} carries no {name}"),
            )
        })
    } else {
        decode_component(raw).ok_or_else(|| {
            violation(
                "ONBOARDING_PARAM_INVALID",
                name,
                format!("the {name} of the {source} has a bad % escape or is not UTF-8"),
            )
        })
    }
}

/// Decodes one query component: `+` is a space, then `%XX` escapes; `None` if malformed.
fn decode_component(raw: &str) -> Option<String> {
    if raw.contains('+') {
        percent_decode(&raw.replace('+', " "))
    } else {
        percent_decode(raw)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;
    use proptest::prelude::*;

    const BYTES: [u8; 16] = [0xfb, 0xff, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14];

    fn session() -> SessionId {
        SessionId::from_random_bytes(&BYTES).unwrap()
    }

    fn codes(err: &Error) -> Vec<(&str, &str)> {
        err.violations
            .iter()
            .map(|v| (v.code.as_str(), v.fields.first().map_or("", String::as_str)))
            .collect()
    }

    #[test]
    fn base64url_matches_rfc_4648() {
        let vectors: [(&[u8], &str); 8] = [
            (b"", ""),
            (b"f", "Zg"),
            (b"fo", "Zm8"),
            (b"foo", "Zm9v"),
            (b"foob", "Zm9vYg"),
            (b"fooba", "Zm9vYmE"),
            (b"foobar", "Zm9vYmFy"),
            (&[0xfb, 0xff, 0xbf], "-_-_"),
        ];
        for (bytes, text) in vectors {
            assert_eq!(base64url(bytes), text);
            assert_eq!(base64url_len(bytes.len()), text.len());
        }
    }

    #[test]
    fn session_id_from_random_bytes() {
        let id = session();
        assert_eq!(id.as_str(), "-_8BAgMEBQYHCAkKCwwNDg");
        assert_eq!(id.as_str().len(), 22);
        assert_eq!(format!("{id:?}"), "SessionId(\"-_8B…\")");
        assert_eq!(
            SessionId::from_random_bytes(&[7; 64]).unwrap_err().kind,
            ErrorKind::Config
        );
        let mut long = [0u8; 64];
        long[0] = 1;
        assert_eq!(SessionId::from_random_bytes(&long).unwrap().as_str().len(), 86);
        for bad in [&BYTES[..15], &[][..], &[0u8; 16][..], &[0u8; 65][..]] {
            assert_eq!(SessionId::from_random_bytes(bad).unwrap_err().kind, ErrorKind::Config);
        }
    }

    #[test]
    fn session_id_parse_and_serde() {
        let id = session();
        assert_eq!(SessionId::parse(id.as_str()).unwrap(), id);
        for bad in [
            "",
            "short",
            "-_8BAgMEBQYHCAkKCwwND",
            "-_8BAgMEBQYHCAkKCwwNDg=",
            "-_8BAgMEBQYHCAkKCwwN+g",
        ] {
            assert_eq!(SessionId::parse(bad).unwrap_err().kind, ErrorKind::Config, "{bad}");
        }
        assert!(SessionId::parse(&"a".repeat(87)).is_err());
        let json = serde_json::to_string(&id).unwrap();
        assert_eq!(json, "\"-_8BAgMEBQYHCAkKCwwNDg\"");
        assert_eq!(serde_json::from_str::<SessionId>(&json).unwrap(), id);
        assert!(serde_json::from_str::<SessionId>("\"x\"").is_err());
    }

    #[test]
    fn brands() {
        assert_eq!(Brand::Bosch.invite_base(), "https://devices.bosch-homecom.com/invite");
        assert_eq!(
            Brand::Buderus.invite_base(),
            "https://devices.buderus-connect.de/invite"
        );
        assert_eq!(Brand::Ivt.invite_base(), "https://devices.ivt-connect.com/invite");
        for brand in Brand::ALL {
            let json = serde_json::to_string(&brand).unwrap();
            assert_eq!(json, format!("\"{}\"", brand.as_str()));
            assert_eq!(serde_json::from_str::<Brand>(&json).unwrap(), brand);
            assert_eq!(brand.as_str().to_lowercase().parse::<Brand>().unwrap(), brand);
        }
        assert!(serde_json::from_str::<Brand>("\"bosch\"").is_err());
        assert_eq!("acme".parse::<Brand>().unwrap_err().kind, ErrorKind::Config);
    }

    #[test]
    fn invite_links_for_every_brand() {
        let id = session();
        let expected = [
            "https://devices.bosch-homecom.com/invite?companyId=acme%20GmbH&redirectUri=https%3A%2F%2Fapp.example.com%2Fonboarding%3Fx%3D1&sessionId=-_8BAgMEBQYHCAkKCwwNDg",
            "https://devices.buderus-connect.de/invite?companyId=acme%20GmbH&redirectUri=https%3A%2F%2Fapp.example.com%2Fonboarding%3Fx%3D1&sessionId=-_8BAgMEBQYHCAkKCwwNDg",
            "https://devices.ivt-connect.com/invite?companyId=acme%20GmbH&redirectUri=https%3A%2F%2Fapp.example.com%2Fonboarding%3Fx%3D1&sessionId=-_8BAgMEBQYHCAkKCwwNDg",
        ];
        for (brand, want) in Brand::ALL.into_iter().zip(expected) {
            let link = invite_link(brand, "acme GmbH", "https://app.example.com/onboarding?x=1", &id).unwrap();
            assert_eq!(link, want);
        }
        let link = invite_link(Brand::Bosch, "c-1", "myapp://onboarding", &id).unwrap();
        assert!(link.contains("redirectUri=myapp%3A%2F%2Fonboarding&"), "{link}");
    }

    #[test]
    fn invite_link_refusals() {
        let id = session();
        let link = |company: &str, redirect: &str| invite_link(Brand::Ivt, company, redirect, &id);
        for company in ["", "   "] {
            assert_eq!(link(company, "https://a.example").unwrap_err().kind, ErrorKind::Config);
        }
        let accepted = [
            "https://app.example.com",
            "https://app.example.com/",
            "HTTPS://App.Example.com:8443/cb?x=1&y=2",
            "https://[2001:db8::1]/cb",
            "http://localhost:8080/cb",
            "http://127.0.0.1/cb",
            "http://127.1.2.3:9/cb",
            "http://[::1]:3000/cb",
            "myapp://onboarding",
            "com.example.app:/callback",
            "my-app+v2.beta://x",
            "https://app.example.com/ünïcode-path",
        ];
        for uri in accepted {
            assert!(link("acme", uri).is_ok(), "{uri}: {:?}", link("acme", uri));
        }
        let refused = [
            "",
            "/relative/path",
            "app.example.com/cb",
            "//app.example.com/cb",
            "http://app.example.com/cb",
            "http://192.168.1.2/cb",
            "http://localhost.evil.com/cb",
            "https:app.example.com",
            "https:/app.example.com",
            "https:///cb",
            "https://user:pw@app.example.com/cb",
            "https://app.example.com@evil.com/cb",
            "https://app.example.com:/cb",
            "https://app.example.com:123456/cb",
            "https://app.example.com:80a/cb",
            "https://app.exa mple.com/cb",
            "https://app.example.com/cb#frag",
            "https://app.example.com/cb\n",
            "https://[zz::1]/cb",
            "https://[::1/cb",
            "javascript:alert(1)",
            "JavaScript://%0aalert(1)",
            "data:text/html,<script>",
            "file:///etc/passwd",
            "vbscript:msgbox",
            "myapp:",
            "myapp://",
            "1app://x",
            "my_app://x",
            ":no-scheme",
        ];
        for uri in refused {
            assert_eq!(link("acme", uri).unwrap_err().kind, ErrorKind::Config, "{uri}");
        }
        let long = format!("https://app.example.com/{}", "a".repeat(REDIRECT_URI_MAX_LEN));
        assert!(link("acme", &long).is_err());
    }

    #[test]
    fn parse_redirect_happy_paths() {
        let id = session();
        let parsed = parse_redirect(
            "https://app.example.com/cb?gatewayId=101234567&contractStatus=ACTIVE&sessionId=-_8BAgMEBQYHCAkKCwwNDg",
            &id,
        )
        .unwrap();
        assert_eq!(
            parsed,
            OnboardingRedirect {
                gateway_id: "101234567".into(),
                contract_status: ContractStatus::from_wire("ACTIVE"),
                session_id: id.as_str().into(),
            }
        );
        // Order, unknown parameters, fragment, escapes in names and values, a bare query.
        let variants = [
            "myapp://onboarding?x=1&sessionId=-_8BAgMEBQYHCAkKCwwNDg&contractStatus=ACTIVE&gatewayId=101234567#top",
            "?gatewayId=101234567&contractStatus=ACTIVE&sessionId=-_8BAgMEBQYHCAkKCwwNDg",
            "gatewayId=101234567&&contractStatus=ACTIVE&session%49d=%2D_8BAgMEBQYHCAkKCwwNDg&flag",
            "https://a/cb?gatewayId=101234567&contractStatus=ACTIVE&state=-_8BAgMEBQYHCAkKCwwNDg",
        ];
        for url in variants {
            let got = parse_redirect(url, &id).unwrap_or_else(|e| panic!("{url}: {e}"));
            assert_eq!(got, parsed, "{url}");
        }
        // An unknown status is kept.
        let pending = parse_redirect(
            "?gatewayId=g_1-x&contractStatus=SOMETHING+NEW&sessionId=-_8BAgMEBQYHCAkKCwwNDg",
            &id,
        )
        .unwrap();
        assert_eq!(pending.contract_status, ContractStatus::from_wire("SOMETHING NEW"));
        assert!(!pending.contract_status.is_known());
        assert_eq!(pending.gateway_id, "g_1-x");
    }

    #[test]
    fn parse_redirect_reports_every_missing_parameter() {
        let id = session();
        let err = parse_redirect("https://app.example.com/cb", &id).unwrap_err();
        assert_eq!(err.kind, ErrorKind::Validation);
        assert_eq!(
            codes(&err),
            vec![
                ("ONBOARDING_PARAM_MISSING", "gatewayId"),
                ("ONBOARDING_PARAM_MISSING", "contractStatus"),
                ("ONBOARDING_PARAM_MISSING", "sessionId"),
            ]
        );
        let err = parse_redirect("?gatewayId=&contractStatus=ACTIVE&sessionId", &id).unwrap_err();
        assert_eq!(
            codes(&err),
            vec![
                ("ONBOARDING_PARAM_MISSING", "gatewayId"),
                ("ONBOARDING_PARAM_MISSING", "sessionId")
            ]
        );
        // Parameters in the fragment do not count.
        let err = parse_redirect(
            "https://a/cb#gatewayId=1&contractStatus=ACTIVE&sessionId=-_8BAgMEBQYHCAkKCwwNDg",
            &id,
        )
        .unwrap_err();
        assert_eq!(err.violations.len(), 3);
    }

    #[test]
    fn parse_redirect_checks_the_session() {
        let id = session();
        let other = SessionId::from_random_bytes(&[9, 8, 7, 6, 5, 4, 3, 2, 1, 0, 1, 2, 3, 4, 5, 6]).unwrap();
        let url = format!("?gatewayId=1&contractStatus=ACTIVE&sessionId={}", other.as_str());
        let err = parse_redirect(&url, &id).unwrap_err();
        assert_eq!(err.kind, ErrorKind::Validation);
        assert_eq!(codes(&err), vec![("ONBOARDING_SESSION_MISMATCH", "sessionId")]);
        assert!(!err.message.contains(id.as_str()), "the expected id must not leak");
        // A prefix, an extension, and the legacy name all mismatch.
        for session in [
            "-_8BAgMEBQYHCAkKCwwND",
            "-_8BAgMEBQYHCAkKCwwNDgX",
            "-_8bAgMEBQYHCAkKCwwNDg",
        ] {
            let err = parse_redirect(&format!("?gatewayId=1&contractStatus=ACTIVE&state={session}"), &id).unwrap_err();
            assert_eq!(codes(&err), vec![("ONBOARDING_SESSION_MISMATCH", "state")]);
        }
        // `state` is ignored when `sessionId` is present.
        let ok = format!(
            "?gatewayId=1&contractStatus=ACTIVE&state=wrong&sessionId={}",
            id.as_str()
        );
        assert!(parse_redirect(&ok, &id).is_ok());
        let bad = format!(
            "?gatewayId=1&contractStatus=ACTIVE&state={}&sessionId=wrong",
            id.as_str()
        );
        assert_eq!(
            codes(&parse_redirect(&bad, &id).unwrap_err()),
            vec![("ONBOARDING_SESSION_MISMATCH", "sessionId")]
        );
    }

    #[test]
    fn parse_redirect_refuses_bad_input() {
        let id = session();
        let s = id.as_str();
        let cases: Vec<(String, Vec<(&str, &str)>)> = vec![
            (
                format!("?gatewayId=1&gatewayId=2&contractStatus=ACTIVE&sessionId={s}"),
                vec![("ONBOARDING_PARAM_REPEATED", "gatewayId")],
            ),
            (
                format!("?gatewayId=1&contractStatus=ACTIVE&sessionId={s}&sessionId={s}"),
                vec![("ONBOARDING_PARAM_REPEATED", "sessionId")],
            ),
            (
                format!("?gatewayId=1%2&contractStatus=%ZZ&sessionId={s}"),
                vec![
                    ("ONBOARDING_PARAM_INVALID", "gatewayId"),
                    ("ONBOARDING_PARAM_INVALID", "contractStatus"),
                ],
            ),
            (
                format!("?gatewayId=%FF&contractStatus=ACTIVE&sessionId={s}"),
                vec![("ONBOARDING_PARAM_INVALID", "gatewayId")],
            ),
            (
                format!("?gatewayId=../etc&contractStatus=ACTIVE&sessionId={s}"),
                vec![("GATEWAY_ID_INVALID", "gatewayId")],
            ),
            (
                format!("?gatewayId={}&contractStatus=ACTIVE&sessionId={s}", "1".repeat(65)),
                vec![("GATEWAY_ID_INVALID", "gatewayId")],
            ),
            (
                "?gatewayId=a%20b&contractStatus=ACTIVE&sessionId=x".to_owned(),
                vec![
                    ("GATEWAY_ID_INVALID", "gatewayId"),
                    ("ONBOARDING_SESSION_MISMATCH", "sessionId"),
                ],
            ),
        ];
        for (url, want) in cases {
            let err = parse_redirect(&url, &id).unwrap_err();
            assert_eq!(err.kind, ErrorKind::Validation, "{url}");
            assert_eq!(codes(&err), want, "{url}");
        }
        let huge = format!(
            "?gatewayId=1&contractStatus=ACTIVE&sessionId={s}&pad={}",
            "a".repeat(REDIRECT_URL_MAX_LEN)
        );
        assert_eq!(
            codes(&parse_redirect(&huge, &id).unwrap_err()),
            vec![("ONBOARDING_URL_TOO_LONG", "")]
        );
    }

    /// Redirect URIs with and without a query, of every accepted form.
    const REDIRECT_URIS: [&str; 7] = [
        "https://app.example.com/onboarding",
        "https://app.example.com/onboarding?tenant=42&lang=de",
        "https://app.example.com/onboarding?",
        "https://app.example.com/cb?x=1&",
        "http://127.0.0.1:8080/cb?a=b%20c",
        "myapp://onboarding",
        "com.example.app:/callback?from=invite",
    ];

    #[test]
    fn invite_links_round_trip_for_every_brand() {
        let id = session();
        for brand in Brand::ALL {
            for company in ["8d1f3b2a-6c4e-4f1a-9b7d-2e5c8a0f1d3b", "acme GmbH & Co. KG", "ä+ö=ü?#"] {
                for uri in REDIRECT_URIS {
                    let link = invite_link(brand, company, uri, &id).unwrap();
                    let parsed = parse_invite_link(&link).unwrap_or_else(|e| panic!("{link}: {e}"));
                    assert_eq!(
                        parsed,
                        InviteLink {
                            brand,
                            company_id: company.to_owned(),
                            redirect_uri: uri.to_owned(),
                            session_id: id.clone(),
                        },
                        "{link}"
                    );
                }
            }
        }
        let parsed = parse_invite_link(&invite_link(Brand::Ivt, "c-1", "myapp://x", &id).unwrap()).unwrap();
        assert_eq!(
            serde_json::to_value(&parsed).unwrap(),
            serde_json::json!({
                "brand": "IVT",
                "companyId": "c-1",
                "redirectUri": "myapp://x",
                "sessionId": "-_8BAgMEBQYHCAkKCwwNDg",
            })
        );
    }

    #[test]
    fn parse_invite_link_variants() {
        let id = session();
        let want = InviteLink {
            brand: Brand::Buderus,
            company_id: "acme GmbH".to_owned(),
            redirect_uri: "https://app.example.com/cb".to_owned(),
            session_id: id.clone(),
        };
        // Order, unknown parameters, a fragment, `+` as a space, escapes in names, `state`.
        let variants = [
            "https://devices.buderus-connect.de/invite?sessionId=-_8BAgMEBQYHCAkKCwwNDg&x=1&redirectUri=https%3A%2F%2Fapp.example.com%2Fcb&companyId=acme+GmbH#top",
            "https://devices.buderus-connect.de/invite?&companyId=acme%20GmbH&&redirect%55ri=https://app.example.com/cb&flag&sessionId=-_8BAgMEBQYHCAkKCwwNDg",
            "https://devices.buderus-connect.de/invite?companyId=acme%20GmbH&redirectUri=https%3A%2F%2Fapp.example.com%2Fcb&state=-_8BAgMEBQYHCAkKCwwNDg",
            // `state` is ignored when `sessionId` is present.
            "https://devices.buderus-connect.de/invite?companyId=acme%20GmbH&redirectUri=https%3A%2F%2Fapp.example.com%2Fcb&state=bad&state=twice&sessionId=-_8BAgMEBQYHCAkKCwwNDg",
        ];
        for link in variants {
            let got = parse_invite_link(link).unwrap_or_else(|e| panic!("{link}: {e}"));
            assert_eq!(got, want, "{link}");
        }
    }

    #[test]
    fn parse_invite_link_refuses_bad_links() {
        let s = session();
        let s = s.as_str();
        let q = |query: &str| format!("https://devices.bosch-homecom.com/invite?{query}");
        let good = format!("companyId=c-1&redirectUri=https%3A%2F%2Fa.example%2Fcb&sessionId={s}");
        let cases: Vec<(String, Vec<(&str, &str)>)> = vec![
            (
                "https://devices.bosch-homecom.com/invite".to_owned(),
                vec![
                    ("ONBOARDING_PARAM_MISSING", "companyId"),
                    ("ONBOARDING_PARAM_MISSING", "redirectUri"),
                    ("ONBOARDING_PARAM_MISSING", "sessionId"),
                ],
            ),
            (
                q("companyId=&redirectUri=https%3A%2F%2Fa.example&sessionId"),
                vec![
                    ("ONBOARDING_PARAM_MISSING", "companyId"),
                    ("ONBOARDING_PARAM_MISSING", "sessionId"),
                ],
            ),
            (
                q(&format!("{good}&companyId=c-2")),
                vec![("ONBOARDING_PARAM_REPEATED", "companyId")],
            ),
            (
                q(&format!("{good}&redirectUri=myapp%3A%2F%2Fx&sessionId={s}")),
                vec![
                    ("ONBOARDING_PARAM_REPEATED", "redirectUri"),
                    ("ONBOARDING_PARAM_REPEATED", "sessionId"),
                ],
            ),
            (
                q(&format!("companyId=c%2&redirectUri=%FF&sessionId={s}")),
                vec![
                    ("ONBOARDING_PARAM_INVALID", "companyId"),
                    ("ONBOARDING_PARAM_INVALID", "redirectUri"),
                ],
            ),
            (
                q(&format!(
                    "companyId=%20+&redirectUri=https%3A%2F%2Fa.example&sessionId={s}"
                )),
                vec![("ONBOARDING_PARAM_INVALID", "companyId")],
            ),
            (
                q("companyId=c-1&redirectUri=https%3A%2F%2Fa.example&sessionId=short"),
                vec![("ONBOARDING_SESSION_ID_INVALID", "sessionId")],
            ),
            (
                q("companyId=c-1&redirectUri=https%3A%2F%2Fa.example&state=-_8BAgMEBQYHCAkKCwwNDg%3D"),
                vec![("ONBOARDING_SESSION_ID_INVALID", "state")],
            ),
            (
                format!("https://devices.bosch-homecom.com.evil.example/invite?{good}"),
                vec![("ONBOARDING_INVITE_BASE_UNKNOWN", "")],
            ),
            (
                // Every problem at once.
                "https://evil.example/invite?companyId=c-1&redirectUri=javascript%3Aalert(1)&sessionId=x".to_owned(),
                vec![
                    ("ONBOARDING_INVITE_BASE_UNKNOWN", ""),
                    ("ONBOARDING_REDIRECT_URI_INVALID", "redirectUri"),
                    ("ONBOARDING_SESSION_ID_INVALID", "sessionId"),
                ],
            ),
        ];
        for (link, want) in cases {
            let err = parse_invite_link(&link).unwrap_err();
            assert_eq!(err.kind, ErrorKind::Validation, "{link}");
            assert_eq!(codes(&err), want, "{link}");
        }
        // Only the three invite URLs, exactly.
        for base in [
            "",
            "https://devices.bosch-homecom.com/invite/",
            "https://devices.bosch-homecom.com/Invite",
            "http://devices.bosch-homecom.com/invite",
            "https://devices.bosch-homecom.com:443/invite",
            "https://user@devices.bosch-homecom.com/invite",
            "https://devices.ivt-connect.de/invite",
            "devices.bosch-homecom.com/invite",
        ] {
            let link = format!("{base}?{good}");
            let err = parse_invite_link(&link).unwrap_err();
            assert_eq!(codes(&err), vec![("ONBOARDING_INVITE_BASE_UNKNOWN", "")], "{link}");
            assert!(err.message.contains("invite URL"), "{}", err.message);
        }
        // Every redirect URI that invite_link refuses, with its reason.
        for uri in [
            "/relative",
            "http://app.example.com/cb",
            "https://user:pw@app.example.com/cb",
            "https://app.example.com/cb#frag",
            "https://app.example.com/a b",
            "data:text/html,x",
            "myapp:",
        ] {
            assert!(invite_link(Brand::Bosch, "c-1", uri, &session()).is_err());
            let mut link = q(&format!("companyId=c-1&sessionId={s}&redirectUri="));
            percent_encode_into(uri, &mut link);
            let err = parse_invite_link(&link).unwrap_err();
            assert_eq!(
                codes(&err),
                vec![("ONBOARDING_REDIRECT_URI_INVALID", "redirectUri")],
                "{uri}"
            );
            assert!(err.message.contains("the redirect URI"), "{}", err.message);
        }
        let long_uri = format!("https://a.example/{}", "a".repeat(REDIRECT_URI_MAX_LEN));
        let err = parse_invite_link(&q(&format!("companyId=c&sessionId={s}&redirectUri={long_uri}"))).unwrap_err();
        assert_eq!(codes(&err), vec![("ONBOARDING_REDIRECT_URI_INVALID", "redirectUri")]);
        // Over-long input is refused before it is read.
        let huge = q(&format!("{good}&pad={}", "a".repeat(INVITE_LINK_MAX_LEN)));
        let err = parse_invite_link(&huge).unwrap_err();
        assert_eq!(err.kind, ErrorKind::Validation);
        assert_eq!(codes(&err), vec![("ONBOARDING_URL_TOO_LONG", "")]);
        assert!(err.message.contains("invite link"), "{}", err.message);
    }

    #[test]
    fn redirect_urls_round_trip_for_every_brand() {
        let id = session();
        let statuses = ["PENDING", "ACTIVE", "REJECTED", "SOMETHING NEW+1"].map(ContractStatus::from_wire);
        for brand in Brand::ALL {
            for uri in REDIRECT_URIS {
                // The portal reads the invite link, the customer picks a gateway, the partner
                // reads the redirect.
                let invite = parse_invite_link(&invite_link(brand, "c-1", uri, &id).unwrap()).unwrap();
                for status in &statuses {
                    let url = redirect_url(&invite.redirect_uri, "101234575", status, &invite.session_id).unwrap();
                    assert!(url.starts_with(uri), "{url}");
                    let back = parse_redirect(&url, &id).unwrap_or_else(|e| panic!("{url}: {e}"));
                    assert_eq!(
                        back,
                        OnboardingRedirect {
                            gateway_id: "101234575".to_owned(),
                            contract_status: status.clone(),
                            session_id: id.as_str().to_owned(),
                        },
                        "{url}"
                    );
                }
            }
        }
    }

    #[test]
    fn redirect_url_appends_to_the_query() {
        let id = session();
        let pending = ContractStatus::Pending;
        let tail = "gatewayId=g_1-X&contractStatus=PENDING&sessionId=-_8BAgMEBQYHCAkKCwwNDg";
        let cases = [
            ("https://app.example.com/cb", "https://app.example.com/cb?"),
            ("https://app.example.com/cb?x=1", "https://app.example.com/cb?x=1&"),
            ("https://app.example.com/cb?", "https://app.example.com/cb?"),
            ("https://app.example.com/cb?x=1&", "https://app.example.com/cb?x=1&"),
            ("myapp://onboarding", "myapp://onboarding?"),
        ];
        for (uri, prefix) in cases {
            assert_eq!(
                redirect_url(uri, "g_1-X", &pending, &id).unwrap(),
                format!("{prefix}{tail}")
            );
        }
        let odd = ContractStatus::from_wire("a b&c=d+é");
        let url = redirect_url("https://a.example/cb", "1", &odd, &id).unwrap();
        assert!(url.contains("contractStatus=a%20b%26c%3Dd%2B%C3%A9&"), "{url}");
        assert_eq!(parse_redirect(&url, &id).unwrap().contract_status, odd);
    }

    #[test]
    fn redirect_url_refusals() {
        let id = session();
        let active = ContractStatus::Active;
        for uri in [
            "",
            "http://app.example.com/cb",
            "javascript:alert(1)",
            "https://a.example/cb#x",
        ] {
            let err = redirect_url(uri, "101234567", &active, &id).unwrap_err();
            assert_eq!(err.kind, ErrorKind::Config, "{uri}");
        }
        for uri in [
            "https://a.example/cb?gatewayId=1",
            "https://a.example/cb?x=1&sessionId=abc",
            "https://a.example/cb?contract%53tatus",
        ] {
            let err = redirect_url(uri, "101234567", &active, &id).unwrap_err();
            assert_eq!(err.kind, ErrorKind::Config, "{uri}");
            assert!(err.message.contains("already carries"), "{}", err.message);
        }
        // The legacy name does not clash: `sessionId` wins over it.
        let url = redirect_url("https://a.example/cb?state=old", "101234567", &active, &id).unwrap();
        assert_eq!(parse_redirect(&url, &id).unwrap().gateway_id, "101234567");

        let err = redirect_url("https://a.example/cb", "../etc", &ContractStatus::from_wire(""), &id).unwrap_err();
        assert_eq!(err.kind, ErrorKind::Validation);
        assert_eq!(
            codes(&err),
            vec![
                ("GATEWAY_ID_INVALID", "gatewayId"),
                ("ONBOARDING_PARAM_MISSING", "contractStatus"),
            ]
        );
        let long = ContractStatus::from_wire(&"x".repeat(REDIRECT_URL_MAX_LEN));
        let err = redirect_url("https://a.example/cb", "1", &long, &id).unwrap_err();
        assert_eq!(codes(&err), vec![("ONBOARDING_URL_TOO_LONG", "")]);
    }

    proptest! {
        #[test]
        fn session_ids_round_trip(bytes in prop::collection::vec(any::<u8>(), 16..=64)) {
            if let Ok(id) = SessionId::from_random_bytes(&bytes) {
                prop_assert_eq!(id.as_str().len(), base64url_len(bytes.len()));
                prop_assert_eq!(SessionId::parse(id.as_str()).unwrap(), id.clone());
                let link = invite_link(Brand::Bosch, "acme", "https://a.example/cb", &id).unwrap();
                let back = format!(
                    "https://a.example/cb?gatewayId=101&contractStatus=ACTIVE&sessionId={}",
                    link.rsplit("sessionId=").next().unwrap()
                );
                prop_assert_eq!(parse_redirect(&back, &id).unwrap().session_id, id.as_str());
            }
        }

        #[test]
        fn parse_redirect_never_panics(url in ".{0,300}") {
            let _ = parse_redirect(&url, &session());
        }

        #[test]
        fn parse_redirect_never_panics_on_query_soup(
            parts in prop::collection::vec(
                prop_oneof![
                    Just("gatewayId".to_owned()), Just("sessionId".to_owned()), Just("state".to_owned()),
                    Just("contractStatus".to_owned()), Just("=".to_owned()), Just("&".to_owned()),
                    Just("%".to_owned()), Just("%e2%82".to_owned()), Just("+".to_owned()), Just("?".to_owned()),
                    Just("#".to_owned()), Just("-_8BAgMEBQYHCAkKCwwNDg".to_owned()), "[a-zA-Z0-9%]{0,4}",
                ],
                0..40,
            )
        ) {
            let url: String = parts.concat();
            let expected = session();
            if let Ok(redirect) = parse_redirect(&url, &expected) {
                prop_assert_eq!(redirect.session_id.as_str(), expected.as_str());
            }
        }

        #[test]
        fn parse_invite_link_never_panics(link in ".{0,300}") {
            let _ = parse_invite_link(&link);
        }

        #[test]
        fn parse_invite_link_never_panics_on_query_soup(
            parts in prop::collection::vec(
                prop_oneof![
                    Just(Brand::Bosch.invite_base().to_owned()), Just(Brand::Ivt.invite_base().to_owned()),
                    Just("companyId".to_owned()), Just("redirectUri".to_owned()), Just("sessionId".to_owned()),
                    Just("state".to_owned()), Just("=".to_owned()), Just("&".to_owned()), Just("%".to_owned()),
                    Just("%e2%82".to_owned()), Just("+".to_owned()), Just("?".to_owned()), Just("#".to_owned()),
                    Just("https%3A%2F%2F".to_owned()), Just("-_8BAgMEBQYHCAkKCwwNDg".to_owned()),
                    "[a-zA-Z0-9%:/]{0,4}",
                ],
                0..40,
            )
        ) {
            let link: String = parts.concat();
            if let Ok(invite) = parse_invite_link(&link) {
                // Whatever it accepts, invite_link accepts too.
                prop_assert!(
                    invite_link(invite.brand, &invite.company_id, &invite.redirect_uri, &invite.session_id).is_ok()
                );
            }
        }

        #[test]
        fn invite_links_round_trip(
            brand in 0..3usize,
            company in "\\PC{1,40}",
            path in "[a-zA-Z0-9/._~%!$&'()*+,;=:@-]{0,40}",
            query in prop::option::of("[a-zA-Z0-9/._~%!$'()*+,;=:@?&-]{0,40}"),
            bytes in prop::collection::vec(any::<u8>(), 16..=64),
        ) {
            let (Ok(id), false) = (SessionId::from_random_bytes(&bytes), company.trim().is_empty()) else {
                return Ok(());
            };
            let uri = match query {
                Some(query) => format!("https://app.example.com/{path}?{query}"),
                None => format!("https://app.example.com/{path}"),
            };
            let link = invite_link(Brand::ALL[brand], &company, &uri, &id).unwrap();
            let invite = parse_invite_link(&link).unwrap();
            prop_assert_eq!(
                invite,
                InviteLink { brand: Brand::ALL[brand], company_id: company, redirect_uri: uri, session_id: id }
            );
        }

        #[test]
        fn redirect_urls_round_trip(
            gateway_id in "[A-Za-z0-9_-]{1,64}",
            status in prop_oneof![
                (0..ContractStatus::KNOWN.len()).prop_map(|i| ContractStatus::KNOWN[i].to_owned()),
                "\\PC{1,40}",
            ],
            path in "[a-zA-Z0-9/._~-]{0,40}",
            query in prop::option::of("[a-zA-Z0-9/._~%!$'()*+,;=:@?&-]{0,40}"),
        ) {
            let id = session();
            let uri = match query {
                Some(query) => format!("https://app.example.com/{path}?{query}"),
                None => format!("https://app.example.com/{path}"),
            };
            let status = ContractStatus::from_wire(&status);
            if let Ok(url) = redirect_url(&uri, &gateway_id, &status, &id) {
                let back = parse_redirect(&url, &id).unwrap();
                prop_assert_eq!(back.gateway_id, gateway_id);
                prop_assert_eq!(back.contract_status, status);
                prop_assert_eq!(back.session_id, id.as_str());
            } else {
                // Only a query that already carries one of the parameters is refused.
                let carried = scan_query(uri.split_once('?').map_or("", |(_, q)| q), [
                    wire::PARAM_GATEWAY_ID, wire::PARAM_CONTRACT_STATUS, wire::PARAM_SESSION_ID,
                ]);
                prop_assert!(carried.iter().any(|(count, _)| *count > 0), "{}", uri);
            }
        }

        #[test]
        fn invite_link_never_panics(company in ".{0,40}", redirect in ".{0,80}") {
            let _ = invite_link(Brand::Buderus, &company, &redirect, &session());
        }
    }
}

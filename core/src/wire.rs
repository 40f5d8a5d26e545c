//! Every wire detail in one place, tagged with where it comes from.
//!
//! - `\[seed\]`: the API's release notes (v1.0–v1.35).
//! - `\[docs\]`: the public developer portal (security, rate limits, versioning, onboarding).
//! - `\[assumed\]`: our reconstruction where both are silent. When the real API reference is at
//!   hand, correct an `\[assumed\]` item here (and in `spec/openapi.yaml`, where it carries
//!   `x-provenance: assumed`); the rest of the SDK follows.
//!
//! Model shapes marked `\[assumed\]` live with their resource module and keep unknown fields;
//! validation limits marked `\[assumed\]` live in the rule tables of [`crate::validation`].

/// Header carrying the API key on every request. \[docs\]
pub const HEADER_API_KEY: &str = "x-api-key";
/// Header naming the partner's user on remote-control requests. \[seed 2024-07-30\]
pub const HEADER_USER_ID: &str = "x-user-id";
/// Header selecting (request: `MAJOR`) or reporting (response: `MAJOR.MINOR`) the API version. \[docs\]
pub const HEADER_API_VERSION: &str = "x-api-version";
/// Header carrying the id of a request for support cases. \[seed 2023-09-01: requestId; header name assumed\]
pub const HEADER_REQUEST_ID: &str = "x-request-id";
/// Header telling, on a 429, how many whole seconds until a token is free. \[assumed\]
pub const HEADER_RETRY_AFTER: &str = "retry-after";
/// Content type of every body. \[docs\]
pub const CONTENT_TYPE_JSON: &str = "application/json";

/// The API major version the SDK speaks by default. \[docs\]
pub const DEFAULT_API_MAJOR: u32 = 1;
/// The newest API version the SDK was written against. \[seed\]
pub const KNOWN_API_VERSION: &str = "1.35";

/// Prefix of every API key. \[docs\]
pub const API_KEY_PREFIX: &str = "xHCSAPI";
/// Separator between the parts of a key: `xHCSAPI.<expiry>.<secret>`. \[assumed\]
pub const API_KEY_SEPARATOR: char = '.';
/// Length of the random part of a key the simulator issues. \[assumed\]
pub const API_KEY_SECRET_LEN: usize = 32;
/// Lifetime of a key in days (six months). \[docs\]
pub const API_KEY_LIFETIME_DAYS: i64 = 182;
/// Valid keys a partner may hold at once. \[docs\]
pub const API_KEY_MAX_VALID: usize = 10;

/// Body message of every 401. \[seed v1.2\]
pub const UNAUTHORIZED_MESSAGE: &str = "Unauthorized";

/// Error body field names: `{"status", "error", "message", "requestId", "violations"}`. \[assumed\]
pub mod error_body {
    /// HTTP status repeated in the body.
    pub const STATUS: &str = "status";
    /// Reason phrase.
    pub const ERROR: &str = "error";
    /// Human-readable message.
    pub const MESSAGE: &str = "message";
    /// The request id, repeated in the body.
    pub const REQUEST_ID: &str = "requestId";
    /// List of rule violations on a 400.
    pub const VIOLATIONS: &str = "violations";
}

/// Largest number of bytes of a non-JSON error body kept on an [`crate::Error`].
pub const RAW_BODY_KEEP: usize = 2048;

/// Pattern of a `gatewayId`: 1–64 characters of `[A-Za-z0-9_-]`. \[assumed from the portal's 9-digit examples\]
pub const GATEWAY_ID_MAX_LEN: usize = 64;
/// Largest accepted length of a `keyId` or `holidayModeId` path segment. \[assumed\]
pub const OPAQUE_ID_MAX_LEN: usize = 128;

/// Rate limits (§1.3). \[docs, except the charge numbers: assumed\]
pub mod rate_limits {
    /// A bucket: `burst` tokens, refilled one every `refill_ms` milliseconds.
    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    pub struct BucketSpec {
        /// Tokens the bucket holds when full.
        pub burst: u32,
        /// Milliseconds to refill one token.
        pub refill_ms: u64,
    }
    /// A path with a `gatewayId`: 1 per 2 s, burst 3. \[docs\]
    pub const GATEWAY_PATH: BucketSpec = BucketSpec {
        burst: 3,
        refill_ms: 2_000,
    };
    /// A path without a `gatewayId`: 2 per s, burst 5. \[docs\]
    pub const NON_GATEWAY_PATH: BucketSpec = BucketSpec {
        burst: 5,
        refill_ms: 500,
    };
    /// `PUT .../timePrograms/{timeProgramId}`: 1 per 10 s, burst 1. \[docs\]
    pub const TIME_PROGRAM_PUT: BucketSpec = BucketSpec {
        burst: 1,
        refill_ms: 10_000,
    };
    /// `PATCH .../dhwCircuits/{circuitId}/charge`: 1 per 30 s, burst 1. \[seed 2024-10-10; numbers assumed\]
    pub const DHW_CHARGE_PATCH: BucketSpec = BucketSpec {
        burst: 1,
        refill_ms: 30_000,
    };
}

/// Onboarding (§6). \[docs, seed v1.23, v1.33\]
pub mod onboarding {
    /// Gateway Management Portal invite link of Bosch (HomeCom Pro). \[docs\]
    pub const INVITE_BOSCH: &str = "https://devices.bosch-homecom.com/invite";
    /// Gateway Management Portal invite link of Buderus (ConnectPro). \[docs\]
    pub const INVITE_BUDERUS: &str = "https://devices.buderus-connect.de/invite";
    /// Gateway Management Portal invite link of IVT (ConnectPro). \[docs\]
    pub const INVITE_IVT: &str = "https://devices.ivt-connect.com/invite";
    /// Query parameter carrying the session id (named `state` before v1.33). \[seed v1.33\]
    pub const PARAM_SESSION_ID: &str = "sessionId";
    /// The pre-v1.33 name of the session id parameter. \[seed v1.33\]
    pub const PARAM_SESSION_ID_LEGACY: &str = "state";
    /// Query parameter of the company id. \[docs\]
    pub const PARAM_COMPANY_ID: &str = "companyId";
    /// Query parameter of the redirect URI. \[docs\]
    pub const PARAM_REDIRECT_URI: &str = "redirectUri";
    /// Query parameter of the gateway id in the redirect back. \[docs\]
    pub const PARAM_GATEWAY_ID: &str = "gatewayId";
    /// Query parameter of the contract status in the redirect back. \[docs\]
    pub const PARAM_CONTRACT_STATUS: &str = "contractStatus";
    /// Fewest random bytes in a session id (128 bits). \[docs\]
    pub const SESSION_ID_MIN_BYTES: usize = 16;
}

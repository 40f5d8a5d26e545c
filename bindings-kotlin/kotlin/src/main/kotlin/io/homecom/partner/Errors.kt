package io.homecom.partner

// Hand-written (not generated): what every HomeComException has, whatever its kind, so that
// `catch (e: HomeComException)` can read it. The `when` below is exhaustive over the sealed
// class: a kind added in Rust fails this file's compilation until it is added here.

/** Every field of a [HomeComException], whatever its kind. Holds no secret. */
data class HomeComErrorInfo(
    /** The core's kind name (`ConsentOutdated`, `RateLimited`, …). */
    val kind: String,
    /** The HTTP status, for API errors. */
    val status: Int?,
    /** The request id of the response, for support cases. */
    val requestId: String?,
    /** The `MAJOR.MINOR` API version the server reported. */
    val apiVersion: String?,
    /** The server's message, or the SDK's own. */
    val detail: String,
    /** Every broken rule. */
    val violations: List<Violation>,
    /** Rules that could not be checked for lack of state. */
    val uncheckedRules: List<String>,
    /** On 429: seconds until the limit frees a token. */
    val retryAfter: Double?,
    /** The start of a body that was not the documented JSON error. */
    val rawBody: String?,
)

/** The fields of this exception, whatever its kind. */
val HomeComException.info: HomeComErrorInfo
    get() = when (this) {
    is HomeComException.BadRequest -> HomeComErrorInfo(kind, status, requestId, apiVersion, detail, violations, uncheckedRules, retryAfter, rawBody)
    is HomeComException.Unauthorized -> HomeComErrorInfo(kind, status, requestId, apiVersion, detail, violations, uncheckedRules, retryAfter, rawBody)
    is HomeComException.Forbidden -> HomeComErrorInfo(kind, status, requestId, apiVersion, detail, violations, uncheckedRules, retryAfter, rawBody)
    is HomeComException.NotFound -> HomeComErrorInfo(kind, status, requestId, apiVersion, detail, violations, uncheckedRules, retryAfter, rawBody)
    is HomeComException.Conflict -> HomeComErrorInfo(kind, status, requestId, apiVersion, detail, violations, uncheckedRules, retryAfter, rawBody)
    is HomeComException.RateLimited -> HomeComErrorInfo(kind, status, requestId, apiVersion, detail, violations, uncheckedRules, retryAfter, rawBody)
    is HomeComException.ConsentOutdated -> HomeComErrorInfo(kind, status, requestId, apiVersion, detail, violations, uncheckedRules, retryAfter, rawBody)
    is HomeComException.GatewayOffline -> HomeComErrorInfo(kind, status, requestId, apiVersion, detail, violations, uncheckedRules, retryAfter, rawBody)
    is HomeComException.Server -> HomeComErrorInfo(kind, status, requestId, apiVersion, detail, violations, uncheckedRules, retryAfter, rawBody)
    is HomeComException.UnexpectedStatus -> HomeComErrorInfo(kind, status, requestId, apiVersion, detail, violations, uncheckedRules, retryAfter, rawBody)
    is HomeComException.Validation -> HomeComErrorInfo(kind, status, requestId, apiVersion, detail, violations, uncheckedRules, retryAfter, rawBody)
    is HomeComException.Decode -> HomeComErrorInfo(kind, status, requestId, apiVersion, detail, violations, uncheckedRules, retryAfter, rawBody)
    is HomeComException.Config -> HomeComErrorInfo(kind, status, requestId, apiVersion, detail, violations, uncheckedRules, retryAfter, rawBody)
    is HomeComException.Transport -> HomeComErrorInfo(kind, status, requestId, apiVersion, detail, violations, uncheckedRules, retryAfter, rawBody)
    is HomeComException.WebhookAuth -> HomeComErrorInfo(kind, status, requestId, apiVersion, detail, violations, uncheckedRules, retryAfter, rawBody)
    is HomeComException.Other -> HomeComErrorInfo(kind, status, requestId, apiVersion, detail, violations, uncheckedRules, retryAfter, rawBody)
    }

/** The core's kind name (`ConsentOutdated`, …). */
val HomeComException.kind: String get() = info.kind

/** The HTTP status, for API errors. */
val HomeComException.status: Int? get() = info.status

/** Whether the API answered with this error (an HTTP status), rather than the SDK refusing
 * input or the transport failing. */
val HomeComException.isApiError: Boolean get() = isApiError(this)

/** The `MAJOR.MINOR` API version the server reported. */
val HomeComException.apiVersion: String? get() = info.apiVersion

/** The request id of the response, for support cases. */
val HomeComException.requestId: String? get() = info.requestId

/** The server's message, or the SDK's own. */
val HomeComException.detail: String get() = info.detail

/** Every broken rule. */
val HomeComException.violations: List<Violation> get() = info.violations

/** Rules that could not be checked for lack of state. */
val HomeComException.uncheckedRules: List<String> get() = info.uncheckedRules

/** On 429: seconds until the limit frees a token. */
val HomeComException.retryAfter: Double? get() = info.retryAfter

/** The start of a body that was not the documented JSON error. */
val HomeComException.rawBody: String? get() = info.rawBody

/** The error in one readable line (also its `message`):
 * `ConsentOutdated (451): … [request id …]; field [CODE]: …`. */
val HomeComException.summary: String get() = describeError(this)

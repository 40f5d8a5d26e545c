"""The exceptions of the SDK: one class per kind of the core's ``Error``.

Every exception the SDK raises is a :class:`HomeComError` (or ``asyncio.CancelledError`` /
``KeyboardInterrupt`` when a call is cancelled). Each carries everything the core knows:
``kind``, ``message``, and where they apply ``status``, ``request_id``, ``api_version``,
``violations``, ``unchecked_rules``, ``retry_after`` (seconds) and ``raw_body``. No error ever
holds an API key or a webhook secret.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Dict, Mapping, Optional, Sequence, Tuple, Type

__all__ = [
    "ApiError",
    "BadRequestError",
    "ConfigError",
    "ConflictError",
    "ConsentOutdatedError",
    "DecodeError",
    "ForbiddenError",
    "GatewayOfflineError",
    "HomeComError",
    "NotFoundError",
    "RateLimitedError",
    "ServerError",
    "TransportError",
    "UnauthorizedError",
    "UnexpectedStatusError",
    "ValidationError",
    "Violation",
    "WebhookAuthError",
]


@dataclass(frozen=True)
class Violation:
    """One broken rule: a stable ``code``, the ``fields`` it concerns, its ``limit`` (in words)
    and a ``message`` for people."""

    code: str
    fields: Tuple[str, ...]
    limit: Optional[str]
    message: str

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Violation:
        return cls(
            code=str(data.get("code", "")),
            fields=tuple(data.get("fields") or ()),
            limit=data.get("limit"),
            message=str(data.get("message", "")),
        )

    def __str__(self) -> str:
        return f"{', '.join(self.fields)} [{self.code}]: {self.message}"


class HomeComError(Exception):
    """Base of every SDK error."""

    kind: str = "Unknown"

    def __init__(
        self,
        message: str,
        *,
        kind: Optional[str] = None,
        status: Optional[int] = None,
        request_id: Optional[str] = None,
        api_version: Optional[str] = None,
        violations: Sequence[Violation] = (),
        unchecked_rules: Sequence[str] = (),
        retry_after: Optional[float] = None,
        raw_body: Optional[str] = None,
    ) -> None:
        super().__init__(message)
        if kind is not None:
            self.kind = kind
        self.message = message
        self.status = status
        self.request_id = request_id
        self.api_version = api_version
        self.violations: Tuple[Violation, ...] = tuple(violations)
        self.unchecked_rules: Tuple[str, ...] = tuple(unchecked_rules)
        self.retry_after = retry_after
        self.raw_body = raw_body

    def __str__(self) -> str:
        text = self.kind
        if self.status is not None:
            text += f" ({self.status})"
        text += f": {self.message}"
        if self.request_id:
            text += f" [request id {self.request_id}]"
        if self.retry_after is not None:
            text += f" [retry after {self.retry_after}s]"
        return text

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.message!r}, status={self.status!r}, request_id={self.request_id!r})"

    def to_dict(self) -> Dict[str, Any]:
        """The error as the core serialises it (camelCase)."""
        out: Dict[str, Any] = {"kind": self.kind, "message": self.message}
        for key, value in (
            ("status", self.status),
            ("requestId", self.request_id),
            ("apiVersion", self.api_version),
            ("retryAfter", self.retry_after),
            ("rawBody", self.raw_body),
        ):
            if value is not None:
                out[key] = value
        if self.violations:
            out["violations"] = [
                {"code": v.code, "fields": list(v.fields), "limit": v.limit, "message": v.message}
                for v in self.violations
            ]
        if self.unchecked_rules:
            out["uncheckedRules"] = list(self.unchecked_rules)
        return out


class ApiError(HomeComError):
    """The API answered with an error status: ``status``, ``request_id``, ``message``,
    ``violations`` (on 400) and ``api_version``."""


class BadRequestError(ApiError):
    """400: invalid gatewayId, body or ``x-api-version``; ``violations`` lists the server's."""

    kind = "BadRequest"


class UnauthorizedError(ApiError):
    """401: missing, unknown or expired API key."""

    kind = "Unauthorized"


class ForbiddenError(ApiError):
    """403: the owner has not given the partner access to this appliance."""

    kind = "Forbidden"


class NotFoundError(ApiError):
    """404: unknown gateway, circuit, time program, holiday mode, contract or key."""

    kind = "NotFound"


class ConflictError(ApiError):
    """409: illegal contract transition, or an 11th valid API key."""

    kind = "Conflict"


class RateLimitedError(ApiError):
    """429: a rate limit is exhausted; ``retry_after`` says for how many seconds."""

    kind = "RateLimited"


class ConsentOutdatedError(ApiError):
    """451: remote control with a consent older than July 2024."""

    kind = "ConsentOutdated"


class GatewayOfflineError(ApiError):
    """504: the gateway is offline."""

    kind = "GatewayOffline"


class ServerError(ApiError):
    """Any other 5xx: a server fault."""

    kind = "Server"


class UnexpectedStatusError(ApiError):
    """A status the API does not document (3xx, other 4xx)."""

    kind = "UnexpectedStatus"


class ValidationError(HomeComError, ValueError):
    """Input broke a documented rule, found before any IO: every ``violations`` entry, and the
    ``unchecked_rules`` that could not be checked for lack of state."""

    kind = "Validation"


class DecodeError(HomeComError):
    """A response or webhook body that does not match the documented shape."""

    kind = "Decode"


class ConfigError(HomeComError, ValueError):
    """A configuration the SDK refuses (URL, key, missing user id, ...), before any IO."""

    kind = "Config"


class TransportError(HomeComError):
    """The transport failed (connection, TLS, timeout)."""

    kind = "Transport"


class WebhookAuthError(HomeComError):
    """A webhook call failed authentication."""

    kind = "WebhookAuth"


_BY_KIND: Dict[str, Type[HomeComError]] = {
    cls.kind: cls
    for cls in (
        BadRequestError,
        UnauthorizedError,
        ForbiddenError,
        NotFoundError,
        ConflictError,
        RateLimitedError,
        ConsentOutdatedError,
        GatewayOfflineError,
        ServerError,
        UnexpectedStatusError,
        ValidationError,
        DecodeError,
        ConfigError,
        TransportError,
        WebhookAuthError,
    )
}


def error_from_dict(data: Mapping[str, Any]) -> HomeComError:
    """The exception for a core error in its JSON form."""
    kind = str(data.get("kind", ""))
    cls = _BY_KIND.get(kind)
    if cls is None:
        cls = ApiError if data.get("status") is not None else HomeComError
    return cls(
        str(data.get("message", "")),
        kind=kind or None,
        status=data.get("status"),
        request_id=data.get("requestId"),
        api_version=data.get("apiVersion"),
        violations=[Violation.from_dict(v) for v in data.get("violations") or ()],
        unchecked_rules=list(data.get("uncheckedRules") or ()),
        retry_after=data.get("retryAfter"),
        raw_body=data.get("rawBody"),
    )


def error_from_native(exc: BaseException) -> HomeComError:
    """The exception for a ``_native.NativeError`` (whose argument is the core error as JSON)."""
    text = exc.args[0] if exc.args else ""
    try:
        data = json.loads(text)
    except (TypeError, ValueError):
        return HomeComError(str(text))
    if not isinstance(data, dict):
        return HomeComError(str(text))
    return error_from_dict(data)

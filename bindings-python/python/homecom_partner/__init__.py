"""homecom-partner: SDK for the Bosch Home Comfort Partner API (HomeCom Pro, Buderus ConnectPro,
IVT ConnectPro), on the SDK's Rust core.

    from homecom_partner import Client

    client = Client("https://…", "xHCSAPI.…", user_id="installer-42")
    circuit = client.get_dhw_circuit(gateway_id="101234567", circuit_id=1)
    print(circuit.operation_mode)
"""

from __future__ import annotations

from . import models
from ._invoke import Response
from ._native import version as _version
from .client import ApiKeyStatus, AsyncClient, Client, KeyRotation, RetryPolicy
from .errors import (
    ApiError,
    BadRequestError,
    ConfigError,
    ConflictError,
    ConsentOutdatedError,
    DecodeError,
    ForbiddenError,
    GatewayOfflineError,
    HomeComError,
    NotFoundError,
    RateLimitedError,
    ServerError,
    TransportError,
    UnauthorizedError,
    UnexpectedStatusError,
    ValidationError,
    Violation,
    WebhookAuthError,
)
from .tools import (
    DataPointMatch,
    HttpRequest,
    OnboardingRedirect,
    OperationInfo,
    Rule,
    ValidationReport,
    all_rules,
    api_key_status,
    build_request,
    check,
    decode_response,
    invite_link,
    lookup,
    new_session_id,
    operations,
    parse_redirect,
    redact_key,
)
from .webhooks import (
    WebhookEvent,
    WebhookReceiver,
    WebhookResult,
    canonical_json,
    fingerprint,
    parse_event,
    parse_events,
    verify_webhook,
)

__version__ = _version()

__all__ = [
    "ApiError",
    "ApiKeyStatus",
    "AsyncClient",
    "BadRequestError",
    "Client",
    "ConfigError",
    "ConflictError",
    "ConsentOutdatedError",
    "DataPointMatch",
    "DecodeError",
    "ForbiddenError",
    "GatewayOfflineError",
    "HomeComError",
    "HttpRequest",
    "KeyRotation",
    "NotFoundError",
    "OnboardingRedirect",
    "OperationInfo",
    "RateLimitedError",
    "Response",
    "RetryPolicy",
    "Rule",
    "ServerError",
    "TransportError",
    "UnauthorizedError",
    "UnexpectedStatusError",
    "ValidationError",
    "ValidationReport",
    "Violation",
    "WebhookAuthError",
    "WebhookEvent",
    "WebhookReceiver",
    "WebhookResult",
    "__version__",
    "all_rules",
    "api_key_status",
    "build_request",
    "canonical_json",
    "check",
    "decode_response",
    "fingerprint",
    "invite_link",
    "lookup",
    "models",
    "new_session_id",
    "operations",
    "parse_event",
    "parse_events",
    "parse_redirect",
    "redact_key",
    "verify_webhook",
]

"""Webhooks: parse events, fingerprint them, authenticate and de-duplicate incoming calls.

The API sends one ``POST`` per event, without retries; duplicates and late events happen, so a
receiver must be idempotent. :class:`WebhookReceiver` does what a receiving endpoint needs:
check the credentials, parse the body, and say whether the event was seen recently.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Dict, Iterable, List, Mapping, Optional, Tuple, Union

from . import _native, models
from ._model import Model
from .errors import HomeComError, error_from_dict, error_from_native

__all__ = [
    "WebhookEvent",
    "WebhookReceiver",
    "WebhookResult",
    "canonical_json",
    "fingerprint",
    "parse_event",
    "parse_events",
    "verify_webhook",
]

Body = Union[bytes, bytearray, memoryview, str]
HeaderInput = Union[Mapping[str, str], Iterable[Tuple[str, str]]]

_EVENT_MODELS: Dict[str, type[Model]] = {
    "CONNECTIVITY_STATUS": models.ConnectivityStatusEvent,
    "APPLIANCE_STATUS": models.ApplianceStatusEvent,
    "DATA_POINT": models.DataPointEvent,
    "DAILY_AGGREGATE": models.DailyAggregateEvent,
    "CONTRACT_STATUS": models.ContractStatusEvent,
}


@dataclass(frozen=True)
class WebhookEvent:
    """One parsed event: its type, gateway, whether the SDK knows the type, its fingerprint
    (stable across key order, whitespace and number spelling) and the wire form ``data``."""

    event_type: str
    gateway_id: Optional[str]
    known: bool
    fingerprint: str
    data: Dict[str, Any] = field(repr=False)

    @classmethod
    def _from(cls, raw: Mapping[str, Any]) -> WebhookEvent:
        return cls(raw["eventType"], raw.get("gatewayId"), bool(raw["known"]), raw["fingerprint"], raw["event"])

    def model(self) -> Optional[Model]:
        """The typed event (``models.DataPointEvent``, ...), or ``None`` for an unknown type."""
        cls = _EVENT_MODELS.get(self.event_type)
        return cls.from_dict(self.data) if cls is not None else None


def _bytes(body: Body) -> Union[bytes, str]:
    if isinstance(body, str):
        return body
    return bytes(body)


def _header_list(headers: HeaderInput) -> List[Tuple[str, str]]:
    items = headers.items() if isinstance(headers, Mapping) else headers
    return [(str(name), str(value)) for name, value in items]


def parse_event(body: Body) -> WebhookEvent:
    """Parses the body of one webhook ``POST`` (one JSON object). Raises ``DecodeError``."""
    try:
        return WebhookEvent._from(_native.parse_event(_bytes(body)))
    except _native.NativeError as exc:
        raise error_from_native(exc) from None


def parse_events(body: Body) -> List[WebhookEvent]:
    """Parses a JSON array of events (or one event object). Raises ``DecodeError``."""
    try:
        return [WebhookEvent._from(raw) for raw in _native.parse_events(_bytes(body))]
    except _native.NativeError as exc:
        raise error_from_native(exc) from None


def fingerprint(body: Body) -> str:
    """The fingerprint of one event body: hex SHA-256 of its canonical JSON."""
    try:
        return _native.fingerprint(_bytes(body))
    except _native.NativeError as exc:
        raise error_from_native(exc) from None


def canonical_json(value: Any) -> str:
    """The canonical JSON text of a value (sorted keys, no whitespace, ECMAScript numbers)."""
    try:
        return _native.canonical_json(json.dumps(value))
    except _native.NativeError as exc:
        raise error_from_native(exc) from None


def verify_webhook(
    headers: HeaderInput,
    *,
    secret_header: Optional[Tuple[str, str]] = None,
    basic: Optional[Tuple[str, str]] = None,
) -> None:
    """Checks the credentials of a webhook call: ``secret_header=(name, secret)`` and/or HTTP
    ``basic=(user, password)``. Raises ``WebhookAuthError`` (or ``ConfigError`` for a
    configuration that would accept anyone, such as an empty secret)."""
    try:
        _native.verify_webhook(_header_list(headers), secret_header, basic)
    except _native.NativeError as exc:
        raise error_from_native(exc) from None


@dataclass(frozen=True)
class WebhookResult:
    """What became of one call: the ``status`` to answer (200, 400, 401, 500), the event
    (``None`` on an error), whether it is a ``duplicate``, and the ``error``."""

    status: int
    event: Optional[WebhookEvent]
    duplicate: bool
    error: Optional[HomeComError]

    @property
    def ok(self) -> bool:
        return self.error is None


class WebhookReceiver:
    """A thread-safe receiver for any web framework: ``handle(headers, body)`` authenticates,
    parses and de-duplicates (over the last ``window`` fingerprints, default 10,000)."""

    def __init__(
        self,
        *,
        secret_header: Optional[Tuple[str, str]] = None,
        basic: Optional[Tuple[str, str]] = None,
        window: Optional[int] = None,
    ) -> None:
        self._inner = _native.WebhookReceiver(secret_header, basic, window)

    def handle(self, headers: HeaderInput, body: Body) -> WebhookResult:
        status, received, error = self._inner.handle(_header_list(headers), _bytes(body))
        if received is not None:
            raw = json.loads(received)
            return WebhookResult(status, WebhookEvent._from(raw), bool(raw["duplicate"]), None)
        return WebhookResult(status, None, False, error_from_dict(json.loads(error or "{}")))

    def __repr__(self) -> str:
        return f"WebhookReceiver({self._inner!r})"

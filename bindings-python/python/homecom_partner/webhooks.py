"""Webhooks: parse events, fingerprint them, authenticate and de-duplicate incoming calls.

The API sends one ``POST`` per event, without retries; duplicates and late events happen, so a
receiver must be idempotent. :class:`WebhookReceiver` does what a receiving endpoint needs:
check the credentials, parse the body, and say whether the event was seen recently.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
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


class WebhookEvent:
    """One parsed event: its type, gateway, whether the SDK knows the type, its fingerprint
    (stable across key order, whitespace and number spelling) and the wire form ``data``.

    The event stays in the native parser's hands until ``data`` or ``fingerprint`` is first
    read, so parsing costs what the Rust parser costs. Read-only; equal when the fingerprints
    are."""

    __slots__ = ("_data", "_fingerprint", "_native", "_plain")

    def __init__(self, native: Union[_native.Event, Mapping[str, Any]]) -> None:
        self._native: Optional[_native.Event] = None
        self._data: Optional[Dict[str, Any]] = None
        self._fingerprint: Optional[str] = None
        self._plain: Tuple[str, Optional[str], bool] = ("", None, False)
        if isinstance(native, _native.Event):
            self._native = native
        else:  # the receiver's dict form: {event, eventType, gatewayId, known, fingerprint}
            self._data = dict(native["event"])
            self._fingerprint = str(native["fingerprint"])
            self._plain = (str(native["eventType"]), native.get("gatewayId"), bool(native["known"]))

    @classmethod
    def _from(cls, raw: Mapping[str, Any]) -> WebhookEvent:
        return cls(raw)

    @property
    def event_type(self) -> str:
        """The ``eventType``."""
        return self._native.event_type if self._native is not None else self._plain[0]

    @property
    def gateway_id(self) -> Optional[str]:
        """The ``gatewayId``."""
        return self._native.gateway_id if self._native is not None else self._plain[1]

    @property
    def known(self) -> bool:
        """Whether this SDK version knows the event type."""
        return self._native.known if self._native is not None else self._plain[2]

    @property
    def fingerprint(self) -> str:
        """Hex SHA-256 of the event's canonical JSON: the key for de-duplication."""
        if self._fingerprint is None and self._native is not None:
            self._fingerprint = self._native.fingerprint()
        return self._fingerprint or ""

    @property
    def data(self) -> Dict[str, Any]:
        """The event in wire form (camelCase keys), unknown fields included."""
        if self._data is None and self._native is not None:
            self._data = self._native.data()
        return self._data if self._data is not None else {}

    def model(self) -> Optional[Model]:
        """The typed event (``models.DataPointEvent``, ...), or ``None`` for an unknown type."""
        cls = _EVENT_MODELS.get(self.event_type)
        return cls.from_dict(self.data) if cls is not None else None

    def __eq__(self, other: object) -> bool:
        return isinstance(other, WebhookEvent) and other.fingerprint == self.fingerprint

    def __hash__(self) -> int:
        return hash(self.fingerprint)

    def __repr__(self) -> str:
        return f"WebhookEvent(event_type={self.event_type!r}, gateway_id={self.gateway_id!r}, known={self.known!r})"


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
        return WebhookEvent(_native.parse_event(_bytes(body)))
    except _native.NativeError as exc:
        raise error_from_native(exc) from None


def parse_events(body: Body) -> List[WebhookEvent]:
    """Parses a JSON array of events (or one event object). Raises ``DecodeError``."""
    try:
        return [WebhookEvent(event) for event in _native.parse_events(_bytes(body))]
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

"""Pure functions of the core: validation, request building and decoding for your own
transport, the data point catalog, API key expiry, onboarding links and redirects."""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from typing import Any, Dict, List, Mapping, Optional, Sequence, Tuple

from . import _native
from ._invoke import Response, dumps
from .errors import Violation, error_from_native

__all__ = [
    "DataPointMatch",
    "HttpRequest",
    "OnboardingRedirect",
    "OperationInfo",
    "Rule",
    "ValidationReport",
    "all_rules",
    "api_key_status",
    "build_request",
    "check",
    "decode_response",
    "invite_link",
    "lookup",
    "new_session_id",
    "operations",
    "parse_redirect",
    "redact_key",
]


def _operation_id(name: str) -> str:
    """``get_dhw_circuit`` or ``getDhwCircuit`` → ``getDhwCircuit``."""
    if "_" not in name:
        return name
    head, *rest = name.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


def _native_json(fn: Any, *args: Any) -> Any:
    try:
        return json.loads(fn(*args))
    except _native.NativeError as exc:
        raise error_from_native(exc) from None


@dataclass(frozen=True)
class OperationInfo:
    """One row of the core's operation table."""

    name: str
    method_name: str
    method: str
    path: str
    success_status: int
    deprecated: bool
    remote_control: bool


def _snake(name: str) -> str:
    return re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", name).lower()


def operations() -> List[OperationInfo]:
    """The 37 operations as the core's table lists them."""
    return [
        OperationInfo(
            o["name"],
            _snake(o["name"]),
            o["method"],
            o["path"],
            o["successStatus"],
            o["deprecated"],
            o["remoteControl"],
        )
        for o in json.loads(_native.operations())
    ]


@dataclass(frozen=True)
class ValidationReport:
    """Every broken rule, and the rules that could not be checked for lack of state."""

    violations: Tuple[Violation, ...]
    unchecked_rules: Tuple[str, ...]

    @property
    def valid(self) -> bool:
        return not self.violations

    @property
    def codes(self) -> List[str]:
        """The sorted, distinct codes of the violations."""
        return sorted({v.code for v in self.violations})


def check(operation: str, input: Mapping[str, Any]) -> ValidationReport:
    """Validates an operation's input (wire form: path parameters, ``body``, and state such as
    ``current``) without building a request. Raises ``ValidationError`` only for input of the
    wrong shape."""
    op = _operation_id(operation)
    data = _native_json(_native.check, op, dumps(op, input))
    return ValidationReport(
        tuple(Violation.from_dict(v) for v in data.get("violations", ())), tuple(data.get("uncheckedRules", ()))
    )


@dataclass(frozen=True)
class HttpRequest:
    """A request the core built, for your own transport. ``headers`` carry the API key in clear
    (for sending); ``repr()`` hides it."""

    operation: str
    method: str
    url: str
    path: str
    headers: Tuple[Tuple[str, str], ...]
    body: Optional[str]

    def __repr__(self) -> str:
        shown = tuple((n, _native.shown_header_value(n, v)) for n, v in self.headers)
        return f"HttpRequest({self.method} {self.url}, headers={shown!r}, body={self.body!r})"


def build_request(
    operation: str,
    input: Mapping[str, Any],
    *,
    base_url: str,
    api_key: Optional[str] = None,
    user_id: Optional[str] = None,
    api_major: Optional[int] = None,
    headers: Optional[Sequence[Tuple[str, str]]] = None,
) -> HttpRequest:
    """Builds (and validates) the request of an operation, as the client would send it."""
    op = _operation_id(operation)
    data = _native_json(
        _native.build,
        op,
        dumps(op, input),
        base_url,
        api_key,
        user_id,
        api_major,
        list(headers) if headers is not None else None,
    )
    return HttpRequest(
        data["operation"],
        data["method"],
        data["url"],
        data["path"],
        tuple((n, v) for n, v in data["headers"]),
        data.get("body"),
    )


def decode_response(operation: str, status: int, headers: Sequence[Tuple[str, str]], body: bytes) -> Response[Any]:
    """Decodes an answer your own transport received: the value (wire JSON) or the typed error."""
    try:
        value, status, request_id, api_version = _native.decode(_operation_id(operation), status, list(headers), body)
    except _native.NativeError as exc:
        raise error_from_native(exc) from None
    return Response(json.loads(value), status, request_id, api_version)


@dataclass(frozen=True)
class DataPointMatch:
    """A data point key looked up in the catalog: the entry (``None`` if unknown) and the values
    of its placeholders (``hcX`` → ``circuit``, ``hs{heatSourceId}`` → ``heat_source``, ...)."""

    key: str
    known: bool
    pattern: Optional[str]
    unit: Optional[str]
    event: Optional[str]
    kind: Optional[str]
    circuit: Optional[int]
    heat_source: Optional[int]
    holiday_mode_id: Optional[str]
    entry: Optional[Dict[str, Any]]


def lookup(key: str) -> DataPointMatch:
    """Looks a data point key up in the catalog."""
    data = _native_json(_native.lookup, key)
    entry = data.get("entry")
    return DataPointMatch(
        key=data["key"],
        known=bool(data["known"]),
        pattern=entry["pattern"] if entry else None,
        unit=entry["unit"] if entry else None,
        event=entry["event"] if entry else None,
        kind=entry["kind"] if entry else None,
        circuit=data.get("circuit"),
        heat_source=data.get("heatSource"),
        holiday_mode_id=data.get("holidayModeId"),
        entry=entry,
    )


def api_key_status(key: str, now: Optional[str] = None) -> Any:
    """A key's expiry without showing it, at ``now`` (RFC 3339; default: the clock). Returns a
    :class:`homecom_partner.ApiKeyStatus`; raises ``ConfigError`` for a malformed key."""
    from .client import ApiKeyStatus

    return ApiKeyStatus.from_dict(_native_json(_native.api_key_info, key, now))


def redact_key(key: str) -> str:
    """A key as ``xHCSAPI.…abcd``."""
    return _native.redact_key(key)


def new_session_id() -> str:
    """A new onboarding session id (128 random bits from ``os.urandom``, base64url)."""
    try:
        return _native.session_id_from_bytes(os.urandom(16))
    except _native.NativeError as exc:  # pragma: no cover - 16 random bytes are always accepted
        raise error_from_native(exc) from None


def invite_link(brand: str, company_id: str, redirect_uri: str, session_id: str) -> str:
    """The invite link of the brand's (``BOSCH``, ``BUDERUS``, ``IVT``) Gateway Management Portal."""
    try:
        return _native.invite_link(brand, company_id, redirect_uri, session_id)
    except _native.NativeError as exc:
        raise error_from_native(exc) from None


@dataclass(frozen=True)
class OnboardingRedirect:
    """What the customer's return to the redirect URI says."""

    gateway_id: str
    contract_status: str
    session_id: str


def parse_redirect(url: str, expected_session_id: str) -> OnboardingRedirect:
    """Reads the URL the customer came back to and checks its session id (constant time).
    Raises ``ValidationError`` listing every problem."""
    data = _native_json(_native.parse_redirect, url, expected_session_id)
    return OnboardingRedirect(data["gatewayId"], data["contractStatus"], data["sessionId"])


@dataclass(frozen=True)
class Rule:
    """One validation rule of the core."""

    code: str
    fields: Tuple[str, ...]
    limit: str
    message: str
    min: Optional[float]
    max: Optional[float]
    step: Optional[float]
    provenance: str


def all_rules() -> List[Rule]:
    """Every validation rule of every resource."""
    return [
        Rule(
            r["code"],
            tuple(r["fields"]),
            r["limit"],
            r["message"],
            r.get("min"),
            r.get("max"),
            r.get("step"),
            r["provenance"],
        )
        for r in json.loads(_native.all_rules())
    ]

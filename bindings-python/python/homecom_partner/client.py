"""``Client`` (blocking) and ``AsyncClient`` (asyncio): the 37 operations over the native client.

Both wrap one Rust ``homecom_client::Client``: it builds and validates requests with the core,
paces them by the documented rate limits, retries what is safe to retry, and decodes the
answers. Every attempt is logged to the ``homecom_partner`` logger (DEBUG: attempts and
answers, INFO: retries, WARNING: 429s); the API key appears in no log line, error or repr.
"""

from __future__ import annotations

import json
import os
import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Dict, Mapping, Optional, Sequence, Tuple, TypeVar, Union

from . import _native, models
from ._invoke import _sync_logging
from ._operations import AsyncOperations, SyncOperations
from .errors import HomeComError, error_from_dict, error_from_native

if TYPE_CHECKING:
    from typing_extensions import Self

__all__ = ["ApiKeyStatus", "AsyncClient", "Client", "KeyRotation", "RetryPolicy"]

C = TypeVar("C", bound="_ClientBase")

Headers = Union[Mapping[str, str], Sequence[Tuple[str, str]]]


def _headers(headers: Optional[Headers]) -> Optional[list[Tuple[str, str]]]:
    if headers is None:
        return None
    if isinstance(headers, Mapping):
        return [(str(k), str(v)) for k, v in headers.items()]
    return [(str(k), str(v)) for k, v in headers]


@dataclass(frozen=True)
class RetryPolicy:
    """How requests are retried (durations in seconds; ``deadline=None``: no overall deadline).

    POST is never retried, PATCH only when the request never reached the server, 504 never.
    """

    max_attempts: int = 4
    base_delay: float = 0.2
    max_delay: float = 10.0
    max_retry_after: float = 60.0
    deadline: Optional[float] = 60.0

    def to_json(self) -> str:
        def ms(secs: float) -> int:
            return round(secs * 1000)

        return json.dumps(
            {
                "maxAttempts": self.max_attempts,
                "baseDelayMs": ms(self.base_delay),
                "maxDelayMs": ms(self.max_delay),
                "maxRetryAfterMs": ms(self.max_retry_after),
                "deadlineMs": None if self.deadline is None else ms(self.deadline),
            }
        )


@dataclass(frozen=True)
class ApiKeyStatus:
    """What the SDK can say about an API key without showing it."""

    redacted: str
    expires_at: Optional[str]
    days_left: Optional[int]
    expired: bool

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ApiKeyStatus:
        return cls(data["redacted"], data.get("expiresAt"), data.get("daysLeft"), bool(data.get("expired")))


@dataclass(frozen=True)
class KeyRotation:
    """The outcome of a key rotation: the new key (``new_key.api_key``: store it safely), the
    identity it was verified with, and whether deleting the old key failed."""

    new_key: models.ApiKeyCreated
    identity: models.ApiKeyIdentity
    old_key_id: str
    old_key_delete_error: Optional[HomeComError]

    @property
    def old_key_deleted(self) -> bool:
        return self.old_key_delete_error is None

    @classmethod
    def from_json(cls, text: str) -> KeyRotation:
        data = json.loads(text)
        error = data.get("oldKeyDeleteError")
        return cls(
            new_key=models.ApiKeyCreated.from_dict(data["newKey"]),
            identity=models.ApiKeyIdentity.from_dict(data["identity"]),
            old_key_id=data["oldKeyId"],
            old_key_delete_error=error_from_dict(error) if error else None,
        )


def _user_agent() -> str:
    return f"homecom-partner/{_native.version()} python/{sys.version_info[0]}.{sys.version_info[1]}"


class _ClientBase:
    _handle: _native.NativeClient

    def __init__(
        self,
        base_url: str,
        api_key: Optional[str] = None,
        *,
        user_id: Optional[str] = None,
        api_major: Optional[int] = None,
        headers: Optional[Headers] = None,
        retry_policy: Optional[RetryPolicy] = None,
        attempt_timeout: Optional[float] = None,
        pacing: bool = True,
        pacer_time_scale: Optional[float] = None,
        pacer_delay_allowance: Optional[float] = None,
        user_agent: Optional[str] = None,
    ) -> None:
        """A client of the API at ``base_url`` (https; http only on loopback, for the simulator).

        ``api_key`` may be left out for a partner backend (proxy) that adds it. ``user_id`` is
        the partner user sent as ``x-user-id``, needed for remote control. ``pacer_time_scale``
        matches a simulator running its rate limits faster (e.g. 0.01). Raises
        :class:`~homecom_partner.ConfigError` for a configuration the SDK refuses.
        """
        _sync_logging()
        try:
            self._handle = _native.NativeClient(
                base_url,
                api_key,
                user_id=user_id,
                api_major=api_major,
                headers=_headers(headers),
                retry_policy=retry_policy.to_json() if retry_policy is not None else None,
                attempt_timeout=attempt_timeout,
                pacing=pacing,
                pacer_time_scale=pacer_time_scale,
                pacer_delay_allowance=pacer_delay_allowance,
                user_agent=user_agent if user_agent is not None else _user_agent(),
            )
        except _native.NativeError as exc:
            raise error_from_native(exc) from None

    @classmethod
    def from_env(cls, environ: Optional[Mapping[str, str]] = None, **options: Any) -> Self:
        """A client from ``HOMECOM_BASE_URL``, ``HOMECOM_API_KEY`` and ``HOMECOM_USER_ID`` (as the
        simulator prints them); other options as keywords."""
        env = os.environ if environ is None else environ
        base_url = env.get("HOMECOM_BASE_URL")
        if not base_url:
            raise error_from_dict({"kind": "Config", "message": "HOMECOM_BASE_URL is not set"})
        options.setdefault("user_id", env.get("HOMECOM_USER_ID") or None)
        return cls(base_url, env.get("HOMECOM_API_KEY") or None, **options)

    def _describe(self) -> Dict[str, Any]:
        result: Dict[str, Any] = json.loads(self._handle.describe())
        return result

    @property
    def base_url(self) -> str:
        return str(self._describe()["baseUrl"])

    @property
    def user_id(self) -> Optional[str]:
        user: Optional[str] = self._describe().get("userId")
        return user

    def api_key_status(self) -> Optional[ApiKeyStatus]:
        """The current key's expiry, redacted (``None`` without a key)."""
        text = self._handle.api_key_info()
        return ApiKeyStatus.from_dict(json.loads(text)) if text is not None else None

    def set_api_key(self, api_key: str) -> None:
        """Switches to another key (checked like any key)."""
        try:
            self._handle.set_api_key(api_key)
        except _native.NativeError as exc:
            raise error_from_native(exc) from None

    def __repr__(self) -> str:
        info = self._describe()
        return (
            f"{type(self).__name__}(base_url={info['baseUrl']!r}, user_id={info['userId']!r}, "
            f"api_key={info['apiKey']!r})"
        )


class Client(_ClientBase, SyncOperations):
    """The blocking client: one method per operation, e.g.
    ``client.get_dhw_circuit(gateway_id="101234567", circuit_id=1)``.

    Thread-safe; the GIL is released while a request runs, and Ctrl-C cancels it."""

    def rotate_api_key(self) -> KeyRotation:
        """Creates a new key, verifies it, switches this client to it and deletes the old one."""
        try:
            return KeyRotation.from_json(self._handle.rotate_api_key())
        except _native.NativeError as exc:
            raise error_from_native(exc) from None

    def close(self) -> None:
        """Nothing to release (connections close with the client); for symmetry."""

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class AsyncClient(_ClientBase, AsyncOperations):
    """The asyncio client: ``await client.get_dhw_circuit(gateway_id="101234567", circuit_id=1)``.

    Requests run on the SDK's own runtime; the event loop is never blocked. Calls may run
    concurrently (``asyncio.gather``); cancelling one cancels its request."""

    async def rotate_api_key(self) -> KeyRotation:
        """Creates a new key, verifies it, switches this client to it and deletes the old one."""
        try:
            return KeyRotation.from_json(await self._handle.rotate_api_key_async())
        except _native.NativeError as exc:
            raise error_from_native(exc) from None

    async def aclose(self) -> None:
        """Nothing to release; for symmetry with other asyncio clients."""

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

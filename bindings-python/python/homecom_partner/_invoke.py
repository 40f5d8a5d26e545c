"""How the generated operation methods reach the native client: JSON in, models out."""

from __future__ import annotations

import json
import logging
import warnings
from dataclasses import dataclass
from typing import Any, Callable, Dict, Generic, List, Mapping, Type, TypeVar

from . import _native
from ._model import Model
from .errors import ValidationError, Violation, error_from_native

T = TypeVar("T")
M = TypeVar("M", bound=Model)

LOGGER = logging.getLogger("homecom_partner")


@dataclass(frozen=True)
class Response(Generic[T]):
    """A success: the decoded ``value`` plus what the server said about the exchange.
    ``repr()`` redacts any API key in the value (the answer of ``createApiKey``)."""

    value: T
    status: int
    request_id: str | None
    api_version: str | None

    def __repr__(self) -> str:
        value = _native.redact_keys_in(repr(self.value))
        return (
            f"Response(value={value}, status={self.status!r}, request_id={self.request_id!r}, "
            f"api_version={self.api_version!r})"
        )


def _sync_logging() -> None:
    """Keeps the native log bridge at the logger's current level (cheap: one FFI call)."""
    _native.install_logging(LOGGER, LOGGER.getEffectiveLevel())


def _shape_error(operation: str, detail: str) -> ValidationError:
    message = f"the input of {operation} does not have the expected shape: {detail}"
    return ValidationError(
        f"invalid input: [INPUT_SHAPE]: {message}",
        violations=[Violation("INPUT_SHAPE", (), None, message)],
    )


def _json_default(value: Any) -> Any:
    if isinstance(value, Model):
        return value.to_dict()
    if isinstance(value, (set, frozenset, tuple)):
        return list(value)
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


def dumps(operation: str, payload: Mapping[str, Any]) -> str:
    """The JSON text of an operation's input; models anywhere in it become their wire form."""
    try:
        return json.dumps(payload, default=_json_default, allow_nan=False, ensure_ascii=False)
    except (TypeError, ValueError) as exc:
        raise _shape_error(operation, str(exc)) from None


def _wire(value: Model | Mapping[str, Any]) -> Dict[str, Any]:
    if isinstance(value, Model):
        return value.to_dict()
    if isinstance(value, Mapping):
        return dict(value)
    raise _shape_error("the operation", f"expected a model or a mapping, not {type(value).__name__}")


def _one(cls: Type[M]) -> Callable[[Any], M]:
    return cls.from_dict


def _many(cls: Type[M]) -> Callable[[Any], List[M]]:
    def load(value: Any) -> List[M]:
        return [cls.from_dict(item) for item in value or []]

    return load


def _none(value: Any) -> None:
    return None


def _plain(value: Any) -> Any:
    return value


def _deprecated(name: str) -> None:
    warnings.warn(f"{name} is deprecated by the Partner API", DeprecationWarning, stacklevel=3)


def _response(answer: tuple[str, int, str | None, str | None], load: Callable[[Any], T]) -> Response[T]:
    value, status, request_id, api_version = answer
    return Response(load(json.loads(value)), status, request_id, api_version)


class SyncInvoker:
    """Sends operations through a native client, blocking."""

    _handle: _native.NativeClient

    def call(self, operation: str, input: Mapping[str, Any] | None = None) -> Response[Any]:
        """Executes any operation by its ``operationId`` with its input in wire form (path
        parameters, ``body`` and validation context, camelCase); the value stays plain JSON."""
        return self._send(operation, dict(input or {}), _plain)

    def _send(self, operation: str, payload: Mapping[str, Any], load: Callable[[Any], T]) -> Response[T]:
        text = dumps(operation, payload)
        _sync_logging()
        try:
            answer = self._handle.call(operation, text)
        except _native.NativeError as exc:
            raise error_from_native(exc) from None
        return _response(answer, load)

    def _invoke(self, operation: str, payload: Mapping[str, Any], load: Callable[[Any], T]) -> T:
        return self._send(operation, payload, load).value


class AsyncInvoker:
    """Sends operations through a native client, for asyncio."""

    _handle: _native.NativeClient

    async def call(self, operation: str, input: Mapping[str, Any] | None = None) -> Response[Any]:
        """Executes any operation by its ``operationId`` with its input in wire form (path
        parameters, ``body`` and validation context, camelCase); the value stays plain JSON."""
        return await self._send(operation, dict(input or {}), _plain)

    async def _send(self, operation: str, payload: Mapping[str, Any], load: Callable[[Any], T]) -> Response[T]:
        text = dumps(operation, payload)
        _sync_logging()
        try:
            answer = await self._handle.call_async(operation, text)
        except _native.NativeError as exc:
            raise error_from_native(exc) from None
        return _response(answer, load)

    async def _invoke(self, operation: str, payload: Mapping[str, Any], load: Callable[[Any], T]) -> T:
        return (await self._send(operation, payload, load)).value

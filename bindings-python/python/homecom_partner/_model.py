"""The base of the generated models (``homecom_partner.models``) and their field converters.

A model is a dataclass whose fields carry the Python names (snake_case) of the wire fields
(camelCase). ``from_dict`` reads the wire form and keeps unknown fields in ``extra``;
``to_dict`` writes the wire form back, leaving out fields that are ``None``.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any, ClassVar, Dict, Mapping, Tuple, Type, TypeVar

from .errors import DecodeError

if TYPE_CHECKING:  # typing_extensions is needed by type checkers only, not at run time
    from typing_extensions import Self

M = TypeVar("M", bound="Model")


class Conv:
    """Turns one wire value into its Python value and back."""

    def load(self, value: Any) -> Any:
        return value

    def dump(self, value: Any) -> Any:
        return value


class _Float(Conv):
    def load(self, value: Any) -> Any:
        # JSON writes 21.0 as 21; a float field is a float either way.
        if isinstance(value, int) and not isinstance(value, bool):
            return float(value)
        return value


class _ModelConv(Conv):
    def __init__(self, cls: Type[Model]) -> None:
        self.cls = cls

    def load(self, value: Any) -> Any:
        if isinstance(value, Mapping):
            return self.cls.from_dict(value)
        return value

    def dump(self, value: Any) -> Any:
        if isinstance(value, Model):
            return value.to_dict()
        return value


class _ListConv(Conv):
    def __init__(self, item: Conv) -> None:
        self.item = item

    def load(self, value: Any) -> Any:
        if isinstance(value, list):
            return [self.item.load(v) for v in value]
        return value

    def dump(self, value: Any) -> Any:
        if isinstance(value, (list, tuple)):
            return [self.item.dump(v) for v in value]
        return value


class _MapConv(Conv):
    def __init__(self, item: Conv) -> None:
        self.item = item

    def load(self, value: Any) -> Any:
        if isinstance(value, Mapping):
            return {k: self.item.load(v) for k, v in value.items()}
        return value

    def dump(self, value: Any) -> Any:
        if isinstance(value, Mapping):
            return {k: self.item.dump(v) for k, v in value.items()}
        return value


PLAIN = Conv()
FLOAT = _Float()


def model(cls: Type[Model]) -> Conv:
    return _ModelConv(cls)


def list_of(item: Conv) -> Conv:
    return _ListConv(item)


def map_of(item: Conv) -> Conv:
    return _MapConv(item)


class Model:
    """Base of every generated model: ``from_dict``, ``to_dict`` and ``extra``."""

    # (python name, wire name, converter, required), in declaration order.
    _FIELDS: ClassVar[Tuple[Tuple[str, str, Conv, bool], ...]] = ()
    extra: Dict[str, Any]

    @classmethod
    def from_dict(cls: Type[M], data: Mapping[str, Any]) -> M:
        """The model of a wire object (camelCase); unknown fields go to ``extra``."""
        if not isinstance(data, Mapping):
            raise DecodeError(f"{cls.__name__} expects a JSON object, not {type(data).__name__}")
        known = set()
        kwargs: Dict[str, Any] = {}
        for name, wire, conv, required in cls._FIELDS:
            known.add(wire)
            if wire in data and data[wire] is not None:
                kwargs[name] = conv.load(data[wire])
            elif required:
                raise DecodeError(f"{cls.__name__}: the required field {wire!r} is missing")
        kwargs["extra"] = {k: v for k, v in data.items() if k not in known}
        return cls(**kwargs)

    def to_dict(self) -> Dict[str, Any]:
        """The wire form (camelCase), without ``None`` fields, with ``extra`` merged in."""
        out: Dict[str, Any] = dict(self.extra)
        for name, wire, conv, _required in self._FIELDS:
            value = getattr(self, name)
            if value is not None:
                out[wire] = conv.dump(value)
        return out

    def replace(self, **changes: Any) -> Self:
        """A copy with some fields changed."""
        return dataclasses.replace(self, **changes)  # type: ignore[type-var]

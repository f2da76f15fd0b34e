"""Typed access to a request's ``params``; every problem is a ``-32602`` naming the field.

Deribit answers a wrong type or a missing required field with ``-32602 Invalid params`` and
``data = {"reason": ..., "param": ...}`` (``venues/deribit.md`` 1.2). Unknown fields are
ignored, as the venue does.

Example:
    >>> p = Params({"amount": 10, "type": "limit"})
    >>> p.number("amount"), p.choice("type", ("limit", "market"), default="limit")
    (10.0, 'limit')
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import Any

from venues.deribit.simulator._codes import RpcError

__all__ = ["Params"]

_MISSING = "missing required parameter"


class Params:
    """Read-only view over a ``params`` object with validating getters.

    Example:
        >>> Params({}).boolean("post_only", default=False)
        False
    """

    def __init__(self, raw: Mapping[str, Any]) -> None:
        self._raw = raw

    def has(self, name: str) -> bool:
        """Whether ``name`` was sent (and is not null).

        Example:
            >>> Params({"a": 1}).has("a")
            True
        """
        return self._raw.get(name) is not None

    def text(self, name: str, *, required: bool = True, default: str = "", max_len: int = 0) -> str:
        """A string field, at most ``max_len`` characters when ``max_len`` is set.

        Example:
            >>> Params({"label": "x"}).text("label", max_len=64)
            'x'
        """
        value = self._raw.get(name)
        if value is None:
            return self._absent(name, required, default)
        if not isinstance(value, str):
            raise RpcError.invalid_param(name, "must be a string")
        if max_len and len(value) > max_len:
            raise RpcError.invalid_param(name, f"string too long (max {max_len})")
        return value

    def number(self, name: str, *, required: bool = True, default: float = 0.0) -> float:
        """A finite JSON number (``true``/``false`` are not numbers).

        Example:
            >>> Params({"price": 5}).number("price")
            5.0
        """
        value = self._raw.get(name)
        if value is None:
            return self._absent(name, required, default)
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise RpcError.invalid_param(name, "must be a number")
        if not math.isfinite(value):
            raise RpcError.invalid_param(name, "must be a finite number")
        return float(value)

    def integer(self, name: str, *, required: bool = True, default: int = 0) -> int:
        """A JSON integer (a float with no fraction is accepted).

        Example:
            >>> Params({"depth": 5.0}).integer("depth")
            5
        """
        value = self.number(name, required=required, default=float(default))
        if value != int(value):
            raise RpcError.invalid_param(name, "must be an integer")
        return int(value)

    def boolean(self, name: str, *, default: bool = False) -> bool:
        """A JSON boolean; absent means ``default``.

        Example:
            >>> Params({"detailed": True}).boolean("detailed")
            True
        """
        value = self._raw.get(name)
        if value is None:
            return default
        if not isinstance(value, bool):
            raise RpcError.invalid_param(name, "must be a boolean")
        return value

    def choice(
        self, name: str, allowed: Iterable[str], *, required: bool = False, default: str = ""
    ) -> str:
        """A string that must be one of ``allowed``.

        Example:
            >>> Params({"kind": "future"}).choice("kind", ("future", "option"))
            'future'
        """
        options = tuple(allowed)
        value = self.text(name, required=required, default=default)
        if value == default and not self.has(name):
            return value
        if value not in options:
            raise RpcError.invalid_param(name, f"must be one of: {', '.join(options)}")
        return value

    def text_list(self, name: str) -> list[str]:
        """A required non-empty list of strings.

        Example:
            >>> Params({"channels": ["a"]}).text_list("channels")
            ['a']
        """
        value = self._raw.get(name)
        if value is None:
            raise RpcError.invalid_param(name, _MISSING)
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise RpcError.invalid_param(name, "must be an array of strings")
        return list(value)

    @staticmethod
    def _absent(name: str, required: bool, default: Any) -> Any:
        if required:
            raise RpcError.invalid_param(name, _MISSING)
        return default

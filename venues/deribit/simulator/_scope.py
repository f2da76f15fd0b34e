"""``public/auth`` scopes: connection vs named session, lifetime and access levels.

Scope words (``venues/deribit.md`` 1.3): ``connection`` (default; tokens bound to the socket),
``session:<name>`` (tokens survive reconnects), ``expires:<seconds>`` (token lifetime) and
``trade:``/``wallet:``/``account:``/``block_trade:`` with ``read``/``read_write``/``none``.
Unknown words are dropped: the server may narrow a requested scope.

Example:
    >>> s = Scope.parse("session:bot trade:read expires:60")
    >>> s.session, s.expires, s.allows("trade", "read_write"), s.render()
    ('bot', 60, False, 'session:bot expires:60 mainaccount trade:read')
"""

from __future__ import annotations

from dataclasses import dataclass, field

from venues.deribit.simulator._codes import RpcError

__all__ = ["Scope"]

_AREAS = ("account", "block_trade", "trade", "wallet")
_LEVELS = {"none": 0, "read": 1, "read_write": 2}


@dataclass(frozen=True, slots=True)
class Scope:
    """A parsed scope. An empty ``session`` means connection scope.

    Example:
        >>> Scope().render()
        'connection mainaccount'
    """

    session: str = ""
    expires: int = 0
    access: dict[str, str] = field(default_factory=dict)

    @classmethod
    def parse(cls, text: str) -> Scope:
        """Parse the space-separated ``scope`` parameter; bad values are ``-32602``.

        Example:
            >>> Scope.parse("connection").session
            ''
        """
        session, expires, access = "", 0, {}
        for word in text.split():
            name, _, value = word.partition(":")
            if name == "session" and value:
                session = value
            elif name == "expires":
                expires = _seconds(value)
            elif name in _AREAS and value in _LEVELS:
                access[name] = value
        return cls(session, expires, access)

    def allows(self, area: str, level: str) -> bool:
        """Whether this scope grants ``level`` (``read`` or ``read_write``) on ``area``.

        Example:
            >>> Scope.parse("trade:none").allows("trade", "read")
            False
        """
        granted = self.access.get(area, "read_write")
        return _LEVELS[granted] >= _LEVELS[level]

    def render(self) -> str:
        """The ``scope`` string returned by ``public/auth``.

        Example:
            >>> Scope.parse("wallet:none").render()
            'connection mainaccount wallet:none'
        """
        words = [f"session:{self.session}" if self.session else "connection"]
        if self.expires:
            words.append(f"expires:{self.expires}")
        words.append("mainaccount")
        words.extend(f"{area}:{level}" for area, level in sorted(self.access.items()))
        return " ".join(words)


def _seconds(value: str) -> int:
    if not value.isdigit() or int(value) <= 0:
        raise RpcError.invalid_param("scope", "expires must be a positive integer")
    return int(value)

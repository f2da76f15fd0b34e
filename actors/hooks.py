"""How venue clients take part in a connection's life: hooks and the session handle.

A venue client passes :class:`SessionHooks` objects to ``ManagedConnection``. After
every (re)connect the connection runs each hook's ``on_open`` in order, on the
connection actor's thread, before the state reports ready: that is where a private
client authenticates and where the subscription manager restores subscriptions.
Hooks talk to the venue through the :class:`Session` they are given, which works
before the connection is ready (ordinary requests are refused until then).

Example:
    >>> class Greeter(SessionHooks):
    ...     def on_open(self, session):
    ...         session.call("public/hello", {"client_name": "demo"})
"""

from __future__ import annotations

from concurrent.futures import Future
from typing import TYPE_CHECKING, Any

from protocol.messages import Control

if TYPE_CHECKING:
    from collections.abc import Mapping

    from actors.rate_limiter import Cost
    from actors.transport.base import Frame

__all__ = ["Requester", "Session", "SessionHooks"]


class Requester:
    """What both a connection and a session offer: requests and raw frames.

    Subscription protocols are written against this, so the same code subscribes
    through the ready connection and restores through a session.

    Example:
        >>> def subscribe(requester: Requester, channels: list[str]) -> list[str]:
        ...     return requester.call("public/subscribe", {"channels": channels})
    """

    def request(
        self,
        method: str,
        params: Mapping[str, Any] | None = None,
        *,
        timeout: float | None = None,
        cost: Cost | None = None,
    ) -> Future[Any]:
        """Send a request; the future completes with the result or the venue's error."""
        raise TypeError(f"{type(self).__name__} does not send requests")

    def call(
        self,
        method: str,
        params: Mapping[str, Any] | None = None,
        *,
        timeout: float | None = None,
        cost: Cost | None = None,
    ) -> Any:
        """Send a request and wait for its result (raises the venue's error)."""
        raise TypeError(f"{type(self).__name__} does not send requests")

    def send(self, frame: Frame, *, cost: Cost | None = None) -> None:
        """Send one frame as it is (fire and forget), after the rate-limit check."""
        raise TypeError(f"{type(self).__name__} does not send frames")

    def wait(self, seconds: float) -> bool:
        """Wait ``seconds`` unless the connection is closed first; True if not closed."""
        raise TypeError(f"{type(self).__name__} cannot wait")


class Session(Requester):
    """The handle hooks receive: requests on the connection being opened.

    Besides the :class:`Requester` methods, a private client marks its progress so the
    state machine reports it: ``set_authenticating()`` then ``set_authenticated(scope)``;
    the connection then reports ``authenticated`` instead of ``connected`` once every
    hook has run.

    Example:
        >>> class Login(SessionHooks):
        ...     def on_open(self, session: Session) -> None:
        ...         session.set_authenticating()
        ...         session.call("public/auth", {"grant_type": "client_credentials"})
        ...         session.set_authenticated("connection")
    """

    def set_authenticating(self) -> None:
        """Report the ``authenticating`` state."""
        raise TypeError(f"{type(self).__name__} has no state")

    def set_authenticated(self, scope: str = "") -> None:
        """Mark the session authenticated (announced with the ``authenticated`` signal)."""
        raise TypeError(f"{type(self).__name__} has no state")


class SessionHooks:
    """Base class for connection hooks; override what you need (all default to nothing).

    Example:
        >>> class Heartbeat(SessionHooks):
        ...     def on_control(self, control, session):
        ...         if control.kind == "heartbeat":
        ...             session.request("public/test")
    """

    def on_open(self, session: Session) -> None:
        """Run after every (re)connect, before the state reports ready.

        Runs on the connection actor thread and may block on ``session.call``. Raising
        fails this connection attempt (``AuthenticationError`` fails the connection).
        """

    def on_ready(self) -> None:
        """Run after the state reported ready (the session is usable by everyone).

        Announce what ``on_open`` achieved here, so a receiver can use the client.
        """

    def on_control(self, control: Control, session: Session) -> None:
        """Handle a venue control message (heartbeat request, subscription state, ...).

        Runs on the reader thread so that it is never held up by ``on_open``: it must
        not wait for replies (send, resolve a waiter, or start work elsewhere).
        """

    def on_lost(self, reason: str) -> None:
        """Learn that the connection dropped (before reconnecting starts)."""

"""Stopping an actor within a bound, even after a Ctrl+C landed in the wrong place.

A ``KeyboardInterrupt`` raised inside ``threading.Condition.notify`` (the main thread
was putting a message in an actor's inbox) can leave the actor asleep with a message
in its inbox: CPython's condition variable loses that one wake-up, and only a later
message wakes the actor. A stop that simply waited would then wait forever, so the
stop is sent again every ``NUDGE`` seconds until the actor has stopped or the bound
is reached. Extra stops are harmless: an actor fails what is left in its inbox.

Example:
    >>> # stop_actor(ref, timeout=5.0)
"""

from __future__ import annotations

import time
from typing import Any

import pykka

__all__ = ["NUDGE", "stop_actor"]

NUDGE = 0.5
"""Seconds between two stop messages to an actor that has not stopped yet."""


def stop_actor(ref: pykka.ActorRef[Any], timeout: float) -> bool:
    """Stop ``ref``'s actor, waiting at most ``timeout`` s; True once it is stopped.

    Example:
        >>> class Idle(pykka.ThreadingActor):
        ...     use_daemon_thread = True
        >>> stop_actor(Idle.start(), timeout=5.0)
        True
    """
    deadline = time.monotonic() + timeout
    while True:
        try:
            ref.stop(block=True, timeout=max(0.0, min(NUDGE, deadline - time.monotonic())))
        except pykka.Timeout:
            if time.monotonic() >= deadline:
                return False
            continue
        return True

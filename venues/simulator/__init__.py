"""The simulator plumbing every venue simulator shares.

A venue simulator is a sans-I/O :class:`Engine` (the venue's behaviour) served by a
:class:`LoopbackServer`: real WebSocket frames over real loopback TCP (websockets'
threaded server), and the same engine on ``memory://name``, with fault injection.

Example:
    >>> from venues.simulator import EchoEngine, LoopbackServer
    >>> with LoopbackServer(EchoEngine(), tick_interval=None) as server:
    ...     server.connection_count
    0
"""

from __future__ import annotations

from venues.simulator.engine import Action, Close, EchoEngine, Engine, Ping, Send
from venues.simulator.faults import Faults
from venues.simulator.served import ServedSimulator
from venues.simulator.server import LoopbackServer

__all__ = [
    "Action",
    "Close",
    "EchoEngine",
    "Engine",
    "Faults",
    "LoopbackServer",
    "Ping",
    "Send",
    "ServedSimulator",
]

"""Where new streams go in the pool: each slot carries at most 1024 streams.

A stream already carried stays on its slot (subscribing it again replaces its
handler there); new streams fill the free room of the existing slots in order, and
what is left opens new slots of up to 1024 streams each.

Example:
    >>> # for slot, streams, fresh in place(slots, names, make_slot): ...
"""

from __future__ import annotations

from collections.abc import Callable

from venues.binance.spot.limits import STREAMS_PER_CONNECTION
from venues.binance.spot.public._slot import Slot

__all__ = ["Placement", "place"]

Placement = tuple[Slot, list[str], bool]
"""A slot, the streams to subscribe on it, and whether the slot is new (not connected)."""


def place(slots: list[Slot], names: list[str], make_slot: Callable[[], Slot]) -> list[Placement]:
    """Plan where ``names`` go; new slots are made with ``make_slot`` and appended to
    ``slots`` at once.

    Example:
        >>> place([], [], lambda: None)
        []
    """
    plan: list[Placement] = []
    known = {name: slot for slot in slots for name in slot.handlers}
    for slot in slots:
        again = [name for name in names if known.get(name) is slot]
        if again:
            plan.append((slot, again, False))
    fresh = [name for name in names if name not in known]
    for slot in slots:
        take, fresh = fresh[: max(0, slot.free)], fresh[max(0, slot.free) :]
        if take:
            plan.append((slot, take, False))
    while fresh:
        slot = make_slot()
        slots.append(slot)
        plan.append((slot, fresh[:STREAMS_PER_CONNECTION], True))
        fresh = fresh[STREAMS_PER_CONNECTION:]
    return plan

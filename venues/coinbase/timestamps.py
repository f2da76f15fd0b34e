"""Coinbase timestamps with nanosecond precision.

Coinbase writes RFC 3339 times with up to nine fractional digits
(``2023-02-09T20:32:50.714964855Z``). ``datetime`` keeps only microseconds, so two
events 300 ns apart would compare equal; :class:`Timestamp` keeps the exact integer
nanoseconds since the Unix epoch (ordering, differences) next to the original text,
and offers a ``datetime`` view for display.

Parsing is hand-rolled slicing rather than ``strptime``: it runs for every level in a
book update, and slicing is several times faster.

Example:
    >>> ts = parse_timestamp("2023-02-09T20:32:50.714964855Z")
    >>> ts.ns
    1675974770714964855
    >>> ts < parse_timestamp("2023-02-09T20:32:50.714964856Z")
    True
"""

from __future__ import annotations

import calendar
import datetime as _dt
import functools
from dataclasses import dataclass, field

__all__ = ["Timestamp", "parse_heartbeat_time", "parse_timestamp", "parse_unix_seconds"]

_NS_PER_SECOND = 1_000_000_000
_EPOCH = _dt.datetime(1970, 1, 1, tzinfo=_dt.UTC)


@dataclass(frozen=True, slots=True, order=True)
class Timestamp:
    """An instant as integer nanoseconds since the Unix epoch (UTC), plus its text.

    Ordering and equality use ``ns`` only.

    Example:
        >>> Timestamp(1_000_000_001).datetime.isoformat()
        '1970-01-01T00:00:01+00:00'
    """

    ns: int
    text: str = field(default="", compare=False)

    @property
    def datetime(self) -> _dt.datetime:
        """The instant as an aware UTC ``datetime`` (truncated to microseconds).

        Example:
            >>> Timestamp(1_500).datetime.microsecond
            1
        """
        return _EPOCH + _dt.timedelta(microseconds=self.ns // 1000)

    @property
    def seconds(self) -> float:
        """The instant as float seconds since the epoch (loses sub-microsecond detail).

        Example:
            >>> Timestamp(2_500_000_000).seconds
            2.5
        """
        return self.ns / _NS_PER_SECOND


def _days_from_civil(year: int, month: int, day: int) -> int:
    # Howard Hinnant's days_from_civil: proleptic Gregorian date -> days since 1970-01-01.
    year -= month <= 2
    era = year // 400
    yoe = year - era * 400
    doy = (153 * (month + (-3 if month > 2 else 9)) + 2) // 5 + day - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    return era * 146097 + doe - 719468


def _month_days(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


@functools.lru_cache(maxsize=256)
def _midnight(date: str) -> int:
    # A stream repeats a handful of dates; remember their epoch seconds.
    if len(date) != 10 or date[4] != "-" or date[7] != "-":
        raise ValueError(f"not an RFC 3339 date: {date!r}")
    year, month, day = date[0:4], date[5:7], date[8:10]
    if not (year.isdigit() and month.isdigit() and day.isdigit()):
        raise ValueError(f"not an RFC 3339 date: {date!r}")
    if not 1 <= int(month) <= 12 or not 1 <= int(day) <= _month_days(int(year), int(month)):
        raise ValueError(f"not an RFC 3339 date: {date!r}")
    return _days_from_civil(int(year), int(month), int(day)) * 86400


def _clock_seconds(clock: str) -> int:
    if clock[2] != ":" or clock[5] != ":" or not (clock[:2] + clock[3:5] + clock[6:]).isdigit():
        raise ValueError(f"not an RFC 3339 time of day: {clock!r}")
    return int(clock[:2]) * 3600 + int(clock[3:5]) * 60 + int(clock[6:8])


def _fraction_ns(fraction: str) -> int:
    if not fraction:
        return 0
    digits = fraction[1:10]
    if fraction[0] != "." or not digits.isdigit() or not fraction[1:].isdigit():
        raise ValueError(f"bad fractional seconds {fraction!r}")
    return int(digits.ljust(9, "0"))


def _offset_seconds(zone: str) -> int:
    if zone in ("Z", "z"):
        return 0
    if len(zone) != 6 or zone[0] not in "+-" or zone[3] != ":":
        raise ValueError(f"bad UTC offset {zone!r}")
    sign = 1 if zone[0] == "+" else -1
    return sign * (int(zone[1:3]) * 3600 + int(zone[4:6]) * 60)


def _split_zone(rest: str) -> tuple[str, str]:
    if rest[-1:] in ("Z", "z"):
        return rest[:-1], rest[-1]
    cut = max(rest.rfind("+"), rest.rfind("-"))
    if cut < 0:
        raise ValueError(f"no UTC offset in {rest!r}")
    return rest[:cut], rest[cut:]


def parse_timestamp(text: str) -> Timestamp:
    """Parse an RFC 3339 time with 0 to 9 fractional digits and ``Z`` or an offset.

    Raises:
        ValueError: the text is not such a time.

    Example:
        >>> parse_timestamp("1970-01-01T00:00:00Z").ns
        0
        >>> parse_timestamp("2023-02-09T20:32:50.9Z").ns % 1_000_000_000
        900000000
    """
    if type(text) is not str or len(text) < 20 or text[10] not in "Tt ":
        raise ValueError(f"not an RFC 3339 time: {text!r}")
    fraction, zone = _split_zone(text[19:])
    seconds = _midnight(text[:10]) + _clock_seconds(text[11:19]) - _offset_seconds(zone)
    return Timestamp(seconds * _NS_PER_SECOND + _fraction_ns(fraction), text)


def parse_heartbeat_time(text: str) -> Timestamp:
    """Parse the heartbeat ``current_time`` (Go's ``time.Time`` text).

    The venue sends ``"2023-06-23 20:31:56.121961769 +0000 UTC m=+91717.525857105"``;
    the monotonic ``m=`` suffix is the venue's process clock and is ignored.

    Example:
        >>> parse_heartbeat_time("1970-01-01 00:00:01.5 +0000 UTC m=+1.0").ns
        1500000000
    """
    parts = text.split(" ")
    if len(parts) < 3 or len(parts[2]) != 5 or parts[2][0] not in "+-":
        raise ValueError(f"not a heartbeat time: {text!r}")
    zone = f"{parts[2][:3]}:{parts[2][3:]}"
    parsed = parse_timestamp(f"{parts[0]}T{parts[1]}{zone}")
    return Timestamp(parsed.ns, text)


def parse_unix_seconds(text: str) -> Timestamp:
    """Parse a whole number of Unix seconds given as a string (candle ``start``).

    Example:
        >>> parse_unix_seconds("1688998200").datetime.isoformat()
        '2023-07-10T14:10:00+00:00'
    """
    if not text.isdigit():
        raise ValueError(f"not unix seconds: {text!r}")
    return Timestamp(int(text) * _NS_PER_SECOND, text)

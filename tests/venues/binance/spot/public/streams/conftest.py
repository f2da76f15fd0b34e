"""Fixtures for the stream event tests: the venue's documented examples."""

from __future__ import annotations

import json
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

_FIXTURES = Path(__file__).parents[5] / "fixtures" / "binance" / "streams_payloads.json"


@pytest.fixture(scope="session")
def documented() -> dict[str, Any]:
    """The documented example of every stream, keyed by stream kind."""
    return json.loads(_FIXTURES.read_text())


@pytest.fixture
def check_fields() -> Callable[[Any, dict[str, Any]], None]:
    """Assert each expected field of an event; decimal strings compare as exact Decimals."""

    def check(event: Any, expected: dict[str, Any]) -> None:
        for name, value in expected.items():
            actual = getattr(event, name)
            if isinstance(actual, Decimal):
                assert actual == Decimal(value) and str(actual) == value, name
            else:
                assert actual == value, name

    return check

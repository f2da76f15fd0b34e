"""Fixtures of the WebSocket API tests: the documented frames and shared keys."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

FIXTURES = Path(__file__).parents[4] / "fixtures" / "binance"


def load_fixture(name: str) -> Any:
    """One of ``tests/fixtures/binance/api_*.json``."""
    return json.loads((FIXTURES / name).read_text())


@pytest.fixture(scope="session")
def replies() -> dict[str, Any]:
    """Documented WebSocket API replies, by method."""
    return load_fixture("api_replies.json")

"""``python -m venues demo`` runs its story to completion, one readable line per event."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LABELS = (
    "simulator",
    "state",
    "auth",
    "subscribed",
    "trades",
    "book",
    "placed",
    "edited",
    "cancelled",
    "kill",
    "restored",
    "ready",
    "gap",
    "stale",
    "healed",
    "rate",
    "done",
)
LINE = re.compile(rf"^({'|'.join(LABELS)}) +\S.*$")


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "venues", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_help_lists_the_demo_command():
    done = run("--help")
    assert done.returncode == 0 and "demo" in done.stdout


def test_an_unknown_command_is_refused():
    assert run("dance").returncode == 2


def test_the_demo_streams_trades_reconnects_and_exits_zero():
    done = run("demo")
    assert done.returncode == 0, done.stderr
    rows = done.stdout.splitlines()
    labels = ("trades", "placed", "edited", "cancelled", "kill", "restored", "healed", "done")
    for label in labels:
        assert any(row.startswith(label) for row in rows), label


def test_every_demo_line_is_one_whole_labelled_event():
    done = run("demo")
    assert done.returncode == 0, done.stderr
    rows = done.stdout.splitlines()
    assert [row for row in rows if not LINE.match(row)] == []
    assert not any("..." in row or "Decimal(" in row for row in rows)
    assert rows[-1] == "done         closed cleanly"

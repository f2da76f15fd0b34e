"""The layer arrows point down only: venues -> actors -> protocol."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def _modules(package: str) -> list[Path]:
    return sorted((ROOT / package).rglob("*.py"))


def _top(name: str) -> str:
    return name.split(".", maxsplit=1)[0]


FORBIDDEN_IN_PROTOCOL = {
    "actors", "venues", "threading", "socket", "ssl", "websocket", "websockets",
    "pykka", "blinker", "asyncio", "selectors", "time",
}  # fmt: skip


@pytest.mark.parametrize("path", _modules("protocol"), ids=lambda p: p.name)
def test_protocol_is_sans_io(path: Path):
    used = {_top(name) for name in _imports(path)}
    assert not used & FORBIDDEN_IN_PROTOCOL, f"{path.name} imports {used & FORBIDDEN_IN_PROTOCOL}"


@pytest.mark.parametrize("path", _modules("actors"), ids=lambda p: str(p.relative_to(ROOT)))
def test_actors_know_no_venue_and_only_transports_import_websocket_client(path: Path):
    used = {_top(name) for name in _imports(path)}
    assert "venues" not in used
    assert "websockets" not in used
    if "transport" not in path.parts:
        assert "websocket" not in used


@pytest.mark.parametrize("path", _modules("venues"), ids=lambda p: str(p.relative_to(ROOT)))
def test_venues_use_the_runtime_only_through_its_public_classes(path: Path):
    names = _imports(path)
    used = {_top(name) for name in names}
    assert "websocket" not in used
    private = [n for n in names if n.startswith("actors.") and "._" in n]
    assert not private, f"{path} reaches into runtime internals: {private}"
    if "simulator" not in path.relative_to(ROOT / "venues").parts:
        assert "websockets" not in used
        assert "pykka" not in used


def test_only_the_shared_simulator_plumbing_imports_websockets():
    importers = [
        path.relative_to(ROOT).as_posix()
        for package in ("actors", "protocol", "venues")
        for path in _modules(package)
        if "websockets" in {_top(name) for name in _imports(path)}
    ]
    assert all(p.startswith("venues/simulator/") for p in importers), importers

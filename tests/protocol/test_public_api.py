"""The public surface of ``protocol`` is pinned: changing it is a deliberate act."""

from __future__ import annotations

import ast
import doctest
import importlib
import inspect
from pathlib import Path

import protocol

PUBLIC = [
    "AuthenticationError",
    "Codec",
    "ConnectionClosed",
    "ConnectionFailed",
    "ConnectionLost",
    "ConnectionRateExceeded",
    "Control",
    "CreditLimitExceeded",
    "Event",
    "ExposableSecret",
    "Failure",
    "Inbound",
    "InvalidParameters",
    "JsonRpcCodec",
    "Malformed",
    "MalformedMessage",
    "MessageRateExceeded",
    "NotConnected",
    "PendingRequest",
    "PendingRequests",
    "ProtocolError",
    "RateLimitError",
    "Reply",
    "RequestIds",
    "RequestTimeout",
    "Secret",
    "SubscriptionLimitExceeded",
    "TransportError",
    "VenueClientError",
    "VenueError",
    "WeightLimitExceeded",
    "require_secret",
]

MODULES = ["codec", "errors", "ids", "jsonrpc", "messages", "pending", "secrets"]


def test_the_public_names_are_pinned():
    assert protocol.__all__ == PUBLIC


def test_all_is_sorted():
    assert protocol.__all__ == sorted(protocol.__all__)


def test_every_public_name_is_importable_from_the_package():
    for name in protocol.__all__:
        assert getattr(protocol, name) is not None


def test_every_public_name_is_the_one_from_its_module():
    for module_name in MODULES:
        module = importlib.import_module(f"protocol.{module_name}")
        for name in module.__all__:
            if name in protocol.__all__:
                assert getattr(protocol, name) is getattr(module, name)


def test_every_module_lists_public_names_that_exist():
    for module_name in MODULES:
        module = importlib.import_module(f"protocol.{module_name}")
        for name in module.__all__:
            assert hasattr(module, name), f"{module_name}.{name}"


def _public_classes_and_functions(module_name: str):
    module = importlib.import_module(f"protocol.{module_name}")
    for name in module.__all__:
        value = getattr(module, name)
        if inspect.isclass(value) or inspect.isfunction(value):
            yield f"{module_name}.{name}", value


def test_every_public_class_and_function_has_a_docstring():
    for module_name in MODULES:
        for qualified, value in _public_classes_and_functions(module_name):
            assert (value.__doc__ or "").strip(), qualified


def test_public_classes_and_functions_in_ids_jsonrpc_pending_and_secrets_show_an_example():
    for module_name in ("ids", "jsonrpc", "pending", "secrets"):
        for qualified, value in _public_classes_and_functions(module_name):
            assert "Example:" in value.__doc__, qualified


def test_the_package_docstring_examples_pass():
    failed, attempted = doctest.testmod(protocol)
    assert attempted > 0
    assert failed == 0


def _imported_top_level_names(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_the_protocol_layer_imports_no_io_and_no_upper_layer():
    forbidden = {"threading", "socket", "pykka", "blinker", "websocket", "websockets"}
    forbidden |= {"actors", "venues", "asyncio", "selectors", "time"}
    package = Path(protocol.__file__).parent
    sources = sorted(package.glob("*.py"))
    assert len(sources) >= len(MODULES) + 1
    for source in sources:
        assert not _imported_top_level_names(source) & forbidden, source.name

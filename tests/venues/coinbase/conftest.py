"""Fixtures for the Coinbase tests: wire fixtures, keys, fast reconnect options."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519

from actors import Backoff

KEY_NAME = "organizations/test-org/apiKeys/test-key"


def pem_of(key: ec.EllipticCurvePrivateKey | ed25519.Ed25519PrivateKey) -> str:
    """A private key as unencrypted PKCS#8 PEM text."""
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()


@pytest.fixture(params=["ES256", "EdDSA"])
def signing_key(request: pytest.FixtureRequest) -> Any:
    """A fresh private key of each supported type."""
    if request.param == "ES256":
        return ec.generate_private_key(ec.SECP256R1())
    return ed25519.Ed25519PrivateKey.generate()


@pytest.fixture
def fast() -> dict[str, Any]:
    """Connection options for integration tests: quick reconnects, short timeouts."""
    return {"backoff": Backoff(base=0.01, factor=2.0, cap=0.05), "request_timeout": 5.0}


class Recorder:
    """Collects calls from another thread and wakes waiters when a predicate holds."""

    def __init__(self) -> None:
        self.items: list[Any] = []
        self._cond = threading.Condition()

    def __call__(self, *args: Any, **kwargs: Any) -> None:
        with self._cond:
            self.items.append(kwargs or (args[-1] if args else None))
            self._cond.notify_all()

    def wait_for(self, predicate: Callable[[list[Any]], bool], timeout: float = 10.0) -> bool:
        with self._cond:
            return self._cond.wait_for(lambda: predicate(self.items), timeout)


@pytest.fixture
def recorder() -> Callable[[], Recorder]:
    """A factory of :class:`Recorder` objects."""
    return Recorder


@pytest.fixture
def key_name() -> str:
    """The key name of the test account."""
    return KEY_NAME


@pytest.fixture
def to_pem() -> Callable[[Any], str]:
    """Turns a private key into PKCS#8 PEM text."""
    return pem_of

"""A real private session at DEBUG level never shows the private key or a signed JWT:
not in logs, repr, str, exceptions or pickles."""

from __future__ import annotations

import logging
import pickle
import threading
import traceback

import pytest

from actors.signals import subscriptions_restored
from protocol.errors import AuthenticationError
from venues.coinbase import CoinbasePrivateClient, Credentials
from venues.coinbase.simulator import CoinbaseSimulator


def _secrets_in(text: str, secrets: list[str]) -> list[str]:
    return [secret for secret in secrets if secret in text]


def test_a_whole_private_session_at_debug_level_leaks_no_secret(
    signing_key, key_name, to_pem, fast, caplog
):
    pem = to_pem(signing_key)
    creds = Credentials(key_name, pem)
    restored = threading.Event()
    caplog.set_level(logging.DEBUG)
    with CoinbaseSimulator(accounts={key_name: signing_key.public_key()}) as sim:
        with CoinbasePrivateClient(creds, url=sim.user_url, **fast) as client:
            client.subscribe("user")
            with subscriptions_restored.connected_to(
                lambda sender, **kw: restored.set(), sender=client
            ):
                sim.drop_connections()
                assert restored.wait(10.0)
            client.unsubscribe("user")
            sim.advance_clock(121.0)
            with pytest.raises(AuthenticationError) as caught:
                client.subscribe("user")
            shown = [repr(client), str(client), repr(creds), str(creds), repr(creds.private_key)]
            with pytest.raises(TypeError) as unpicklable:
                pickle.dumps(client)
        tokens = sim.jwts_seen
    assert len(tokens) >= 5  # heartbeats, user, both again on restore, the unsubscribe...
    key_lines = [line for line in pem.splitlines() if line and not line.startswith("-----")]
    signatures = [token.rsplit(".", 1)[1] for token in tokens]
    secrets = key_lines + tokens + signatures
    logged = caplog.text + "".join(str(r.args) for r in caplog.records)
    assert caplog.records  # DEBUG logging was really on
    assert _secrets_in(logged, secrets) == []
    assert _secrets_in("".join(shown), secrets) == []
    error = caught.value
    error_text = "".join(traceback.format_exception(error)) + repr(error) + repr(error.args)
    assert _secrets_in(error_text, secrets) == []
    assert _secrets_in(str(unpicklable.value), secrets) == []
    with pytest.raises(TypeError):
        pickle.dumps(creds)

"""A session that uses a Secret never shows it: not in logs at DEBUG, reprs or errors."""

from __future__ import annotations

import logging
import pickle
import traceback

import pytest

from actors import ConnectionOptions, ManagedClient, Session, SessionHooks, WebSocketRateLimiter
from actors.signals import authenticated
from protocol.errors import VenueClientError
from protocol.jsonrpc import JsonRpcCodec
from protocol.secrets import Secret
from tests.actors.rpc_server import Recorder, RpcSubscriptions

VALUE = "s3cr3t-api-key-value-9f8e7d"


class SecretAuth(SessionHooks):
    """Sends the secret as the server expects it, then marks the session authenticated."""

    def __init__(self, secret: Secret) -> None:
        self.secret = secret

    def on_open(self, session: Session) -> None:
        session.set_authenticating()
        session.call("auth", {"key": self.secret.expose_secret()})
        session.set_authenticated("session")


class PrivateRpcClient(ManagedClient):
    def __init__(self, url: str, secret: Secret) -> None:
        self.secret = secret
        self._start_runtime(
            url,
            JsonRpcCodec(),
            WebSocketRateLimiter(),
            hooks=[SecretAuth(secret)],
            protocol=RpcSubscriptions(),
            options=ConnectionOptions(request_timeout=5.0, tick_interval=0.01),
        )

    def call(self, method: str, params: dict) -> object:
        return self._connection.call(method, params)


def test_a_secret_appears_in_no_log_record_repr_or_error(server, engine, caplog):
    caplog.set_level(logging.DEBUG)
    secret = Secret(VALUE, name="api_key")
    texts: list[str] = []
    with PrivateRpcClient(server.url, secret) as client:
        assert client.state == "authenticated"
        authentications = Recorder(authenticated, client)
        texts += [repr(client), str(client), repr(client.secret), f"{client.secret}"]
        texts += [repr(client.rate_limit_stats()), repr(client.connection_stats())]
        server.drop_connections()  # reconnect re-authenticates: more logging
        assert authentications.wait_for(lambda calls: len(calls) == 1)
        assert client.wait_ready(5)
        try:
            client.call("auth", {"key": secret})  # a Secret is refused as a parameter
        except VenueClientError as exc:
            texts.append("".join(traceback.format_exception(exc)))
        else:
            pytest.fail("a Secret parameter must be refused, not serialised")
    with pytest.raises(TypeError):
        pickle.dumps(secret)
    assert [r["params"]["key"] for r in engine.received if r["method"] == "auth"] == [VALUE] * 2
    texts += [record.getMessage() for record in caplog.records]
    texts += [str(record.args) for record in caplog.records]
    assert caplog.records, "the session logged nothing at DEBUG: the test would prove nothing"
    assert not [t for t in texts if VALUE in t]

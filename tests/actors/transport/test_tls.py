"""wss://: certificates are verified unless asked otherwise; TLS reads drain bursts too."""

from __future__ import annotations

import datetime
import ipaddress
import ssl
from collections.abc import Iterator
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from actors.transport._tls import tls_context
from protocol.errors import ConnectionClosed, ConnectionFailed, InvalidParameters
from venues.simulator import LoopbackServer


def _self_signed(directory: Path) -> tuple[Path, Path]:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = datetime.datetime.now(datetime.UTC)
    alt_names = [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(hours=1))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName(alt_names), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = directory / "cert.pem", directory / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


@pytest.fixture(scope="module")
def cert_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    cert, _ = _self_signed(tmp_path_factory.mktemp("tls"))
    return cert


@pytest.fixture(scope="module")
def tls_server(engine, cert_path: Path) -> Iterator[LoopbackServer]:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert_path, cert_path.with_name("key.pem"))
    with LoopbackServer(engine, tick_interval=None, ssl_context=context) as running:
        yield running


def test_the_server_url_is_wss(tls_server):
    assert tls_server.url.startswith("wss://127.0.0.1:")


def test_a_self_signed_certificate_is_refused_by_default(tls_server, connect):
    with pytest.raises(ConnectionFailed, match="certificate verification failed"):
        connect(tls_server.url)


def test_a_trusted_cafile_lets_the_connection_through(tls_server, cert_path, connect):
    transport = connect(tls_server.url + "/ws", ssl_options={"cafile": str(cert_path)})
    transport.send("secure hello")
    assert transport.receive_batch() == ["secure hello"]


def test_verification_can_be_switched_off_when_asked(tls_server, connect):
    transport = connect(tls_server.url, verify_tls=False)
    transport.send(b"\x01")
    assert transport.receive_batch() == [b"\x01"]


def test_a_certificate_for_another_host_name_is_refused(tls_server, cert_path, connect):
    options = {"cafile": str(cert_path), "server_hostname": "venue.example"}
    with pytest.raises(ConnectionFailed, match="certificate verification failed"):
        connect(tls_server.url, ssl_options=options)


def test_a_ready_context_is_used_as_given(tls_server, cert_path, connect):
    context = ssl.create_default_context(cafile=str(cert_path))
    transport = connect(tls_server.url, ssl_options={"context": context})
    transport.send("with my context")
    assert transport.receive_batch() == ["with my context"]


def test_a_burst_over_tls_is_drained_in_batches(
    tls_server, cert_path, connect, engine, receive_all
):
    transport = connect(tls_server.url, ssl_options={"cafile": str(cert_path)})
    engine.send_and_wait(transport, "burst:300")
    assert tls_server.flush(5)
    batches = receive_all(transport, 300)
    assert [f for batch in batches for f in batch] == [f"b{i}" for i in range(300)]
    assert max(map(len, batches)) > 1


def test_a_frame_spanning_many_tls_records_arrives_whole(tls_server, cert_path, connect):
    transport = connect(tls_server.url, ssl_options={"cafile": str(cert_path)})
    transport.send("big:200000")
    assert transport.receive_batch() == ["x" * 200_000]


def test_close_unblocks_a_reader_on_a_tls_connection(tls_server, cert_path, connect, start_reader):
    transport = connect(tls_server.url, ssl_options={"cafile": str(cert_path)})
    reader = start_reader(transport)
    transport.close()
    assert isinstance(reader.wait_error(), ConnectionClosed)


def test_the_default_context_requires_a_valid_certificate_and_host_name():
    context = tls_context(None, verify_tls=True)
    assert context.verify_mode == ssl.CERT_REQUIRED
    assert context.check_hostname


def test_an_unverified_context_is_only_made_on_request():
    context = tls_context(None, verify_tls=False)
    assert context.verify_mode == ssl.CERT_NONE
    assert not context.check_hostname


@pytest.mark.parametrize(
    ("ssl_options", "verify_tls", "field"),
    [
        ({"cafile": "/nonexistent/ca.pem"}, True, "ssl_options"),
        ({"unknown": 1}, True, "ssl_options"),
        ({"context": "not a context"}, True, "ssl_options"),
        ({"context": ssl.create_default_context(), "cafile": "x"}, True, "ssl_options"),
        ({"context": ssl.create_default_context()}, False, "verify_tls"),
        ("cafile=x", True, "ssl_options"),
    ],
)
def test_bad_ssl_options_are_refused_naming_the_option(ssl_options, verify_tls, field):
    with pytest.raises(InvalidParameters) as caught:
        tls_context(ssl_options, verify_tls=verify_tls)
    assert caught.value.field == field

"""The TLS context of a ``wss://`` connection: verifying by default.

Certificates are verified (``CERT_REQUIRED``) and the host name is checked unless the
caller passes ``verify_tls=False``. ``ssl_options`` adds trust anchors or a client
certificate, or hands over a ready ``ssl.SSLContext`` under ``"context"``.

Example:
    >>> context = tls_context(None, verify_tls=True)
    >>> (context.verify_mode == ssl.CERT_REQUIRED, context.check_hostname)
    (True, True)
"""

from __future__ import annotations

import ssl
from collections.abc import Mapping
from typing import Any

from protocol.errors import InvalidParameters

__all__ = ["SSL_OPTION_KEYS", "check_ssl_options", "tls_context"]

SSL_OPTION_KEYS = frozenset(
    {"cafile", "capath", "cadata", "certfile", "keyfile", "server_hostname", "context"}
)


def check_ssl_options(ssl_options: Mapping[str, Any] | None, verify_tls: Any) -> dict[str, Any]:
    """Refuse unknown keys and contradictory settings before connecting."""
    if not isinstance(verify_tls, bool):
        raise InvalidParameters("verify_tls", "must be True or False")
    if ssl_options is None:
        return {}
    if not isinstance(ssl_options, Mapping):
        raise InvalidParameters("ssl_options", "must be a mapping")
    unknown = sorted(set(ssl_options) - SSL_OPTION_KEYS)
    if unknown:
        raise InvalidParameters("ssl_options", f"unknown key {unknown[0]!r}")
    context = ssl_options.get("context")
    if context is not None:
        if not isinstance(context, ssl.SSLContext):
            raise InvalidParameters("ssl_options", "'context' must be an ssl.SSLContext")
        if len(ssl_options) > 1 + ("server_hostname" in ssl_options):
            raise InvalidParameters("ssl_options", "'context' excludes the file options")
        if not verify_tls:
            raise InvalidParameters("verify_tls", "set verification on the given 'context'")
    return dict(ssl_options)


def tls_context(ssl_options: Mapping[str, Any] | None, *, verify_tls: bool) -> ssl.SSLContext:
    """Build (or pass on) the context; file errors are refused as ``ssl_options``."""
    options = check_ssl_options(ssl_options, verify_tls)
    given: ssl.SSLContext | None = options.get("context")
    if given is not None:
        return given
    try:
        context = ssl.create_default_context(
            cafile=options.get("cafile"),
            capath=options.get("capath"),
            cadata=options.get("cadata"),
        )
        if options.get("certfile"):
            context.load_cert_chain(options["certfile"], options.get("keyfile"))
    except (OSError, ValueError) as exc:
        raise InvalidParameters("ssl_options", f"cannot load certificates: {exc}") from exc
    if not verify_tls:
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
    return context

"""The codec contract: what the runtime may rely on from every venue codec."""

from __future__ import annotations

import doctest

import protocol.codec
from protocol.codec import Codec
from protocol.errors import VenueClientError
from protocol.messages import Control, Failure, Inbound


class LineCodec:
    """A minimal codec for a made-up line protocol: every frame in is a ``Control``."""

    def encode_request(self, request_id, method, params):
        return f"{request_id} {method}"

    def decode(self, frame) -> Inbound:
        return Control("line", frame)

    def error(self, failure: Failure, method: str) -> VenueClientError:
        return VenueClientError(f"{method}: {failure.message}")


def test_the_module_docstring_examples_pass():
    failed, attempted = doctest.testmod(protocol.codec)
    assert attempted > 0
    assert failed == 0


def test_any_object_with_the_three_methods_is_a_codec():
    assert isinstance(LineCodec(), Codec)


def test_an_object_missing_a_method_is_not_a_codec():
    class EncodeOnly:
        def encode_request(self, request_id, method, params):
            return ""

    assert not isinstance(EncodeOnly(), Codec)

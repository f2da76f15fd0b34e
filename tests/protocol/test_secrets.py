"""Secrets stay hidden in every text form Python has, and only expose_secret reveals them."""

from __future__ import annotations

import copy
import doctest
import logging
import operator
import pickle
import traceback

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import protocol.secrets
from protocol.errors import InvalidParameters, VenueClientError
from protocol.secrets import MASK, ExposableSecret, Secret, require_secret

VALUE = "tr0ub4dor&3-very-secret"
REFERENCE = Secret("reference-value")


def test_the_module_docstring_examples_pass():
    failed, attempted = doctest.testmod(protocol.secrets)
    assert attempted > 0
    assert failed == 0


def test_expose_secret_returns_a_str_for_a_str_secret():
    exposed = Secret(VALUE).expose_secret()
    assert exposed == VALUE
    assert type(exposed) is str


def test_expose_secret_returns_bytes_for_a_bytes_secret():
    exposed = Secret(b"\x00\xffkey").expose_secret()
    assert exposed == b"\x00\xffkey"
    assert type(exposed) is bytes


def test_a_str_with_lone_surrogates_round_trips():
    assert Secret("a\ud800b").expose_secret() == "a\ud800b"


def test_a_secret_is_an_exposable_secret():
    assert isinstance(Secret(VALUE), ExposableSecret)


def test_exposable_secret_cannot_be_instantiated_without_expose_secret():
    with pytest.raises(TypeError):
        ExposableSecret()


def test_a_value_of_the_wrong_type_is_refused_without_showing_it():
    with pytest.raises(TypeError) as caught:
        Secret(123456)
    assert "int" in str(caught.value)
    assert "123456" not in str(caught.value)


@pytest.mark.parametrize(
    ("render", "expected"),
    [
        (repr, f"Secret('{MASK}')"),
        (str, MASK),
        (lambda s: f"{s}", MASK),
        (lambda s: f"{s!r}", f"Secret('{MASK}')"),
        (lambda s: f"{s!s}", MASK),
        (lambda s: f"{s:>12}", f"  {MASK}"),
        (lambda s: f"{s:d}", MASK),
        (lambda s: f"{s:x}", MASK),
        (lambda s: f"{s:.3f}", MASK),
        (lambda s: format(s, ""), MASK),
        (lambda s: "%s" % s, MASK),  # noqa: UP031 - the form logging uses
        (lambda s: "%r" % s, f"Secret('{MASK}')"),  # noqa: UP031 - the form logging uses
        ("{}".format, MASK),
        (lambda s: str([s]), f"[Secret('{MASK}')]"),
        (lambda s: str({"key": s}), f"{{'key': Secret('{MASK}')}}"),
    ],
)
def test_every_text_form_shows_the_mask(render, expected):
    assert render(Secret(VALUE)) == expected


def test_repr_names_the_secret_when_it_has_a_name():
    assert repr(Secret(VALUE, name="client_secret")) == f"Secret('client_secret', '{MASK}')"


def test_repr_of_a_cleared_secret_says_it_is_cleared():
    secret = Secret(VALUE, name="client_secret")
    secret.clear()
    assert repr(secret) == "Secret('client_secret', <cleared>)"


def test_the_mask_does_not_depend_on_the_value_length():
    assert str(Secret("a")) == str(Secret("a" * 500))


TEXT_FORMS = [
    repr,
    str,
    lambda s: f"{s}",
    lambda s: f"{s:>30}",
    lambda s: f"{s:x}",
    lambda s: "%s %r" % (s, s),  # noqa: UP031 - the form logging uses
    lambda s: logging.Formatter().format(logging.makeLogRecord({"msg": "%s", "args": (s,)})),
]


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(), st.binary()), st.text(max_size=20))
def test_every_text_form_is_the_same_whatever_the_value(value, name):
    secret = Secret(value, name=name)
    reference = Secret("reference-value", name=name)
    for render in TEXT_FORMS:
        assert render(secret) == render(reference)


@settings(max_examples=300, deadline=None)
@given(st.text(min_size=1))
def test_no_text_form_contains_an_arbitrary_value(value):
    # A value that is part of the mask or of "Secret(...)" is in every text by construction.
    assume(not any(value in render(REFERENCE) for render in TEXT_FORMS))
    secret = Secret(value)
    for render in TEXT_FORMS:
        assert value not in render(secret)


def test_debug_logging_never_shows_the_value(caplog):
    logger = logging.getLogger("venue-actors-test.secrets")
    secret = Secret(VALUE, name="client_secret")
    with caplog.at_level(logging.DEBUG, logger=logger.name):
        logger.debug("auth with %s", secret)
        logger.debug("auth with %r", secret)
        logger.debug("params %s", {"client_secret": secret, "grant_type": "client_credentials"})
        logger.debug(f"formatted early {secret}")
        try:
            raise ValueError(secret)
        except ValueError:
            logger.exception("failed with %s", secret)
    assert len(caplog.records) == 5
    assert MASK in caplog.text
    assert VALUE not in caplog.text
    for record in caplog.records:
        assert VALUE not in record.getMessage()
        assert VALUE not in logging.Formatter().format(record)


def test_exception_text_and_chained_tracebacks_never_show_the_value():
    secret = Secret(VALUE)

    def authenticate():
        try:
            raise ValueError(f"secret {secret} refused")
        except ValueError as exc:
            raise InvalidParameters("client_secret", f"refused: {secret!r}") from exc

    with pytest.raises(InvalidParameters) as caught:
        authenticate()
    assert VALUE not in str(caught.value)
    assert VALUE not in repr(caught.value)
    assert VALUE not in str(caught.value.__cause__)
    rendered = "".join(traceback.format_exception(caught.value))
    assert "The above exception was the direct cause" in rendered
    assert MASK in rendered
    assert VALUE not in rendered


def test_tracebacks_that_capture_locals_never_show_the_value():
    def sign(client_secret):
        raise RuntimeError("signing failed")

    with pytest.raises(RuntimeError) as caught:
        sign(Secret(VALUE))
    summary = traceback.TracebackException.from_exception(caught.value, capture_locals=True)
    rendered = "".join(summary.format())
    assert "client_secret" in rendered
    assert VALUE not in rendered


@pytest.mark.parametrize("protocol_version", range(pickle.HIGHEST_PROTOCOL + 1))
def test_pickling_is_refused_at_every_protocol(protocol_version):
    with pytest.raises(TypeError, match="Secret cannot be pickled"):
        pickle.dumps(Secret(VALUE), protocol=protocol_version)


def test_pickling_a_structure_that_holds_a_secret_is_refused():
    with pytest.raises(TypeError, match="Secret cannot be pickled"):
        pickle.dumps({"credentials": [Secret(VALUE)]})


@pytest.mark.parametrize("duplicate", [copy.copy, copy.deepcopy])
def test_a_copy_holds_the_same_value_in_its_own_buffer(duplicate):
    original = Secret(VALUE, name="client_secret")
    twin = duplicate(original)
    assert twin is not original
    assert twin == original
    assert repr(twin) == repr(original)
    original.clear()
    assert twin.expose_secret() == VALUE


def test_deepcopy_of_a_structure_copies_its_secrets():
    original = {"secret": Secret(b"key")}
    twin = copy.deepcopy(original)
    assert twin["secret"].expose_secret() == b"key"
    assert twin["secret"] is not original["secret"]


def test_a_copy_of_a_cleared_secret_is_cleared():
    secret = Secret(VALUE)
    secret.clear()
    assert copy.copy(secret).cleared


def test_clear_overwrites_the_buffer_with_zeros():
    secret = Secret(VALUE)
    buffer = secret._buffer
    secret.clear()
    assert buffer == bytearray(len(VALUE.encode()))
    assert secret._buffer is buffer


def test_expose_secret_after_clear_raises_an_error_naming_the_secret():
    secret = Secret(VALUE, name="client_secret")
    secret.clear()
    with pytest.raises(InvalidParameters) as caught:
        secret.expose_secret()
    assert caught.value.field == "client_secret"
    assert "cleared" in str(caught.value)
    assert isinstance(caught.value, VenueClientError)


def test_clear_is_idempotent():
    secret = Secret(VALUE)
    secret.clear()
    secret.clear()
    assert secret.cleared


def test_secrets_with_the_same_value_are_equal():
    assert Secret(VALUE) == Secret(VALUE, name="another name")


def test_secrets_with_different_values_are_not_equal():
    assert Secret(VALUE) != Secret(VALUE + "x")
    assert Secret(VALUE) != Secret(VALUE[:-1])


def test_a_str_secret_never_equals_a_bytes_secret():
    assert Secret("abc") != Secret(b"abc")


def test_a_secret_never_equals_its_plain_value():
    assert Secret(VALUE) != VALUE
    assert operator.ne(VALUE, Secret(VALUE))  # str's side of the comparison


def test_a_cleared_secret_equals_only_itself():
    cleared, twin = Secret(VALUE), Secret(VALUE)
    cleared.clear()
    assert operator.eq(cleared, cleared)  # identity is the one equality left
    assert cleared != twin
    assert twin != cleared


def test_equality_uses_a_constant_time_comparison(monkeypatch):
    calls = []
    real = protocol.secrets.hmac.compare_digest

    def recording(a, b):
        calls.append((type(a), type(b)))
        return real(a, b)

    monkeypatch.setattr(protocol.secrets.hmac, "compare_digest", recording)
    assert Secret(VALUE) == Secret(VALUE)
    assert calls == [(bytearray, bytearray)]


def test_secrets_are_unhashable():
    with pytest.raises(TypeError):
        hash(Secret(VALUE))
    with pytest.raises(TypeError):
        {Secret(VALUE)}


def test_truthiness_follows_emptiness_and_clearing():
    assert Secret(VALUE)
    assert not Secret("")
    assert not Secret(b"")
    secret = Secret(VALUE)
    secret.clear()
    assert not secret


def test_require_secret_wraps_a_str_and_names_it_after_the_field():
    secret = require_secret("client_secret", VALUE)
    assert secret.name == "client_secret"
    assert secret.expose_secret() == VALUE


def test_require_secret_wraps_bytes():
    assert require_secret("key", b"\x01").expose_secret() == b"\x01"


def test_require_secret_returns_a_secret_unchanged():
    secret = Secret(VALUE)
    assert require_secret("client_secret", secret) is secret


@pytest.mark.parametrize("empty", ["", b"", Secret(""), Secret(b"")])
def test_require_secret_refuses_an_empty_value_naming_the_field(empty):
    with pytest.raises(InvalidParameters) as caught:
        require_secret("client_secret", empty)
    assert caught.value.field == "client_secret"
    assert caught.value.problem == "must not be empty"


@pytest.mark.parametrize("wrong", [None, 42, 4.2, ["s3cr3t-in-a-list"], {"k": "v"}])
def test_require_secret_refuses_the_wrong_type_naming_the_field_not_the_value(wrong):
    with pytest.raises(InvalidParameters) as caught:
        require_secret("client_secret", wrong)
    assert caught.value.field == "client_secret"
    assert type(wrong).__name__ in caught.value.problem
    assert "s3cr3t-in-a-list" not in str(caught.value)


def test_require_secret_refuses_a_cleared_secret():
    secret = Secret(VALUE)
    secret.clear()
    with pytest.raises(InvalidParameters, match="cleared") as caught:
        require_secret("client_secret", secret)
    assert caught.value.field == "client_secret"

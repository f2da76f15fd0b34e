"""JSON-RPC 2.0: exact requests out, every frame in classified, nothing ever raised."""

from __future__ import annotations

import doctest
import functools
import json
import sys
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from marshmallow import ValidationError

import protocol.jsonrpc
from protocol.codec import Codec
from protocol.errors import InvalidParameters, VenueError
from protocol.jsonrpc import (
    ErrorObjectSchema,
    ErrorResponseSchema,
    JsonRpcCodec,
    NotificationSchema,
    RequestSchema,
    ResultResponseSchema,
    decode,
    default_loads,
    encode_request,
)
from protocol.messages import Control, Event, Failure, Inbound, Malformed, Reply
from protocol.secrets import Secret

INBOUND = (Reply, Failure, Event, Control, Malformed)
LOADERS = {
    "default": None,
    "stdlib": protocol.jsonrpc._stdlib_loads,
    "decimal": functools.partial(json.loads, parse_float=Decimal),
}
CODECS = {name: JsonRpcCodec(loads) for name, loads in LOADERS.items()}
HYPOTHESIS = settings(max_examples=300, deadline=None)


@pytest.fixture(params=sorted(CODECS))
def codec(request) -> JsonRpcCodec:
    return CODECS[request.param]


def test_the_module_docstring_examples_pass():
    failed, attempted = doctest.testmod(protocol.jsonrpc)
    assert attempted > 0
    assert failed == 0


def test_the_codec_satisfies_the_codec_protocol():
    assert isinstance(JsonRpcCodec(), Codec)


# encode_request


def test_a_request_is_compact_json_in_the_documented_member_order():
    frame = encode_request(42, "public/get_time", {})
    assert frame == '{"jsonrpc":"2.0","id":42,"method":"public/get_time","params":{}}'


def test_a_request_without_params_sends_an_empty_object():
    assert json.loads(encode_request(1, "public/test", None))["params"] == {}


def test_a_string_id_is_sent_as_a_string():
    assert json.loads(encode_request("auth_7", "public/auth", {}))["id"] == "auth_7"


def test_non_ascii_params_are_sent_as_utf8_text():
    frame = encode_request(1, "private/buy", {"label": "ordre-é"})
    assert '"ordre-é"' in frame


@pytest.mark.parametrize(
    ("request_id", "method", "params"),
    [
        (1, "public/get_time", None),
        ("auth_1", "public/auth", {"grant_type": "client_credentials", "client_id": "x"}),
        (2**40, "private/buy", {"amount": 10, "price": 50_000.5, "post_only": True}),
        (3, "public/subscribe", {"channels": ["ticker.BTC-PERPETUAL.raw"], "nested": {"a": []}}),
    ],
)
def test_every_encoded_request_passes_the_request_schema(request_id, method, params):
    loaded = RequestSchema().loads(encode_request(request_id, method, params))
    assert loaded == {
        "jsonrpc": "2.0",
        "id": request_id,
        "method": method,
        "params": params or {},
    }


@pytest.mark.parametrize(
    ("request_id", "method", "params", "field"),
    [
        (True, "public/test", {}, "id"),
        (1.5, "public/test", {}, "id"),
        (None, "public/test", {}, "id"),
        ([1], "public/test", {}, "id"),
        (1, "", {}, "method"),
        (1, None, {}, "method"),
        (1, 7, {}, "method"),
        (1, "public/test", ["positional"], "params"),
        (1, "public/test", "amount=1", "params"),
        (1, "public/test", {1: "int key"}, "params"),
    ],
)
def test_a_request_the_schema_refuses_is_refused_naming_the_field(
    request_id, method, params, field
):
    with pytest.raises(InvalidParameters) as caught:
        encode_request(request_id, method, params)
    assert caught.value.field == field
    with pytest.raises(ValidationError) as schema_refusal:
        RequestSchema().load(
            {"jsonrpc": "2.0", "id": request_id, "method": method, "params": params}
        )
    assert field in schema_refusal.value.messages_dict


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"amount": float("nan")}, "params.amount"),
        ({"amount": 1, "price": float("inf")}, "params.price"),
        ({"price": Decimal("1.5")}, "params.price"),
        ({"when": object()}, "params.when"),
        ({"nested": {"deep": {1, 2}}}, "params.nested"),
    ],
)
def test_a_parameter_json_cannot_carry_is_refused_naming_it(params, field):
    with pytest.raises(InvalidParameters) as caught:
        encode_request(1, "private/buy", params)
    assert caught.value.field == field


def test_a_secret_passed_as_a_parameter_is_refused_without_showing_it():
    with pytest.raises(InvalidParameters) as caught:
        encode_request(1, "public/auth", {"client_secret": Secret("hunter2-value")})
    assert caught.value.field == "params.client_secret"
    assert "hunter2-value" not in str(caught.value)


def test_params_nested_too_deeply_to_serialise_are_refused():
    deep: list[Any] = []
    for _ in range(100_000):
        deep = [deep]
    with pytest.raises(InvalidParameters) as caught:
        encode_request(1, "public/test", {"deep": deep})
    assert caught.value.field == "params.deep"


def test_the_codec_encodes_like_the_module_function():
    assert JsonRpcCodec().encode_request(5, "public/test", None) == encode_request(
        5, "public/test", None
    )


# decode: well-formed frames (from the venue facts)

WELL_FORMED = [
    (
        '{"jsonrpc": "2.0", "id": 42, "result": 1550147385946, "testnet": false,'
        ' "usIn": 1550147385946123, "usOut": 1550147385946201, "usDiff": 78}',
        Reply(42, 1550147385946),
    ),
    (
        '{"jsonrpc":"2.0","id":"auth_1","result":{"scope":"connection"}}',
        Reply("auth_1", {"scope": "connection"}),
    ),
    ('{"jsonrpc":"2.0","id":7,"result":null}', Reply(7, None)),
    (
        '{"jsonrpc": "2.0", "id": 1, "error": {"code": -32602, "message": "Invalid params",'
        ' "data": {"reason": "invalid format", "param": "nonce"}},'
        ' "usIn": "1655391709417993", "usOut": "1655391709418049", "usDiff": 56, "testnet": false}',
        Failure(1, -32602, "Invalid params", {"reason": "invalid format", "param": "nonce"}),
    ),
    (
        '{"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"Parse error"}}',
        Failure(None, -32700, "Parse error"),
    ),
    (
        '{"jsonrpc":"2.0","error":{"code":-32600,"message":"Invalid Request","extra":1}}',
        Failure(None, -32600, "Invalid Request"),
    ),
    (
        '{"jsonrpc": "2.0", "method": "subscription", "params": {"channel":'
        ' "deribit_price_index.btc_usd", "data": {"timestamp": 1550588002899,'
        ' "price": 3937.89, "index_name": "btc_usd"}}}',
        Event(
            "deribit_price_index.btc_usd",
            {"timestamp": 1550588002899, "price": 3937.89, "index_name": "btc_usd"},
        ),
    ),
    (
        '{"jsonrpc":"2.0","method":"heartbeat","params":{"type":"test_request"}}',
        Control("heartbeat", {"type": "test_request"}),
    ),
    (
        '{"jsonrpc":"2.0","method":"heartbeat","params":{"type":"heartbeat"}}',
        Control("heartbeat", {"type": "heartbeat"}),
    ),
    ('{"jsonrpc":"2.0","method":"announcement"}', Control("announcement", None)),
    ('{"method":"subscription","params":{"channel":"c","data":null}}', Event("c", None)),
    (
        '{"method":"subscription","params":{"channel":5,"data":1}}',
        Control("subscription", {"channel": 5, "data": 1}),
    ),
    (
        '{"method":"subscription","params":{"channel":"c"}}',
        Control("subscription", {"channel": "c"}),
    ),
    ('{"method":"notice","params":[1,2]}', Control("notice", [1, 2])),
    (
        '{"jsonrpc":"2.0","id":9,"method":"server/request","params":{}}',
        Control("server/request", {}),
    ),
    ('{"jsonrpc":"1.0","id":1,"result":true}', Reply(1, True)),
]


@pytest.mark.parametrize("codec_name", ["default", "stdlib"])
@pytest.mark.parametrize(("frame", "expected"), WELL_FORMED)
def test_well_formed_frames_are_classified(codec_name, frame, expected):
    assert CODECS[codec_name].decode(frame) == expected


@pytest.mark.parametrize(("frame", "expected"), WELL_FORMED)
def test_well_formed_frames_are_classified_from_utf8_bytes(frame, expected):
    assert decode(frame.encode()) == expected


def test_a_decimal_loader_keeps_prices_exact():
    codec = CODECS["decimal"]
    frame = '{"method":"subscription","params":{"channel":"ticker","data":{"price":0.1}}}'
    assert codec.decode(frame) == Event("ticker", {"price": Decimal("0.1")})


# decode: hostile and malformed frames

MALFORMED = [
    ("not json at all", "not JSON"),
    ("", "not JSON"),
    ("{", "not JSON"),
    ('{"id": 1, "result": 1', "not JSON"),
    (b"\xff\xfe\x00garbage", "not JSON"),
    (b'{"id": 1, "result": "\xc3\x28"}', "not JSON"),
    ('{"jsonrpc":"2.0","id":1' + "0" * 5000 + ',"result":1}', "not JSON"),
    ("[" * 100_000 + "]" * 100_000, "not JSON"),
    ('{"id":1,"result":' + "[" * 100_000 + "]" * 100_000 + "}", "not JSON"),
    ("[1, 2]", "not a JSON object"),
    ("[]", "not a JSON object"),
    ("42", "not a JSON object"),
    ('"a string"', "not a JSON object"),
    ("null", "not a JSON object"),
    ("true", "not a JSON object"),
    ('"' + "x" * 1_000_000 + '"', "not a JSON object"),
    ("{}", "neither result, error nor method"),
    ('{"jsonrpc":"2.0","id":1}', "neither result, error nor method"),
    ('{"jsonrpc":"2.0","id":1,"method":null}', "neither result, error nor method"),
    ('{"jsonrpc":"2.0","id":1,"usIn":5}', "neither result, error nor method"),
    ('{"jsonrpc":"2.0","method":5}', "method is not a string"),
    ('{"jsonrpc":"2.0","method":["subscription"],"params":{}}', "method is not a string"),
    ('{"jsonrpc":"2.0","id":[1],"result":1}', "result without an int or str id"),
    ('{"jsonrpc":"2.0","id":{"a":1},"result":1}', "result without an int or str id"),
    ('{"jsonrpc":"2.0","id":true,"result":1}', "result without an int or str id"),
    ('{"jsonrpc":"2.0","id":1.5,"result":1}', "result without an int or str id"),
    ('{"jsonrpc":"2.0","id":null,"result":1}', "result without an int or str id"),
    ('{"jsonrpc":"2.0","result":1}', "result without an int or str id"),
    (
        '{"jsonrpc":"2.0","id":1,"result":1,"error":{"code":1,"message":"m"}}',
        "both result and error",
    ),
    (
        '{"jsonrpc":"2.0","id":[1],"error":{"code":1,"message":"m"}}',
        "error with an id that is not an int, str or null",
    ),
    (
        '{"jsonrpc":"2.0","id":false,"error":{"code":1,"message":"m"}}',
        "error with an id that is not an int, str or null",
    ),
    ('{"jsonrpc":"2.0","id":1,"error":"bad"}', "error is not an object"),
    ('{"jsonrpc":"2.0","id":1,"error":null}', "error is not an object"),
    ('{"jsonrpc":"2.0","id":1,"error":[1,"m"]}', "error is not an object"),
    (
        '{"jsonrpc":"2.0","id":1,"error":{"message":"no code"}}',
        "error code is missing or not an integer",
    ),
    (
        '{"jsonrpc":"2.0","id":1,"error":{"code":"13009","message":"m"}}',
        "error code is missing or not an integer",
    ),
    (
        '{"jsonrpc":"2.0","id":1,"error":{"code":1.5,"message":"m"}}',
        "error code is missing or not an integer",
    ),
    (
        '{"jsonrpc":"2.0","id":1,"error":{"code":true,"message":"m"}}',
        "error code is missing or not an integer",
    ),
    (
        '{"jsonrpc":"2.0","id":1,"error":{"code":null,"message":"m"}}',
        "error code is missing or not an integer",
    ),
    ('{"jsonrpc":"2.0","id":1,"error":{"code":1}}', "error message is missing or not a string"),
    (
        '{"jsonrpc":"2.0","id":1,"error":{"code":1,"message":7}}',
        "error message is missing or not a string",
    ),
]


@pytest.mark.parametrize(("frame", "reason"), MALFORMED, ids=range(len(MALFORMED)))
def test_malformed_frames_become_malformed_with_a_reason_and_the_raw_frame(codec, frame, reason):
    decoded = codec.decode(frame)
    assert isinstance(decoded, Malformed)
    assert decoded.reason.startswith(reason)
    assert decoded.raw is frame


NON_FINITE = ["NaN", '{"jsonrpc":"2.0","id":1,"result":NaN}', '{"id":1,"result":-Infinity}']


@pytest.mark.parametrize("codec_name", ["default", "stdlib"])
@pytest.mark.parametrize("frame", NON_FINITE)
def test_nan_and_infinity_are_not_json_for_the_built_in_loaders(codec_name, frame):
    decoded = CODECS[codec_name].decode(frame)
    assert isinstance(decoded, Malformed)
    assert decoded.reason.startswith("not JSON")


@pytest.mark.parametrize("frame", NON_FINITE)
def test_a_loader_that_accepts_nan_still_never_raises(frame):
    assert isinstance(CODECS["decimal"].decode(frame), INBOUND)


def test_a_frame_nested_too_deeply_for_the_stdlib_loader_is_named_as_such():
    decoded = CODECS["stdlib"].decode("[" * 100_000 + "]" * 100_000)
    assert decoded == Malformed("[" * 100_000 + "]" * 100_000, "not JSON (nested too deeply)")


def test_the_malformed_reason_never_quotes_the_frame():
    frame = '{"access_token": "tok-4242", "id": [1], "result": 1'
    assert "tok-4242" not in decode(frame).reason


def test_huge_numbers_never_raise(codec):
    for frame in ['{"id":1,"result":1e999}', '{"id":1,"result":' + "9" * 4000 + "}"]:
        assert isinstance(codec.decode(frame), Reply | Malformed)


def test_a_very_long_string_in_a_valid_frame_is_decoded(codec):
    text = "x" * 5_000_000
    assert codec.decode(json.dumps({"jsonrpc": "2.0", "id": 1, "result": text})) == Reply(1, text)


def test_a_frame_that_is_neither_text_nor_bytes_becomes_malformed(codec):
    assert isinstance(codec.decode(None), Malformed)  # type: ignore[arg-type]


def test_a_failing_loader_yields_malformed_rather_than_raising():
    def exploding(frame):
        raise KeyError("loader bug")

    decoded = JsonRpcCodec(loads=exploding).decode('{"id":1,"result":1}')
    assert decoded == Malformed('{"id":1,"result":1}', "not JSON (KeyError)")


def test_a_failing_notification_override_yields_malformed_rather_than_raising():
    class Broken(JsonRpcCodec):
        def notification(self, method, params):
            raise ZeroDivisionError

    decoded = Broken().decode('{"method":"subscription","params":{}}')
    assert decoded == Malformed(
        '{"method":"subscription","params":{}}', "could not classify (ZeroDivisionError)"
    )


def test_venues_override_notification_to_classify_their_own_messages():
    class Venue(JsonRpcCodec):
        def notification(self, method, params):
            if method == "heartbeat":
                return Control("heartbeat", params["type"])
            return super().notification(method, params)

    venue = Venue()
    assert venue.decode('{"method":"heartbeat","params":{"type":"test_request"}}') == Control(
        "heartbeat", "test_request"
    )
    assert venue.decode('{"method":"subscription","params":{"channel":"c","data":1}}') == Event(
        "c", 1
    )


# error()


def test_error_turns_a_failure_into_a_venue_error_naming_the_method():
    failure = Failure(4, 10009, "not_enough_funds", {"reason": "margin"})
    error = JsonRpcCodec().error(failure, "private/buy")
    assert type(error) is VenueError
    assert (error.code, error.message, error.data, error.method) == (
        10009,
        "not_enough_funds",
        {"reason": "margin"},
        "private/buy",
    )
    assert str(error) == "venue error 10009 in 'private/buy': not_enough_funds"


# loaders


def test_the_default_loader_is_orjson_when_installed():
    orjson = pytest.importorskip("orjson")
    assert default_loads() is orjson.loads


def test_the_default_loader_falls_back_to_a_strict_stdlib_loader(monkeypatch):
    monkeypatch.setitem(sys.modules, "orjson", None)
    loads = default_loads()
    assert loads('{"a": [1, 2.5]}') == {"a": [1, 2.5]}
    with pytest.raises(ValueError, match="NaN is not valid JSON"):
        loads('{"a": NaN}')
    codec = JsonRpcCodec(loads)
    assert codec.decode('{"id":1,"result":Infinity}').reason == "not JSON (ValueError)"


# schemas


def test_receiving_schemas_drop_the_venue_envelope_extras():
    loaded = ResultResponseSchema().load(
        {
            "jsonrpc": "2.0",
            "id": 1,
            "result": 2,
            "usIn": 1,
            "usOut": 2,
            "usDiff": 1,
            "testnet": True,
        }
    )
    assert loaded == {"jsonrpc": "2.0", "id": 1, "result": 2}


def test_the_request_schema_refuses_unknown_members():
    with pytest.raises(ValidationError) as caught:
        RequestSchema().load({"jsonrpc": "2.0", "id": 1, "method": "m", "extra": 1})
    assert "extra" in caught.value.messages_dict


@pytest.mark.parametrize("version", ["1.0", "2", 2.0])
def test_the_schemas_refuse_another_jsonrpc_version(version):
    with pytest.raises(ValidationError):
        ResultResponseSchema().load({"jsonrpc": version, "id": 1, "result": 1})
    with pytest.raises(ValidationError):
        RequestSchema().load({"jsonrpc": version, "id": 1, "method": "m"})


def test_the_error_object_schema_refuses_a_boolean_code():
    with pytest.raises(ValidationError):
        ErrorObjectSchema().load({"code": True, "message": "m"})


# the fast path agrees with the schemas


def _schema_classification(message: Any) -> Inbound | None:
    """What the schemas say a decoded object is; None when no schema accepts it."""
    if not isinstance(message, dict):
        return None
    for schema, build in (
        (ResultResponseSchema(), lambda m: Reply(m["id"], m["result"])),
        (ErrorResponseSchema(), _failure_from),
        (NotificationSchema(), _notification_from),
    ):
        try:
            loaded = schema.load(message)
        except ValidationError:
            continue
        return build(loaded)
    return None


def _failure_from(loaded: dict[str, Any]) -> Failure:
    error = loaded["error"]
    return Failure(loaded["id"], error["code"], error["message"], error["data"])


def _notification_from(loaded: dict[str, Any]) -> Inbound:
    params = loaded["params"]
    if isinstance(params, dict) and isinstance(params.get("channel"), str) and "data" in params:
        return Event(params["channel"], params["data"])
    return Control(loaded["method"], params)


json_leaves = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=12)
)
json_values = st.recursive(
    json_leaves,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=16,
)
candidate_ids = (
    st.integers()
    | st.text(max_size=8)
    | st.none()
    | st.booleans()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.lists(st.integers(), max_size=2)
)
candidate_errors = json_values | st.fixed_dictionaries(
    {},
    optional={
        "code": st.integers()
        | st.booleans()
        | st.text(max_size=3)
        | st.floats(allow_nan=False, allow_infinity=False),
        "message": st.text(max_size=12) | st.none() | st.integers(),
        "data": json_values,
    },
)
candidate_params = json_values | st.fixed_dictionaries(
    {},
    optional={
        "channel": st.text(max_size=12) | st.integers() | st.none(),
        "data": json_values,
        "type": st.sampled_from(["heartbeat", "test_request"]),
    },
)
candidate_envelopes = st.fixed_dictionaries(
    {},
    optional={
        "jsonrpc": st.just("2.0"),
        "id": candidate_ids,
        "method": st.sampled_from(["subscription", "heartbeat"])
        | st.text(max_size=6)
        | st.none()
        | st.integers(),
        "params": candidate_params,
        "result": json_values,
        "error": candidate_errors,
        "usIn": st.integers() | st.text(max_size=20),
        "testnet": st.booleans(),
    },
)


# Mostly valid shapes, with a share of wrong members, so both answers are well exercised.
request_ids = st.integers() | st.text(max_size=8)


def _mostly(valid: st.SearchStrategy[Any], other: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """Draw from ``valid`` three times in four, else from ``other``."""
    return st.integers(0, 3).flatmap(lambda pick: other if pick == 0 else valid)


mostly_valid_ids = _mostly(request_ids, candidate_ids)
methods = _mostly(
    st.sampled_from(["subscription", "heartbeat"]) | st.text(max_size=6), st.integers() | st.none()
)
envelope_extras = {
    "jsonrpc": st.just("2.0"),
    "usIn": st.integers(min_value=0) | st.text(max_size=20),
    "testnet": st.booleans(),
}
error_objects = st.fixed_dictionaries(
    {"code": st.integers(), "message": st.text(max_size=12)},
    optional={"data": json_values, "extra": json_values},
)
reply_like = st.fixed_dictionaries(
    {"id": mostly_valid_ids, "result": json_values},
    optional={**envelope_extras, "method": methods},
)
failure_like = st.fixed_dictionaries(
    {"error": _mostly(error_objects, candidate_errors)},
    optional={**envelope_extras, "id": mostly_valid_ids, "method": methods},
)
notification_like = st.fixed_dictionaries(
    {"method": methods},
    optional={
        **envelope_extras,
        "params": st.fixed_dictionaries({"channel": st.text(max_size=12), "data": json_values})
        | candidate_params,
        "id": candidate_ids,
    },
)
envelopes = reply_like | failure_like | notification_like | candidate_envelopes


@HYPOTHESIS
@given(envelopes, st.sampled_from(sorted(CODECS)))
def test_the_fast_path_agrees_with_the_schemas(envelope, codec_name):
    codec = CODECS[codec_name]
    frame = json.dumps(envelope)
    loads = LOADERS[codec_name] or default_loads()
    expected = _schema_classification(loads(frame))
    decoded = codec.decode(frame)
    if expected is None:
        assert isinstance(decoded, Malformed)
    else:
        assert decoded == expected


@HYPOTHESIS
@given(st.text(), st.sampled_from(sorted(CODECS)))
def test_decode_never_raises_on_arbitrary_text(frame, codec_name):
    assert isinstance(CODECS[codec_name].decode(frame), INBOUND)


@HYPOTHESIS
@given(st.binary(), st.sampled_from(sorted(CODECS)))
def test_decode_never_raises_on_arbitrary_bytes(frame, codec_name):
    assert isinstance(CODECS[codec_name].decode(frame), INBOUND)


any_json = st.recursive(
    json_leaves | st.floats() | st.integers(min_value=-(10**30), max_value=10**30),
    lambda inner: (
        st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=8), inner, max_size=5)
    ),
    max_leaves=40,
)


@HYPOTHESIS
@given(any_json | envelopes, st.sampled_from(sorted(CODECS)), st.booleans())
def test_decode_never_raises_on_arbitrary_json_structures(value, codec_name, as_bytes):
    text = json.dumps(value)  # NaN and Infinity included: json.dumps writes them
    frame: str | bytes = text.encode() if as_bytes else text
    assert isinstance(CODECS[codec_name].decode(frame), INBOUND)

"""JSON-RPC 2.0: schemas, request encoding, and a codec that never raises on input.

The marshmallow schemas describe the envelopes exactly: what we send is strict
(``unknown = RAISE``), what we receive is lenient (``unknown = EXCLUDE``: Deribit adds
``usIn``, ``usOut``, ``usDiff`` and ``testnet``). They serve validation and tests.

Decoding is on the market-data hot path, so :class:`JsonRpcCodec` classifies frames with
plain dict checks instead of ``Schema.load`` (about 25 µs a frame, several times the cost
of receiving it). The tests check that, for every input the schemas accept, the fast
path gives the same answer.

Example:
    >>> encode_request(1, "public/get_time", None)
    '{"jsonrpc":"2.0","id":1,"method":"public/get_time","params":{}}'
    >>> decode('{"jsonrpc": "2.0", "id": 1, "result": 1550147385946, "usIn": 1}')
    Reply(id=1, result=1550147385946)
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable, Mapping
from typing import Any, NoReturn

from marshmallow import EXCLUDE, RAISE, Schema, ValidationError, fields, validate, validates_schema

from protocol.errors import InvalidParameters, VenueError
from protocol.messages import Control, Event, Failure, Inbound, Malformed, Reply

__all__ = [
    "ErrorObjectSchema",
    "ErrorResponseSchema",
    "JsonRpcCodec",
    "Loads",
    "NotificationSchema",
    "RequestIdField",
    "RequestSchema",
    "ResultResponseSchema",
    "decode",
    "default_loads",
    "encode_request",
]

_VERSION = "2.0"

Loads = Callable[[Any], Any]
"""A JSON loader: text or bytes in, Python values out (``json.loads``, ``orjson.loads``)."""

# Exact types: bool is an int subclass and must not pass for an id.
_ID_TYPES = (int, str)


def _is_request_id(value: object) -> bool:
    return type(value) in _ID_TYPES


class RequestIdField(fields.Field):
    """A JSON-RPC id: an integer or a string (never a boolean, float or null).

    Example:
        >>> RequestIdField().deserialize("auth_1")
        'auth_1'
    """

    default_error_messages = {"invalid": "Must be an integer or a string."}

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Any:
        if not _is_request_id(value):
            raise self.make_error("invalid")
        return value

    def _serialize(self, value: Any, attr: str | None, obj: Any, **kwargs: Any) -> Any:
        if value is not None and not _is_request_id(value):
            raise self.make_error("invalid")
        return value


class RequestSchema(Schema):
    """A request we send: ``{"jsonrpc": "2.0", "id", "method", "params"}``.

    Example:
        >>> RequestSchema().load({"jsonrpc": "2.0", "id": 1, "method": "public/test"})
        {'jsonrpc': '2.0', 'id': 1, 'method': 'public/test'}
    """

    class Meta:
        unknown = RAISE

    jsonrpc = fields.String(required=True, validate=validate.Equal(_VERSION))
    id = RequestIdField(required=True)
    method = fields.String(required=True, validate=validate.Length(min=1))
    params = fields.Dict(keys=fields.String())


class _ReceivedSchema(Schema):
    class Meta:
        unknown = EXCLUDE

    jsonrpc = fields.String(validate=validate.Equal(_VERSION))


class ResultResponseSchema(_ReceivedSchema):
    """A successful response: ``id`` and ``result`` (which may be null), never ``error``.

    Example:
        >>> ResultResponseSchema().load({"jsonrpc": "2.0", "id": 7, "result": 1, "usIn": 5})
        {'jsonrpc': '2.0', 'id': 7, 'result': 1}
    """

    id = RequestIdField(required=True)
    result = fields.Raw(required=True, allow_none=True)

    @validates_schema(pass_original=True)
    def _not_also_an_error(self, data: Any, original_data: Any, **kwargs: Any) -> None:
        if "error" in original_data:
            raise ValidationError("a response carries result or error, not both")


class ErrorObjectSchema(Schema):
    """The ``error`` member: ``code`` (int), ``message`` (str), optional ``data``.

    Example:
        >>> ErrorObjectSchema().load({"code": 13009, "message": "unauthorized"})
        {'code': 13009, 'message': 'unauthorized', 'data': None}
    """

    class Meta:
        unknown = EXCLUDE

    code = fields.Integer(required=True, strict=True)
    message = fields.String(required=True)
    data = fields.Raw(allow_none=True, load_default=None)


class ErrorResponseSchema(_ReceivedSchema):
    """An error response; ``id`` is null when the server could not read the request's id.

    Example:
        >>> ErrorResponseSchema().load({"id": 1, "error": {"code": -32602, "message": "x"}})
        {'id': 1, 'error': {'code': -32602, 'message': 'x', 'data': None}}
    """

    id = RequestIdField(allow_none=True, load_default=None)
    error = fields.Nested(ErrorObjectSchema, required=True)

    @validates_schema(pass_original=True)
    def _not_also_a_result(self, data: Any, original_data: Any, **kwargs: Any) -> None:
        if "result" in original_data:
            raise ValidationError("a response carries result or error, not both")


class NotificationSchema(_ReceivedSchema):
    """A message from the server that answers no request: ``method`` and ``params``.

    Example:
        >>> NotificationSchema().load({"method": "heartbeat", "params": {"type": "heartbeat"}})
        {'method': 'heartbeat', 'params': {'type': 'heartbeat'}}
    """

    method = fields.String(required=True)
    params = fields.Raw(allow_none=True, load_default=None)

    @validates_schema(pass_original=True)
    def _not_a_response(self, data: Any, original_data: Any, **kwargs: Any) -> None:
        if "result" in original_data or "error" in original_data:
            raise ValidationError("a message with result or error is a response")


def encode_request(request_id: Any, method: str, params: Mapping[str, Any] | None) -> str:
    """Return the compact JSON text of one request (``params`` None sends ``{}``).

    Checks the same rules as :class:`RequestSchema` with plain comparisons, and refuses
    values JSON cannot carry (NaN, infinities, arbitrary objects), all before anything
    is sent.

    Raises:
        InvalidParameters: naming ``id``, ``method``, ``params`` or ``params.<key>``.

    Example:
        >>> encode_request("a1", "public/get_time", {})
        '{"jsonrpc":"2.0","id":"a1","method":"public/get_time","params":{}}'
        >>> encode_request(1, "private/buy", {"amount": float("nan")})  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        protocol.errors.InvalidParameters: invalid parameter 'params.amount': not valid JSON ...
    """
    if not _is_request_id(request_id):
        raise InvalidParameters("id", f"must be an int or a str, not {type(request_id).__name__}")
    if not isinstance(method, str) or not method:
        raise InvalidParameters("method", "must be a non-empty str")
    body = {} if params is None else params
    if not isinstance(body, Mapping):
        raise InvalidParameters("params", f"must be a mapping, not {type(body).__name__}")
    for key in body:
        if not isinstance(key, str):
            raise InvalidParameters("params", f"keys must be str, not {type(key).__name__}")
    request = {"jsonrpc": _VERSION, "id": request_id, "method": method, "params": dict(body)}
    with contextlib.suppress(TypeError, ValueError, RecursionError):
        return _dumps(request)
    _explain_unserialisable(body)


def _dumps(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False, allow_nan=False)


def _explain_unserialisable(params: Mapping[Any, Any]) -> NoReturn:
    # Only on the error path: find the first parameter JSON cannot carry and name it.
    for key, value in params.items():
        try:
            _dumps(value)
        except (TypeError, ValueError, RecursionError) as exc:
            raise InvalidParameters(f"params.{key}", f"not valid JSON ({exc})") from exc
    raise InvalidParameters("params", "not valid JSON")


def _stdlib_loads(frame: Any) -> Any:
    return json.loads(frame, parse_constant=_refuse_constant)


def _refuse_constant(name: str) -> NoReturn:
    # json.loads accepts NaN/Infinity by default; orjson and RFC 8259 do not. Refusing
    # them keeps the answer the same whichever loader is installed.
    raise ValueError(f"{name} is not valid JSON")


def default_loads() -> Loads:
    """Return ``orjson.loads`` when orjson is installed, else a strict ``json.loads``.

    Example:
        >>> default_loads()('{"a": 1}')
        {'a': 1}
    """
    try:
        import orjson
    except ImportError:
        return _stdlib_loads
    return orjson.loads


class _Rejected(Exception):
    """Raised inside classification; ``decode`` turns it into :class:`Malformed`."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class JsonRpcCodec:
    """The :class:`protocol.codec.Codec` for JSON-RPC 2.0 venues (Deribit).

    Classification of a decoded object, in order:

    1. ``method`` (a str) and neither ``result`` nor ``error``: :meth:`notification`.
    2. ``result``: :class:`Reply` (``id`` must be an int or str; not with ``error``).
    3. ``error``: :class:`Failure` (``code`` int, ``message`` str; ``id`` may be null).
    4. anything else, and anything that is not a JSON object: :class:`Malformed`.

    The ``jsonrpc`` member is not checked (the venue always sends ``"2.0"``; one
    comparison fewer per frame); envelope extras such as ``usIn`` are ignored.

    Args:
        loads: the JSON loader; for exact prices pass
            ``functools.partial(json.loads, parse_float=Decimal)``.

    Example:
        >>> codec = JsonRpcCodec()
        >>> codec.decode('{"jsonrpc":"2.0","method":"subscription",'
        ...              '"params":{"channel":"ticker.BTC-PERPETUAL.raw","data":{"p":1}}}')
        Event(channel='ticker.BTC-PERPETUAL.raw', data={'p': 1})
        >>> codec.decode("[1, 2]")
        Malformed(raw='[1, 2]', reason='not a JSON object')
    """

    __slots__ = ("_loads",)

    def __init__(self, loads: Loads | None = None) -> None:
        self._loads = loads if loads is not None else default_loads()

    def encode_request(self, request_id: Any, method: str, params: Mapping[str, Any] | None) -> str:
        """Return the text frame for one request; see :func:`encode_request`.

        Example:
            >>> JsonRpcCodec().encode_request(2, "public/test", None)
            '{"jsonrpc":"2.0","id":2,"method":"public/test","params":{}}'
        """
        return encode_request(request_id, method, params)

    def decode(self, frame: str | bytes) -> Inbound:
        """Classify one frame. Never raises: what cannot be read becomes :class:`Malformed`.

        Example:
            >>> JsonRpcCodec().decode("{oops")
            Malformed(raw='{oops', reason='not JSON (JSONDecodeError)')
        """
        try:
            message = self._loads(frame)
        except RecursionError:
            return Malformed(frame, "not JSON (nested too deeply)")
        except Exception as exc:  # any loader, any failure: the frame is simply not JSON
            return Malformed(frame, f"not JSON ({type(exc).__name__})")
        try:
            return self._classify(message)
        except _Rejected as exc:
            return Malformed(frame, exc.reason)
        except Exception as exc:  # a failing notification() override must not kill the reader
            return Malformed(frame, f"could not classify ({type(exc).__name__})")

    def notification(self, method: str, params: Any) -> Inbound:
        """Classify a message that answers no request; venues override this.

        The default: ``params`` with a str ``channel`` and a ``data`` member is an
        :class:`Event`; anything else is a :class:`Control` of kind ``method``.

        Example:
            >>> JsonRpcCodec().notification("heartbeat", {"type": "test_request"})
            Control(kind='heartbeat', payload={'type': 'test_request'})
        """
        if isinstance(params, dict):
            channel = params.get("channel")
            if isinstance(channel, str) and "data" in params:
                return Event(channel, params["data"])
        return Control(method, params)

    def error(self, failure: Failure, method: str) -> VenueError:
        """Return the exception for an error reply; venues override with their tables.

        Example:
            >>> JsonRpcCodec().error(Failure(1, 10009, "not_enough_funds"), "private/buy")
            VenueError("venue error 10009 in 'private/buy': not_enough_funds")
        """
        return VenueError(failure.code, failure.message, failure.data, method)

    def _classify(self, message: Any) -> Inbound:
        if not isinstance(message, dict):
            raise _Rejected("not a JSON object")
        method = message.get("method")
        if method is not None and "result" not in message and "error" not in message:
            if not isinstance(method, str):
                raise _Rejected("method is not a string")
            return self.notification(method, message.get("params"))
        if "result" in message:
            return _reply(message)
        if "error" in message:
            return _failure(message.get("id"), message["error"])
        raise _Rejected("neither result, error nor method")


def _reply(message: dict[str, Any]) -> Reply:
    if "error" in message:
        raise _Rejected("both result and error")
    request_id = message.get("id")
    if not _is_request_id(request_id):
        raise _Rejected("result without an int or str id")
    return Reply(request_id, message["result"])


def _failure(request_id: Any, error: Any) -> Failure:
    if request_id is not None and not _is_request_id(request_id):
        raise _Rejected("error with an id that is not an int, str or null")
    if not isinstance(error, dict):
        raise _Rejected("error is not an object")
    code = error.get("code")
    if not isinstance(code, int) or isinstance(code, bool):
        raise _Rejected("error code is missing or not an integer")
    text = error.get("message")
    if not isinstance(text, str):
        raise _Rejected("error message is missing or not a string")
    return Failure(request_id, code, text, error.get("data"))


_DEFAULT_CODEC = JsonRpcCodec()


def decode(frame: str | bytes) -> Inbound:
    """Classify one frame with a default :class:`JsonRpcCodec`. Never raises.

    Example:
        >>> decode('{"jsonrpc":"2.0","id":3,"error":{"code":13009,"message":"unauthorized"}}')
        Failure(id=3, code=13009, message='unauthorized', data=None, extra=None)
    """
    return _DEFAULT_CODEC.decode(frame)

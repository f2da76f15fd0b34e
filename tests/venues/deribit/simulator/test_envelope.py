"""The JSON-RPC envelope: reply extras, notifications, and the envelope error codes."""

from __future__ import annotations

import json

import pytest

from venues.deribit.simulator._envelope import MAX_FRAME_BYTES


def test_a_reply_carries_the_documented_envelope_fields(sim):
    conn = sim.connect()
    reply = conn.request("public/get_time")
    assert set(reply) == {"jsonrpc", "id", "result", "usIn", "usOut", "usDiff", "testnet"}
    assert reply["jsonrpc"] == "2.0"
    assert reply["result"] == int(sim.clock.now * 1000)
    assert isinstance(reply["usIn"], int) and isinstance(reply["usOut"], int)
    assert reply["usIn"] == int(sim.clock.now * 1_000_000)
    assert reply["usDiff"] == reply["usOut"] - reply["usIn"]
    assert reply["testnet"] is True


def test_the_testnet_flag_follows_the_configuration(make_sim):
    conn = make_sim(testnet=False).connect()
    assert conn.request("public/test")["testnet"] is False


def test_an_error_reply_has_code_message_and_the_same_extras(sim):
    reply = sim.connect().request("public/no_such_method")
    assert reply["error"] == {"code": -32601, "message": "Method not found"}
    assert {"usIn", "usOut", "usDiff", "testnet"} <= set(reply)


def test_a_string_request_id_is_echoed(sim):
    conn = sim.connect()
    conn.send('{"jsonrpc":"2.0","id":"auth_42","method":"public/test","params":{}}')
    assert conn.inbox[-1]["id"] == "auth_42"


def test_text_that_is_not_json_is_a_parse_error_with_a_null_id(sim):
    conn = sim.connect()
    conn.send('{"jsonrpc": "2.0", "id": 1, "method": ')
    assert conn.inbox[-1]["id"] is None
    assert conn.inbox[-1]["error"] == {"code": -32700, "message": "Parse error"}


@pytest.mark.parametrize(
    "frame",
    [
        '[{"jsonrpc":"2.0","id":1,"method":"public/test"}]',
        '"public/test"',
        '{"jsonrpc":"2.0","id":1}',
        '{"jsonrpc":"1.0","id":1,"method":"public/test"}',
        '{"jsonrpc":"2.0","id":{"a":1},"method":"public/test"}',
    ],
    ids=["batch", "string", "no-method", "wrong-version", "object-id"],
)
def test_a_json_value_that_is_not_a_request_is_an_invalid_request(sim, frame):
    conn = sim.connect()
    conn.send(frame)
    assert conn.inbox[-1]["error"]["code"] == -32600


def test_positional_params_are_invalid_params(sim):
    conn = sim.connect()
    conn.send('{"jsonrpc":"2.0","id":3,"method":"public/get_time","params":[1]}')
    reply = conn.inbox[-1]
    assert reply["id"] == 3
    assert reply["error"]["code"] == -32602
    assert reply["error"]["data"] == {"reason": "must be an object", "param": "params"}


def test_a_frame_over_32_kb_is_refused_as_too_large(sim):
    conn = sim.connect()
    padding = "x" * MAX_FRAME_BYTES
    conn.send(
        json.dumps({"jsonrpc": "2.0", "id": 1, "method": "public/test", "params": {"p": padding}})
    )
    assert conn.inbox[-1]["error"] == {"code": -32600, "message": "request entity too large"}


def test_a_request_without_id_is_executed_but_not_answered(sim):
    conn = sim.connect()
    conn.send('{"jsonrpc":"2.0","method":"public/set_heartbeat","params":{"interval":10}}')
    assert conn.inbox == []
    assert sim.engine.world.connections[conn.conn_id].heartbeat.interval == 10.0


def test_a_missing_required_param_is_invalid_params_naming_it(sim):
    error = sim.connect().error("public/hello", {"client_name": "x"})
    assert error["code"] == -32602
    assert error["message"] == "Invalid params"
    assert error["data"]["param"] == "client_version"


def test_a_param_of_the_wrong_type_is_invalid_params_naming_it(sim):
    error = sim.connect().error("public/get_order_book", {"instrument_name": 5})
    assert (error["code"], error["data"]["param"]) == (-32602, "instrument_name")


def test_hello_and_test_report_the_server_version(sim):
    conn = sim.connect()
    assert conn.result("public/hello", {"client_name": "c", "client_version": "1"}) == {
        "version": "1.2.26"
    }
    assert conn.result("public/test") == {"version": "1.2.26"}


def test_public_test_with_expected_result_exception_fails_on_purpose(sim):
    error = sim.connect().error("public/test", {"expected_result": "exception"})
    assert error["code"] == 10001

"""Channel silence is reported once per spell, and its end too; over real sockets."""

from __future__ import annotations

import pytest

from actors import ChannelWatch
from actors import ConnectionState as S
from actors.signals import state_changed, subscription_quiet, subscription_resumed
from actors.watch import QuietChannels
from protocol.errors import InvalidParameters
from tests.actors.rpc_server import Recorder, RpcClient, notification


def test_a_silent_channel_is_due_once_per_spell_and_a_message_ends_the_spell():
    rule = QuietChannels()
    rule.watch(["a"], 2.0, now=0.0)
    assert rule.due(now=2.0) == []  # exactly at the limit is not yet quiet
    assert rule.due(now=2.1) == ["a"]
    assert rule.due(now=9.0) == []  # reported once
    assert rule.seen("a", now=9.5) is True  # resumed
    assert rule.seen("a", now=9.6) is False
    assert rule.due(now=11.0) == []
    assert rule.due(now=11.7) == ["a"]  # a new spell, reported again


def test_nothing_is_due_while_the_connection_is_not_ready_and_spells_restart_when_it_is():
    rule = QuietChannels()
    rule.watch(["a", "b"], 1.0, now=0.0)
    rule.pause()
    assert rule.due(now=10.0) == [] and rule.next_check(now=10.0) is None
    rule.restart(now=10.0)
    assert rule.due(now=10.5) == []
    assert rule.next_check(now=10.5) == 0.5
    assert rule.due(now=11.5) == ["a", "b"]


def test_each_channel_keeps_its_own_limit_and_unwatched_channels_are_forgotten():
    rule = QuietChannels()
    rule.watch(["fast"], 1.0, now=0.0)
    rule.watch(["slow"], 10.0, now=0.0)
    assert rule.due(now=2.0) == ["fast"]
    rule.unwatch(["slow"])
    assert rule.due(now=20.0) == [] and rule.next_check(now=20.0) is None
    assert rule.seen("slow", now=21.0) is False


@pytest.mark.parametrize(
    ("channels", "seconds", "field"),
    [
        (["a"], 0, "seconds"),
        (["a"], -1.0, "seconds"),
        (["a"], True, "seconds"),
        ([], 1.0, "channels"),
        ([""], 1.0, "channels"),
    ],
)
def test_bad_watch_arguments_are_refused_naming_the_field(channels, seconds, field):
    with pytest.raises(InvalidParameters) as excinfo:
        QuietChannels().watch(channels, seconds, now=0.0)
    assert excinfo.value.field == field


def test_a_channel_that_stops_while_another_flows_is_reported_quiet_then_resumed(server):
    with RpcClient(server.url) as client, ChannelWatch(client, {"ticks": 0.2}) as watch:
        quiet = Recorder(subscription_quiet, client)
        resumed = Recorder(subscription_resumed, client)
        client.subscribe(["ticks", "other"])
        server.send_raw(notification("ticks", 1))
        # "other" keeps the socket busy; "ticks" says nothing more.
        assert quiet.wait_for(lambda calls: calls, timeout=5.0)
        server.send_raw(notification("other", 2))
        assert resumed.calls == []
        server.send_raw(notification("ticks", 3))
        assert resumed.wait_for(lambda calls: calls, timeout=5.0)
        watch.unwatch(["ticks"])
    assert quiet.calls[0] == {"channels": ["ticks"], "seconds": 0.2}
    assert resumed.calls == [{"channels": ["ticks"]}]


def test_nothing_is_reported_while_the_connection_is_down_and_spells_restart_when_ready(server):
    with RpcClient(server.url) as client, ChannelWatch(client) as watch:
        quiet = Recorder(subscription_quiet, client)
        states = Recorder(state_changed, client)
        client.subscribe(["ticks"])
        server.refuse_connections(None)
        server.drop_connections()
        assert states.wait_for(lambda calls: any(c["new"] is S.RECONNECTING for c in calls))
        watch.watch(["ticks"], 0.1)
        # Five limits long without a connection: the reconnect's business, not silence.
        assert not quiet.wait_for(lambda calls: calls, timeout=0.5)
        server.refuse_connections(0)
        assert client.wait_ready(5.0)
        assert quiet.wait_for(lambda calls: calls, timeout=5.0)
    assert quiet.calls == [{"channels": ["ticks"], "seconds": 0.1}]

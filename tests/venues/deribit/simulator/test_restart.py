"""A simulator restart: the same port goes away and comes back; clients reconnect."""

from __future__ import annotations

from actors import ConnectionState
from actors.signals import state_changed
from tests.actors.rpc_server import Recorder
from venues.deribit import DeribitPublicClient
from venues.deribit.simulator import DeribitSimulator


def test_a_client_survives_the_simulator_being_stopped_and_restarted():
    with DeribitSimulator(market_data_rate=50.0) as sim, DeribitPublicClient(url=sim.url) as client:
        states = Recorder(state_changed, client)
        before = client.get_time()
        url = sim.url
        sim.restart()
        assert states.wait_for(
            lambda calls: (
                [c["new"] for c in calls][-1:] == [ConnectionState.CONNECTED]
                and any(c["new"] is ConnectionState.RECONNECTING for c in calls)
            ),
            timeout=15,
        )
        assert sim.url == url
        assert client.get_time() >= before

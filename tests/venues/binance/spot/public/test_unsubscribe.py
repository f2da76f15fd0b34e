from __future__ import annotations

import pytest

from protocol.errors import InvalidParameters
from venues.binance.spot.public.unsubscribe import unsubscribe_params


def test_params_carry_the_streams():
    assert unsubscribe_params(["btcusdt@depth"]) == {"params": ["btcusdt@depth"]}


def test_unknown_stream_is_refused_naming_it():
    with pytest.raises(InvalidParameters) as info:
        unsubscribe_params(["btcusdt@depth3"])
    assert info.value.field == "streams[0]"

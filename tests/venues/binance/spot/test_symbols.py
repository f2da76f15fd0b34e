from __future__ import annotations

import pytest

from protocol.errors import InvalidParameters
from venues.binance.spot.symbols import stream_symbol, validate_symbol


@pytest.mark.parametrize("symbol", ["BTCUSDT", "btcusdt", "1000SATSUSDT", "BTC-USD_1.X"])
def test_valid_symbols_are_upper_cased(symbol):
    assert validate_symbol(symbol) == symbol.upper()


def test_stream_names_use_lower_case():
    assert stream_symbol("BNBBTC") == "bnbbtc"


@pytest.mark.parametrize("symbol", ["", "BTC USDT", "BTC/USDT", "X" * 21, None, 7])
def test_invalid_symbols_are_refused_naming_the_field(symbol):
    with pytest.raises(InvalidParameters) as info:
        validate_symbol(symbol, field="symbols[1]")
    assert info.value.field == "symbols[1]"

from __future__ import annotations

import pytest

from protocol.errors import InvalidParameters
from venues.binance.spot.public.get_property import get_property_params


def test_combined_is_the_documented_request():
    assert get_property_params("combined") == {"params": ["combined"]}


def test_unknown_property_is_refused_naming_the_field():
    with pytest.raises(InvalidParameters) as info:
        get_property_params("compressed")
    assert info.value.field == "name"

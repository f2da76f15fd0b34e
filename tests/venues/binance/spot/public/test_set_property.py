from __future__ import annotations

import pytest

from protocol.errors import InvalidParameters
from venues.binance.spot.public.set_property import set_property_params


def test_combined_true_is_the_documented_request():
    assert set_property_params("combined", True) == {"params": ["combined", True]}


@pytest.mark.parametrize(("name", "value", "field"), [
    ("combine", True, "name"), (1, True, "name"), ("combined", "true", "value"),
    ("combined", False, "value"),
])  # fmt: skip
def test_bad_property_or_value_is_refused_naming_the_field(name, value, field):
    with pytest.raises(InvalidParameters) as info:
        set_property_params(name, value)
    assert info.value.field == field

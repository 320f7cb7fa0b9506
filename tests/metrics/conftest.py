"""Fixtures of the metrics tests."""

import pytest

from tests.factories import synthetic_area, synthetic_indicator, synthetic_source


@pytest.fixture
def empty_codes(published):
    """Codes that exist but have no data: a valid filter value that must match nothing."""
    synthetic_area("SYN01")
    synthetic_indicator("syn_empty")
    synthetic_source("syn-empty")

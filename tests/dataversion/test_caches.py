"""Every per-process cache is a registered ProcessCache under one rule for the data version."""

import pytest

from dataversion import caches
from dataversion.services import INITIAL_TOKEN


@pytest.fixture
def process_cache():
    made = caches.ProcessCache("test cache", size=2, per_version=True)
    yield made
    del caches.REGISTRY[made.name]


def test_every_process_cache_of_the_app_is_registered():
    assert set(caches.REGISTRY) >= {"row plans", "counts", "small tables", "filter form classes", "version query"}


def test_an_entry_is_built_once_per_version_and_the_least_recently_used_goes_first(process_cache):
    built = []

    def build(value):
        return lambda: built.append(value) or value

    assert process_cache.get_or_build("a", build("a1"), version="v1") == "a1"
    assert process_cache.get_or_build("a", build("again"), version="v1") == "a1"
    assert process_cache.get_or_build("a", build("a2"), version="v2") == "a2"
    process_cache.get_or_build("a", build("again"), version="v1")  # now the newest
    process_cache.get_or_build("b", build("b1"), version="v1")
    assert list(process_cache.entries) == [("v1", "a"), ("v1", "b")]
    assert built == ["a1", "a2", "b1"]


def test_nothing_is_kept_under_the_initial_version(process_cache):
    assert process_cache.get_or_build("a", lambda: 1, version=INITIAL_TOKEN) == 1
    assert process_cache.entries == {}


def test_a_cache_of_data_needs_a_version_and_one_of_code_takes_none(process_cache):
    with pytest.raises(TypeError):
        process_cache.get_or_build("a", lambda: 1)
    with pytest.raises(TypeError):
        caches.REGISTRY["filter form classes"].get_or_build("a", lambda: 1, version="v1")


def test_clear_all_empties_every_registered_cache(process_cache):
    process_cache.get_or_build("a", lambda: 1, version="v1")
    caches.clear_all()
    assert process_cache.entries == {}


def test_two_caches_cannot_share_a_name(process_cache):
    with pytest.raises(ValueError, match="test cache"):
        caches.ProcessCache("test cache", size=1, per_version=False)

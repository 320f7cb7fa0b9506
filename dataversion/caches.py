"""Every cache a process keeps between requests, in one registry, under one rule for the data version.

The rule: what follows from the data is kept under the data version it was read at (every write
through the app bumps it in its own transaction), so an entry is never stale, it only stops being
asked for; and nothing is kept under the version of a database without a version row ("initial",
which `flush` brings back), where two states of the data share one token. What follows from code
and settings alone (compiled SQL, form classes) is kept without a version. Each cache is bounded
and drops its least recently used entry first.

Every `ProcessCache` registers itself by name on creation, so `clear_all()` (the tests, between
rolled-back transactions that can repeat a data version) empties all of them. Per-request memos
(a download's formatted cells) are not process caches and live with their request.
"""

import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Generic, TypeVar

from dataversion.models import INITIAL_TOKEN

# The version of an editor's preview (records under embargo shown): nothing read under it is kept.
PREVIEW_TOKEN = "preview"
NEVER_KEPT = frozenset({INITIAL_TOKEN, PREVIEW_TOKEN})

K = TypeVar("K")
V = TypeVar("V")

#: Every process cache by name.
REGISTRY: dict[str, "ProcessCache"] = {}


class ProcessCache(Generic[K, V]):
    """The `size` most recently used entries, kept per data version where `per_version`."""

    def __init__(self, name: str, *, size: int, per_version: bool) -> None:
        if name in REGISTRY:
            raise ValueError(f"A process cache named {name!r} exists already.")
        self.name, self.size, self.per_version = name, size, per_version
        self.entries: OrderedDict[tuple, V] = OrderedDict()
        self.lock = threading.Lock()
        REGISTRY[name] = self

    def get_or_build(self, key: K, build: Callable[[], V], *, version: str | None = None) -> V:
        """The entry for `key` (and `version`), built and kept if missing; a race builds it twice, harmlessly."""
        if self.per_version == (version is None):
            raise TypeError(f"{self.name}: a version is {'required' if self.per_version else 'not taken'}.")
        if version in NEVER_KEPT:
            return build()
        full_key = (version, key)
        with self.lock:
            value = self.entries.get(full_key)
            if value is not None:
                self.entries.move_to_end(full_key)
                return value
        value = build()
        with self.lock:
            self.entries[full_key] = value
            while len(self.entries) > self.size:
                self.entries.popitem(last=False)
        return value

    def clear(self) -> None:
        with self.lock:
            self.entries.clear()


def clear_all() -> None:
    """Empty every process cache."""
    for cache in REGISTRY.values():
        cache.clear()

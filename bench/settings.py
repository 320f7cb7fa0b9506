"""The production settings plus the bench-only baselines' URLs (bench/urls.py)."""

from jobcenter_api.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"

"""Settings read from a clean environment, in a subprocess, as a deployment starts them.

The settings package is copied to a temporary directory, so the checkout's `.env`
(which `make run` writes with DEBUG=true) is not read: only the variables given here.
"""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

PRINT_SETTINGS = (
    "import django, json; from django.conf import settings; "
    "db = settings.DATABASES['default']; "
    "print(json.dumps({'DEBUG': settings.DEBUG, 'ENGINE': db['ENGINE'], 'NAME': str(db['NAME']), "
    "'HOST': db.get('HOST'), 'SECURE_SSL_REDIRECT': settings.SECURE_SSL_REDIRECT, "
    "'ALLOWED_HOSTS': settings.ALLOWED_HOSTS, 'CACHE': settings.CACHES['default']['BACKEND']}))"
)


@pytest.fixture
def clean_checkout(tmp_path) -> Path:
    """A directory with the settings package and no `.env`."""
    shutil.copytree(ROOT / "jobcenter_api", tmp_path / "jobcenter_api", ignore=shutil.ignore_patterns("__pycache__"))
    return tmp_path


def run_settings(checkout: Path, **env: str) -> subprocess.CompletedProcess:
    clean_env = {"PATH": os.environ["PATH"], "DJANGO_SETTINGS_MODULE": "jobcenter_api.settings", **env}
    return subprocess.run(
        [sys.executable, "-c", PRINT_SETTINGS], cwd=checkout, env=clean_env, capture_output=True, text=True, timeout=60
    )


def loaded(completed: subprocess.CompletedProcess) -> dict:
    assert completed.returncode == 0, completed.stderr
    return json.loads(completed.stdout)


def test_missing_secret_key_with_debug_off_stops_start_up_with_a_clear_message(clean_checkout):
    completed = run_settings(clean_checkout)
    assert completed.returncode != 0
    assert "ImproperlyConfigured: SECRET_KEY is not set" in completed.stderr
    assert "DEBUG is false" in completed.stderr


def test_empty_secret_key_counts_as_missing(clean_checkout):
    completed = run_settings(clean_checkout, SECRET_KEY="", DEBUG="false")
    assert completed.returncode != 0
    assert "SECRET_KEY is not set" in completed.stderr


def test_debug_is_off_outside_env_and_defaults_are_safe(clean_checkout):
    settings = loaded(run_settings(clean_checkout, SECRET_KEY="x" * 50))
    assert settings["DEBUG"] is False
    assert settings["SECURE_SSL_REDIRECT"] is True
    assert settings["ALLOWED_HOSTS"] == ["127.0.0.1", "localhost"]
    assert settings["CACHE"] == "django.core.cache.backends.locmem.LocMemCache"


def test_sqlite_by_default(clean_checkout):
    settings = loaded(run_settings(clean_checkout, SECRET_KEY="x" * 50))
    assert settings["ENGINE"] == "django.db.backends.sqlite3"
    assert settings["NAME"] == str(clean_checkout / "db.sqlite3")


def test_database_url_selects_postgresql(clean_checkout):
    url = "postgres://postgres@127.0.0.1:5432/jobcenter"
    settings = loaded(run_settings(clean_checkout, SECRET_KEY="x" * 50, DATABASE_URL=url))
    assert (settings["ENGINE"], settings["NAME"], settings["HOST"]) == (
        "jobcenter_api.db.postgresql",  # Django's backend with a cheaper health check
        "jobcenter",
        "127.0.0.1",
    )


def test_debug_from_env_file_allows_a_development_key(clean_checkout):
    (clean_checkout / ".env").write_text("DEBUG=true\n", encoding="utf-8")
    settings = loaded(run_settings(clean_checkout))
    assert settings["DEBUG"] is True
    assert settings["SECURE_SSL_REDIRECT"] is False


def test_environment_wins_over_env_file(clean_checkout):
    (clean_checkout / ".env").write_text("DEBUG=true\nSECRET_KEY=from-file\n", encoding="utf-8")
    completed = run_settings(clean_checkout, DEBUG="false", SECRET_KEY="")
    assert completed.returncode != 0
    assert "SECRET_KEY is not set" in completed.stderr


def test_redis_url_selects_the_shared_cache(clean_checkout):
    settings = loaded(run_settings(clean_checkout, SECRET_KEY="x" * 50, REDIS_URL="redis://127.0.0.1:6379/9"))
    assert settings["CACHE"] == "django_redis.cache.RedisCache"


@pytest.mark.parametrize("rate", ["600", "600/fortnight", "ten/minute", "600 / minute", "0/minute"])
def test_a_malformed_throttle_rate_stops_start_up(clean_checkout, rate):
    completed = run_settings(clean_checkout, SECRET_KEY="x" * 50, THROTTLE_ANON=rate)
    assert completed.returncode != 0
    assert f"ImproperlyConfigured: THROTTLE_ANON='{rate}' is not a rate" in completed.stderr


@pytest.mark.parametrize("rate", ["600/minute", "10/s", "5000/day", "100/hour"])
def test_drf_rates_are_accepted(clean_checkout, rate):
    loaded(run_settings(clean_checkout, SECRET_KEY="x" * 50, THROTTLE_ANON=rate, THROTTLE_USER=rate))


PRINT_REPLICAS = (
    "import django, json; from django.conf import settings; "
    "dbs = settings.DATABASES.items(); "
    "print(json.dumps({alias: [db['ENGINE'], db.get('PORT'), db.get('OPTIONS')] for alias, db in dbs} "
    "| {'routers': settings.DATABASE_ROUTERS, 'middleware': settings.MIDDLEWARE[:2], 'lag': settings.REPLICA_MAX_LAG}))"
)


def test_replica_urls_become_replica_databases_behind_a_router(clean_checkout):
    result = subprocess.run(
        [sys.executable, "-c", PRINT_REPLICAS],
        cwd=clean_checkout,
        env={
            "PATH": os.environ["PATH"], "DJANGO_SETTINGS_MODULE": "jobcenter_api.settings", "DEBUG": "true",
            "DATABASE_URL": "postgres://app@primary:5432/jobcenter",
            "DATABASE_REPLICA_URLS": "postgres://app@standby1:5433/jobcenter,postgres://app@standby2:5434/jobcenter",
        },
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout)
    backend = "jobcenter_api.db.postgresql"
    repeatable_read = {"isolation_level": 2, "connect_timeout": 2}
    assert found["replica_1"] == [backend, 5433, repeatable_read]
    assert found["replica_2"] == [backend, 5434, repeatable_read]
    assert found["routers"] == ["jobcenter_api.db.router.ReplicaRouter"]
    assert found["middleware"][1] == "jobcenter_api.db.middleware.ReadReplicaMiddleware"
    assert found["lag"] == 30


def test_without_replica_urls_there_is_one_database_and_no_router(clean_checkout):
    result = subprocess.run(
        [sys.executable, "-c", PRINT_REPLICAS],
        cwd=clean_checkout,
        env={"PATH": os.environ["PATH"], "DJANGO_SETTINGS_MODULE": "jobcenter_api.settings", "DEBUG": "true"},
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout)
    assert set(found) == {"default", "routers", "middleware", "lag"}
    assert found["routers"] == []
    assert "jobcenter_api.db.middleware.ReadReplicaMiddleware" not in found["middleware"]


def test_a_replica_url_that_is_not_postgresql_stops_start_up(clean_checkout):
    result = run_settings(clean_checkout, DEBUG="true", DATABASE_REPLICA_URLS="sqlite:///copy.sqlite3")
    assert result.returncode != 0
    assert "DATABASE_REPLICA_URLS" in result.stderr

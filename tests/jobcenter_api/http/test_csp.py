"""The Content-Security-Policy built once: the same header django-csp writes, on every kind of answer."""

import re

import pytest
from csp.constants import NONE, SELF
from csp.utils import build_policy
from django.core.cache import cache

from tests.hardening.servers import parse_policy


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def test_api_answers_carry_django_csps_policy_on_a_200_a_cache_hit_and_a_304(api, published):
    policy = build_policy()
    first = api.get("/api/v1/metrics/")
    cached = api.get("/api/v1/metrics/")
    not_modified = api.get("/api/v1/metrics/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert [first.status_code, cached.status_code, not_modified.status_code] == [200, 200, 304]
    assert first["Content-Security-Policy"] == cached["Content-Security-Policy"] == policy
    assert not_modified["Content-Security-Policy"] == policy
    assert "nonce-" not in policy


def test_a_changed_policy_setting_is_used_at_once(api, published, settings):
    api.get("/api/v1/")
    settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": {"default-src": [NONE]}}
    settings.CONTENT_SECURITY_POLICY_REPORT_ONLY = {"DIRECTIVES": {"default-src": [SELF]}}
    response = api.get("/api/v1/")
    assert response["Content-Security-Policy"] == "default-src 'none'"
    assert response["Content-Security-Policy-Report-Only"] == "default-src 'self'"


def test_a_page_with_a_nonce_gets_its_own_nonce_in_the_policy(client, db):
    pages = [client.get("/api/docs/") for _ in range(2)]
    nonces = []
    for page in pages:
        nonce = re.search(r'<style nonce="([^"]+)"', page.content.decode())[1]
        assert f"'nonce-{nonce}'" in parse_policy(page["Content-Security-Policy"])["style-src"]
        nonces.append(nonce)
    assert nonces[0] != nonces[1]


def test_a_view_that_updates_the_policy_keeps_its_update(client, db):
    redoc = parse_policy(client.get("/api/redoc/")["Content-Security-Policy"])
    assert "'unsafe-inline'" in redoc["style-src"]
    api_root = parse_policy(client.get("/api/v1/")["Content-Security-Policy"])
    assert "'unsafe-inline'" not in api_root["style-src"]

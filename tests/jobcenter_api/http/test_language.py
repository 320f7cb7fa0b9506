"""The language of the data: `?lang=` (parsed by a serializer) over `Accept-Language`, German by default."""

import pytest
from django.http import QueryDict
from django.test import RequestFactory
from rest_framework import serializers

from jobcenter_api.http.language import negotiate_data_language, requested_language
from tests.assertions import assert_bad_parameter


@pytest.mark.parametrize(("query", "language"), [("", None), ("lang=en", "en"), ("lang=de", "de")])
def test_requested_language(query, language):
    assert requested_language(QueryDict(query)) == language


def test_an_unknown_language_is_an_error_naming_lang():
    with pytest.raises(serializers.ValidationError) as raised:
        requested_language(QueryDict("lang=fr"))
    assert raised.value.detail == {"lang": ["Unknown language 'fr'; use one of: de, en."]}


@pytest.mark.parametrize(
    ("query", "accept_language", "language"),
    [
        ("", "", "de"),
        ("", "en-GB,en;q=0.9", "en"),
        ("lang=de", "en", "de"),
        ("lang=fr", "en", "en"),  # the view answers the bad `lang` with a 400
    ],
)
def test_negotiation(query, accept_language, language):
    request = RequestFactory().get(f"/?{query}", HTTP_ACCEPT_LANGUAGE=accept_language)
    assert negotiate_data_language(request) == language


def test_a_bad_lang_is_a_400_with_the_message_of_the_serializer(api, db):
    (message,) = assert_bad_parameter(api.get("/api/v1/areas/?lang=fr"), "lang")
    assert message == "Unknown language 'fr'; use one of: de, en."

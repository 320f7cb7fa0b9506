"""The language of the data: `?lang=` or `Accept-Language`, kept for the request (and its streamed body)."""

from collections.abc import Callable, Iterable, Iterator
from contextvars import ContextVar
from typing import TypeVar

from django.http import HttpRequest, HttpResponse, QueryDict
from django.utils.cache import patch_vary_headers
from django.utils.translation.trans_real import parse_accept_lang_header
from rest_framework import serializers

DATA_LANGUAGES = ("de", "en")
_data_language: ContextVar[str] = ContextVar("data_language", default=DATA_LANGUAGES[0])


def data_language() -> str:
    """The language of names and definitions for the current request."""
    return _data_language.get()


T = TypeVar("T")
_END = object()


def in_data_language(items: Iterable[T], language: str) -> Iterator[T]:
    """Produce `items` in `language`: a streamed body runs after this middleware has returned."""
    iterator = iter(items)
    while True:
        token = _data_language.set(language)
        try:
            item = next(iterator, _END)
        finally:
            _data_language.reset(token)
        if item is _END:
            return
        yield item


class LanguageQuerySerializer(serializers.Serializer):
    """The `lang` query parameter, on every endpoint (jobcenter_api.api.base.GLOBAL_PARAMS)."""

    lang = serializers.ChoiceField(
        choices=DATA_LANGUAGES,
        required=False,
        error_messages={"invalid_choice": f"Unknown language {{input!r}}; use one of: {', '.join(DATA_LANGUAGES)}."},
    )


# One instance for every request: run_validation() keeps nothing of a request on the serializer.
LANGUAGE_QUERY = LanguageQuerySerializer()


def requested_language(params: QueryDict) -> str | None:
    """`?lang=`, validated; None where it is absent. A bad value raises DRF's ValidationError naming `lang`."""
    if "lang" not in params:  # most requests: no serializer to run
        return None
    return LANGUAGE_QUERY.run_validation(params).get("lang")


def negotiate_data_language(request: HttpRequest) -> str:
    """`?lang=de|en` wins over `Accept-Language`; German by default.

    A bad `lang` falls back to the header here; the view answers it with a 400.
    """
    try:
        language = requested_language(request.GET)
    except serializers.ValidationError:
        language = None
    if language:
        return language
    for tag, _quality in parse_accept_lang_header(request.headers.get("Accept-Language", "")):
        primary = tag.split("-")[0].lower()
        if primary in DATA_LANGUAGES:
            return primary
    return DATA_LANGUAGES[0]


class LanguageMiddleware:
    """Picks the language of the data (not of error messages, which stay English)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        language = negotiate_data_language(request)
        token = _data_language.set(language)
        try:
            response = self.get_response(request)
        finally:
            _data_language.reset(token)
        patch_vary_headers(response, ("Accept-Language",))
        response.headers.setdefault("Content-Language", language)
        return response

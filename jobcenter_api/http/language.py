"""The language of the data: `?lang=` or `Accept-Language`, kept for the request (and its streamed body)."""

from collections.abc import Callable, Iterable, Iterator
from contextvars import ContextVar
from typing import TypeVar

from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_vary_headers
from django.utils.translation.trans_real import parse_accept_lang_header

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


def negotiate_data_language(request: HttpRequest) -> str:
    """`?lang=de|en` wins over `Accept-Language`; German by default."""
    language = request.GET.get("lang")
    if language in DATA_LANGUAGES:
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

"""The system check of declared lists: a list whose view declares `rows = VALUES` must be readable by its plan.

Runs with every management command that checks (runserver, migrate, `manage.py check`), so a
field the read plan cannot read (a method field, a nested serializer, a path) stops start-up
with its name instead of a list that silently reads otherwise.
"""

from collections.abc import Iterable, Iterator
from typing import Any

from django.core import checks
from django.urls import URLPattern, URLResolver, get_resolver

from jobcenter_api.readpath.plan import VALUES, problems

UNREADABLE = "readpath.E001"


def url_views(patterns: Iterable[URLPattern | URLResolver]) -> Iterator[type]:
    """The view classes the URL patterns serve (DRF's `as_view()` keeps its class as `cls`)."""
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from url_views(pattern.url_patterns)
        else:
            view = getattr(pattern.callback, "cls", None)
            if view is not None:
                yield view


def declared_list_errors(views: Iterable[type]) -> list[checks.Error]:
    """An error per field of a declared list that its read plan cannot read."""
    errors = []
    for view in dict.fromkeys(views):
        if getattr(view, "rows", None) != VALUES:
            continue
        serializer_class, queryset = getattr(view, "serializer_class", None), getattr(view, "queryset", None)
        if serializer_class is None or queryset is None:
            errors.append(
                checks.Error(
                    f"{view.__qualname__} declares rows = {VALUES!r} without a serializer_class and a queryset.",
                    obj=view,
                    id=UNREADABLE,
                )
            )
            continue
        name = f"{serializer_class.__module__}.{serializer_class.__qualname__}"
        for problem in problems(serializer_class(), queryset.model):
            errors.append(
                checks.Error(
                    f"{name} cannot be read from values_list(): {problem}.",
                    hint=f"Remove rows = {VALUES!r} from {view.__qualname__}, or make the field a column.",
                    obj=view,
                    id=UNREADABLE,
                )
            )
    return errors


def check_declared_lists(app_configs: Any = None, **kwargs: Any) -> list[checks.Error]:
    return declared_list_errors(url_views(get_resolver().url_patterns))

"""A list's CSV lines straight from `values_list()`: the fast path of a CSV download.

Through the DRF serializer and csv.writer a row costs about 170 µs, so a 5M-row
export would take a quarter of an hour. When every field of the list's serializer reads one model
column, or wraps the row's integer key in text (a permalink, a citation:
`TemplatedField`), the rows come from `values_list()` instead, and each cell is
formatted and quoted by a function chosen once per request from that same field;
repeated values (codes, texts, a source's citation) are formatted once. The lines
equal those of the serializer path byte for byte (tests/jobcenter_api/readpath/test_csv_rows.py);
a list with any other field (a nested list, a method field) keeps that path, and so
does a vintage (`as_of`).
"""

from collections.abc import Callable, Iterator, Sequence
from decimal import Decimal
from functools import lru_cache
from operator import call, itemgetter
from types import SimpleNamespace
from typing import Any, NamedTuple, Protocol, runtime_checkable

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import QuerySet
from rest_framework import ISO_8601, fields, relations, serializers
from rest_framework.settings import api_settings

from jobcenter_api.api.fields import NumberField, TranslatedField
from jobcenter_api.downloads.renderers import LINE_END, CSVRenderer, columns_of, flatten
from jobcenter_api.http.language import data_language

#: Stands for the row's key while a templated field is represented once per related row.
KEY_MARK = "\x00key\x00"
#: What an integer or an ISO date is written with.
DIGITS = "-0123456789"
#: Significant digits that a decimal keeps through a float and back (DBL_DIG).
FLOAT_DIGITS = 15
#: Formatted values kept per column: bounded, so memory stays flat whatever the data.
CACHE_SIZE = 1024

#: Fields whose values are lists or dicts: the cache of formatted values cannot hold them.
UNHASHABLE = (serializers.ListField, serializers.DictField, serializers.JSONField)

Format = Callable[[Any], str]


@runtime_checkable
class TemplatedField(Protocol):
    """A field whose value is text around the row's integer key, given the rows its foreign keys point to.

    A CSV represents it once per combination of those rows, with the key left open.
    Their tables must be small (sources): each is read whole, in one query.
    """

    template_key: str
    template_related: tuple[str, ...]

    def to_representation(self, instance: Any) -> Any: ...


def is_templated(field: fields.Field) -> bool:
    """Whether `field` is a TemplatedField: checked by its attributes, some 20 times faster than isinstance()."""
    return hasattr(field, "template_key") and hasattr(field, "template_related")


def _as_stored(field: fields.Field) -> bool:
    """Whether the field hands a stored str, int or date back unchanged (or as `str()` of it)."""
    stored = (
        serializers.CharField, serializers.ChoiceField, serializers.BigIntegerField, serializers.IntegerField,
        serializers.DateField,
    )  # fmt: skip
    for base in stored:
        if isinstance(field, base) and type(field).to_representation is base.to_representation:
            iso_date = getattr(field, "format", api_settings.DATE_FORMAT) in (None, ISO_8601)
            return base is not serializers.DateField or iso_date
    return False


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _number(renderer: CSVRenderer, fallback: Format) -> Format:
    """NumberField's cell without the float of its JSON number where that changes nothing.

    The JSON number is an int, or a float; a decimal of at most 15 significant digits
    (DBL_DIG) comes back from a float's shortest repr with the same digits, so its cell
    is the normalized decimal written out. Longer ones take the serializer's own way.
    """
    separator = renderer.decimal_separator

    def number(value: Decimal | None) -> str:
        if value is None:
            return ""
        normal = value.normalize()
        text = str(normal)
        if "E" in text:
            text = format(normal, "f")
        if "." not in text:
            return str(int(normal))
        if len(text.lstrip("-").replace(".", "").lstrip("0")) > FLOAT_DIGITS:
            return fallback(value)
        return text.replace(".", separator)

    return number


def _column(field: fields.Field, model: type[models.Model], renderer: CSVRenderer) -> tuple[str, Format] | None:
    """The column a field reads and how its value becomes a quoted cell."""
    pk_related = relations.PrimaryKeyRelatedField
    foreign_key = isinstance(field, pk_related) and type(field).to_representation is pk_related.to_representation
    if isinstance(field, TranslatedField):
        name = f"{field.base}_{data_language()}"
    elif len(field.source_attrs) == 1 and (foreign_key or type(field).get_attribute is fields.Field.get_attribute):
        name = field.source_attrs[0]
    else:
        return None
    try:
        model_field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    if model_field.is_relation or foreign_key:
        plain_key = foreign_key and field.pk_field is None and model_field.many_to_one
        represent = _text if plain_key else None
    elif isinstance(field, TranslatedField) or _as_stored(field):
        represent = _text
    elif not isinstance(field, UNHASHABLE):
        represent = field.to_representation
    else:
        represent = None
    if represent is None:
        return None
    digits = isinstance(model_field, models.IntegerField | models.DateField) and represent is _text
    if digits and not isinstance(model_field, models.DateTimeField) and renderer.quote(DIGITS) == DIGITS:
        # Ids and periods, many distinct: a cache would only miss.
        return model_field.attname, _text if model_field.null else str
    cell, quote = renderer.cell, renderer.quote
    number_characters = DIGITS + renderer.decimal_separator
    if type(field).to_representation is NumberField.to_representation and quote(number_characters) == number_characters:
        return model_field.attname, _number(renderer, lambda value: cell(represent(value)))

    @lru_cache(maxsize=CACHE_SIZE, typed=True)
    def format_cell(value: Any) -> str:
        return "" if value is None else quote(cell(represent(value)))

    return model_field.attname, format_cell


def template_fields(
    field: TemplatedField, model: type[models.Model]
) -> tuple[models.Field, list[tuple[str, models.ForeignKey]]] | None:
    """A templated field's integer key column and its foreign keys (name, field); None where it has other ones."""
    try:
        key_field = model._meta.pk if field.template_key == "pk" else model._meta.get_field(field.template_key)
        foreign_keys = [(name, model._meta.get_field(name)) for name in field.template_related]
    except FieldDoesNotExist:
        return None
    if not isinstance(key_field, models.IntegerField) or not all(key.many_to_one for _, key in foreign_keys):
        return None
    return key_field, foreign_keys


class _Template(NamedTuple):
    """A templated field in a CSV line: its row key's place, its foreign keys' places, its cells with the key open."""

    key: int
    related: tuple[int, ...]
    text: Callable[[Sequence[Any]], str]


def _templated(
    field: TemplatedField, model: type[models.Model], select: Callable[[str], int], renderer: CSVRenderer
) -> _Template | None:
    """How a templated field's cells, joined into one piece of the line, follow from a row's key and foreign keys."""
    columns = template_fields(field, model)
    if columns is None or renderer.quote(DIGITS) != DIGITS:
        return None  # the key is written into quoted text as it is: it must need no quoting itself
    key_field, foreign_keys = columns
    key = select(key_field.attname)
    related = []
    for name, foreign_key in foreign_keys:
        manager = foreign_key.related_model._default_manager
        related.append((name, select(foreign_key.attname), manager, manager.in_bulk()))
    name = field.field_name
    names = columns_of(field, f"{name}_") if isinstance(field, serializers.Serializer) else [name]

    def text(values: Sequence[Any]) -> str:
        stand_in = SimpleNamespace(**{field.template_key: KEY_MARK})
        for attribute, index, manager, rows in related:
            pk = values[index]
            row = rows.get(pk)
            if row is None and pk is not None:
                # Created after the rows were read up front: read it now, or its rows lose it mid-download.
                row = rows[pk] = manager.filter(pk=pk).first()
            setattr(stand_in, attribute, row)
        flat = flatten({name: field.to_representation(stand_in)})
        return renderer.delimiter.join(renderer.quote(renderer.cell(flat.get(column))) for column in names)

    return _Template(key=key, related=tuple(index for _, index, _, _ in related), text=text)


def _piece(templates: list[_Template], delimiter: str) -> Callable[[Sequence[Any]], str]:
    """Adjacent templated fields on one key as one piece of the line, its text made once per combination of rows."""
    key = templates[0].key
    indices = sorted({index for template in templates for index in template.related})
    related_ids = itemgetter(*indices) if indices else (lambda values: ())
    texts: dict[Any, list[str]] = {}

    def piece(values: Sequence[Any]) -> str:
        ids = related_ids(values)
        parts = texts.get(ids)
        if parts is None:
            parts = texts[ids] = delimiter.join(template.text(values) for template in templates).split(KEY_MARK)
        return str(values[key]).join(parts)

    return piece


def csv_lines(
    serializer: serializers.Serializer, queryset: QuerySet, *, renderer: CSVRenderer, chunk_size: int
) -> Iterator[str] | None:
    """The queryset's rows as the renderer's CSV lines, or None where a field is not a column."""
    model = queryset.model
    selected: dict[str, int] = {}

    def select(path: str) -> int:
        return selected.setdefault(path, len(selected))

    plain: list[int] = []
    formats: list[Format] = []
    groups: list[list[_Template]] = []  # adjacent templated fields on one key make one piece
    order: list[tuple[bool, int]] = []  # each field's place among the plain cells or the templated pieces
    for field in serializer.fields.values():
        if field.write_only:
            return None
        if is_templated(field):
            template = _templated(field, model, select, renderer)
            if template is None:
                return None
            if order and order[-1][0] and groups[-1][0].key == template.key:
                groups[-1].append(template)
            else:
                order.append((True, len(groups)))
                groups.append([template])
            continue
        column = _column(field, model, renderer)
        if column is None:
            return None
        name, format_cell = column
        order.append((False, len(plain)))
        plain.append(select(name))
        formats.append(format_cell)
    if len(columns_of(serializer)) == 1:
        return None  # csv.writer quotes an empty cell when it is a row's only one
    templated = [_piece(group, renderer.delimiter) for group in groups]
    # Templated pieces follow the plain cells; put every field back where the serializer has it.
    positions = [len(plain) + index if templated_field else index for templated_field, index in order]
    arrange = None if positions == sorted(positions) else itemgetter(*positions)
    take = itemgetter(*plain) if len(plain) > 1 else (lambda values: tuple(values[index] for index in plain))
    join = renderer.delimiter.join

    def line(values: Sequence[Any]) -> str:
        cells = [*map(call, formats, take(values)), *[piece(values) for piece in templated]]
        return join(cells if arrange is None else arrange(cells)) + LINE_END

    return map(line, queryset.values_list(*selected).iterator(chunk_size=chunk_size))

from django.conf import settings
from django.db.models import Model
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from jobcenter_api.api.fields import InRangeDateField, NumberField, TranslatedField, plain_number
from jobcenter_api.api.serializers import StrictJSONTypesMixin
from jobcenter_api.readpath.plan import FastRowsMixin
from metrics.models import Budget, BudgetCategory, Indicator, Observation, RefugeeBreakdown, RefugeeCaseload
from metrics.models.vocabulary import STATUS_HELP, VALUE_KIND_HELP, Granularity, Qualifier, Status, ValueKind
from metrics.selectors import area_name, budget_category_tree

PERMALINK_PLACEHOLDER = "0000"
LICENSE_CITATION = f"{settings.LICENSE_NAME}, {settings.LICENSE_ID}"


@extend_schema_field(OpenApiTypes.URI)
class PermalinkField(serializers.Field):
    """The absolute URL of a figure's detail endpoint: the address to cite."""

    template_related = ()  # built from the row's key alone (jobcenter_api.readpath.plan)

    def __init__(self, view_name: str, lookup_field: str = "pk", **kwargs) -> None:
        self.view_name, self.lookup_field = view_name, lookup_field
        self.template_key = lookup_field
        self.url_template: tuple[object, str, str] | None = None
        kwargs.update(source="*", read_only=True)
        kwargs.setdefault("help_text", "The absolute URL of this figure's own record: the address to cite.")
        super().__init__(**kwargs)

    def to_representation(self, instance: Model) -> str:
        # reverse() once per request and serializer, not once per row: a CSV may have 100,000.
        request = self.context.get("request")
        if self.url_template is None or self.url_template[0] is not request:
            # Django's reverse, not DRF's: a permalink must not carry this request's `?format=`.
            url = reverse(self.view_name, kwargs={self.lookup_field: PERMALINK_PLACEHOLDER})
            if request is not None:
                url = request.build_absolute_uri(url)
            head, tail = url.rsplit(PERMALINK_PLACEHOLDER, 1)
            self.url_template = (request, head, tail)
        _, head, tail = self.url_template
        return f"{head}{getattr(instance, self.lookup_field)}{tail}"


class CitationSerializer(serializers.Serializer):
    """A ready citation of one figure: who published it where, our permalink, our license."""

    publisher = serializers.CharField(source="source.publisher", read_only=True, help_text="Who published the source.")
    title = serializers.CharField(source="source.title", read_only=True, help_text="Title of the source.")
    date = serializers.CharField(
        source="source.published",
        read_only=True,
        allow_null=True,
        help_text="Publication date of the source as precise as it gives it: YYYY[-MM[-DD]]; null where it shows none.",
    )
    source_url = serializers.URLField(
        source="source.url",
        read_only=True,
        allow_null=True,
        help_text="Where the source is published; null if unknown.",
    )
    permalink = serializers.URLField(read_only=True, help_text="The absolute URL of this figure's own record.")
    license = serializers.CharField(read_only=True, help_text="The license of this data set: name and identifier.")
    text = serializers.CharField(read_only=True, help_text="The citation as one line to paste.")

    template_related = ("source",)  # built once per source (jobcenter_api.readpath.plan)

    def __init__(self, *, view_name: str, lookup_field: str = "pk", **kwargs) -> None:
        kwargs.update(source="*", read_only=True)
        super().__init__(**kwargs)
        self.permalink_field = PermalinkField(view_name, lookup_field)
        self.template_key = lookup_field

    def to_representation(self, instance: Model) -> dict:
        if self.permalink_field.parent is None:
            self.permalink_field.bind("permalink", self)
        source = instance.source
        permalink = self.permalink_field.to_representation(instance)
        return {
            "publisher": source.publisher,
            "title": source.title,
            "date": source.published,
            "source_url": source.url,
            "permalink": permalink,
            "license": LICENSE_CITATION,
            "text": (
                f"{source.publisher}: {source.title}{f' ({source.published})' if source.published else ''}. "
                f"Open-Data-API Jobcenter Mayen-Koblenz, {permalink}. {LICENSE_CITATION}"
            ),
        }


class IndicatorSerializer(serializers.ModelSerializer):
    name = TranslatedField("name")
    definition = TranslatedField("definition")

    class Meta:
        model = Indicator
        fields = [
            "code", "name", "name_de", "name_en", "unit", "definition", "definition_de", "definition_en",
            "legal_basis",
        ]  # fmt: skip


class ObservationSerializer(StrictJSONTypesMixin, FastRowsMixin, serializers.ModelSerializer):
    period_start = InRangeDateField()
    period_end = InRangeDateField()
    value = NumberField()
    permalink = PermalinkField("observation-detail")
    cite = CitationSerializer(view_name="observation-detail")

    class Meta:
        model = Observation
        fields = [
            "id", "indicator", "area", "year", "period_start", "period_end", "granularity", "value", "unit",
            "qualifier", "value_kind", "status", "release", "derived", "source", "source_quote", "note", "permalink",
            "cite",
        ]  # fmt: skip
        # The model's default (not_stated) is for rows nobody classified; a new figure states its kind.
        extra_kwargs = {"value_kind": {"required": True}}


class SeriesPointSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    period_start = serializers.DateField()
    period_end = serializers.DateField()
    granularity = serializers.ChoiceField(choices=Granularity.choices)
    value = NumberField()
    qualifier = serializers.ChoiceField(choices=Qualifier.choices)
    value_kind = serializers.ChoiceField(choices=ValueKind.choices, help_text=VALUE_KIND_HELP)
    status = serializers.ChoiceField(choices=Status.choices, help_text=STATUS_HELP)
    derived = serializers.BooleanField()
    source = serializers.CharField(source="source_id")
    permalink = PermalinkField("observation-detail")
    cite = CitationSerializer(view_name="observation-detail")


class RevisionSerializer(serializers.Serializer):
    """One state a figure had in public, and when."""

    value = NumberField()
    status = serializers.ChoiceField(choices=Status.choices, help_text=STATUS_HELP)
    qualifier = serializers.ChoiceField(choices=Qualifier.choices)
    note = serializers.CharField()
    valid_from = serializers.DateTimeField(
        help_text="When this state became public: its write, or its release's moment if that was later."
    )
    valid_to = serializers.DateTimeField(
        allow_null=True, help_text="When the next state replaced it or the figure was deleted; null while current."
    )
    release = serializers.IntegerField(
        allow_null=True, help_text="The release (/api/v1/releases/{id}/) that published this state; null if none."
    )


class SeriesRowSerializer(SeriesPointSerializer):
    """One point of a series as a flat table row (the CSV and XLSX of `shape=long`)."""

    indicator = serializers.CharField(source="indicator_id")
    unit = serializers.CharField()
    area = serializers.CharField(source="area_id")
    area_name = serializers.SerializerMethodField()

    def get_fields(self) -> dict:
        fields = super().get_fields()
        lead = ["indicator", "unit", "area", "area_name"]
        return {name: fields[name] for name in [*lead, *(name for name in fields if name not in lead)]}

    def get_area_name(self, observation: Observation) -> str:
        return area_name(observation.area)


SERIES_KIND_HELP = "The kind of value of every point of this series: a series never mixes two kinds."


class SeriesAreaSerializer(serializers.Serializer):
    area = serializers.CharField()
    area_name = serializers.CharField()
    value_kind = serializers.ChoiceField(choices=ValueKind.choices, help_text=SERIES_KIND_HELP)
    points = SeriesPointSerializer(many=True)


KIND_ORDER = {kind: index for index, kind in enumerate(ValueKind.values)}


def series_key(observation: Observation) -> tuple[str, int]:
    """Which series a point belongs to: its area and its kind of value, in the order of ValueKind."""
    return observation.area_id, KIND_ORDER[observation.value_kind]


class SeriesSerializer(serializers.Serializer):
    """One indicator's values, one series per area and kind of value, ordered by period: ready for a chart.

    An annual average and a value at one moment of the same year are two series, so a chart never joins them.
    """

    indicator = serializers.CharField()
    unit = serializers.CharField()
    series = SeriesAreaSerializer(many=True)


class SeriesWideRowSerializer(serializers.Serializer):
    area = serializers.CharField()
    area_name = serializers.CharField()
    value_kind = serializers.ChoiceField(choices=ValueKind.choices, help_text=SERIES_KIND_HELP)
    values = serializers.DictField(
        child=NumberField(), help_text="Value by period label; a period the area has no value for is absent."
    )
    qualifiers = serializers.DictField(
        child=serializers.ChoiceField(choices=Qualifier.choices), help_text="Qualifier by period label."
    )
    statuses = serializers.DictField(
        child=serializers.ChoiceField(choices=Status.choices),
        help_text="Status by period label: final (SDMX CL_OBS_STATUS A), provisional (P) or estimated (E).",
    )


class SeriesWideSerializer(serializers.Serializer):
    """A series as a table: one row per area and kind of value, one column per period (`shape=wide`)."""

    indicator = serializers.CharField()
    unit = serializers.CharField()
    shape = serializers.ChoiceField(choices=[("wide", "wide")])
    periods = serializers.ListField(
        child=serializers.CharField(),
        help_text=(
            "Column labels in time order: 2016 (year), 2017-03 (month), 2005-2016 or start/end (span); "
            "'2017 (source-id)' where several sources give a value for the period."
        ),
    )
    rows = SeriesWideRowSerializer(many=True)


class RefugeeBreakdownSerializer(StrictJSONTypesMixin, serializers.ModelSerializer):
    share_percent = NumberField(max_digits=7, allow_null=True, required=False, min_value=0, max_value=100)

    class Meta:
        model = RefugeeBreakdown
        fields = ["dimension", "group", "count", "share_percent", "derived", "source_quote", "note"]


class RefugeeBreakdownFlatSerializer(RefugeeBreakdownSerializer):
    year = serializers.IntegerField(source="caseload.year", read_only=True)

    class Meta(RefugeeBreakdownSerializer.Meta):
        fields = ["id", "caseload", "year", *RefugeeBreakdownSerializer.Meta.fields]


class RefugeeCaseloadSerializer(StrictJSONTypesMixin, serializers.ModelSerializer):
    # default, not just required=False: DRF's unique-together check would otherwise demand the field.
    reference_date = InRangeDateField(
        allow_null=True, default=None, help_text="Null where the source says only 'derzeit'."
    )
    breakdowns = RefugeeBreakdownSerializer(many=True, read_only=True)
    permalink = PermalinkField("refugee-caseload-detail")
    cite = CitationSerializer(view_name="refugee-caseload-detail")

    class Meta:
        model = RefugeeCaseload
        fields = [
            "id", "year", "reference_date", "total", "qualifier", "status", "release", "source", "source_quote",
            "note", "breakdowns", "permalink", "cite",
        ]  # fmt: skip


class BudgetCategoryTreeSerializer(serializers.ModelSerializer):
    name = TranslatedField("name")
    amount = NumberField(decimal_places=2)

    class Meta:
        model = BudgetCategory
        fields = ["code", "name", "name_de", "name_en", "amount", "qualifier", "source_quote", "note"]

    def get_fields(self) -> dict[str, serializers.Field]:
        # A category's children are categories again: made when the fields are, as the class exists by then.
        fields = super().get_fields()
        fields["children"] = BudgetCategoryTreeSerializer(many=True, read_only=True, source="tree_children")
        return fields


class CategoryCodeField(serializers.SlugRelatedField):
    """A category by its code; codes repeat across years, so the serializer resolves it within one."""

    def to_internal_value(self, data: object) -> str:
        if not isinstance(data, str) or not data:
            self.fail("invalid")
        return data


class BudgetCategoryFlatSerializer(StrictJSONTypesMixin, serializers.ModelSerializer):
    name = TranslatedField("name")
    amount = NumberField(decimal_places=2, min_value=0)
    fiscal_year = serializers.SlugRelatedField(
        source="budget", slug_field="fiscal_year", queryset=Budget.objects.all(), help_text="The budget's fiscal year."
    )
    parent = CategoryCodeField(
        slug_field="code",
        queryset=BudgetCategory.objects.all(),
        allow_null=True,
        required=False,
        help_text="The code of the parent category of the same fiscal year; null for a top-level category.",
    )

    class Meta:
        model = BudgetCategory
        fields = [
            "id", "fiscal_year", "code", "parent", "name", "name_de", "name_en", "amount", "qualifier",
            "source_quote", "note",
        ]  # fmt: skip

    def validate(self, attrs: dict) -> dict:
        if attrs.get("parent") is not None:
            budget = attrs.get("budget") or self.instance.budget
            parent = BudgetCategory.objects.filter(budget=budget, code=attrs["parent"]).first()
            if parent is None:
                message = f"No category {attrs['parent']!r} in fiscal year {budget.fiscal_year}."
                raise serializers.ValidationError({"parent": [message]})
            attrs["parent"] = parent
        return attrs


class BudgetSerializer(StrictJSONTypesMixin, serializers.ModelSerializer):
    total = NumberField(decimal_places=2, min_value=0)
    categories = serializers.SerializerMethodField()
    unitemized_amount = serializers.SerializerMethodField(
        help_text="Derived: the total less its listed top-level categories."
    )
    unitemized_note = serializers.SerializerMethodField()
    permalink = PermalinkField("budget-detail", "fiscal_year")
    cite = CitationSerializer(view_name="budget-detail", lookup_field="fiscal_year")

    class Meta:
        model = Budget
        fields = [
            "fiscal_year", "total", "currency", "qualifier", "status", "release", "source", "source_quote", "note",
            "categories", "unitemized_amount", "unitemized_note", "permalink", "cite",
        ]  # fmt: skip

    @extend_schema_field(BudgetCategoryTreeSerializer(many=True))
    def get_categories(self, budget: Budget) -> list[dict]:
        return BudgetCategoryTreeSerializer(budget_category_tree(budget), many=True, context=self.context).data

    def get_unitemized_amount(self, budget: Budget) -> float:
        return plain_number(budget.unitemized_amount(list(budget.categories.all())))

    def get_unitemized_note(self, budget: Budget) -> str:
        roots = [c for c in budget.categories.all() if c.parent_id is None]
        listed = " + ".join(str(plain_number(c.amount)) for c in roots) or "0"
        rest = plain_number(budget.unitemized_amount(roots))
        return f"Derived, not a category of the source: {plain_number(budget.total)} - ({listed}) = {rest}."


class YearSummarySerializer(serializers.Serializer):
    year = serializers.IntegerField()
    metrics = serializers.IntegerField(help_text="Number of observations whose period ends in this year.")
    refugees = serializers.IntegerField(help_text="Number of refugee caseload snapshots of this year.")
    budgets = serializers.IntegerField(help_text="Number of budgets of this fiscal year.")


class YearDetailSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    metrics = ObservationSerializer(many=True)
    refugees = RefugeeCaseloadSerializer(many=True)
    budgets = BudgetSerializer(many=True)

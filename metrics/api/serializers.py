from collections import defaultdict

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from jobcenter_api.fields import NumberField, TranslatedField, plain_number
from jobcenter_api.serializers import FastRowsMixin
from metrics.models import (
    Budget,
    BudgetCategory,
    Granularity,
    Indicator,
    Observation,
    Qualifier,
    RefugeeBreakdown,
    RefugeeCaseload,
)


class IndicatorSerializer(serializers.ModelSerializer):
    name = TranslatedField("name")
    definition = TranslatedField("definition")

    class Meta:
        model = Indicator
        fields = [
            "code", "name", "name_de", "name_en", "unit", "definition", "definition_de", "definition_en",
            "legal_basis",
        ]  # fmt: skip


class ObservationSerializer(FastRowsMixin, serializers.ModelSerializer):
    value = NumberField()

    class Meta:
        model = Observation
        fields = [
            "id", "indicator", "area", "year", "period_start", "period_end", "granularity", "value", "unit",
            "qualifier", "derived", "source", "source_quote", "note",
        ]  # fmt: skip


class SeriesPointSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    period_start = serializers.DateField()
    period_end = serializers.DateField()
    granularity = serializers.ChoiceField(choices=Granularity.choices)
    value = NumberField()
    qualifier = serializers.ChoiceField(choices=Qualifier.choices)
    derived = serializers.BooleanField()
    source = serializers.CharField(source="source_id")


class SeriesAreaSerializer(serializers.Serializer):
    area = serializers.CharField()
    points = SeriesPointSerializer(many=True)


class SeriesSerializer(serializers.Serializer):
    """One indicator's values, grouped by area and ordered by period: ready for a chart."""

    indicator = serializers.CharField()
    unit = serializers.CharField()
    series = SeriesAreaSerializer(many=True)

    @staticmethod
    def group(indicator: Indicator, observations: list[Observation]) -> dict:
        by_area: dict[str, list[Observation]] = defaultdict(list)
        for observation in observations:
            by_area[observation.area_id].append(observation)
        return {
            "indicator": indicator.code,
            "unit": indicator.unit,
            "series": [{"area": area, "points": points} for area, points in sorted(by_area.items())],
        }


class RefugeeBreakdownSerializer(serializers.ModelSerializer):
    share_percent = NumberField(max_digits=7, allow_null=True, required=False, min_value=0, max_value=100)

    class Meta:
        model = RefugeeBreakdown
        fields = ["dimension", "group", "count", "share_percent", "derived", "source_quote", "note"]


class RefugeeBreakdownFlatSerializer(RefugeeBreakdownSerializer):
    year = serializers.IntegerField(source="caseload.year", read_only=True)

    class Meta(RefugeeBreakdownSerializer.Meta):
        fields = ["id", "caseload", "year", *RefugeeBreakdownSerializer.Meta.fields]


class RefugeeCaseloadSerializer(serializers.ModelSerializer):
    breakdowns = RefugeeBreakdownSerializer(many=True, read_only=True)

    class Meta:
        model = RefugeeCaseload
        fields = [
            "id", "year", "reference_date", "total", "qualifier", "source", "source_quote", "note", "breakdowns",
        ]  # fmt: skip


class BudgetCategoryTreeSerializer(serializers.ModelSerializer):
    name = TranslatedField("name")
    amount = NumberField()

    class Meta:
        model = BudgetCategory
        fields = ["code", "name", "name_de", "name_en", "amount", "qualifier", "source_quote", "note", "children"]


# A category's children are categories again: declared after the class exists.
BudgetCategoryTreeSerializer._declared_fields["children"] = BudgetCategoryTreeSerializer(
    many=True, read_only=True, source="tree_children"
)


class CategoryCodeField(serializers.SlugRelatedField):
    """A category by its code; codes repeat across years, so the serializer resolves it within one."""

    def to_internal_value(self, data: object) -> str:
        if not isinstance(data, str) or not data:
            self.fail("invalid")
        return data


class BudgetCategoryFlatSerializer(serializers.ModelSerializer):
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


class BudgetSerializer(serializers.ModelSerializer):
    total = NumberField(decimal_places=2, min_value=0)
    categories = serializers.SerializerMethodField()
    unitemized_amount = serializers.SerializerMethodField(
        help_text="Derived: the total less its listed top-level categories."
    )
    unitemized_note = serializers.SerializerMethodField()

    class Meta:
        model = Budget
        fields = [
            "fiscal_year", "total", "currency", "qualifier", "source", "source_quote", "note", "categories",
            "unitemized_amount", "unitemized_note",
        ]  # fmt: skip

    @extend_schema_field(BudgetCategoryTreeSerializer(many=True))
    def get_categories(self, budget: Budget) -> list[dict]:
        categories = list(budget.categories.all())
        children: dict[int | None, list[BudgetCategory]] = defaultdict(list)
        for category in categories:
            children[category.parent_id].append(category)
        for category in categories:
            category.tree_children = children[category.pk]
        return BudgetCategoryTreeSerializer(children[None], many=True, context=self.context).data

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

"""The figures: indicators, observations by period, refugee caseloads, budgets.

Invariants live in the database (constraints) so that the admin, imports and the
API cannot break them; `save()` fills in the fields that follow from others.
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from locations.models import Area, Source
from metrics.models.vocabulary import (
    VALUE_KIND_HELP,
    Granularity,
    Qualifier,
    Status,
    Unit,
    ValueKind,
    granularity_of,
    release_field,
    status_field,
)

# Explicit bounds, so that full_clean() names the field and the OpenAPI schema is the same on
# every database (without them Django adds the backend's own integer range: SQLite's is 2**63).
YEAR_VALIDATORS = [MinValueValidator(1900), MaxValueValidator(2100)]
COUNT_VALIDATORS = [MaxValueValidator(2**31 - 1)]  # PostgreSQL's integer
# Significant digits of an amount: SQLite keeps decimals as doubles, which hold 15 exactly; with
# more, a value near the top reads back rounded past its precision (a 500 on every later read).
AMOUNT_DIGITS = 15


class UnderEmbargo:
    """A record a release can publish: its own release, or (`release_path` through a parent) its parent's.

    While the release is ahead, the record is in no public read, and writing it changes nothing
    public (dataversion.signals skips the version bump, so no public ETag moves).
    """

    release_path = "release"

    def current_release(self) -> "Release | None":  # noqa: F821 - publishing.models, by name
        holder: object = self
        *parents, name = self.release_path.split("__")
        for parent in parents:
            holder = getattr(holder, parent, None)
            if holder is None:
                return None
        return getattr(holder, name)

    def under_embargo(self) -> bool:
        release = self.current_release()
        return release is not None and not release.is_public()

    def stored_under_embargo(self) -> bool:
        """Whether the stored row (before this save) is under embargo; a new row is public to nobody yet."""
        if self.pk is None:
            return True
        stored = type(self).objects.filter(pk=self.pk).first()
        return stored is None or stored.under_embargo()

    def clean(self) -> None:
        self.clean_release()

    def clean_release(self) -> None:
        """A release that can take this record: not cancelled, and no public record pulled back under embargo."""
        release = self.current_release()
        if release is None or self.release_path != "release":
            return
        if release.cancelled_at is not None:
            raise ValidationError({"release": f"Release {release.pk} is cancelled."})
        if not release.is_public() and not self.stored_under_embargo():
            raise ValidationError(
                {
                    "release": "This record is public already; it cannot go back under embargo. Correct it "
                    "now, or publish the revision as a new record of a release."
                }
            )


class Indicator(models.Model):
    """What is measured, with its official definition where one exists."""

    code = models.SlugField(primary_key=True, max_length=60)
    name_de = models.CharField(max_length=200)
    name_en = models.CharField(max_length=200)
    definition_de = models.TextField()
    definition_en = models.TextField()
    unit = models.CharField(max_length=20, choices=Unit.choices)
    legal_basis = models.CharField(max_length=300, blank=True, default="")

    history = HistoricalRecords()

    class Meta:
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(condition=Q(unit__in=Unit.values), name="indicator_unit_valid"),
        ]

    def __str__(self) -> str:
        return self.code


class ObservationQuerySet(models.QuerySet):
    def for_areas(self, codes: list[str]) -> "ObservationQuerySet":
        return self.filter(area__in=codes)

    def latest_years(self, n: int) -> "ObservationQuerySet":
        """Keep the latest `n` years among the rows this queryset already keeps."""
        return latest_years(self, n)


def latest_years(queryset: models.QuerySet, n: int) -> models.QuerySet:
    """Keep the latest `n` years among the rows of `queryset`, current or historical (as_of)."""
    years = queryset.order_by().values_list("year", flat=True).distinct().order_by("-year")[:n]
    return queryset.filter(year__in=list(years))


class Observation(UnderEmbargo, models.Model):
    """One figure: an indicator's value for an area and a period, from one source."""

    # No single-column indexes: the composite indexes below lead with these columns.
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="observations", db_index=False)
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="observations", db_index=False)
    period_start = models.DateField()
    period_end = models.DateField()
    year = models.PositiveSmallIntegerField(editable=False, help_text="The last year of the period.")
    granularity = models.CharField(max_length=10, choices=Granularity.choices, editable=False)
    value = models.DecimalField(max_digits=AMOUNT_DIGITS, decimal_places=4)
    unit = models.CharField(
        max_length=20,
        choices=Unit.choices,
        editable=False,
        help_text="The indicator's unit, kept here for a constraint.",
    )
    qualifier = models.CharField(max_length=20, choices=Qualifier.choices, default=Qualifier.EXACT)
    # The default says what an editor who gives no kind has said: nothing. Imports and the API require it.
    value_kind = models.CharField(
        max_length=20, choices=ValueKind.choices, default=ValueKind.NOT_STATED, help_text=VALUE_KIND_HELP
    )
    status = status_field()
    release = release_field("observations")
    derived = models.BooleanField(default=False)
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="observations")
    source_quote = models.TextField()
    note = models.TextField(blank=True, default="")

    objects = ObservationQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["indicator_id", "area_id", "period_start", "period_end", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "area", "period_start", "period_end", "source"],
                name="observation_unique_per_period_and_source",
            ),
            models.CheckConstraint(condition=Q(period_start__lte=F("period_end")), name="observation_period_ordered"),
            models.CheckConstraint(condition=Q(year__gte=1900, year__lte=2100), name="observation_year_range"),
            models.CheckConstraint(condition=Q(qualifier__in=Qualifier.values), name="observation_qualifier_valid"),
            models.CheckConstraint(
                condition=Q(granularity__in=Granularity.values), name="observation_granularity_valid"
            ),
            models.CheckConstraint(
                condition=Q(value__gte=0) | Q(unit=Unit.PERCENT_CHANGE),
                name="observation_negative_only_for_change",
            ),
            models.CheckConstraint(condition=Q(value_kind__in=ValueKind.values), name="observation_value_kind_valid"),
            models.CheckConstraint(condition=Q(status__in=Status.values), name="observation_status_valid"),
            models.CheckConstraint(
                condition=(Q(value_kind=ValueKind.CHANGE) & Q(unit=Unit.PERCENT_CHANGE))
                | (~Q(value_kind=ValueKind.CHANGE) & ~Q(unit=Unit.PERCENT_CHANGE)),
                name="observation_change_kind_for_change_unit",
                violation_error_message="A change (value_kind change) is a value of unit percent_change, and back.",
            ),
        ]
        # With the unique constraint's index (indicator, area, period...), these serve the
        # filters the API is used with in the list's default order, so a page reads only
        # its rows (docs/performance.md has the EXPLAINs at 5M rows).
        indexes = [
            models.Index(fields=["indicator", "area", "year"], name="obs_indicator_area_year"),
            models.Index(fields=["area", "indicator", "period_start", "period_end", "id"], name="obs_area_order"),
            models.Index(fields=["area", "year"], name="obs_area_year"),
            models.Index(
                fields=["year", "indicator", "area", "period_start", "period_end", "id"], name="obs_year_order"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.area_id} {self.period_start}..{self.period_end}"

    def save(self, *args, **kwargs) -> None:
        self.fill_derived()
        super().save(*args, **kwargs)

    def fill_derived(self) -> None:
        """Set the fields that follow from the period and the indicator.

        A percent change is always a change: where no kind was given, the unit gives it (clean() refuses another).
        """
        self.year = self.period_end.year
        self.granularity = granularity_of(self.period_start, self.period_end)
        self.unit = self.indicator.unit
        if self.unit == Unit.PERCENT_CHANGE and self.value_kind == ValueKind.NOT_STATED:
            self.value_kind = ValueKind.CHANGE

    def clean(self) -> None:
        if self.indicator_id and self.period_start and self.period_end:
            self.fill_derived()
        if self.period_start and self.period_end and self.period_start > self.period_end:
            raise ValidationError({"period_end": "The period must not end before it starts."})
        if self.value is not None and self.value < 0 and self.unit != Unit.PERCENT_CHANGE:
            raise ValidationError({"value": "Only a change indicator (unit percent_change) can be negative."})
        is_change = self.value_kind == ValueKind.CHANGE
        if self.unit and self.value_kind and is_change != (self.unit == Unit.PERCENT_CHANGE):
            raise ValidationError(
                {"value_kind": "A value of unit percent_change is a change, and a change is of unit percent_change."}
            )
        self.clean_release()
        if self.release_id is not None and self.indicator_id is not None:
            if not self.release.indicators.filter(pk=self.indicator_id).exists():
                raise ValidationError(
                    {"release": f"Release {self.release_id} does not announce the indicator {self.indicator_id}."}
                )


class RefugeeCaseload(UnderEmbargo, models.Model):
    """How many refugees the Jobcenter cares for at one time, with breakdowns."""

    year = models.PositiveSmallIntegerField(validators=YEAR_VALIDATORS)
    reference_date = models.DateField(null=True, blank=True, help_text="Null where the source says only 'derzeit'.")
    total = models.PositiveIntegerField(validators=COUNT_VALIDATORS)
    qualifier = models.CharField(max_length=20, choices=Qualifier.choices, default=Qualifier.EXACT)
    status = status_field()
    release = release_field("refugee_caseloads")
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="refugee_caseloads")
    source_quote = models.TextField()
    note = models.TextField(blank=True, default="")

    history = HistoricalRecords()

    class Meta:
        ordering = ["year", "reference_date", "id"]
        constraints = [
            models.UniqueConstraint(fields=["year", "reference_date", "source"], name="caseload_unique"),
            # NULLs are distinct in a unique index: one undated ('derzeit') caseload per year and source.
            models.UniqueConstraint(
                fields=["year", "source"],
                condition=Q(reference_date__isnull=True),
                name="caseload_unique_undated",
                # The code of any other clash with a unique key, so that the API answers it alike (a 409).
                violation_error_code="unique",
                violation_error_message="An undated caseload of this year and source is already published.",
            ),
            models.CheckConstraint(condition=Q(year__gte=1900, year__lte=2100), name="caseload_year_range"),
            models.CheckConstraint(condition=Q(total__gte=0), name="caseload_total_not_negative"),
            models.CheckConstraint(condition=Q(qualifier__in=Qualifier.values), name="caseload_qualifier_valid"),
            models.CheckConstraint(condition=Q(status__in=Status.values), name="caseload_status_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.year}: {self.total}"


class RefugeeBreakdown(UnderEmbargo, models.Model):
    """A group of a caseload (e.g. age 15-50): its count and/or share."""

    release_path = "caseload__release"

    caseload = models.ForeignKey(RefugeeCaseload, on_delete=models.CASCADE, related_name="breakdowns")
    dimension = models.SlugField(max_length=50)
    group = models.CharField(max_length=50)
    count = models.PositiveIntegerField(null=True, blank=True, validators=COUNT_VALIDATORS)
    share_percent = models.DecimalField(
        max_digits=7,
        decimal_places=4,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    derived = models.BooleanField(default=False)
    source_quote = models.TextField(blank=True, default="")
    note = models.TextField(blank=True, default="")

    history = HistoricalRecords()

    class Meta:
        ordering = ["caseload_id", "dimension", "group"]
        constraints = [
            models.UniqueConstraint(fields=["caseload", "dimension", "group"], name="breakdown_unique"),
            models.CheckConstraint(
                condition=Q(share_percent__isnull=True) | Q(share_percent__gte=0, share_percent__lte=100),
                name="breakdown_share_0_100",
            ),
            models.CheckConstraint(
                condition=Q(count__isnull=True) | Q(count__gte=0), name="breakdown_count_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(count__isnull=False) | Q(share_percent__isnull=False),
                name="breakdown_count_or_share",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.dimension}={self.group}"


class Budget(UnderEmbargo, models.Model):
    """The Jobcenter's money for one fiscal year; categories need not add up to it."""

    fiscal_year = models.PositiveSmallIntegerField(unique=True, validators=YEAR_VALIDATORS)
    total = models.DecimalField(max_digits=AMOUNT_DIGITS, decimal_places=2, validators=[MinValueValidator(0)])
    currency = models.CharField(max_length=3, default="EUR")
    qualifier = models.CharField(max_length=20, choices=Qualifier.choices, default=Qualifier.EXACT)
    status = status_field()
    release = release_field("budgets")
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="budgets")
    source_quote = models.TextField()
    note = models.TextField(blank=True, default="")

    history = HistoricalRecords()

    class Meta:
        ordering = ["fiscal_year"]
        constraints = [
            models.CheckConstraint(condition=Q(total__gte=0), name="budget_total_not_negative"),
            models.CheckConstraint(condition=Q(fiscal_year__gte=1900, fiscal_year__lte=2100), name="budget_year_range"),
            models.CheckConstraint(condition=Q(qualifier__in=Qualifier.values), name="budget_qualifier_valid"),
            models.CheckConstraint(condition=Q(status__in=Status.values), name="budget_status_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.fiscal_year}: {self.total} {self.currency}"

    def unitemized_amount(self, categories: list["BudgetCategory"]) -> Decimal:
        """The total less its listed top-level categories (derived)."""
        return self.total - sum((c.amount for c in categories if c.parent_id is None), Decimal(0))


class BudgetCategory(UnderEmbargo, models.Model):
    """A named part of a budget, possibly inside another category of the same year."""

    release_path = "budget__release"

    budget = models.ForeignKey(Budget, on_delete=models.CASCADE, related_name="categories")
    code = models.SlugField(max_length=60)
    name_de = models.CharField(max_length=200)
    name_en = models.CharField(max_length=200)
    amount = models.DecimalField(max_digits=AMOUNT_DIGITS, decimal_places=2, validators=[MinValueValidator(0)])
    parent = models.ForeignKey("self", on_delete=models.CASCADE, null=True, blank=True, related_name="children")
    qualifier = models.CharField(max_length=20, choices=Qualifier.choices, default=Qualifier.EXACT)
    source_quote = models.TextField()
    note = models.TextField(blank=True, default="")

    history = HistoricalRecords()

    class Meta:
        ordering = ["budget_id", "code"]
        verbose_name_plural = "budget categories"
        constraints = [
            models.UniqueConstraint(fields=["budget", "code"], name="budget_category_unique"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="budget_category_not_negative"),
            models.CheckConstraint(condition=Q(qualifier__in=Qualifier.values), name="budget_category_qualifier_valid"),
        ]

    def __str__(self) -> str:
        return self.code

    def clean(self) -> None:
        if self.parent_id is None:
            return
        if self.budget_id is not None and self.parent.budget_id != self.budget_id:
            raise ValidationError({"parent": "The parent category belongs to another fiscal year."})
        # A category inside itself would drop out of the tree and out of the unitemized rest; `seen`
        # stops the walk at a cycle already in the database.
        ancestor, seen = self.parent, set()
        while ancestor is not None and ancestor.pk not in seen:
            if self.pk is not None and ancestor.pk == self.pk:
                raise ValidationError({"parent": "A category cannot be inside itself."})
            seen.add(ancestor.pk)
            ancestor = ancestor.parent

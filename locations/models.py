"""Places and provenance: regional keys, the Jobcenter's sites, and sources.

`Source` lives here rather than in `metrics` because sites cite sources too and
imports point one way only (metrics -> locations).
"""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords


class Source(models.Model):
    """Where a figure comes from: a press release, an article, a statistics table."""

    id = models.SlugField(primary_key=True, max_length=80)
    title = models.CharField(max_length=500)
    publisher = models.CharField(max_length=300)
    published = models.CharField(
        max_length=10,
        null=True,
        blank=True,
        validators=[RegexValidator(r"^\d{4}(-\d{2}(-\d{2})?)?$", "Use YYYY, YYYY-MM or YYYY-MM-DD.")],
        help_text=(
            "Publication date as precise as the source gives it: YYYY, YYYY-MM or YYYY-MM-DD; "
            "null where the page shows no date."
        ),
    )
    url = models.URLField(max_length=1000, null=True, blank=True)
    license = models.CharField(
        max_length=300, null=True, blank=True, help_text="Null where the source does not state one."
    )
    note = models.TextField(blank=True, default="")

    history = HistoricalRecords()

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.title


class AreaLevel(models.TextChoices):
    COUNTRY = "country", "country"
    STATE = "state", "state"
    DISTRICT = "district", "district"
    MUNICIPALITY = "municipality", "municipality"


class Area(models.Model):
    """A territory by its regional key (Regionalschlüssel) of official statistics."""

    code = models.CharField(primary_key=True, max_length=20)
    name_de = models.CharField(max_length=200)
    name_en = models.CharField(max_length=200)
    level = models.CharField(max_length=20, choices=AreaLevel.choices)

    history = HistoricalRecords()

    class Meta:
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(condition=Q(level__in=AreaLevel.values), name="area_level_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name_de}"


class Location(models.Model):
    """One of the Jobcenter's office sites; what no source gives stays null."""

    slug = models.SlugField(primary_key=True, max_length=50)
    name = models.CharField(max_length=200)
    city = models.CharField(max_length=100)
    municipality_code = models.CharField(max_length=8, null=True, blank=True)
    # Reference data follows the rule of figures: a key is published with the source that states it.
    municipality_code_source = models.ForeignKey(
        Source,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="municipality_codes",
        help_text="The source that states the municipality key; null exactly where the key is null.",
    )
    street = models.CharField(max_length=200, null=True, blank=True)
    postal_code = models.CharField(max_length=5, null=True, blank=True)
    latitude = models.DecimalField(
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    phone = models.CharField(max_length=50, null=True, blank=True)
    email = models.EmailField(null=True, blank=True)
    opening_hours = models.CharField(max_length=500, null=True, blank=True)
    services = models.JSONField(null=True, blank=True)
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="locations")
    source_quote = models.TextField()
    note = models.TextField(blank=True, default="")

    history = HistoricalRecords()

    class Meta:
        ordering = ["slug"]
        constraints = [
            models.CheckConstraint(
                condition=Q(latitude__isnull=True) | Q(latitude__gte=-90, latitude__lte=90),
                name="location_latitude_range",
            ),
            models.CheckConstraint(
                condition=Q(longitude__isnull=True) | Q(longitude__gte=-180, longitude__lte=180),
                name="location_longitude_range",
            ),
            models.CheckConstraint(
                condition=Q(municipality_code__isnull=True, municipality_code_source__isnull=True)
                | Q(municipality_code__isnull=False, municipality_code_source__isnull=False),
                name="location_municipality_code_with_source",
                violation_error_message="A municipality key and the source that states it are given together.",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if (self.municipality_code is None) != (self.municipality_code_source_id is None):
            field = "municipality_code" if self.municipality_code is None else "municipality_code_source"
            raise ValidationError({field: "A municipality key and the source that states it are given together."})


class FactUnit(models.TextChoices):
    SQUARE_METRES = "m2", "square metres"
    PERSONS = "persons", "persons"
    ROOMS = "rooms", "rooms"
    TEXT = "text", "text (no number)"


class LocationFact(models.Model):
    """One thing a source says about a site (floor area, staff, where it is), with that source.

    A fact holds for a period (the article's month where it says "derzeit"), like an
    observation; it is a number with a unit or, for unit `text`, words from the source.
    """

    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="facts")
    code = models.SlugField(max_length=60, help_text="What the fact is about, e.g. floor_area, staff.")
    value = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    text = models.CharField(max_length=300, blank=True, default="", help_text="The fact in words, for unit text.")
    unit = models.CharField(max_length=10, choices=FactUnit.choices)
    period_start = models.DateField(help_text="First day the source says the fact holds for.")
    period_end = models.DateField(help_text="Last day the source says the fact holds for.")
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="location_facts")
    source_quote = models.TextField()
    note = models.TextField(blank=True, default="")

    history = HistoricalRecords()

    class Meta:
        ordering = ["location_id", "code", "period_start", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["location", "code", "period_start", "period_end", "source"],
                name="location_fact_unique_per_period_and_source",
            ),
            models.CheckConstraint(condition=Q(unit__in=FactUnit.values), name="location_fact_unit_valid"),
            models.CheckConstraint(
                condition=(Q(unit=FactUnit.TEXT) & Q(value__isnull=True) & ~Q(text=""))
                | (~Q(unit=FactUnit.TEXT) & Q(value__isnull=False) & Q(text="")),
                name="location_fact_number_or_text",
            ),
            models.CheckConstraint(
                condition=Q(value__isnull=True) | Q(value__gte=0), name="location_fact_not_negative"
            ),
            models.CheckConstraint(condition=Q(period_start__lte=F("period_end")), name="location_fact_period_ordered"),
        ]

    def __str__(self) -> str:
        return f"{self.location_id} {self.code} {self.period_start}..{self.period_end}"

    def clean(self) -> None:
        if self.period_start and self.period_end and self.period_start > self.period_end:
            raise ValidationError({"period_end": "The period must not end before it starts."})
        if self.unit == FactUnit.TEXT and (self.value is not None or not self.text):
            raise ValidationError({"text": "A fact of unit text has words in text and no value."})
        if self.unit and self.unit != FactUnit.TEXT and (self.value is None or self.text):
            raise ValidationError({"value": "A fact with a unit has a number in value and no text."})

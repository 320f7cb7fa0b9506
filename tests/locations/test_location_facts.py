"""What a source says of a site is published with that source, and nothing more."""

import pytest
from django.db import IntegrityError, transaction

from locations.models import Location, LocationFact
from metrics.importers import ImportRecordError, import_documents
from tests.jobcenter_api.readpath.test_query_counts import QUERY_COUNTS

NRK = "nr-kurier-2017-05-16"
MAY_2017 = ("2017-05-01", "2017-05-31")

# code: (value, text, unit, period, words the quote must contain); written from the NR-Kurier article of 16.05.2017.
BENDORF_FACTS = {
    "floor_area": (867, "", "m2", MAY_2017, "umfassen die Räumlichkeiten 867 Quadratmeter"),
    "moved_in": (None, "im zurückliegenden März", "text", ("2017-03-01", "2017-03-31"), "im zurückliegenden März"),
    "office_area": (708, "", "m2", MAY_2017, "Größe von 708 Quadratmetern"),
    "office_rooms": (27, "", "rooms", MAY_2017, "auf 27 Büroräume verteilen"),
    "place": (None, "im Engersport", "text", MAY_2017, "Vorstellung des neuen Gebäudes im Engersport"),
    "staff": (27, "", "persons", MAY_2017, "Derzeit haben 27 Mitarbeiterinnen und Mitarbeiter"),
}


def test_bendorf_facts_are_served_with_their_source_and_quote(api, published):
    facts = api.get("/api/v1/locations/bendorf/").json()["facts"]
    by_code = {fact["code"]: fact for fact in facts}
    assert sorted(by_code) == sorted(BENDORF_FACTS)
    for code, (value, text, unit, (start, end), words) in BENDORF_FACTS.items():
        fact = by_code[code]
        assert (fact["value"], fact["text"], fact["unit"]) == (value, text, unit), code
        assert (fact["period_start"], fact["period_end"], fact["source"]) == (start, end, NRK), code
        assert words in fact["source_quote"], code
        assert fact["note"], code


def test_a_place_description_is_not_made_a_street_address(api, published):
    body = api.get("/api/v1/locations/bendorf/").json()
    assert (body["street"], body["postal_code"], body["latitude"], body["longitude"]) == (None, None, None, None)


def test_sites_without_a_source_on_them_have_no_facts(api, published):
    rows = api.get("/api/v1/locations/").json()["results"]
    assert {row["slug"]: len(row["facts"]) for row in rows} == {
        "andernach": 0, "bendorf": 6, "koblenz": 0, "mayen": 0, "weissenthurm": 0,
    }  # fmt: skip


def test_location_list_query_count_does_not_grow_with_facts(api, published, django_assert_num_queries):
    with django_assert_num_queries(QUERY_COUNTS["/api/v1/locations/"]):
        assert api.get("/api/v1/locations/").status_code == 200
    for location in Location.objects.exclude(slug="bendorf"):
        for index in range(3):
            LocationFact.objects.create(
                location=location, code=f"test_{index}", value=index, unit="persons",
                period_start="2017-05-01", period_end="2017-05-31", source_id=NRK, source_quote="q",
            )  # fmt: skip
    with django_assert_num_queries(QUERY_COUNTS["/api/v1/locations/"]):
        assert api.get("/api/v1/locations/").status_code == 200


@pytest.mark.parametrize(
    ("value", "text", "unit"),
    [(867, "", "text"), (None, "", "text"), (None, "", "m2"), (867, "im Engersport", "m2"), (-1, "", "m2")],
    ids=["number-with-unit-text", "text-empty", "m2-without-number", "number-and-text", "negative"],
)
def test_a_fact_is_a_number_with_a_unit_or_words_never_both_in_the_database(published, value, text, unit):
    with pytest.raises(IntegrityError), transaction.atomic():
        LocationFact.objects.create(
            location_id="bendorf", code="bad", value=value, text=text, unit=unit,
            period_start="2017-05-01", period_end="2017-05-31", source_id=NRK, source_quote="q",
        )  # fmt: skip


def test_import_of_a_fact_for_an_unknown_site_names_the_field_and_writes_nothing(published):
    row = {
        "location": "nowhere", "code": "staff", "value": 1, "text": "", "unit": "persons",
        "period_start": "2017-05-01", "period_end": "2017-05-31", "source": NRK, "source_quote": "q", "note": "",
    }  # fmt: skip
    before = LocationFact.objects.count()
    with pytest.raises(ImportRecordError) as error:
        import_documents(documents=[("new.json", {"location_facts": [row]})])
    assert "location" in error.value.errors
    assert "location_facts[0]" in error.value.where
    assert LocationFact.objects.count() == before


def test_import_rejects_a_text_fact_with_a_number(published):
    row = {
        "location": "bendorf", "code": "place", "value": 5, "text": "im Engersport", "unit": "text",
        "period_start": "2017-06-01", "period_end": "2017-06-30", "source": NRK, "source_quote": "q", "note": "",
    }  # fmt: skip
    with pytest.raises(ImportRecordError) as error:
        import_documents(documents=[("new.json", {"location_facts": [row]})])
    assert "text" in error.value.errors

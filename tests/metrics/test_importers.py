"""The importer: idempotent, all or nothing, and every bad record named by file, record and field."""

import copy
import io
import json
from collections import Counter
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from locations.models import Area, Location, Source
from metrics.importers import ImportRecordError, import_documents
from metrics.models import Budget, BudgetCategory, Indicator, Observation, RefugeeBreakdown, RefugeeCaseload
from tests.conftest import FIXTURES, fixture_documents

MODELS = (Source, Area, Indicator, Location, Observation, RefugeeCaseload, RefugeeBreakdown, Budget, BudgetCategory)


def records_in(documents: list[tuple[str, dict]]) -> Counter:
    """How many records of each kind the documents hold, nested ones included."""
    held: Counter = Counter()
    for _name, document in documents:
        for kind, rows in document.items():
            held[kind] += len(rows)
            for row in rows:
                held["refugee_breakdowns"] += len(row.get("breakdowns", []))
                held["budget_categories"] += len(row.get("categories", []))
    return +held


PUBLISHED = records_in(fixture_documents())


def test_the_fixtures_hold_at_least_the_press_release():
    # DESIGN.md's table: 8 metrics, 1 caseload with 1 breakdown, 1 budget with 3 categories, 5 sites;
    # the catalogue: 3 areas, 4 indicators.
    press = {
        "sources": 1, "areas": 3, "indicators": 4, "locations": 5, "observations": 8, "refugee_caseloads": 1,
        "refugee_breakdowns": 1, "budgets": 1, "budget_categories": 3,
    }  # fmt: skip
    assert all(PUBLISHED[kind] >= n for kind, n in press.items()), PUBLISHED


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


def snapshot() -> list[tuple]:
    """Every row of every model, to compare the database before and after."""
    return [tuple(model.objects.order_by("pk").values_list()) for model in MODELS]


def test_first_load_creates_every_record(published):
    assert published.created == PUBLISHED
    assert not published.updated and not published.unchanged


def test_loading_twice_changes_nothing(published):
    before = snapshot()
    again = import_documents(documents=fixture_documents())
    assert again.unchanged == PUBLISHED
    assert not again.created and not again.updated
    assert snapshot() == before


def test_loading_twice_through_the_command_changes_nothing(db):
    files = [str(path) for path in sorted(FIXTURES.glob("*.json"))]
    call_command("import_data", *files, stdout=io.StringIO())
    before = snapshot()
    out = io.StringIO()
    call_command("import_data", *files, stdout=out)
    assert snapshot() == before
    assert f"observations: 0 created, 0 updated, {PUBLISHED['observations']} unchanged" in out.getvalue()


def test_a_changed_value_is_updated_in_place(published):
    documents = fixture_documents()
    press = dict(documents)["press-release-2017.json"]
    press["observations"][7]["note"] = "Changed note."
    result = import_documents(documents=documents)
    assert result.updated == Counter({"observations": 1})
    assert Observation.objects.get(indicator="staff").note == "Changed note."
    assert Observation.objects.count() == PUBLISHED["observations"]


def test_dry_run_writes_nothing(db):
    result = import_documents(documents=fixture_documents(), dry_run=True)
    assert result.created == PUBLISHED
    assert set(counts().values()) == {0}


def bad_observation(**changes) -> dict:
    row = {
        "indicator": "staff", "area": "07137", "period_start": "2018-01-01", "period_end": "2018-12-31",
        "value": 1, "qualifier": "exact", "value_kind": "point_in_time", "source": "kvmyk-pd-380-2017",
        "source_quote": "Synthetic.",
    }  # fmt: skip
    row.update(changes)
    return row


def test_bad_record_in_second_file_leaves_an_empty_database_empty(db):
    documents = [*fixture_documents(), ("second.json", {"observations": [bad_observation(value="abc")]})]
    with pytest.raises(ImportRecordError) as error:
        import_documents(documents=documents)
    assert error.value.where == "second.json: observations[0]"
    assert list(error.value.errors) == ["value"]
    assert set(counts().values()) == {0}


def test_bad_record_in_second_file_leaves_a_published_database_unchanged(published):
    before = snapshot()
    documents = copy.deepcopy(fixture_documents())
    dict(documents)["press-release-2017.json"]["observations"][0]["value"] = 11
    documents.append(("second.json", {"observations": [bad_observation(), bad_observation(qualifier="roughly")]}))
    with pytest.raises(ImportRecordError) as error:
        import_documents(documents=documents)
    assert error.value.where == "second.json: observations[1]"
    assert list(error.value.errors) == ["qualifier"]
    assert snapshot() == before


def test_command_names_file_record_and_field_and_writes_nothing(db, tmp_path):
    second = tmp_path / "second.json"
    second.write_text(json.dumps({"observations": [bad_observation(period_end="2018-13-31")]}), encoding="utf-8")
    files = [*(str(path) for path in sorted(FIXTURES.glob("*.json"))), str(second)]
    with pytest.raises(CommandError) as error:
        call_command("import_data", *files)
    message = str(error.value)
    assert message.startswith("Nothing was written.")
    assert f"{second}: observations[0]: period_end:" in message
    assert set(counts().values()) == {0}


def test_command_reports_a_file_that_is_not_json(db, tmp_path):
    broken = tmp_path / "broken.json"
    broken.write_text("{", encoding="utf-8")
    with pytest.raises(CommandError, match=r"broken\.json"):
        call_command("import_data", str(broken))


def catalogue_and(**sections) -> list[tuple[str, object]]:
    """The real catalogue and source, and a second document with the given sections."""
    press = dict(fixture_documents())["press-release-2017.json"]
    return [
        ("catalogue.json", dict(fixture_documents())["catalogue.json"]),
        ("source.json", {"sources": press["sources"]}),
        ("bad.json", sections),
    ]


SOURCE = "kvmyk-pd-380-2017"
CASELOAD = {"year": 2018, "total": 1, "source": SOURCE, "source_quote": "Synthetic."}
BUDGET = {"fiscal_year": 2018, "total": 10, "source": SOURCE, "source_quote": "Synthetic."}
CATEGORY = {"code": "a", "name_de": "A", "name_en": "A", "amount": 1, "source_quote": "Synthetic."}
SITE = {"slug": "syn-site", "name": "Test site", "city": "Test", "source": SOURCE, "source_quote": "Synthetic."}

# A bad record, where it must be reported, and the field named.
BAD_RECORDS = [
    ({"observations": [bad_observation(value="abc")]}, "bad.json: observations[0]", "value"),
    ({"observations": [bad_observation(value=-1)]}, "bad.json: observations[0]", "value"),
    ({"observations": [bad_observation(period_start=5)]}, "bad.json: observations[0]", "period_start"),
    ({"observations": [bad_observation(period_start=None)]}, "bad.json: observations[0]", "period_start"),
    ({"observations": [bad_observation(indicator="nope")]}, "bad.json: observations[0]", "indicator"),
    ({"observations": [bad_observation(area=["07137"])]}, "bad.json: observations[0]", "area"),
    ({"observations": [bad_observation(colour="red")]}, "bad.json: observations[0]", "colour"),
    ({"observations": [{k: v for k, v in bad_observation().items() if k != "value_kind"}]},
     "bad.json: observations[0]", "value_kind"),
    ({"observations": [bad_observation(value_kind=None)]}, "bad.json: observations[0]", "value_kind"),
    ({"observations": [bad_observation(value_kind="current")]}, "bad.json: observations[0]", "value_kind"),
    ({"observations": [bad_observation(value_kind="change")]}, "bad.json: observations[0]", "value_kind"),
    ({"locations": [{**SITE, "municipality_code": "07137003"}]}, "bad.json: locations[0]", "municipality_code_source"),
    ({"locations": [{**SITE, "municipality_code_source": SOURCE}]}, "bad.json: locations[0]", "municipality_code"),
    ({"locations": [{**SITE, "municipality_code": "07137003", "municipality_code_source": "nope"}]},
     "bad.json: locations[0]", "municipality_code_source"),
    ({"observations": [{k: v for k, v in bad_observation().items() if k != "area"}]}, "bad.json: observations[0]",
     "area"),
    ({"refugee_caseloads": [{**CASELOAD, "year": "abc"}]}, "bad.json: refugee_caseloads[0]", "year"),
    ({"refugee_caseloads": [{**CASELOAD, "total": -1}]}, "bad.json: refugee_caseloads[0]", "total"),
    ({"refugee_caseloads": [{**CASELOAD, "year": 3000}]}, "bad.json: refugee_caseloads[0]", "year"),
    ({"budgets": [{**BUDGET, "fiscal_year": 1800}]}, "bad.json: budgets[0]", "fiscal_year"),
    ({"refugee_caseloads": [{**CASELOAD, "breakdowns": [{"dimension": "age_group", "group": "x",
                                                          "share_percent": 101}]}]},
     "bad.json: refugee_caseloads[0]", "breakdowns[0].share_percent"),
    ({"refugee_caseloads": [{**CASELOAD, "breakdowns": 5}]}, "bad.json: refugee_caseloads[0]", "breakdowns"),
    ({"refugee_caseloads": [{**CASELOAD, "breakdowns": ["age_group"]}]}, "bad.json: refugee_caseloads[0]",
     "breakdowns[0]"),
    ({"budgets": [{**BUDGET, "categories": [{**CATEGORY, "parent": "missing"}]}]}, "bad.json: budgets[0]",
     "categories[0].parent"),
    ({"budgets": [{**BUDGET, "categories": [{**CATEGORY, "parent": "a"}]}]}, "bad.json: budgets[0]",
     "categories[0].parent"),
    ({"budgets": [{**BUDGET, "categories": [{**CATEGORY, "parent": ["x"]}]}]}, "bad.json: budgets[0]",
     "categories[0].parent"),
    ({"budgets": [{**BUDGET, "categories": [{**CATEGORY, "amount": "lots"}]}]}, "bad.json: budgets[0]",
     "categories[0].amount"),
    ({"budgets": [{**BUDGET, "categories": [5]}]}, "bad.json: budgets[0]", "categories[0]"),
    ({"budgets": [{**BUDGET, "categories": {"code": "a"}}]}, "bad.json: budgets[0]", "categories"),
    ({"observations": 5}, "bad.json: observations", "observations"),
    ({"observations": [5]}, "bad.json: observations[0]", "__all__"),
    ({"measurements": []}, "bad.json", "measurements"),
]  # fmt: skip


@pytest.mark.parametrize(("document", "where", "field"), BAD_RECORDS)
def test_bad_record_is_named_by_file_record_and_field(db, document, where, field):
    with pytest.raises(ImportRecordError) as error:
        import_documents(documents=catalogue_and(**document))
    assert error.value.where == where
    assert field in error.value.errors, error.value.errors
    assert str(error.value).startswith(f"{where}: ")
    assert set(counts().values()) == {0}


def test_a_document_that_is_not_an_object_is_named(db):
    with pytest.raises(ImportRecordError) as error:
        import_documents(documents=[("list.json", [{"sources": []}])])
    assert error.value.where == "list.json"


def test_floats_are_imported_as_the_decimals_they_show(db):
    """A caller that parsed JSON without parse_float=Decimal still gets 3.3, not 3.29999…"""
    documents = json.loads(json.dumps([[name, doc] for name, doc in fixture_documents()], default=float))
    result = import_documents(documents=[(name, doc) for name, doc in documents])
    assert result.created == PUBLISHED
    assert Observation.objects.get(qualifier="approximately", indicator="unemployment_rate").value == Decimal("3.3")
    again = import_documents(documents=fixture_documents())
    assert again.unchanged == PUBLISHED


def test_categories_are_written_parents_first_whatever_the_order(db):
    categories = [{**CATEGORY, "code": "child", "parent": "root"}, {**CATEGORY, "code": "root"}]
    import_documents(documents=catalogue_and(budgets=[{**BUDGET, "categories": categories}]))
    assert BudgetCategory.objects.get(code="child").parent.code == "root"


def test_a_category_cannot_become_its_own_ancestor(db):
    categories = [{**CATEGORY, "code": "a"}, {**CATEGORY, "code": "b", "parent": "a"}]
    import_documents(documents=catalogue_and(budgets=[{**BUDGET, "categories": categories}]))
    cycle = [{**CATEGORY, "code": "a", "parent": "b"}]
    with pytest.raises(ImportRecordError) as error:
        import_documents(documents=catalogue_and(budgets=[{**BUDGET, "categories": cycle}]))
    assert "categories[0].parent" in error.value.errors
    assert BudgetCategory.objects.get(code="a").parent is None

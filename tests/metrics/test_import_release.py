"""`import_data --release ID`: a file's figures loaded into a release, under embargo until its moment."""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from metrics.models import Budget, BudgetCategory, Observation, RefugeeCaseload
from tests.assertions import results
from tests.metrics.conftest import AFTER, BEFORE

SOURCE = "kvmyk-pd-380-2017"
MONTH = {
    "observations": [
        {
            "indicator": "staff", "area": "07137", "period_start": "2019-01-01", "period_end": "2019-12-31",
            "value": 231, "qualifier": "exact", "value_kind": "point_in_time", "derived": False, "source": SOURCE,
            "source_quote": "Test sentence.",
        }
    ],
    "refugee_caseloads": [
        {"year": 2026, "reference_date": "2026-12-31", "total": 10, "source": SOURCE, "source_quote": "Test."}
    ],
    "budgets": [
        {
            "fiscal_year": 2026, "total": 100, "source": SOURCE, "source_quote": "Test.",
            "categories": [{"code": "all", "name_de": "Alles", "name_en": "All", "amount": 100, "source_quote": "T."}],
        }
    ],
}  # fmt: skip


@pytest.fixture
def month_file(tmp_path) -> Path:
    path = tmp_path / "month.json"
    path.write_text(json.dumps(MONTH), encoding="utf-8")
    return path


def run(*args: str) -> str:
    out = StringIO()
    call_command("import_data", *args, stdout=out)
    return out.getvalue()


def written() -> list:
    return [
        *Observation.objects.filter(year=2019, indicator="staff", source=SOURCE),
        *RefugeeCaseload.objects.filter(year=2026),
        *Budget.objects.filter(fiscal_year=2026),
    ]


def test_every_record_of_the_file_gets_the_release(release, month_file):
    summary = run(str(month_file), "--release", str(release.pk))
    assert "observations: 1 created" in summary
    records = written()
    assert len(records) == 3
    assert {record.release_id for record in records} == {release.pk}
    assert BudgetCategory.objects.get(budget__fiscal_year=2026).current_release() == release


def test_the_figures_stay_under_embargo_until_the_moment(release, month_file, api, clock):
    run(str(month_file), "--release", str(release.pk))
    for path in ("/api/v1/metrics/", "/api/v1/refugees/", "/api/v1/budgets/"):
        assert results(api.get(f"{path}?release={release.pk}")) == [], path
    clock.move_to(AFTER)
    for path in ("/api/v1/metrics/", "/api/v1/refugees/", "/api/v1/budgets/"):
        assert len(results(api.get(f"{path}?release={release.pk}"))) == 1, path
    assert api.get(f"/api/v1/releases/{release.pk}/").json()["figures"] == 3


def test_importing_again_changes_nothing(release, month_file):
    run(str(month_file), "--release", str(release.pk))
    assert "observations: 0 created, 0 updated, 1 unchanged" in run(str(month_file), "--release", str(release.pk))


def test_a_release_that_does_not_exist_is_a_clear_error(published, month_file):
    with pytest.raises(CommandError, match="No release has the id 999999"):
        run(str(month_file), "--release", "999999")
    assert written() == []


def test_a_release_id_that_is_no_number_is_refused(published, month_file):
    with pytest.raises(CommandError, match="invalid int value"):
        run(str(month_file), "--release", "january")


def test_a_figure_of_an_indicator_the_release_does_not_list_writes_nothing(release, tmp_path):
    staff = MONTH["observations"][0]
    other = {**MONTH, "observations": [staff, {**staff, "indicator": "unemployment_rate", "value": 3}]}
    path = tmp_path / "other.json"
    path.write_text(json.dumps(other), encoding="utf-8")
    with pytest.raises(CommandError, match=r"observations\[1\].*release: Release \d+ does not announce"):
        run(str(path), "--release", str(release.pk))
    assert written() == []


def test_a_cancelled_release_takes_no_figures(release, month_file):
    release.cancelled_at = BEFORE
    release.save()
    with pytest.raises(CommandError, match=r"release: Release \d+ is cancelled"):
        run(str(month_file), "--release", str(release.pk))
    assert written() == []


def test_a_dry_run_into_a_release_writes_nothing(release, month_file):
    assert "Dry run" in run(str(month_file), "--release", str(release.pk), "--dry-run")
    assert written() == []


def test_without_release_the_figures_are_public_at_once(published, month_file, api):
    run(str(month_file))
    assert {record.release_id for record in written()} == {None}


def test_a_file_states_each_figures_status_and_a_wrong_one_is_named(published, tmp_path):
    provisional = {
        "observations": [{**MONTH["observations"][0], "status": "provisional"}],
        "refugee_caseloads": [{**MONTH["refugee_caseloads"][0], "status": "estimated"}],
        "budgets": [{**MONTH["budgets"][0], "status": "provisional"}],
    }
    path = tmp_path / "provisional.json"
    path.write_text(json.dumps(provisional), encoding="utf-8")
    run(str(path))
    assert [record.status for record in written()] == ["provisional", "estimated", "provisional"]
    wrong = tmp_path / "wrong.json"
    wrong.write_text(json.dumps({"observations": [{**MONTH["observations"][0], "status": "vorläufig"}]}), "utf-8")
    with pytest.raises(CommandError, match="status"):
        run(str(wrong))

"""The FilterSet base of every list: its form class is kept, and each form still has fields of its own."""

from django.http import QueryDict

from metrics.filtersets import ObservationFilterSet
from metrics.models import Observation


def form_for(query: str):
    return ObservationFilterSet(QueryDict(query), queryset=Observation.objects.all()).form


def test_each_form_has_fields_of_its_own_from_one_kept_form_class(db):
    first, second = form_for("year=2017"), form_for("year=2018")
    assert type(first) is type(second)
    assert first.fields.keys() == second.fields.keys()
    assert all(first.fields[name] is not second.fields[name] for name in first.fields)
    first.fields["year"].error_messages["invalid"] = "changed"
    first.fields["year"].validators.append(lambda value: None)
    assert second.fields["year"].error_messages["invalid"] != "changed"
    assert len(second.fields["year"].validators) == len(form_for("").fields["year"].validators)


def test_forms_of_one_kept_class_validate_each_their_own_data(db):
    good, bad = form_for("year=2017&ordering=-value"), form_for("year=1800&ordering=nonsense")
    assert good.is_valid(), good.errors
    assert good.cleaned_data["year"] == 2017
    assert not bad.is_valid()
    assert set(bad.errors) == {"year", "ordering"}
    assert form_for("year=2018").is_valid()

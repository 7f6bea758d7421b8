"""Two phones submitting one slip's code at the same moment (real connections, as core/tests/test_races.py): one
ballot counts, the other reads the refusal every used code reads, never a 500; the code is used once."""

import pytest

from assessments import mass
from assessments.models_mass import MassCode, MassVote
from assessments.tests.mass_world import make_survey
from core.audit import AuditEvent
from core.testing import ApiClient, build_world
from core.tests.test_races import _statuses, race

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_submissions_of_one_code_count_once():
    world = build_world()
    s, (code,) = make_survey(world, codes=1)
    a, b = s.subjects.order_by("position")
    body = {"votes": [{"subject": a.pk, "rating": "satisfied"}, {"subject": b.pk, "rating": "basic"}]}
    phones = [ApiClient(), ApiClient()]
    responses = race(*(lambda c=c: c.post(f"assessments/mass/{code}", body) for c in phones))
    assert _statuses(responses) == [201, 404]
    assert next(r for r in responses if r.status_code == 404).json()["detail"] == mass.UNUSABLE
    assert MassVote.objects.filter(survey=s).count() == 2
    assert MassCode.objects.get(code=code).used_on is not None
    assert AuditEvent.objects.filter(action="assessments.masssurvey.ballot").count() == 1


def test_two_different_codes_at_once_both_count():
    world = build_world()
    s, codes = make_survey(world, codes=2)
    a = s.subjects.order_by("position").first()
    body = {"votes": [{"subject": a.pk, "rating": "satisfied"}]}
    responses = race(*(lambda c=c: ApiClient().post(f"assessments/mass/{c}", body) for c in codes))
    assert _statuses(responses) == [201, 201]
    assert MassVote.objects.filter(survey=s).count() == 2

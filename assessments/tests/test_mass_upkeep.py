"""群众测评 upkeep: the to-do asking the committee to close a survey past its end (gone once closed, never for a
branch or another committee), and the ballot rate-limit rows pruned once older than their window."""

import datetime

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from assessments import mass, todos
from assessments.models_mass import MassAttempt
from assessments.tests.mass_world import far_committee, make_survey, vote

pytestmark = pytest.mark.django_db


def kinds(user, when):
    return [i.kind for i in todos.items(user, when) if i.kind == "assessments.mass_close"]


def test_an_open_survey_past_its_end_asks_the_committee_to_close_it(world, committee_admin, branch_secretary):
    s, _codes = make_survey(world)
    after = s.closes + datetime.timedelta(days=1)
    assert kinds(committee_admin, s.closes) == []  # the last day still votes
    items = [i for i in todos.items(committee_admin, after) if i.kind == "assessments.mass_close"]
    assert [(i.label, i.url, i.due) for i in items] == [("群众测评待结束", f"/assessments/mass/{s.pk}/", s.closes)]
    assert s.title in items[0].text
    assert todos.count(committee_admin, after) == len(todos.items(committee_admin, after))
    assert kinds(branch_secretary, after) == [] and kinds(world.users["sysadmin"], after) == []
    _far, _branch, far_admin = far_committee()
    assert kinds(far_admin, after) == []
    c = Client()
    c.force_login(committee_admin)
    r = c.post(f"/assessments/mass/{s.pk}/transition/close/")
    assert r.status_code == 302
    assert kinds(committee_admin, after) == []


def test_rate_limit_rows_older_than_their_window_are_pruned_on_the_next_write(world, monkeypatch, settings):
    settings.MASS_MISS_RATE_LIMITS = ((10, 600), (50, 3600))
    s, codes = make_survey(world, codes=2)
    start = timezone.now()
    monkeypatch.setattr(mass, "now", lambda: start)
    for guess in ("AAAAAAAA", "BBBBBBBB"):
        with pytest.raises(mass.Unusable):
            mass.ballot(guess, client_address="10.0.0.9")
    vote(codes[0], {s.subjects.first(): "satisfied"})
    assert MassAttempt.objects.filter(kind="miss").count() == 2
    assert MassAttempt.objects.filter(kind="ballot").count() == 1
    # An hour and a minute later the misses are past the longest miss window (1 hour): the next miss prunes them.
    monkeypatch.setattr(mass, "now", lambda: start + datetime.timedelta(minutes=61))
    with pytest.raises(mass.Unusable):
        mass.ballot("CCCCCCCC", client_address="10.0.0.9")
    assert MassAttempt.objects.filter(kind="miss").count() == 1
    assert MassAttempt.objects.filter(kind="ballot").count() == 1  # a ballot counts for a day: kept
    # A day later the ballot row goes with the next ballot.
    monkeypatch.setattr(mass, "now", lambda: start + datetime.timedelta(days=1, minutes=1))
    vote(codes[1], {s.subjects.first(): "basic"})
    assert MassAttempt.objects.filter(kind="ballot").count() == 1


def test_the_command_prunes_both_kinds(world, monkeypatch, capsys):
    old = timezone.now() - datetime.timedelta(days=2)
    MassAttempt.objects.bulk_create(
        [MassAttempt(kind=k, client_key="x", created_at=old) for k in (MassAttempt.MISS, MassAttempt.BALLOT)]
        + [MassAttempt(kind=MassAttempt.MISS, client_key="y", created_at=timezone.now())]
    )
    call_command("purge_mass_attempts")
    assert "已清除 2 条" in capsys.readouterr().out
    assert list(MassAttempt.objects.values_list("client_key", flat=True)) == ["y"]

"""The study-hour pages: 我的学时, a person's hours for her admin, the gap list and the rule form."""

import datetime

import pytest
from django.test import Client

from core.testing import make_person
from learning.models import HourRule
from learning.tests.test_hours import file_record

pytestmark = pytest.mark.django_db


def client_for(user):
    c = Client()
    c.force_login(user)
    return c


def test_a_member_sees_her_hours_with_their_sources(world, api, branch_secretary, branch_member):
    file_record(api, branch_secretary, world.branch_a, [world.people["member"]], title="专题党课：学习党章")
    r = client_for(branch_member).get("/learning/hours/?year=2026")
    page = r.content.decode()
    assert r.status_code == 200 and "我的学时" in page
    assert 'data-testid="earned">2<' in page and "还差 30 学时" in page
    assert "专题党课：学习党章" in page and "组织生活" in page


def test_the_hours_and_gap_pages_keep_their_query_counts(world, api, branch_secretary, django_assert_max_num_queries):
    people = [make_person(world.branch_a, f"党员{i}", seq=200 + i) for i in range(3)]
    for n in range(3):
        file_record(api, branch_secretary, world.branch_a, people, title=f"党课{n}", day=datetime.date(2026, 5, 1 + n))
    c = client_for(branch_secretary)
    # +1: 通知公告's to-do badge (one UNION of its parts)
    with django_assert_max_num_queries(23):  # the layout's own (sidebar, to-dos) and three of the hours
        assert c.get(f"/learning/hours/?person={people[0].pk}&year=2026").status_code == 200
    # +1: 通知公告's to-do badge (one UNION of its parts)
    with django_assert_max_num_queries(23):
        r = c.get(f"/learning/gaps/?org={world.branch_a.pk}&year=2026")
    assert r.status_code == 200 and r.content.decode().count("data-person=") == 5
    more = [make_person(world.branch_a, f"新党员{i}", seq=300 + i) for i in range(6)]
    file_record(api, branch_secretary, world.branch_a, more, title="党课9", day=datetime.date(2026, 5, 9))
    # +1: 通知公告's to-do badge (one UNION of its parts)
    with django_assert_max_num_queries(23):  # flat in the number of people
        r = c.get(f"/learning/gaps/?org={world.branch_a.pk}&year=2026")
    assert r.content.decode().count("data-person=") == 11


def test_a_member_cannot_open_anothers_hours_or_the_gap_list(world, branch_member, outsider):
    c = client_for(branch_member)
    assert c.get(f"/learning/hours/?person={world.people['outsider'].pk}").status_code == 404
    assert c.get(f"/learning/hours/?person={world.people['secretary'].pk}").status_code == 404
    assert c.get("/learning/hours/?person=abc").status_code == 404
    assert c.get("/learning/gaps/").status_code == 403
    assert client_for(outsider).get(f"/learning/gaps/?org={world.branch_a.pk}").status_code == 404


def test_the_rule_form_saves_and_a_refused_value_keeps_what_was_typed(world, committee_admin, branch_secretary):
    c = client_for(committee_admin)
    url = f"/learning/rules/?org={world.committee.pk}&year=2026"
    page = c.get(url).content.decode()
    assert 'value="32' in page and 'value="56' in page  # the regulation's defaults before any rule
    data = {"org": world.committee.pk, "year": 2026, "member_hours": "40", "cadre_hours": "abc"}
    data["record_party_lesson"] = "3"
    r = c.post(url, data)
    assert r.status_code == 200 and not HourRule.objects.exists()
    assert 'value="40"' in r.content.decode() and 'value="3"' in r.content.decode()
    data["cadre_hours"] = "60"
    r = c.post(url, data)
    assert r.status_code == 302
    rule = HourRule.objects.get()
    assert (rule.member_hours, rule.cadre_hours, rule.record_hours) == (40, 60, {"party_lesson": "3.0"})
    assert client_for(branch_secretary).get(url).status_code in (403, 404)

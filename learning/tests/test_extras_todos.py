"""To-dos of the extras: 补录 waiting for approval (not for the one who entered it), each member's own hours
below her requirement with the months left, an open needs survey to answer, an open order round, and
education records to verify; the badge counts exactly what the items stand for."""

import datetime

import pytest

from core import dates, todos
from learning import hours
from learning.models import HourRule
from orgs.models import Position

from .extras_helpers import multipart, offline_body

pytestmark = pytest.mark.django_db


def _kinds(user):
    today = dates.today()
    items = [i for i in todos.inbox(user, today).entries if i.item.group == "learning"]
    counted = todos.counts(user, today)["learning"]
    assert counted == sum(e.item.count for e in items)  # the badge is the items' sum
    return {e.item.kind: e.item for e in items}


def test_a_member_below_her_requirement_has_her_own_to_do_with_hours_and_months_left(world, branch_member):
    today = dates.today()
    item = _kinds(branch_member)["learning.hours_below"]
    left = hours.months_left(today.year, today)
    rest = f"剩 {left} 个月" if left else "本月底前须补足"  # December: no whole month left
    assert item.text == f"本年度学时还差 32 学时，{rest}" and item.url == "/learning/hours/"
    # A committee rule of 10 学时 and 10 earned: no to-do.
    HourRule.objects.create(org=world.committee, year=today.year, member_hours=10, cadre_hours=20)
    hours.credit(world.people["member"], source="lesson", ref=1, hours=10, date=today, note="在线学习")
    assert "learning.hours_below" not in _kinds(branch_member)
    # A 党务干部 (a position held this year) needs the cadre figure: 12 of 20 leaves 8.
    Position.objects.create(org=world.branch_a, person=world.people["secretary"], title="书记")
    hours.credit(world.people["secretary"], source="lesson", ref=1, hours=12, date=today, note="在线学习")
    item = _kinds(world.users["branch_secretary"])["learning.hours_below"]
    assert item.text.startswith("本年度学时还差 8 学时") and item.note == "已获 12 / 应达 20 学时"


def test_system_roles_have_no_learning_to_dos(sysadmin):
    assert _kinds(sysadmin) == {}


def test_a_waiting_entry_is_a_to_do_for_the_other_admins_only(world, branch_secretary, committee_admin):
    multipart(branch_secretary, "learning/offline-trainings", offline_body(world.people["member"]))
    item = _kinds(committee_admin)["learning.offline_review"]
    assert item.count == 1 and "1 条线下培训补录待审核" == item.text
    assert "learning.offline_review" not in _kinds(branch_secretary)  # she entered it


def test_an_open_survey_is_a_to_do_until_answered(world, api, committee_admin, branch_member, outsider):
    closes = (dates.today() + datetime.timedelta(days=10)).isoformat()
    s = (
        api(committee_admin)
        .post(
            "learning/needs-surveys",
            {
                "org": world.committee.pk,
                "title": "学习需求调查",
                "topics": ["党章", "党史"],
                "formats": ["讲座", "微课"],
                "closes": closes,
            },
        )
        .json()
    )
    item = _kinds(branch_member)["learning.needs_answer"]
    assert item.text == "学习需求调查" and item.due.isoformat() == closes
    api(branch_member).post(f"learning/needs-surveys/{s['id']}/answers", {"topics": ["党章"], "formats": ["微课"]})
    assert "learning.needs_answer" not in _kinds(branch_member)


def test_an_open_order_round_is_a_to_do_for_branch_admins_until_they_order(
    world, api, committee_admin, branch_secretary
):
    deadline = (dates.today() + datetime.timedelta(days=10)).isoformat()
    o = (
        api(committee_admin)
        .post(
            "learning/material-offers",
            {"org": world.committee.pk, "year": 2027, "title": "资料征订", "deadline": deadline},
        )
        .json()
    )
    item = api(committee_admin).post(f"learning/material-offers/{o['id']}/items", {"name": "党章", "price": "6"}).json()
    assert "learning.material_order" not in _kinds(committee_admin)  # the committee offers; it does not order
    assert _kinds(branch_secretary)["learning.material_order"].text == "资料征订"
    r = api(branch_secretary).put(
        f"learning/material-offers/{o['id']}/orders",
        {"org": world.branch_a.pk, "quantities": {str(item["items"][0]["id"]): 3}},
    )
    assert r.status_code == 200, r.content
    assert "learning.material_order" not in _kinds(branch_secretary)

"""年终总评 through its stages: compute, 公示 (core/publicity.py) with an objection raised by a target and answered by
the committee, announce once the period is over, withdraw; the published stars count as the previous year's; the
workflow is consistent with the page for every persona."""

import datetime

import pytest
from django.test import Client

from assessments import actions_annual, annual, workflows_annual
from assessments.models import AnnualEvaluation, AnnualPublicity
from assessments.tests import annual_world
from core import workflow
from core.errors import Conflict, Forbidden
from core.testing import make_user, workflow_mismatches

pytestmark = pytest.mark.django_db


@pytest.fixture
def clock(monkeypatch):
    day = {"today": datetime.date(2027, 1, 11)}  # a Monday
    monkeypatch.setattr(workflows_annual, "today", lambda: day["today"])
    return day


@pytest.fixture
def ev(world, committee_admin):
    aw = annual_world.build(world)
    data = annual_world.payload(aw, world)
    return actions_annual.create_annual(by=committee_admin, data=data)


def test_publicity_objection_answer_then_announce(ev, clock, committee_admin, branch_secretary, outsider):
    ev = actions_annual.transition(ev, "compute", by=committee_admin)
    ev = actions_annual.transition(ev, "publicize", by=committee_admin, data={"objection_days": 3})
    assert ev.state == "publicity"
    pub = AnnualPublicity.objects.get(evaluation=ev)
    assert pub.title == "2026年度年终总评结果公示"
    assert pub.objection_deadline == datetime.date(2027, 1, 13)

    objection = actions_annual.raise_objection(ev, by=branch_secretary, data={"content": "积分排名有误，请复核。"})
    with pytest.raises(Conflict, match="还有未答复的异议"):
        clock["today"] = datetime.date(2027, 1, 15)
        actions_annual.transition(ev, "announce", by=committee_admin)
    with pytest.raises(Forbidden):
        actions_annual.answer_objection(objection, by=branch_secretary, data={"answer": "自己答复"})
    actions_annual.answer_objection(objection, by=committee_admin, data={"answer": "经复核，积分无误。"})
    ev = actions_annual.transition(ev, "announce", by=committee_admin)
    assert ev.state == "published"
    assert AnnualPublicity.objects.get(evaluation=ev).state == "announced"


def test_announce_waits_for_the_end_of_the_period(ev, clock, committee_admin):
    actions_annual.transition(ev, "compute", by=committee_admin)
    actions_annual.transition(ev, "publicize", by=committee_admin, data={"objection_days": 3})
    with pytest.raises(Conflict, match="公示期至1月13日结束"):
        actions_annual.transition(ev, "announce", by=committee_admin)


def test_an_organisation_without_a_result_cannot_object(world, ev, clock, committee_admin):
    actions_annual.transition(ev, "compute", by=committee_admin)
    actions_annual.transition(ev, "publicize", by=committee_admin, data={"objection_days": 3})
    world.committee.refresh_from_db()
    newcomer = world.committee.add_child(name="新成立党支部", kind="branch")
    for user in (
        make_user("new_admin", roles=[("org_admin", newcomer)]),  # no result in the evaluation
        make_user("group_admin", roles=[("org_admin", world.group_a1)]),  # a 党小组 does not speak for its branch
        committee_admin,  # the committee answers; it does not object
    ):
        with pytest.raises(Forbidden, match="只有参加年终总评的组织的党务管理员"):
            actions_annual.raise_objection(ev, by=user, data={"content": "请复核。"})


def test_withdraw_returns_to_computed_and_keeps_the_old_publicity(ev, clock, committee_admin):
    actions_annual.transition(ev, "compute", by=committee_admin)
    actions_annual.transition(ev, "publicize", by=committee_admin, data={"objection_days": 3})
    ev = actions_annual.transition(ev, "withdraw", by=committee_admin, data={"reason": "积分数据更正"})
    assert ev.state == "computed"
    assert AnnualPublicity.objects.get(evaluation=ev).withdraw_reason == "积分数据更正"
    ev = actions_annual.transition(ev, "publicize", by=committee_admin, data={"objection_days": 3})
    assert AnnualPublicity.objects.filter(evaluation=ev).count() == 2


def test_a_published_annual_is_the_next_years_comparison(world, ev, clock, committee_admin):
    actions_annual.transition(ev, "compute", by=committee_admin)
    actions_annual.transition(ev, "publicize", by=committee_admin, data={"objection_days": 3})
    clock["today"] = datetime.date(2027, 1, 20)
    actions_annual.transition(ev, "announce", by=committee_admin)
    nxt = AnnualEvaluation(org=world.committee, year=2027, scheme=ev.scheme)
    found = annual.previous_stars(nxt, [r.org for r in ev.results.select_related("org")])
    assert sorted(found.values()) == [(2, ev.title), (3, ev.title), (3, ev.title), (4, ev.title)]


@pytest.fixture
def personas(world):
    u = world.users
    return {
        "committee_admin": u["committee_admin"],
        "branch_admin": u["branch_secretary"],
        "member": u["branch_member"],
        "other_admin": u["outsider"],
        "stranger": make_user("stranger"),
        "sysadmin": u["sysadmin"],
        "secadmin": u["secadmin"],
        "auditor": u["auditor"],
    }


def test_the_annual_workflow_is_consistent_with_the_page(ev, clock, personas):
    admin = personas["committee_admin"]

    def make(state):
        e = AnnualEvaluation.objects.get(pk=ev.pk)
        if state != "draft":
            e = actions_annual.transition(e, "compute", by=admin)
        if state in ("publicity", "published"):
            clock["today"] = datetime.date(2027, 1, 4)
            e = actions_annual.transition(e, "publicize", by=admin, data={"objection_days": 3})
            clock["today"] = datetime.date(2027, 1, 11)
        if state == "published":
            e = actions_annual.transition(e, "announce", by=admin)
        return e

    def page(obj, user):
        c = Client()
        c.force_login(user)
        res = c.get(f"/assessments/annual/{obj.pk}/")
        return res.content.decode() if res.status_code == 200 else ""

    problems = workflow_mismatches(
        workflow.of(ev),
        states=["draft", "computed", "publicity", "published"],
        make=make,
        personas=personas,
        data=lambda name, obj: {"publicize": {"objection_days": 3}, "withdraw": {"reason": "更正"}}.get(name, {}),
        page=page,
    )
    assert problems == []


def test_the_committee_is_reminded_once_four_quarters_are_published_and_of_open_objections(
    world, committee_admin, branch_secretary, clock
):
    from assessments import todos  # the module's joined to-dos: the badge counts what the inbox lists
    from assessments.models import Result

    aw = annual_world.build(world)
    today = datetime.date(2027, 1, 11)
    assert not [t for t in todos.items(committee_admin, today) if t.kind == "assessments.annual_due"]
    q4 = annual_world._round(aw.scheme, "2026Q4", list(aw.branches.values()))
    Result.objects.create(round=q4, org=aw.branches["a"], score=90, rank=1, stars=5, stars_uncapped=5)
    due = [t for t in todos.items(committee_admin, today) if t.kind == "assessments.annual_due"]
    assert [t.text for t in due] == ["测试区直机关工委2026年四个季度的考核结果均已发布，可以开展年终总评"]
    assert not [t for t in todos.items(branch_secretary, today) if t.kind.startswith("assessments.annual")]

    ev = actions_annual.create_annual(by=committee_admin, data=annual_world.payload(aw, world))
    assert not [t for t in todos.items(committee_admin, today) if t.kind == "assessments.annual_due"]
    actions_annual.transition(ev, "compute", by=committee_admin)
    actions_annual.transition(ev, "publicize", by=committee_admin, data={"objection_days": 3})
    before = todos.count(committee_admin, today)
    actions_annual.raise_objection(ev, by=branch_secretary, data={"content": "请复核。"})
    (item,) = [t for t in todos.items(committee_admin, today) if t.kind == "assessments.annual_objection"]
    assert item.text == "“2026年度年终总评结果公示”有 1 条异议待答复" and item.count == 1
    assert todos.count(committee_admin, today) == before + 1
    assert todos.count(committee_admin, today) == sum(t.count for t in todos.items(committee_admin, today))

"""审核中 → 公示中 → 已发布 through core's publicity: frozen results, objections answered, then announced."""

import datetime
from decimal import Decimal

import pytest

from assessments import actions_results, workflows_results
from assessments.models import Result, ResultPublicity
from assessments.tests import results_world
from core import workflow
from core.errors import Conflict, Forbidden, Invalid, NotFound

pytestmark = pytest.mark.django_db

MON = datetime.date(2026, 4, 6)


@pytest.fixture
def clock(monkeypatch):
    def set_today(day):
        monkeypatch.setattr(workflows_results, "today", lambda: day)

    set_today(MON)
    return set_today


@pytest.fixture
def sw(world):
    return results_world.build(world)


def test_publicizing_freezes_the_results_and_starts_the_period_in_working_days(sw, committee_admin, clock):
    r = actions_results.publicize(sw.round, by=committee_admin, data={"objection_days": 5})
    assert r.state == "publicity"
    pub = ResultPublicity.objects.get(round=r)
    assert (pub.title, pub.state, pub.published_on) == ("2026年第一季度考核结果公示", "published", MON)
    assert pub.objection_deadline == datetime.date(2026, 4, 13)  # five working days after Monday 6 April
    assert Result.objects.filter(round=r).count() == 4
    # The results are frozen: a score that changes now does not move them.
    r.scores.filter(org=sw.branches["d"]).update(points=0)
    assert Result.objects.get(round=r, org=sw.branches["d"]).score == Decimal("60.33")
    with pytest.raises(Conflict):
        actions_results.compute_results(r, by=committee_admin)


def test_publicizing_is_refused_while_items_are_unscored(sw, committee_admin, clock):
    sw.round.scores.filter(org=sw.branches["c"], item=sw.items["C"]).delete()
    with pytest.raises(Conflict, match="还有1项考核项目未评分"):
        actions_results.publicize(sw.round, by=committee_admin, data={"objection_days": 5})
    assert not ResultPublicity.objects.exists()
    assert "publicize" not in workflow.available_names(sw.round, committee_admin)


def test_publicizing_needs_a_valid_period(sw, committee_admin, clock):
    with pytest.raises(Invalid, match="公示期"):
        actions_results.publicize(sw.round, by=committee_admin, data={"objection_days": 0})


def test_only_the_committee_publicizes(sw, branch_secretary, sysadmin, clock):
    # Neither reaches the round in review (404, like a missing one); nothing is published.
    for user in (sysadmin, branch_secretary, sw.assessors[0]):
        with pytest.raises((Forbidden, NotFound)):
            actions_results.publicize(sw.round, by=user, data={"objection_days": 5})
    assert not ResultPublicity.objects.exists()


def test_announcing_waits_for_the_period_and_the_answers(sw, committee_admin, branch_secretary, outsider, clock):
    actions_results.publicize(sw.round, by=committee_admin, data={"objection_days": 5})
    with pytest.raises(Conflict, match="公示期至4月13日结束"):
        actions_results.announce(sw.round, by=committee_admin)
    objection = actions_results.raise_objection(
        sw.round, by=branch_secretary, data={"content": "第三项宣传报道的扣分理由与实际不符。"}
    )
    clock(datetime.date(2026, 4, 14))
    with pytest.raises(Conflict, match="公示期已于2026年04月13日结束"):
        actions_results.raise_objection(sw.round, by=outsider, data={"content": "迟到的异议"})
    with pytest.raises(Conflict, match="还有未答复的异议"):
        actions_results.announce(sw.round, by=committee_admin)
    with pytest.raises(Forbidden):
        actions_results.answer_objection(objection, by=branch_secretary, data={"answer": "自己答复"})
    actions_results.answer_objection(objection, by=committee_admin, data={"answer": "经复核，扣分有据，维持原结果。"})
    r = actions_results.announce(sw.round, by=committee_admin)
    assert r.state == "published"
    pub = ResultPublicity.objects.get(round=r)
    assert (pub.state, pub.announced_on) == ("announced", datetime.date(2026, 4, 14))


def test_only_a_target_admin_raises_an_objection_and_only_during_the_period(
    sw, committee_admin, branch_member, branch_secretary, clock
):
    with pytest.raises(Conflict, match="只能在公示期内"):
        actions_results.raise_objection(sw.round, by=branch_secretary, data={"content": "太早了"})
    actions_results.publicize(sw.round, by=committee_admin, data={"objection_days": 5})
    with pytest.raises(Forbidden, match="被考核组织的党务管理员"):
        actions_results.raise_objection(sw.round, by=branch_member, data={"content": "我有异议"})
    with pytest.raises(Invalid, match="请填写异议内容"):
        actions_results.raise_objection(sw.round, by=branch_secretary, data={"content": "  "})


def test_the_workflow_offers_exactly_what_runs(sw, committee_admin, branch_secretary, clock):
    assert workflow.available_names(sw.round, committee_admin) == ["reopen_scoring", "publicize"]
    assert workflow.available_names(sw.round, branch_secretary) == []
    actions_results.publicize(sw.round, by=committee_admin, data={"objection_days": 1})
    sw.round.refresh_from_db()
    assert workflow.available_names(sw.round, committee_admin) == ["withdraw"]  # the period runs
    clock(datetime.date(2026, 4, 8))
    assert workflow.available_names(sw.round, committee_admin) == ["announce", "withdraw"]

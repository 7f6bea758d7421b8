"""撤回公示: an upheld objection takes the results back to review; the withdrawn publicity stays on record."""

import datetime

import pytest
from django.test import Client

from assessments import actions_results, workflows_results
from assessments.models import ResultPublicity
from assessments.tests import results_world
from core.errors import Conflict, Forbidden, Invalid

pytestmark = pytest.mark.django_db


@pytest.fixture
def sw(world, committee_admin, monkeypatch):
    monkeypatch.setattr(workflows_results, "today", lambda: datetime.date(2026, 4, 7))
    sw = results_world.build(world)
    actions_results.publicize(sw.round, by=committee_admin, data={"objection_days": 3})
    return sw


def test_the_committee_withdraws_and_publicizes_corrected_results_afresh(
    sw, api, committee_admin, branch_secretary, outsider
):
    objection = actions_results.raise_objection(sw.round, by=outsider, data={"content": "廉政项目扣分依据不足。"})
    res = api(committee_admin).post(
        f"assessments/rounds/{sw.round.pk}/results/withdraw", {"reason": "异议成立，更正党风廉政评分。"}
    )
    assert res.status_code == 200 and res.json()["round"]["state"] == "review"
    # The branch no longer reads a result; the withdrawn publicity and its objection stay.
    assert api(branch_secretary).get(f"assessments/rounds/{sw.round.pk}/results").status_code == 404
    old = ResultPublicity.objects.get(pk=objection.publicity_id)
    assert old.withdrawn_at is not None and old.withdraw_reason == "异议成立，更正党风廉政评分。"
    # The score is corrected (the rounds part's scoring stage in practice) and the results recomputed.
    sw.round.scores.filter(org=sw.branches["b"], item=sw.items["B"]).update(points=30, reason="")
    actions_results.compute_results(sw.round, by=committee_admin)
    actions_results.publicize(sw.round, by=committee_admin, data={"objection_days": 3})
    body = api(outsider).get(f"assessments/rounds/{sw.round.pk}/results").json()
    assert [(r["stars"], r["vetoed_by"]) for r in body["items"]] == [(5, [])]
    assert api(outsider).get(f"assessments/rounds/{sw.round.pk}/publicity").json()["objections"] == []
    assert ResultPublicity.objects.filter(round=sw.round).count() == 2


def test_withdrawing_needs_a_reason_the_committee_and_the_publicity_state(sw, committee_admin, branch_secretary):
    with pytest.raises(Invalid, match="撤回理由"):
        actions_results.withdraw(sw.round, by=committee_admin, data={"reason": "  "})
    with pytest.raises(Forbidden, match="只有制定该考核方案的党务管理员"):
        actions_results.withdraw(sw.round, by=branch_secretary, data={"reason": "我想撤回"})
    workflows_results.today = lambda: datetime.date(2026, 4, 14)
    actions_results.announce(sw.round, by=committee_admin)
    with pytest.raises(Conflict, match="只有公示中"):
        actions_results.withdraw(sw.round, by=committee_admin, data={"reason": "已发布后撤回"})


def test_the_page_offers_withdrawal_to_the_committee_and_lists_withdrawn_publicities(sw, committee_admin):
    c = Client()
    c.force_login(committee_admin)
    url = f"/assessments/rounds/{sw.round.pk}/results/"
    assert 'data-transition="withdraw"' in c.get(url).content.decode()
    res = c.post(f"/assessments/rounds/{sw.round.pk}/results/withdraw/", {"reason": "评分录入有误"})
    assert res.status_code == 302
    html = c.get(url).content.decode()
    assert "撤回理由：评分录入有误" in html and 'data-transition="publicize"' in html

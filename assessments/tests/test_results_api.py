"""GET/POST /assessments/rounds/{id}/results: the committee reads all, a branch only its own row, once released."""

import pytest

from assessments import actions_results
from assessments.tests import results_world

pytestmark = pytest.mark.django_db


def url(round_):
    return f"assessments/rounds/{round_.pk}/results"


@pytest.fixture
def computed(world, committee_admin):
    sw = results_world.build(world)
    actions_results.compute_results(sw.round, by=committee_admin)
    return sw


def release(sw, state="published"):
    sw.round.state = state
    sw.round.save(update_fields=["state"])


def test_the_committee_reads_every_result_with_ranks_stars_and_notes(api, computed, committee_admin):
    res = api(committee_admin).get(url(computed.round))
    assert res.status_code == 200, res.content
    body = res.json()
    assert body["released"] is False
    rows = [(r["org"]["name"], r["score"], r["rank"], r["stars"]) for r in body["items"]]
    assert rows == [
        ("统计局第一党支部", "97.00", 1, 5),
        ("财政局第一党支部", "97.00", 1, 2),
        ("教育局第一党支部", "82.00", 3, 4),
        ("民政局第一党支部", "60.33", 4, 2),
    ]
    vetoed = body["items"][1]
    assert vetoed["stars_uncapped"] == 5
    assert vetoed["vetoed_by"] == [{"id": computed.items["B"].pk, "name": "党风廉政无违纪", "veto_cap": 2}]
    assert [c["name"] for c in vetoed["categories"]] == ["党建", "宣传"]


def test_a_branch_reads_nothing_before_the_round_is_released(api, computed, branch_secretary):
    res = api(branch_secretary).get(url(computed.round))
    assert res.status_code == 404


def test_a_branch_reads_only_its_own_result_and_deductions_without_names(api, computed, branch_secretary, outsider):
    release(computed)
    body = api(branch_secretary).get(url(computed.round)).json()
    assert [r["org"]["name"] for r in body["items"]] == ["统计局第一党支部"]
    cuts = body["items"][0]["deductions"]
    assert {(d["item"]["name"], d["points"]) for d in cuts} == {
        ("三会一课", "38.00"),
        ("三会一课", "39.00"),
        ("宣传报道", "28.00"),
        ("宣传报道", "29.00"),
        ("宣传报道", "27.00"),
    }
    assert all("assessor" not in d and "kaohe" not in str(d) for d in cuts)
    other = api(outsider).get(url(computed.round)).json()
    assert [r["org"]["name"] for r in other["items"]] == ["财政局第一党支部"]
    assert {d["reason"] for d in other["items"][0]["deductions"]} == {"党风廉政无违纪扣分", "宣传报道扣分"}


def test_a_member_of_the_branch_reads_her_branch_result_once_released(api, computed, branch_member):
    release(computed, "publicity")
    body = api(branch_member).get(url(computed.round)).json()
    assert [r["org"]["name"] for r in body["items"]] == ["统计局第一党支部"]


@pytest.mark.parametrize("persona", ["sysadmin", "secadmin", "auditor"])
def test_system_accounts_read_no_results(api, computed, world, persona):
    release(computed)
    assert api(world.users[persona]).get(url(computed.round)).status_code == 404


def test_the_committee_recomputes_through_the_api(api, computed, committee_admin):
    computed.round.scores.filter(org=computed.branches["d"]).update(points=0, reason="未开展")
    res = api(committee_admin).post(url(computed.round))
    assert res.status_code == 200
    assert res.json()["items"][-1]["score"] == "0.00"


def test_a_branch_cannot_compute_and_gets_404_before_release(api, computed, branch_secretary):
    assert api(branch_secretary).post(url(computed.round)).status_code == 404
    release(computed, "publicity")
    res = api(branch_secretary).post(url(computed.round))
    assert res.status_code == 403 and "党务管理员" in res.json()["detail"]


def test_computing_a_released_round_is_refused_409(api, computed, committee_admin):
    release(computed)
    res = api(committee_admin).post(url(computed.round))
    assert res.status_code == 409 and "已冻结" in res.json()["detail"]


def test_a_missing_round_answers_404(api, committee_admin):
    assert api(committee_admin).get("assessments/rounds/999999/results").status_code == 404

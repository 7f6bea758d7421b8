"""The publication through the API: publicize, objections (each branch reads its own), answer, announce."""

import datetime

import pytest

from assessments import workflows_results
from assessments.tests import results_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def sw(world, monkeypatch):
    monkeypatch.setattr(workflows_results, "today", lambda: datetime.date(2026, 4, 6))
    return results_world.build(world)


def test_publication_end_to_end(api, sw, committee_admin, branch_secretary, outsider, monkeypatch):
    admin, rid = api(committee_admin), sw.round.pk
    res = admin.post(f"assessments/rounds/{rid}/results/publicize", {"objection_days": 3, "title": ""})
    assert res.status_code == 200, res.content
    assert res.json()["round"]["state"] == "publicity" and res.json()["released"] is True
    pub = admin.get(f"assessments/rounds/{rid}/publicity").json()
    assert (pub["title"], pub["objection_deadline"], pub["state_label"]) == (
        "2026年第一季度考核结果公示",
        "2026-04-09",
        "公示中",
    )
    # Branch A sees only its row, objects; branch B objects too; each reads only her own objection.
    mine = api(branch_secretary)
    assert [r["org"]["name"] for r in mine.get(f"assessments/rounds/{rid}/results").json()["items"]] == [
        "统计局第一党支部"
    ]
    assert mine.get(f"assessments/rounds/{rid}/publicity").json()["may_object"] is True
    created = mine.post(f"assessments/rounds/{rid}/objections", {"content": "宣传报道扣分有误。"})
    assert created.status_code == 201
    api(outsider).post(f"assessments/rounds/{rid}/objections", {"content": "党风廉政扣分请复核。"})
    seen = mine.get(f"assessments/rounds/{rid}/publicity").json()["objections"]
    assert [(o["content"], o["mine"]) for o in seen] == [("宣传报道扣分有误。", True)]
    everything = admin.get(f"assessments/rounds/{rid}/publicity").json()["objections"]
    assert [o["content"] for o in everything] == ["宣传报道扣分有误。", "党风廉政扣分请复核。"]
    assert all(o["actions"] == ["answer"] for o in everything)
    # Announce is refused while the period runs and while objections wait.
    early = admin.post(f"assessments/rounds/{rid}/results/announce")
    assert early.status_code == 409 and "公示期至4月9日结束" in early.json()["detail"]
    monkeypatch.setattr(workflows_results, "today", lambda: datetime.date(2026, 4, 10))
    waiting = admin.post(f"assessments/rounds/{rid}/results/announce")
    assert waiting.status_code == 409 and "未答复的异议" in waiting.json()["detail"]
    refused = mine.post(f"assessments/result-objections/{created.json()['id']}/answer", {"answer": "自答"})
    assert refused.status_code == 403
    for o in everything:
        ok = admin.post(f"assessments/result-objections/{o['id']}/answer", {"answer": "经复核维持原结果。"})
        assert ok.status_code == 200, ok.content
    done = admin.post(f"assessments/rounds/{rid}/results/announce")
    assert done.status_code == 200 and done.json()["round"]["state"] == "published"


def test_a_branch_cannot_publicize_nor_read_the_publicity_of_a_round_in_review(api, sw, branch_secretary):
    assert api(branch_secretary).post(f"assessments/rounds/{sw.round.pk}/results/publicize", {}).status_code == 404
    assert api(branch_secretary).get(f"assessments/rounds/{sw.round.pk}/publicity").status_code == 404


def test_publicize_with_a_bad_period_is_a_clear_400(api, sw, committee_admin):
    res = api(committee_admin).post(f"assessments/rounds/{sw.round.pk}/results/publicize", {"objection_days": 99})
    assert res.status_code in (400, 422) and res.json()["detail"]


def test_an_answer_to_an_objection_of_another_committee_is_404(api, sw, committee_admin, outsider):
    api(committee_admin).post(f"assessments/rounds/{sw.round.pk}/results/publicize", {"objection_days": 3})
    oid = api(outsider).post(f"assessments/rounds/{sw.round.pk}/objections", {"content": "有误"}).json()["id"]
    from core.testing import make_user

    stranger = make_user("stranger")
    assert api(stranger).post(f"assessments/result-objections/{oid}/answer", {"answer": "x"}).status_code == 404

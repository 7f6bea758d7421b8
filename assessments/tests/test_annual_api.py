"""年终总评 through the API: own numbers (three rounds and the points ranking with weights, a tie, a veto that caps,
the previous year compared), weights that do not add up, bad input, and who reads what."""

import pytest

from assessments.models import AnnualEvaluation, AnnualResult
from assessments.tests import annual_world
from core.models import AuditEvent

pytestmark = pytest.mark.django_db

URL = "assessments/annual"


@pytest.fixture
def aw(world):
    return annual_world.build(world)


def create(api, user, aw, world, **kw):
    return api(user).post(URL, annual_world.payload(aw, world, **kw))


def computed(api, committee_admin, aw, world):
    res = create(api, committee_admin, aw, world)
    assert res.status_code == 201, res.content
    ev_id = res.json()["id"]
    res = api(committee_admin).post(f"{URL}/{ev_id}/transitions/compute", {})
    assert res.status_code == 200, res.content
    return ev_id


def test_the_committee_creates_an_annual_in_draft_with_its_components(api, aw, world, committee_admin):
    res = create(api, committee_admin, aw, world)
    assert res.status_code == 201, res.content
    body = res.json()
    assert body["title"] == "2026年度年终总评"
    assert body["state"] == "draft"
    assert [(c["kind"], c["weight"]) for c in body["components"]] == [
        ("round", "30.00"),
        ("round", "30.00"),
        ("round", "20.00"),
        ("points", "20.00"),
    ]
    assert body["weight_total"] == "100.00" and body["problem"] is None
    assert "compute" in body["actions"]
    assert AuditEvent.objects.filter(action="assessments.annual.create").count() == 1


def test_the_annual_score_rank_stars_veto_and_change_are_exact(api, aw, world, committee_admin):
    ev_id = computed(api, committee_admin, aw, world)
    body = api(committee_admin).get(f"{URL}/{ev_id}/results").json()
    rows = [(r["org"]["name"], r["score"], r["rank"], r["stars"], r["change"]) for r in body["items"]]
    assert rows == [
        ("民政局第一党支部", "94.00", 1, 2, "same"),  # d: 5★ by score, Q2's veto caps it at 2★ (2025: 2★)
        ("统计局第一党支部", "88.00", 2, 4, "up"),  # a: 2025 annual 3★
        ("财政局第一党支部", "78.00", 3, 3, "down"),  # b: no 2025 annual; 2025Q4 4★
        ("教育局第一党支部", "78.00", 3, 3, "new"),  # c: tie shares rank 3; nothing before
    ]
    d = body["items"][0]
    assert d["stars_uncapped"] == 5
    assert d["vetoes"] == [
        {"round": aw.rounds["Q2"].pk, "title": "2026年第二季度考核", "items": ["党风廉政无违纪"], "cap": 2}
    ]
    a = body["items"][1]
    assert [(c["label"], c["weight"], c["value"], c["contribution"]) for c in a["components"]] == [
        ("2026年第一季度考核", "30.00", "90.00", "27.00"),
        ("2026年第二季度考核", "30.00", "80.00", "24.00"),
        ("2026年第三季度考核", "20.00", "85.00", "17.00"),
        ("积分排名", "20.00", "100.00", "20.00"),
    ]
    assert a["previous_stars"] == 3 and a["previous"] == "2025年度年终总评"
    assert body["items"][2]["previous"] == "2025年第四季度考核"


def test_a_missing_component_counts_zero_and_is_reported(api, aw, world, committee_admin):
    from decimal import Decimal

    from assessments.models import Result

    Result.objects.filter(round=aw.rounds["Q3"], org=aw.branches["c"]).delete()  # c missed Q3
    ev_id = computed(api, committee_admin, aw, world)
    c = next(
        r
        for r in api(committee_admin).get(f"{URL}/{ev_id}/results").json()["items"]
        if r["org"]["name"] == "教育局第一党支部"
    )
    assert Decimal(c["score"]) == Decimal("62.00")  # 24 + 24 + 0 + 14
    assert c["missing"] == 1
    assert [p["missing"] for p in c["components"]] == [False, False, True, False]


def test_weights_not_adding_up_to_100_are_saved_but_refuse_the_computation(api, aw, world, committee_admin):
    res = create(api, committee_admin, aw, world, weights={"Q1": "30", "Q2": "30", "Q3": "20", "points": "10"})
    assert res.status_code == 201
    body = res.json()
    assert body["problem"] == "各组成部分的权重合计为90%，须恰好为100%才能计算年终总评。"
    assert "compute" not in body["actions"]
    res = api(committee_admin).post(f"{URL}/{body['id']}/transitions/compute", {})
    assert res.status_code == 409
    assert res.json()["detail"] == "各组成部分的权重合计为90%，须恰好为100%才能计算年终总评。"
    assert not AnnualResult.objects.filter(evaluation_id=body["id"]).exists()


@pytest.mark.parametrize(
    "weight, message",
    [
        ("abc", "的权重“abc”不是数字。"),
        ("-5", "的权重应大于0。"),
        ("1e9", "的权重不能超过100%。"),
        ("0", "的权重应大于0。"),
        ("NaN", "的权重“NaN”不是数字。"),
        ("12.345", "的权重最多保留两位小数。"),
        (True, "请填写权重。"),
    ],
)
def test_bad_weights_are_refused_with_a_chinese_sentence(api, aw, world, committee_admin, weight, message):
    res = create(api, committee_admin, aw, world, weights={"Q1": weight, "Q2": "30", "Q3": "20", "points": "20"})
    assert res.status_code == 422, res.content
    assert message in res.json()["detail"]
    assert not AnnualEvaluation.objects.filter(year=2026).exists()


def test_a_round_of_another_committee_reads_like_a_missing_one(api, aw, world, committee_admin):
    from assessments.models import Scheme
    from core.testing import make_user
    from orgs.models import Organisation

    other = Organisation.add_root(name="测试区教育工委", kind="working_committee")
    make_user("other_admin", roles=[("org_admin", other)])
    other_scheme = Scheme.objects.create(org=other, year=2026, name="其他方案")
    foreign = annual_world._round(other_scheme, "2026Q1", [])
    data = annual_world.payload(aw, world)
    data["components"][0]["round"] = foreign.pk
    foreign_res = api(committee_admin).post(URL, data)
    data["components"][0]["round"] = 999999
    missing_res = api(committee_admin).post(URL, data)
    assert foreign_res.status_code == missing_res.status_code == 422
    assert foreign_res.json()["detail"] == missing_res.json()["detail"] == "第1项：未找到该考核轮次，或您无权使用。"


def test_a_round_not_yet_published_or_of_another_year_is_refused(api, aw, world, committee_admin):
    aw.rounds["Q3"].state = "review"
    aw.rounds["Q3"].save(update_fields=["state"])
    res = create(api, committee_admin, aw, world)
    assert res.status_code == 422
    assert res.json()["detail"] == "“2026年第三季度考核”当前为“审核中”：只能选用已发布结果的考核轮次。"
    data = annual_world.payload(aw, world, weights={"Q1": "50", "points": "50"})
    data["year"] = 2027
    res = api(committee_admin).post(URL, data)
    assert res.json()["detail"] == "“2026年第一季度考核”不是2027年度的考核轮次。"


def test_one_annual_per_committee_and_year(api, aw, world, committee_admin):
    assert create(api, committee_admin, aw, world).status_code == 201
    res = create(api, committee_admin, aw, world)
    assert res.status_code == 409
    assert res.json()["detail"] == "测试区直机关工委已有2026年度的年终总评。"


def test_a_branch_cannot_create_or_compute(api, aw, world, committee_admin, branch_secretary, sysadmin):
    res = create(api, branch_secretary, aw, world)
    assert res.status_code == 422  # the committee is not among her choices
    ev_id = create(api, committee_admin, aw, world).json()["id"]
    res = api(branch_secretary).post(f"{URL}/{ev_id}/transitions/compute", {})
    assert res.status_code == 403
    assert api(sysadmin).get(f"{URL}/{ev_id}").status_code == 404


def test_a_branch_reads_only_its_own_row_once_publicized(api, aw, world, committee_admin, branch_secretary):
    ev_id = computed(api, committee_admin, aw, world)
    assert api(branch_secretary).get(f"{URL}/{ev_id}/results").status_code == 404
    res = api(committee_admin).post(f"{URL}/{ev_id}/transitions/publicize", {"objection_days": 5})
    assert res.status_code == 200, res.content
    assert res.json()["state"] == "publicity"
    body = api(branch_secretary).get(f"{URL}/{ev_id}/results").json()
    assert [r["org"]["name"] for r in body["items"]] == ["统计局第一党支部"]
    assert body["items"][0]["change"] == "up"


def test_edit_only_in_draft_and_reopen_clears_the_results(api, aw, world, committee_admin):
    ev_id = computed(api, committee_admin, aw, world)
    res = api(committee_admin).patch(f"{URL}/{ev_id}", {"title": "新名称"})
    assert res.status_code == 409
    assert api(committee_admin).post(f"{URL}/{ev_id}/transitions/reopen", {}).status_code == 200
    assert not AnnualResult.objects.filter(evaluation_id=ev_id).exists()
    res = api(committee_admin).patch(
        f"{URL}/{ev_id}",
        {"title": "新名称", "components": [{"kind": "round", "round": aw.rounds["Q1"].pk, "weight": 100}]},
    )
    assert res.status_code == 200, res.content
    assert res.json()["title"] == "新名称"
    assert [c["weight"] for c in res.json()["components"]] == ["100.00"]


def test_the_score_is_rounded_once_half_up_from_exact_fractions(api, aw, world, committee_admin):
    from assessments.models import Result

    Result.objects.filter(round=aw.rounds["Q1"], org=aw.branches["a"]).update(score="90.01")
    res = create(api, committee_admin, aw, world, weights={"Q1": "50", "Q2": "50"})
    ev_id = res.json()["id"]
    assert api(committee_admin).post(f"{URL}/{ev_id}/transitions/compute", {}).status_code == 200
    items = api(committee_admin).get(f"{URL}/{ev_id}/results").json()["items"]
    a = next(r for r in items if r["org"]["name"] == "统计局第一党支部")
    assert a["score"] == "85.01"  # 45.005 + 40 = 85.005 → 85.01 (a float sum would give 85.00)
    assert [c["contribution"] for c in a["components"]] == ["45.01", "40.00"]  # shown rounded, summed exact

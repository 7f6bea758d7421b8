"""Rounds through the API: create, open (refused while the items add to 95), self-checks by the target's own
admin, scores by the round's assessors, and who reads what."""

from decimal import Decimal

import pytest

from assessments.models import Item, Round, Score, SelfCheck

from .factories_rounds import items_of, make_assessor, make_round, make_scheme

pytestmark = pytest.mark.django_db

SHORT = [
    ("党建", "三会一课落实情况", "40", "documents"),
    ("党建", "主题党日开展情况", "30", "site"),
    ("宣传", "信息报送", "25", "report"),
]


@pytest.fixture
def scheme(world):
    return make_scheme(world)


@pytest.fixture
def kaohe1(world):
    return make_assessor(world, "kaohe1", "陈考核", seq=31)


@pytest.fixture
def kaohe2(world):
    return make_assessor(world, "kaohe2", "杨考核", seq=32)


def _body(world, scheme, **extra):
    return {
        "scheme": scheme.pk,
        "kind": "quarter",
        "period": "2026Q2",
        "targets": [world.branch_a.pk, world.branch_b.pk],
        **extra,
    }


# ---- creating a round --------------------------------------------------------------------------------


def test_committee_admin_creates_a_quarter_round_with_derived_dates(api, world, committee_admin, scheme, kaohe1):
    r = api(committee_admin).post("assessments/rounds", _body(world, scheme, assessors=[kaohe1.pk]))
    assert r.status_code == 201, r.json()
    body = r.json()
    assert (body["starts"], body["ends"]) == ("2026-04-01", "2026-06-30")
    assert body["title"] == "2026年第二季度考核"
    assert body["state"] == "draft" and body["actions"] == ["open"]
    assert [t["id"] for t in body["targets"]] == [world.branch_a.pk, world.branch_b.pk]
    assert body["assessors"] == [{"id": kaohe1.pk, "name": "陈考核"}]
    # The methods default to those of the scheme's items.
    assert body["methods"] == ["report", "documents", "site"]


def test_annual_and_special_rounds_take_their_dates(api, world, committee_admin, scheme):
    c = api(committee_admin)
    r = c.post("assessments/rounds", _body(world, scheme, kind="annual", period="2026"))
    assert r.status_code == 201 and (r.json()["starts"], r.json()["ends"]) == ("2026-01-01", "2026-12-31")
    r = c.post("assessments/rounds", _body(world, scheme, kind="special", period="2026-ZX1"))
    assert r.status_code == 422 and "专项考核请填写名称" in r.json()["detail"]
    r = c.post(
        "assessments/rounds",
        _body(
            world,
            scheme,
            kind="special",
            period="2026-ZX1",
            title="基层党建专项督查",
            starts="2026-05-01",
            ends="2026-05-31",
        ),
    )
    assert r.status_code == 201 and r.json()["title"] == "基层党建专项督查"


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"period": "2026Q5"}, "2026Q1"),
        ({"period": "2025Q1"}, "方案年度"),
        ({"targets": []}, "考核对象"),
    ],
)
def test_bad_round_input_is_refused_in_chinese(api, world, committee_admin, scheme, extra, message):
    r = api(committee_admin).post("assessments/rounds", _body(world, scheme, **extra))
    assert r.status_code == 422, r.json()
    assert message in r.json()["detail"]
    assert not Round.objects.exists()


def test_targets_must_lie_below_the_scheme_org_and_assessors_hold_the_role(api, world, committee_admin, scheme, kaohe1):
    c = api(committee_admin)
    r = c.post("assessments/rounds", _body(world, scheme, targets=[world.committee.pk]))
    assert r.status_code == 422 and "考核对象" in r.json()["detail"]
    r = c.post("assessments/rounds", _body(world, scheme, assessors=[committee_admin.pk]))
    assert r.status_code == 422 and "考核组成员" in r.json()["detail"]
    assert not Round.objects.exists()


def test_a_second_round_of_the_same_period_is_refused(api, world, committee_admin, scheme):
    c = api(committee_admin)
    assert c.post("assessments/rounds", _body(world, scheme)).status_code == 201
    r = c.post("assessments/rounds", _body(world, scheme))
    assert r.status_code == 409 and "2026Q2" in r.json()["detail"]


def test_a_branch_admin_and_the_system_roles_cannot_create_a_round(api, world, branch_secretary, sysadmin, scheme):
    r = api(branch_secretary).post("assessments/rounds", _body(world, scheme))
    assert r.status_code == 403 and "党务管理员" in r.json()["detail"]
    r = api(sysadmin).post("assessments/rounds", _body(world, scheme))
    assert r.status_code == 404  # the system roles read no scheme at all
    assert not Round.objects.exists()


# ---- opening ------------------------------------------------------------------------------------------


def test_a_round_is_refused_while_the_items_add_to_95(api, world, committee_admin):
    scheme = make_scheme(world, items=SHORT)
    r = make_round(world, scheme)
    c = api(committee_admin)
    got = c.post(f"assessments/rounds/{r.pk}/transitions/open")
    assert got.status_code == 409
    assert got.json()["detail"] == "考核项目分值合计为95分，须恰好为100分才能开启考核。"
    assert c.get(f"assessments/rounds/{r.pk}").json()["actions"] == []
    Item.objects.filter(scheme=scheme, name="信息报送").update(max_points=Decimal(30))
    got = c.post(f"assessments/rounds/{r.pk}/transitions/open")
    assert got.status_code == 200 and got.json()["state"] == "selfcheck"


def test_stages_move_on_in_order_and_scoring_needs_an_assessor(api, world, committee_admin, scheme, kaohe1):
    r = make_round(world, scheme, state="selfcheck")
    c = api(committee_admin)
    got = c.post(f"assessments/rounds/{r.pk}/transitions/start_scoring")
    assert got.status_code == 409 and "考核组成员" in got.json()["detail"]
    assert c.patch(f"assessments/rounds/{r.pk}", {"assessors": [kaohe1.pk]}).status_code == 200
    assert c.post(f"assessments/rounds/{r.pk}/transitions/finish_scoring").status_code == 409
    assert c.post(f"assessments/rounds/{r.pk}/transitions/start_scoring").json()["state"] == "scoring"
    assert c.post(f"assessments/rounds/{r.pk}/transitions/finish_scoring").json()["state"] == "review"
    assert c.post(f"assessments/rounds/{r.pk}/transitions/nonsense").status_code == 404


def test_only_the_committee_moves_the_round(api, world, branch_secretary, kaohe1, scheme):
    r = make_round(world, scheme, assessors=[kaohe1])
    for user in (branch_secretary, kaohe1):
        got = api(user).post(f"assessments/rounds/{r.pk}/transitions/open")
        assert got.status_code == 403, got.json()
    assert Round.objects.get(pk=r.pk).state == "draft"


def test_targets_change_only_in_draft(api, world, committee_admin, scheme):
    r = make_round(world, scheme, state="selfcheck")
    got = api(committee_admin).patch(f"assessments/rounds/{r.pk}", {"targets": [world.branch_a.pk]})
    assert got.status_code == 409 and "考核对象" in got.json()["detail"]
    got = api(committee_admin).patch(f"assessments/rounds/{r.pk}", {"title": "2026年一季度党建考核"})
    assert got.status_code == 200 and got.json()["title"] == "2026年一季度党建考核"


# ---- self-checks --------------------------------------------------------------------------------------


def _selfcheck(scheme, **extra):
    a, b, c = items_of(scheme)
    return {
        "sections": {"practices": "坚持“三会一课”制度，每月主题党日。", "problems": "学习形式较单一。"},
        "scores": {str(a.pk): "38", str(b.pk): "30", str(c.pk): "27.5"},
        **extra,
    }


def test_the_branch_files_its_own_self_check_and_another_branch_cannot(api, world, branch_secretary, outsider, scheme):
    r = make_round(world, scheme, state="selfcheck")
    url = f"assessments/rounds/{r.pk}/selfchecks/{world.branch_a.pk}"
    got = api(branch_secretary).put(url, _selfcheck(scheme))
    assert got.status_code == 200, got.json()
    body = got.json()
    assert body["filed"] and not body["submitted"] and body["total"] == "95.50"
    assert body["sections"]["practices"].startswith("坚持")
    # Branch B's admin: the same answer as for an organisation that does not exist.
    foreign = api(outsider).put(url, _selfcheck(scheme))
    missing = api(outsider).put(f"assessments/rounds/{r.pk}/selfchecks/999999", _selfcheck(scheme))
    assert foreign.status_code == missing.status_code == 404
    assert foreign.json() == missing.json()
    assert api(outsider).get(url).status_code == 404
    assert SelfCheck.objects.get().sections["problems"] == "学习形式较单一。"


def test_the_committee_reads_but_does_not_write_a_branch_self_check(api, world, committee_admin, scheme):
    r = make_round(world, scheme, state="selfcheck")
    url = f"assessments/rounds/{r.pk}/selfchecks/{world.branch_a.pk}"
    got = api(committee_admin).put(url, _selfcheck(scheme))
    assert got.status_code == 403 and got.json()["detail"] == "自查报告由被考核组织的党务管理员填报。"
    assert api(committee_admin).get(url).json()["filed"] is False


def test_an_assessor_reads_a_self_check_once_submitted(api, world, branch_secretary, kaohe1, scheme):
    r = make_round(world, scheme, state="selfcheck", assessors=[kaohe1])
    url = f"assessments/rounds/{r.pk}/selfchecks/{world.branch_a.pk}"
    api(branch_secretary).put(url, _selfcheck(scheme))
    assert api(kaohe1).get(url).json()["filed"] is False  # a draft is the branch's own
    api(branch_secretary).put(url, _selfcheck(scheme, submit=True))
    body = api(kaohe1).get(url).json()
    assert body["submitted"] and body["sections"]["problems"] == "学习形式较单一。"
    assert api(kaohe1).put(url, _selfcheck(scheme)).status_code == 403


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"sections": {"nonsense": "x"}}, "栏目"),
        ({"scores": {"999999": "3"}}, "不属于本轮的考核方案"),
    ],
)
def test_bad_self_check_input_is_refused(api, world, branch_secretary, scheme, change, message):
    r = make_round(world, scheme, state="selfcheck")
    got = api(branch_secretary).put(
        f"assessments/rounds/{r.pk}/selfchecks/{world.branch_a.pk}", _selfcheck(scheme, **change)
    )
    assert got.status_code == 422 and message in got.json()["detail"], got.json()
    assert not SelfCheck.objects.exists()


def test_a_self_score_above_the_item_maximum_is_refused(api, world, branch_secretary, scheme):
    r = make_round(world, scheme, state="selfcheck")
    a = items_of(scheme)[0]
    got = api(branch_secretary).put(
        f"assessments/rounds/{r.pk}/selfchecks/{world.branch_a.pk}", _selfcheck(scheme, scores={str(a.pk): "41"})
    )
    assert got.status_code == 422 and "40" in got.json()["detail"], got.json()


@pytest.mark.parametrize("state", ["draft", "scoring"])
def test_no_self_check_outside_its_stage(api, world, branch_secretary, kaohe1, scheme, state):
    r = make_round(world, scheme, state=state, assessors=[kaohe1])
    got = api(branch_secretary).put(f"assessments/rounds/{r.pk}/selfchecks/{world.branch_a.pk}", _selfcheck(scheme))
    assert got.status_code == 409, got.json()
    assert not SelfCheck.objects.exists()


def test_a_self_check_attachment_is_uploaded_by_the_branch_only(world, branch_secretary, outsider, scheme):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client

    from accounts.models import ApiToken

    r = make_round(world, scheme, state="selfcheck")
    url = f"/api/v1/assessments/rounds/{r.pk}/selfchecks/{world.branch_a.pk}/attachments"
    pdf = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n"

    def post(user):
        return Client().post(
            url, {"file": SimpleUploadedFile("自查佐证.pdf", pdf)}, HTTP_AUTHORIZATION=f"Bearer {ApiToken.issue(user)}"
        )

    got = post(branch_secretary)
    assert got.status_code == 201 and got.json()["name"] == "自查佐证.pdf"
    assert post(outsider).status_code == 404
    att = SelfCheck.objects.get().attachments.get()
    from core.testing import ApiClient

    assert ApiClient(outsider).delete(f"assessments/selfcheck-attachments/{att.pk}").status_code == 404
    assert ApiClient(branch_secretary).delete(f"assessments/selfcheck-attachments/{att.pk}").status_code == 204


# ---- scores -------------------------------------------------------------------------------------------


def _score(world, item, points, reason="", org=None):
    return {"org": (org or world.branch_a).pk, "item": item.pk, "points": points, "reason": reason}


def test_an_assessor_scores_with_deductions_that_need_a_reason(api, world, scheme, kaohe1):
    r = make_round(world, scheme, state="scoring", assessors=[kaohe1])
    a, b, _c = items_of(scheme)
    c = api(kaohe1)
    url = f"assessments/rounds/{r.pk}/scores"
    got = c.put(url, _score(world, a, "40"))
    assert got.status_code == 200 and got.json()["points"] == "40.00" and got.json()["mine"]
    got = c.put(url, _score(world, b, "27"))
    assert got.status_code == 422 and got.json()["detail"] == "“主题党日开展情况”扣了3分，请填写扣分理由。"
    got = c.put(url, _score(world, b, "27", "两次主题党日缺少记录"))
    assert got.status_code == 200 and got.json()["reason"] == "两次主题党日缺少记录"
    got = c.put(url, _score(world, b, "28.5", "一次主题党日缺少记录"))
    assert got.status_code == 200
    assert Score.objects.get(item=b).points == Decimal("28.5")
    assert c.put(url, {**_score(world, b, None)}).status_code == 204
    assert not Score.objects.filter(item=b).exists()


@pytest.mark.parametrize(
    ("points", "status", "message"),
    [("41", 422, "不能超过该项分值（40分）"), ("-1", 422, "不能小于0"), ("3.333", 422, "小数"), ("abc", 422, "数字")],
)
def test_points_outside_zero_and_the_maximum_are_refused(api, world, scheme, kaohe1, points, status, message):
    r = make_round(world, scheme, state="scoring", assessors=[kaohe1])
    got = api(kaohe1).put(f"assessments/rounds/{r.pk}/scores", _score(world, items_of(scheme)[0], points, "理由"))
    assert got.status_code == status and message in got.json()["detail"], got.json()
    assert not Score.objects.exists()


def test_a_non_assessor_cannot_score(api, world, committee_admin, branch_secretary, scheme, kaohe1, kaohe2):
    r = make_round(world, scheme, state="scoring", assessors=[kaohe1])
    body = _score(world, items_of(scheme)[0], "40")
    for user in (committee_admin, branch_secretary):
        got = api(user).put(f"assessments/rounds/{r.pk}/scores", body)
        assert got.status_code == 403 and got.json()["detail"] == "您不是本轮考核的考核组成员，不能评分。"
    # An assessor of the committee that the round does not name does not even see it.
    assert api(kaohe2).put(f"assessments/rounds/{r.pk}/scores", body).status_code == 404
    assert not Score.objects.exists()


@pytest.mark.parametrize("state", ["selfcheck", "review"])
def test_no_score_outside_the_scoring_stage(api, world, scheme, kaohe1, state):
    r = make_round(world, scheme, state=state, assessors=[kaohe1])
    got = api(kaohe1).put(f"assessments/rounds/{r.pk}/scores", _score(world, items_of(scheme)[0], "40"))
    assert got.status_code == 409, got.json()


def test_a_score_names_a_target_and_an_item_of_the_round(api, world, scheme, kaohe1):
    r = make_round(world, scheme, state="scoring", assessors=[kaohe1], targets=[world.branch_a])
    c = api(kaohe1)
    url = f"assessments/rounds/{r.pk}/scores"
    got = c.put(url, _score(world, items_of(scheme)[0], "40", org=world.branch_b))
    assert got.status_code == 422 and got.json()["detail"] == "所选组织不是本轮的考核对象。"
    other = make_scheme(world, name="另一方案")
    got = c.put(url, _score(world, items_of(other)[0], "40"))
    assert got.status_code == 422 and got.json()["detail"] == "所选考核项目不属于本轮的考核方案。"


def test_a_branch_reads_only_its_own_scores_and_an_assessor_only_hers(
    api, world, committee_admin, branch_secretary, outsider, scheme, kaohe1, kaohe2
):
    r = make_round(world, scheme, state="scoring", assessors=[kaohe1, kaohe2])
    a = items_of(scheme)[0]
    for assessor, points in ((kaohe1, "36"), (kaohe2, "38")):
        for org in (world.branch_a, world.branch_b):
            got = api(assessor).put(f"assessments/rounds/{r.pk}/scores", _score(world, a, points, "台账不全", org=org))
            assert got.status_code == 200
    url = f"assessments/rounds/{r.pk}/scores"
    mine = api(branch_secretary).get(url).json()
    assert {s["org"]["id"] for s in mine} == {world.branch_a.pk} and len(mine) == 2
    assert all("assessor" not in s for s in mine)  # the reasons, not who gave them
    assert {s["org"]["id"] for s in api(outsider).get(url).json()} == {world.branch_b.pk}
    assert {s["points"] for s in api(kaohe1).get(url).json()} == {"36.00"}
    assert len(api(committee_admin).get(url).json()) == 4


def test_rounds_are_read_by_the_committee_subtree_and_the_named_assessors(api, world, scheme, kaohe1, kaohe2):
    r = make_round(world, scheme, assessors=[kaohe1])
    assert [x["id"] for x in api(kaohe1).get("assessments/rounds").json()["items"]] == [r.pk]
    assert api(kaohe2).get("assessments/rounds").json()["count"] == 0
    assert api(kaohe2).get(f"assessments/rounds/{r.pk}").status_code == 404
    # A branch follows only its own progress.
    progress = api(world.users["branch_secretary"]).get(f"assessments/rounds/{r.pk}").json()["progress"]
    assert [p["org"]["id"] for p in progress] == [world.branch_a.pk]
    for role in ("sysadmin", "secadmin", "auditor"):
        assert api(world.users[role]).get(f"assessments/rounds/{r.pk}").status_code == 404


def test_an_assessor_who_has_scored_stays_on_the_panel(api, world, committee_admin, scheme, kaohe1, kaohe2):
    r = make_round(world, scheme, state="scoring", assessors=[kaohe1, kaohe2])
    api(kaohe1).put(f"assessments/rounds/{r.pk}/scores", _score(world, items_of(scheme)[0], "40"))
    got = api(committee_admin).patch(f"assessments/rounds/{r.pk}", {"assessors": [kaohe2.pk]})
    assert got.status_code == 409 and got.json()["detail"] == "已经评分的考核组成员不能移出考核组。"
    got = api(committee_admin).patch(f"assessments/rounds/{r.pk}", {"assessors": [kaohe1.pk]})
    assert got.status_code == 200 and [a["id"] for a in got.json()["assessors"]] == [kaohe1.pk]


def test_a_round_in_review_is_no_longer_edited(api, world, committee_admin, scheme, kaohe1):
    r = make_round(world, scheme, state="review", assessors=[kaohe1])
    got = api(committee_admin).patch(f"assessments/rounds/{r.pk}", {"title": "改名"})
    assert got.status_code == 409 and "审核中" in got.json()["detail"]


def test_the_self_check_list_shows_what_the_caller_may_read(api, world, committee_admin, branch_secretary, scheme):
    r = make_round(world, scheme, state="selfcheck")
    api(branch_secretary).put(f"assessments/rounds/{r.pk}/selfchecks/{world.branch_a.pk}", _selfcheck(scheme))
    mine = api(branch_secretary).get(f"assessments/rounds/{r.pk}/selfchecks").json()
    assert [(s["org"]["id"], s["filed"], s["may_edit"]) for s in mine] == [(world.branch_a.pk, True, True)]
    every = api(committee_admin).get(f"assessments/rounds/{r.pk}/selfchecks").json()
    assert [(s["org"]["id"], s["filed"], s["may_edit"]) for s in every] == [
        (world.branch_a.pk, True, False),
        (world.branch_b.pk, False, False),
    ]


def test_a_measured_item_keeps_its_measure_and_a_departure_needs_a_reason(api, world, scheme, kaohe1, monkeypatch):
    """网站汇总: the score keeps what the measure showed; taking its points needs no reason of one's own (the
    measure's sentence is the reason), departing from them does."""
    from assessments import sources

    r = make_round(world, scheme, state="scoring", assessors=[kaohe1])
    _a, b, _c = items_of(scheme)
    type(b).objects.filter(pk=b.pk).update(
        method="platform", source="plans.compliance", formula={"zero": 60, "full": 100}
    )
    measured = {
        "source": "plans.compliance",
        "value": "87.5",
        "points": "21",
        "detail": "应开8次，已开7次",
        "explain": "三会一课完成率 87.5%（应开8次，已开7次）→ 21分",
        "evidence_url": "/plans/compliance/",
        "parts": {},
    }
    seen = []
    monkeypatch.setattr(sources, "computed", lambda item, org, start, end: seen.append((org, start, end)) or measured)
    url = f"assessments/rounds/{r.pk}/scores"
    got = api(kaohe1).put(url, _score(world, b, "25"))
    assert got.status_code == 422 and "按网站汇总计算为21分，调整为25分须填写理由" in got.json()["detail"]
    got = api(kaohe1).put(url, _score(world, b, "21"))
    assert got.status_code == 200, got.json()
    score = Score.objects.get(item=b)
    assert score.computed == measured and score.reason == measured["explain"]
    assert seen[-1] == (world.branch_a, r.starts, r.ends)
    got = api(kaohe1).put(url, _score(world, b, "25", "现场查看另有补充记录"))
    assert got.status_code == 200 and Score.objects.get(item=b).points == Decimal("25")

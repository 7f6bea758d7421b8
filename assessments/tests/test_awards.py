"""表彰: award types with quotas, nominations by the branch, three levels of review, the 公示 with an objection
answered, and the awards recorded on the person's and the organisation's page with a certificate to print."""

import datetime

import pytest
from django.test import Client

from assessments import workflows_awards
from assessments.models_awards import AwardType, Nomination
from core.models import AuditEvent
from core.testing import make_person, make_user


@pytest.fixture
def reviewers(world):
    return {n: make_user(f"award_reviewer{n}", roles=[(f"reviewer_l{n}", world.committee)]) for n in (1, 2, 3)}


@pytest.fixture
def types(world, api, committee_admin):
    r = api(committee_admin).post("assessments/award-types/common", {"committee": world.committee.pk})
    assert r.status_code == 201, r.content
    return {t["name"]: t for t in r.json()}


def _set_today(monkeypatch, day):
    monkeypatch.setattr(workflows_awards, "today", lambda: day)


def nominate(client, award_type, **body):
    return client.post(
        "assessments/nominations", {"award_type": award_type, "year": 2026, "reason": "带头攻坚，成效显著。", **body}
    )


def approve_all(api, reviewers, nomination_id):
    for n in (1, 2, 3):
        r = api(reviewers[n]).post(f"assessments/nominations/{nomination_id}/transitions/approve", {"comment": "同意"})
        assert r.status_code == 200, r.content
    return r.json()


# ---------------------------------------------------------------- types


def test_the_committee_adds_the_common_types_once_and_sets_a_quota(world, api, committee_admin, types):
    assert {"四优共产党员", "优秀党务工作者", "先进党小组", "四强党支部", "四好班子"} <= set(types)
    assert types["四强党支部"]["subject"] == "org" and types["四优共产党员"]["subject"] == "person"
    again = api(committee_admin).post("assessments/award-types/common", {"committee": world.committee.pk})
    assert again.status_code == 201 and again.json() == []
    r = api(committee_admin).patch(f"assessments/award-types/{types['四优共产党员']['id']}", {"quota": 32})
    assert r.status_code == 200 and r.json()["quota"] == 32 and r.json()["name"] == "四优共产党员"
    assert AuditEvent.objects.filter(action="assessments.awardtype.update").exists()


def test_only_the_committee_configures_types(world, api, branch_secretary, sysadmin, types):
    body = {"committee": world.committee.pk, "name": "优秀共产党员", "subject": "person"}
    # The committee is above the branch's scope: it answers 404, as a missing one would.
    assert api(branch_secretary).post("assessments/award-types", body).status_code == 404
    assert api(sysadmin).post("assessments/award-types", body).status_code in (403, 404)
    # A branch is no committee: the award types of an organisation that is not one answer 404.
    r = api(branch_secretary).post("assessments/award-types", {**body, "committee": world.branch_a.pk})
    assert r.status_code in (403, 404)
    assert not AwardType.objects.filter(name="优秀共产党员").exists()


def test_bad_type_input_is_refused(world, api, committee_admin, types):
    client = api(committee_admin)
    r = client.post(
        "assessments/award-types", {"committee": world.committee.pk, "name": "四优共产党员", "subject": "person"}
    )
    assert r.status_code == 409 and "已有表彰类型" in r.json()["detail"]
    r = client.post("assessments/award-types", {"committee": world.committee.pk, "name": "x", "subject": "team"})
    assert r.status_code == 422
    r = client.patch(f"assessments/award-types/{types['四优共产党员']['id']}", {"quota": 0})
    assert r.status_code == 422


# ---------------------------------------------------------------- nominations and review


def test_a_branch_nominates_its_member_and_three_reviewers_approve(world, api, branch_secretary, reviewers, types):
    member = world.people["member"]
    r = nominate(api(branch_secretary), types["四优共产党员"]["id"], person=member.pk)
    assert r.status_code == 201, r.content
    n = r.json()
    assert (n["state"], n["person"]["name"], n["org"]["name"], n["actions"]) == (
        "draft",
        "李娜",
        "统计局第一党支部",
        ["submit"],
    )
    r = api(branch_secretary).post(f"assessments/nominations/{n['id']}/transitions/submit")
    assert r.status_code == 200 and r.json()["state"] == "pending_l1"
    # The same reviewer cannot approve two levels.
    assert api(reviewers[1]).post(f"assessments/nominations/{n['id']}/transitions/approve").status_code == 200
    r = api(reviewers[1]).post(f"assessments/nominations/{n['id']}/transitions/approve")
    assert r.status_code == 403
    for level in (2, 3):
        assert api(reviewers[level]).post(f"assessments/nominations/{n['id']}/transitions/approve").status_code == 200
    body = api(branch_secretary).get(f"assessments/nominations/{n['id']}").json()
    assert body["state"] == "approved"
    assert [(r["action"], r["level"]) for r in body["reviews"]] == [
        ("submit", 0),
        ("approve", 1),
        ("approve", 2),
        ("approve", 3),
    ]


def test_the_nominee_may_not_review_her_own_nomination(world, api, branch_secretary, types):
    secretary = world.users["branch_secretary"]
    from accounts.models import RoleAssignment

    RoleAssignment.objects.create(user=secretary, role="reviewer_l1", org=world.committee)
    n = nominate(api(branch_secretary), types["优秀党务工作者"]["id"], person=world.people["secretary"].pk).json()
    api(branch_secretary).post(f"assessments/nominations/{n['id']}/transitions/submit")
    r = api(branch_secretary).post(f"assessments/nominations/{n['id']}/transitions/approve")
    assert r.status_code == 403 and "本人" in r.json()["detail"]


def test_a_return_needs_a_reason_and_the_branch_resubmits(world, api, branch_secretary, reviewers, types):
    n = nominate(api(branch_secretary), types["四强党支部"]["id"], org=world.branch_a.pk).json()
    api(branch_secretary).post(f"assessments/nominations/{n['id']}/transitions/submit")
    r = api(reviewers[1]).post(f"assessments/nominations/{n['id']}/transitions/return", {"comment": ""})
    assert r.status_code == 422
    r = api(reviewers[1]).post(f"assessments/nominations/{n['id']}/transitions/return", {"comment": "请补充主要事迹"})
    assert r.status_code == 200 and r.json()["state"] == "returned" and r.json()["last_comment"] == "请补充主要事迹"
    r = api(branch_secretary).patch(
        f"assessments/nominations/{n['id']}", {"reason": "支部四强，攻坚克难，事迹已补充。"}
    )
    assert r.status_code == 200 and r.json()["reason"].startswith("支部四强")
    assert (
        api(branch_secretary).post(f"assessments/nominations/{n['id']}/transitions/submit").json()["state"]
        == "pending_l1"
    )


def test_the_quota_refuses_one_more_submission(world, api, branch_secretary, outsider, committee_admin, types):
    api(committee_admin).patch(f"assessments/award-types/{types['四强党支部']['id']}", {"quota": 1})
    first = nominate(api(branch_secretary), types["四强党支部"]["id"], org=world.branch_a.pk).json()
    second = nominate(api(outsider), types["四强党支部"]["id"], org=world.branch_b.pk).json()
    assert api(branch_secretary).post(f"assessments/nominations/{first['id']}/transitions/submit").status_code == 200
    r = api(outsider).post(f"assessments/nominations/{second['id']}/transitions/submit")
    assert r.status_code == 409 and "名额为1个，已提交1个，名额已满" in r.json()["detail"]
    assert Nomination.objects.get(pk=second["id"]).state == "draft"


def test_the_branch_withdraws_a_submitted_nomination_and_frees_its_place(
    world, api, branch_secretary, outsider, committee_admin, reviewers, types
):
    from assessments import todos

    today = datetime.date(2026, 12, 1)
    api(committee_admin).patch(f"assessments/award-types/{types['四强党支部']['id']}", {"quota": 1})
    first = nominate(api(branch_secretary), types["四强党支部"]["id"], org=world.branch_a.pk).json()
    second = nominate(api(outsider), types["四强党支部"]["id"], org=world.branch_b.pk).json()
    api(branch_secretary).post(f"assessments/nominations/{first['id']}/transitions/submit")
    api(reviewers[1]).post(f"assessments/nominations/{first['id']}/transitions/approve", {"comment": "同意"})
    assert todos.count(reviewers[2], today) == 1
    # Neither a reviewer nor another branch withdraws it; a draft has nothing to withdraw.
    assert api(reviewers[2]).post(f"assessments/nominations/{first['id']}/transitions/withdraw").status_code == 403
    assert api(outsider).post(f"assessments/nominations/{first['id']}/transitions/withdraw").status_code == 404
    r = api(outsider).post(f"assessments/nominations/{second['id']}/transitions/withdraw")
    assert r.status_code == 409 and "只有审核中的提名可以撤回" in r.json()["detail"]
    r = api(branch_secretary).post(f"assessments/nominations/{first['id']}/transitions/withdraw")
    assert r.status_code == 200 and r.json()["state"] == "draft"
    assert todos.count(reviewers[2], today) == 0  # the reviewer's queue no longer holds it
    # Its place of the quota is free again for the other branch, and the log keeps what happened.
    assert api(outsider).post(f"assessments/nominations/{second['id']}/transitions/submit").status_code == 200
    assert list(Nomination.objects.get(pk=first["id"]).reviews.values_list("action", flat=True)) == [
        "submit",
        "approve",
        "withdraw",
    ]
    assert AuditEvent.objects.filter(action="assessments.nomination.withdraw").count() == 1
    # Resubmitting it now finds the place taken; an approved nomination waits for the 公示 and is not withdrawn.
    r = api(branch_secretary).post(f"assessments/nominations/{first['id']}/transitions/submit")
    assert r.status_code == 409 and "名额已满" in r.json()["detail"]
    assert approve_all(api, reviewers, second["id"])["state"] == "approved"
    r = api(outsider).post(f"assessments/nominations/{second['id']}/transitions/withdraw")
    assert r.status_code == 409 and "审批通过" in r.json()["detail"]


def test_a_collective_award_needs_an_organisation_and_a_personal_one_a_person(world, api, branch_secretary, types):
    r = nominate(api(branch_secretary), types["四强党支部"]["id"], person=world.people["member"].pk)
    assert r.status_code == 422 and "表彰集体" in r.json()["detail"]
    r = nominate(api(branch_secretary), types["四优共产党员"]["id"], org=world.branch_a.pk)
    assert r.status_code == 422 and "表彰个人" in r.json()["detail"]
    r = nominate(api(branch_secretary), types["四优共产党员"]["id"], person=world.people["member"].pk, reason="  ")
    assert r.status_code == 422


def test_a_branch_cannot_nominate_or_read_another_branchs_people(world, api, branch_secretary, outsider, types):
    # Another branch's member is not a choice: the message names no one.
    r = nominate(api(branch_secretary), types["四优共产党员"]["id"], person=world.people["outsider"].pk)
    assert r.status_code == 422 and "张伟" not in r.json()["detail"]
    theirs = nominate(api(outsider), types["四优共产党员"]["id"], person=world.people["outsider"].pk).json()
    assert api(branch_secretary).get(f"assessments/nominations/{theirs['id']}").status_code == 404
    assert api(branch_secretary).post(f"assessments/nominations/{theirs['id']}/transitions/submit").status_code == 404
    assert api(branch_secretary).patch(f"assessments/nominations/{theirs['id']}", {"reason": "改"}).status_code == 404
    ids = [n["id"] for n in api(branch_secretary).get("assessments/nominations").json()["items"]]
    assert theirs["id"] not in ids


def test_a_person_is_nominated_once_per_type_and_year(world, api, branch_secretary, types):
    member = world.people["member"].pk
    assert nominate(api(branch_secretary), types["四优共产党员"]["id"], person=member).status_code == 201
    r = nominate(api(branch_secretary), types["四优共产党员"]["id"], person=member)
    assert r.status_code == 409 and "已被提名" in r.json()["detail"]


def test_system_roles_have_no_award_rights(world, api, sysadmin, secadmin, types):
    for user in (sysadmin, secadmin):
        r = nominate(api(user), types["四优共产党员"]["id"], person=world.people["member"].pk)
        assert r.status_code in (403, 404)
    assert not Nomination.objects.exists()


# ---------------------------------------------------------------- 公示 and the awards


@pytest.fixture
def approved(world, api, branch_secretary, reviewers, types):
    person = nominate(api(branch_secretary), types["四优共产党员"]["id"], person=world.people["member"].pk).json()
    collective = nominate(api(branch_secretary), types["四强党支部"]["id"], org=world.branch_a.pk).json()
    for n in (person, collective):
        api(branch_secretary).post(f"assessments/nominations/{n['id']}/transitions/submit")
        approve_all(api, reviewers, n["id"])
    return person, collective


def test_publicity_with_an_objection_then_the_awards_are_recorded(
    world, api, committee_admin, branch_member, approved, monkeypatch
):
    person, _collective = approved
    client = api(committee_admin)
    r = client.post(
        "assessments/award-publicities", {"committee": world.committee.pk, "year": 2026, "objection_days": 5}
    )
    assert r.status_code == 201, r.content
    pub = r.json()
    assert pub["state"] == "frozen" and pub["title"] == "测试区直机关工委2026年度表彰拟表彰对象公示"
    assert sorted(n["name"] for n in pub["nominations"]) == ["李娜", "统计局第一党支部"]
    # Nothing more to put in a publicity now.
    again = client.post("assessments/award-publicities", {"committee": world.committee.pk, "year": 2026})
    assert again.status_code == 409
    _set_today(
        monkeypatch, datetime.date(2026, 12, 1)
    )  # a Tuesday: five working days, this one included, end on 7 December
    pub = client.post(f"assessments/award-publicities/{pub['id']}/publish").json()
    assert (pub["state"], pub["objection_deadline"]) == ("published", "2026-12-07")
    r = api(branch_member).post(
        f"assessments/award-publicities/{pub['id']}/objections", {"content": "事迹材料需核实。"}
    )
    assert r.status_code == 201
    objection = r.json()["id"]
    _set_today(monkeypatch, datetime.date(2026, 12, 8))
    r = client.post(f"assessments/award-publicities/{pub['id']}/announce")
    assert r.status_code == 409 and "未答复的异议" in r.json()["detail"]
    r = client.post(f"assessments/award-objections/{objection}/answer", {"answer": "经核实，事迹属实。"})
    assert r.status_code == 200
    pub = client.post(f"assessments/award-publicities/{pub['id']}/announce").json()
    assert pub["state"] == "announced"
    got = api(committee_admin).get(f"assessments/nominations/{person['id']}").json()
    assert got["state"] == "awarded" and got["awarded_on"] == "2026-12-08" and got["certificate_no"]
    # The award shows on the person's page and the organisation's, and its certificate prints.
    admin_page = Client()
    admin_page.force_login(committee_admin)
    body = admin_page.get(f"/people/{world.people['member'].pk}/").content.decode()
    assert "所获表彰" in body and "2026年度四优共产党员" in body
    body = admin_page.get(f"/orgs/{world.branch_a.pk}/").content.decode()
    assert "表彰荣誉" in body and "2026年度四强党支部" in body
    cert = admin_page.get(f"/assessments/awards/nominations/{person['id']}/certificate/").content.decode()
    assert "荣誉证书" in cert and "李娜" in cert and "2026年度四优共产党员" in cert
    decision = admin_page.get(f"/assessments/awards/decision/{world.committee.pk}/2026/").content.decode()
    assert "关于表彰2026年度先进集体和先进个人的决定" in decision and "李娜（统计局第一党支部）" in decision


def test_an_objection_is_refused_outside_the_period(world, api, committee_admin, branch_member, approved, monkeypatch):
    client = api(committee_admin)
    pub = client.post("assessments/award-publicities", {"committee": world.committee.pk, "year": 2026}).json()
    r = api(branch_member).post(f"assessments/award-publicities/{pub['id']}/objections", {"content": "有异议"})
    assert r.status_code == 409 and "公示期内" in r.json()["detail"]
    _set_today(monkeypatch, datetime.date(2026, 12, 1))
    client.post(f"assessments/award-publicities/{pub['id']}/publish")
    _set_today(monkeypatch, datetime.date(2026, 12, 20))
    r = api(branch_member).post(f"assessments/award-publicities/{pub['id']}/objections", {"content": "有异议"})
    assert r.status_code == 409 and "已于" in r.json()["detail"]


def test_only_the_committee_runs_the_publicity(world, api, branch_secretary, committee_admin, approved):
    r = api(branch_secretary).post("assessments/award-publicities", {"committee": world.committee.pk, "year": 2026})
    assert r.status_code == 404
    pub = (
        api(committee_admin)
        .post("assessments/award-publicities", {"committee": world.committee.pk, "year": 2026})
        .json()
    )
    assert api(branch_secretary).post(f"assessments/award-publicities/{pub['id']}/publish").status_code == 403


def test_an_objection_text_is_read_by_its_author_and_the_committee_only(
    world, api, committee_admin, branch_member, outsider, approved, monkeypatch
):
    pub = (
        api(committee_admin)
        .post("assessments/award-publicities", {"committee": world.committee.pk, "year": 2026})
        .json()
    )
    _set_today(monkeypatch, datetime.date(2026, 12, 1))
    api(committee_admin).post(f"assessments/award-publicities/{pub['id']}/publish")
    api(branch_member).post(f"assessments/award-publicities/{pub['id']}/objections", {"content": "李娜的事迹有夸大。"})
    assert api(committee_admin).get(f"assessments/award-publicities/{pub['id']}").json()["objections"][0]["content"]
    assert api(branch_member).get(f"assessments/award-publicities/{pub['id']}").json()["objections"][0]["content"]
    assert api(outsider).get(f"assessments/award-publicities/{pub['id']}").json()["objections"][0]["content"] is None


# ---------------------------------------------------------------- suggestions


def test_points_ranking_suggests_candidates(world, api, committee_admin, branch_secretary, types):
    from points.tests.conftest import approve_all as approve_points
    from points.tests.conftest import declare

    reviewers = {n: make_user(f"points_reviewer{n}", roles=[(f"reviewer_l{n}", world.committee)]) for n in (1, 2, 3)}
    client = api(committee_admin)
    scheme = client.post("points/schemes", {"org": world.committee.id, "year": 2026, "name": "2026年积分制"}).json()
    item = client.post(
        f"points/schemes/{scheme['id']}/items",
        {"dimension": "榜样带动", "name": "志愿服务", "points": 3, "subject_type": "member"},
    ).json()
    second = make_person(world.branch_a, "周敏", gender="female", seq=30)
    for person, qty in ((world.people["member"], 3), (second, 1)):
        decl = declare(
            api(branch_secretary), item=item["id"], subject_person=person.pk, quantity=qty, occurred_on="2026-03-01"
        )
        approve_points(api, reviewers, decl)
    rows = (
        api(committee_admin)
        .get("assessments/award-candidates", {"award_type": types["四优共产党员"]["id"], "year": 2026})
        .json()["items"]
    )
    points_rows = [c for c in rows if c["source"] == "points"]
    assert [(c["person"]["name"], c["note"]) for c in points_rows][:2] == [
        ("李娜", "2026年党员积分排名第1名（9.00分）"),
        ("周敏", "2026年党员积分排名第2名（3.00分）"),
    ]


# ---------------------------------------------------------------- to-dos and pages


def test_the_to_dos_follow_the_nomination_through_its_review(world, api, branch_secretary, reviewers, types):
    from assessments import todos, todos_awards

    today = datetime.date(2026, 12, 1)
    n = nominate(api(branch_secretary), types["四优共产党员"]["id"], person=world.people["member"].pk).json()
    assert todos.count(reviewers[1], today) == 0  # a draft waits for no reviewer
    api(branch_secretary).post(f"assessments/nominations/{n['id']}/transitions/submit")
    assert [t.text for t in todos_awards.items(reviewers[1], today)] == ["1 个表彰提名待一级审核（科长）"]
    api(reviewers[1]).post(f"assessments/nominations/{n['id']}/transitions/approve")
    assert todos.count(reviewers[1], today) == 0 and todos.count(reviewers[2], today) == 1
    api(reviewers[2]).post(f"assessments/nominations/{n['id']}/transitions/return", {"comment": "补充事迹"})
    returned = todos_awards.items(branch_secretary, today)
    assert [(t.label, t.note) for t in returned] == [("表彰提名被退回", "退回意见：补充事迹")]
    assert todos.count(branch_secretary, today) == 1


def test_the_awards_page_reads_in_a_fixed_number_of_queries(
    world, api, branch_secretary, outsider, committee_admin, reviewers, types, django_assert_max_num_queries
):
    client = Client()
    client.force_login(committee_admin)
    client.get("/assessments/awards/?year=2026")  # warm the session and the user's grants

    def page():
        r = client.get("/assessments/awards/?year=2026")
        assert r.status_code == 200
        return r

    with django_assert_max_num_queries(30) as few:
        page()
    base = len(few.captured_queries)
    for person in (world.people["member"], world.people["secretary"]):
        nominate(api(branch_secretary), types["四优共产党员"]["id"], person=person.pk)
    nominate(api(outsider), types["四强党支部"]["id"], org=world.branch_b.pk)
    with django_assert_max_num_queries(base) as more:
        body = page().content.decode()
    assert "李娜" in body and "财政局第一党支部" in body
    assert len(more.captured_queries) == base


def test_a_member_reads_the_awards_page_but_cannot_nominate(world, branch_member, types):
    client = Client()
    client.force_login(branch_member)
    body = client.get("/assessments/awards/").content.decode()
    assert "四优共产党员" in body and 'data-testid="nominate"' not in body
    assert client.get("/assessments/awards/nominations/new/").status_code == 403

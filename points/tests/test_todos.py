"""The 积分制 module's to-dos: review queues by level, 双向确认, returned declarations, open objections."""

import datetime

import pytest
from django.test import Client

from points import publicity, todos

from .conftest import approve_all, declare

TODAY = datetime.date(2026, 5, 10)


def _entries(user, kind=None):
    return [e for e in todos.items(user, TODAY) if kind is None or e.kind == kind]


def _client(user):
    c = Client()
    c.force_login(user)
    return c


def _consistent(*users):
    for user in users:
        assert todos.count(user, TODAY) == sum(e.count for e in _entries(user)), user.username


def test_a_declaration_waits_at_the_level_of_the_reviewer_who_holds_it(
    world, scheme, api, branch_secretary, branch_member, reviewers
):
    pk = declare(
        api(branch_secretary), item=scheme["org_item"], subject_org=world.branch_a.id, occurred_on="2026-03-01"
    )
    [entry] = _entries(reviewers[1])
    assert entry.kind == "points.review" and entry.label == "待我审核"
    assert entry.text == "1 件积分申报待一级审核（科长）" and entry.count == 1
    assert entry.note.startswith("最早一件提交于")
    page = _client(reviewers[1]).get(entry.url)
    assert page.status_code == 200 and f"/points/declarations/{pk}/" in page.content.decode()
    assert _entries(reviewers[2]) == [] and _entries(branch_member) == []
    api(reviewers[1]).post(f"points/declarations/{pk}/review", {"decision": "approve"})
    assert _entries(reviewers[1]) == []
    assert [e.text for e in _entries(reviewers[2])] == ["1 件积分申报待二级审核（分管领导）"]
    _consistent(reviewers[1], reviewers[2], reviewers[3], branch_secretary)


def test_a_returned_declaration_waits_for_its_declarant_to_fix_it(
    world, scheme, api, branch_secretary, committee_admin, outsider, reviewers
):
    pk = declare(
        api(branch_secretary), item=scheme["org_item"], subject_org=world.branch_a.id, occurred_on="2026-03-01"
    )
    api(reviewers[1]).post(f"points/declarations/{pk}/review", {"decision": "return", "comment": "请补充照片"})
    [entry] = _entries(branch_secretary, "points.returned")
    assert entry.text == "规范开展主题党日 · 统计局第一党支部"
    assert entry.note == "退回意见：请补充照片"
    assert entry.url == f"/points/declarations/{pk}/edit/"
    page = _client(branch_secretary).get(entry.url).content.decode()
    assert "请补充照片" in page
    assert _entries(committee_admin, "points.returned") == [] and _entries(outsider) == []
    api(branch_secretary).post(f"points/declarations/{pk}/submit")
    assert _entries(branch_secretary, "points.returned") == []


def test_a_committee_entry_waits_for_the_units_confirmation_only(
    world, scheme, api, committee_admin, branch_secretary, outsider, branch_member
):
    pk = declare(api(committee_admin), item=scheme["org_item"], subject_org=world.branch_a.id, occurred_on="2026-03-01")
    [entry] = _entries(branch_secretary)
    assert entry.kind == "points.confirm" and entry.text == "1 条工委录入的积分待本单位确认"
    page = _client(branch_secretary).get(entry.url).content.decode()
    assert f"/points/declarations/{pk}/" in page
    assert _entries(committee_admin) == []  # the declarant does not confirm her own entry
    assert _entries(outsider) == [] and _entries(branch_member) == []
    api(branch_secretary).post(f"points/declarations/{pk}/confirm", {"decision": "confirm"})
    assert _entries(branch_secretary) == []
    _consistent(committee_admin, branch_secretary, outsider)


@pytest.fixture
def objection(world, scheme, api, branch_secretary, committee_admin, branch_member, reviewers, monkeypatch):
    approve_all(
        api,
        reviewers,
        declare(
            api(branch_secretary), item=scheme["org_item"], subject_org=world.branch_a.id, occurred_on="2026-03-01"
        ),
    )
    r = api(committee_admin).post(
        "points/publicities",
        {"scheme": scheme["id"], "subject_type": "org", "until": "2026-05-31", "objection_days": 5},
    )
    pid = r.json()["id"]
    monkeypatch.setattr(publicity, "today", lambda: datetime.date(2026, 9, 30))
    api(committee_admin).post(f"points/publicities/{pid}/publish")
    r = api(branch_member).post(f"points/publicities/{pid}/objections", {"content": "本支部5月志愿服务未计入"})
    assert r.status_code == 201, r.content
    return {"publicity": pid, "id": r.json()["id"]}


def test_an_objection_waits_for_the_schemes_administrator(
    objection, api, committee_admin, branch_secretary, branch_member, outsider
):
    [entry] = _entries(committee_admin, "points.objection")
    assert entry.text == "“2026年1-5月党组织积分排名”有 1 条异议待答复"
    assert entry.due == datetime.date(2026, 10, 12)  # the end of the objection period
    page = _client(committee_admin).get(entry.url).content.decode()
    assert "本支部5月志愿服务未计入" in page
    for user in (branch_secretary, branch_member, outsider):
        assert _entries(user, "points.objection") == []
    _consistent(committee_admin, branch_secretary, branch_member)
    api(committee_admin).post(f"points/objections/{objection['id']}/answer", {"answer": "计入下一期"})
    assert _entries(committee_admin, "points.objection") == []


def test_system_accounts_get_no_points_todos(world, sysadmin, secadmin):
    assert _entries(sysadmin) == [] and todos.count(secadmin, TODAY) == 0

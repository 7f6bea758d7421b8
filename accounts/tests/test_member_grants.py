"""Business access only from grants: linking an account to a person grants nothing; the secadmin's `member`
grant does (one by one or in bulk for an organisation), and revoking it takes the access away."""

import datetime

import pytest
from django.test import Client

from accounts import scope
from accounts.models import RoleAssignment, User
from core.models import AuditEvent
from core.testing import make_person, make_user
from plans import actions as plan_actions
from points import actions as points_actions
from records.models import Record


@pytest.fixture
def linked(world):
    """An account the sysadmin linked to a person of branch A, with no role at all."""
    person = make_person(world.branch_a, "周芳", gender="female", seq=15)
    return make_user("zhoufang", person=person)


@pytest.fixture
def business(world, committee_admin, branch_secretary):
    """Branch A's business data: a record, a plan with an item, a points scheme with a member item."""
    record = Record.objects.create(
        org=world.branch_a, type="party_lesson", title="3月党课", date=datetime.date(2026, 3, 5), content="学习党章"
    )
    plan = plan_actions.create_plan(
        by=branch_secretary,
        data={"org": world.branch_a.pk, "year": 2026, "title": "2026年度党建工作清单"},
        orgs=type(world.branch_a).objects.all(),
    )
    item = plan_actions.add_item(
        plan, by=branch_secretary, data={"category": "党员教育", "title": "参观学习", "due": "2026-04-15"}
    )
    scheme = points_actions.create_scheme(
        by=committee_admin,
        data={
            "org": world.committee.pk,
            "year": 2026,
            "name": "2026年积分办法",
            "full_marks": 100,
            "linkage_every": 10,
            "linkage_mode": "per_person",
        },
    )
    member_item = points_actions.add_item(
        scheme,
        by=committee_admin,
        data={"dimension": "榜样带动", "name": "志愿服务", "points": 3, "subject_type": "member"},
    )
    return {"record": record, "plan": plan, "item": item, "scheme": scheme, "member_item": member_item}


def _business_answers(api, user, world, b):
    """What the account reaches through the API: counts of lists, and the status of single objects."""
    client = api(user)
    declare = client.post(
        "points/declarations",
        {"item": b["member_item"].pk, "subject_person": user.person_id, "occurred_on": "2026-03-08"},
    )
    return {
        "records": client.get("records").json()["count"],
        "record": client.get(f"records/{b['record'].pk}").status_code,
        "plans": client.get("plans").json()["count"],
        "plan": client.get(f"plans/{b['plan'].pk}").status_code,
        "schemes": client.get("points/schemes").json()["count"],
        "claim": client.post(f"plan-items/{b['item'].pk}/claims").status_code,
        "declare": declare.status_code,
        "own_person": client.get(f"people/{user.person_id}").status_code,
        "search": client.get("search", {"q": "党课"}).json().get("count", 0),
    }


def test_a_linked_account_without_a_grant_reaches_no_business_data(world, api, linked, business):
    assert scope.business_paths(linked) == [] and scope.member_branch(linked) is None
    got = _business_answers(api, linked, world, business)
    assert got == {
        "records": 0,
        "record": 404,
        "plans": 0,
        "plan": 404,
        "schemes": 0,
        "claim": 404,
        "declare": 422,
        "own_person": 404,
        "search": 0,
    }
    c = Client()
    c.force_login(linked)
    assert c.get("/points/my/").status_code == 403
    assert c.get("/search/", {"q": "党课"}).status_code == 403
    assert c.get(f"/records/{business['record'].pk}/").status_code == 404
    assert "尚未授予任何角色" in c.get("/").content.decode()


def test_the_member_grant_gives_her_own_branch_and_revoking_it_takes_it_away(world, api, secadmin, linked, business):
    r = api(secadmin).post(f"accounts/users/{linked.pk}/roles", {"role": "member", "org": world.branch_a.pk})
    assert r.status_code == 201
    got = _business_answers(api, linked, world, business)
    assert got["records"] == 1 and got["record"] == 200 and got["plan"] == 200 and got["schemes"] == 1
    assert got["claim"] == 201 and got["declare"] == 201 and got["own_person"] == 200 and got["search"] >= 1
    c = Client()
    c.force_login(linked)
    assert c.get("/points/my/").status_code == 200
    assert c.get("/search/", {"q": "党课"}).status_code == 200
    assert "尚未授予任何角色" not in c.get("/").content.decode()

    assert api(secadmin).delete(f"accounts/users/{linked.pk}/roles/{r.json()['id']}").status_code == 204
    client = api(linked)
    assert client.get("records").json()["count"] == 0
    assert client.get(f"records/{business['record'].pk}").status_code == 404
    assert client.get(f"plans/{business['plan'].pk}").status_code == 404
    c = Client()
    c.force_login(linked)
    assert c.get("/points/my/").status_code == 403


def test_a_member_grant_over_a_committee_reaches_only_her_own_branch(world, api, linked, business):
    RoleAssignment.objects.create(user=linked, role="member", org=world.committee)
    Record.objects.create(org=world.branch_b, type="party_lesson", title="财政局党课", date=datetime.date(2026, 3, 6))
    assert scope.business_paths(linked) == [world.branch_a.path]
    titles = [r["title"] for r in api(linked).get("records").json()["items"]]
    assert titles == ["3月党课"]


def test_a_grant_that_does_not_cover_her_branch_gives_nothing(world, api, linked, business):
    RoleAssignment.objects.create(user=linked, role="member", org=world.branch_b)
    assert scope.business_paths(linked) == [] and scope.member_branch(linked) is None
    assert api(linked).get("records").json()["count"] == 0


def test_the_sysadmin_cannot_grant_member_rights_by_linking(world, api, sysadmin, business):
    person = make_person(world.branch_a, "钱进", seq=16)
    r = api(sysadmin).post("accounts/users", {"username": "qianjin", "password": "Qian-Jin-2026#", "person": person.pk})
    assert r.status_code == 201
    user = User.objects.get(username="qianjin")
    assert scope.business_paths(user) == []
    r = api(sysadmin).post("accounts/member-grants", {"org": world.branch_a.pk})
    assert r.status_code == 403
    assert not RoleAssignment.objects.filter(user=user).exists()


# ---------------------------------------------------------------- bulk grant


@pytest.fixture
def branch_accounts(world):
    """Linked accounts of branch A and of its party group's people, plus ones a bulk grant must skip."""
    accounts = [
        make_user(f"a{n}", person=make_person(world.branch_a, f"甲{n}", seq=20 + n, group=world.group_a1))
        for n in range(3)
    ]
    inactive = make_user("gone", person=make_person(world.branch_a, "乙", seq=30))
    User.objects.filter(pk=inactive.pk).update(is_active=False)
    make_user("b1", person=make_person(world.branch_b, "丙", seq=31))
    left = make_person(world.branch_a, "丁", seq=32)
    left.status = "transferred_out"
    left.save()
    make_user("left", person=left)
    return accounts


def test_bulk_grant_gives_every_linked_account_under_the_org_member_once(world, api, secadmin, branch_accounts):
    client = api(secadmin)
    preview = client.get("accounts/member-grants", {"org": world.branch_a.pk}).json()
    # secretary_a (org_admin, no member grant yet) and the three new accounts; member_a already holds it.
    assert preview == {"org": world.branch_a.pk, "to_grant": 4, "already": 1, "skipped": 1}
    r = client.post("accounts/member-grants", {"org": world.branch_a.pk})
    assert r.status_code == 200
    assert r.json() == {"org": world.branch_a.pk, "granted": 4, "already": 1, "skipped": 1}
    for u in [*branch_accounts, world.users["branch_secretary"]]:
        grant = RoleAssignment.objects.get(user=u, role="member")
        assert grant.org == world.branch_a and grant.granted_by == secadmin
        assert scope.business_paths(User.objects.get(pk=u.pk))
    assert not RoleAssignment.objects.filter(user__username__in=["gone", "b1", "left"]).exists()
    assert AuditEvent.objects.filter(action="role.grant", actor=secadmin).count() == 4
    summary = AuditEvent.objects.get(action="role.grant_members")
    assert summary.after == {"org": world.branch_a.pk, "granted": 4, "already": 1, "skipped": 1}
    # Idempotent: a second run grants nothing and changes nothing.
    r = client.post("accounts/member-grants", {"org": world.branch_a.pk})
    assert r.json() == {"org": world.branch_a.pk, "granted": 0, "already": 5, "skipped": 1}
    assert RoleAssignment.objects.filter(role="member").count() == 5


def test_bulk_grant_over_the_committee_grants_each_her_own_branch(world, api, secadmin, branch_accounts):
    r = api(secadmin).post("accounts/member-grants", {"org": world.committee.pk})
    assert r.status_code == 200
    assert r.json()["granted"] == 7  # committee staff, both secretaries, three new accounts, b1
    b1 = RoleAssignment.objects.get(user__username="b1", role="member")
    assert b1.org == world.branch_b
    staff = RoleAssignment.objects.get(user=world.users["committee_admin"], role="member")
    assert staff.org == world.committee
    # System accounts are never touched (三员分立), linked or not.
    assert not RoleAssignment.objects.filter(user__username__in=["sysadmin", "secadmin", "auditor"], role="member")


def test_bulk_grant_refusals_and_bad_input(world, api, committee_admin, auditor, secadmin):
    for user in (committee_admin, auditor):
        assert api(user).post("accounts/member-grants", {"org": world.branch_a.pk}).status_code == 403
        assert api(user).get("accounts/member-grants", {"org": world.branch_a.pk}).status_code == 403
    client = api(secadmin)
    assert client.post("accounts/member-grants", {"org": 999999}).status_code == 404
    assert client.post("accounts/member-grants", {"org": "abc"}).status_code == 422
    assert client.post("accounts/member-grants", {}).status_code == 422
    assert not AuditEvent.objects.filter(action="role.grant_members").exists()


def test_bulk_grant_page_previews_then_grants(world, secadmin, branch_accounts):
    c = Client()
    c.force_login(secadmin)
    html = c.get("/accounts/users/").content.decode()
    assert "批量授予党员角色" in html
    html = c.get("/accounts/members/grant/", {"org": world.branch_a.pk}).content.decode()
    assert 'data-testid="member-grant-plan"' in html and "将授予 <strong>4</strong> 个账号" in html
    assert not RoleAssignment.objects.filter(user__username="a0").exists()  # a preview changes nothing
    r = c.post("/accounts/members/grant/", {"org": world.branch_a.pk})
    assert r.status_code == 302
    html = c.get(r["Location"]).content.decode()
    assert "已为统计局第一党支部下4个账号授予党员角色" in html
    assert RoleAssignment.objects.filter(user__username="a0", role="member").exists()
    r = c.post("/accounts/members/grant/", {"org": "999999"})
    assert r.status_code == 200 and "组织不存在" in r.content.decode()


def test_bulk_grant_page_is_the_secadmins(world, sysadmin, committee_admin):
    for user in (sysadmin, committee_admin):
        c = Client()
        c.force_login(user)
        assert c.get("/accounts/members/grant/").status_code == 403
        assert c.post("/accounts/members/grant/", {"org": world.branch_a.pk}).status_code == 403
    assert not RoleAssignment.objects.filter(role="member", granted_by__isnull=False).exists()

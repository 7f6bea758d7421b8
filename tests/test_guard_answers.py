"""The page and API guards that now name a verb answer exactly as they did when they read roles: the same
status and the same Chinese sentence for each refusal (core.verbs.require_verb raises the check's message)."""

import pytest
from django.apps import apps

from core.testing import make_person, make_user

NO_ACCOUNTS = "只有系统管理员和安全管理员可以管理账号。"
GRANT = "只有安全管理员可以授予角色。"

PAGES = [
    # (persona, path, status, message or None, app that must be installed)
    ("committee_admin", "/accounts/users/", 403, NO_ACCOUNTS, None),
    ("auditor", "/accounts/requests/", 403, NO_ACCOUNTS, None),
    ("secadmin", "/accounts/users/new/", 403, "只有系统管理员可以创建账号。", None),
    ("sysadmin", "/accounts/members/grant/", 403, GRANT, None),
    ("sysadmin", "/audit/", 403, "您没有权限访问此页面。", None),
    ("auditor", "/audit/", 200, None, None),
    ("auditor", "/people/", 403, "您没有查看人员名册的权限。", None),
    ("sysadmin", "/records/", 403, "您没有查看活动记录的权限。", "records"),
    ("sysadmin", "/records/archive/", 403, "您没有查看活动记录的权限。", "records"),
    ("sysadmin", "/records/archive/2026/", 404, None, "records"),
    ("sysadmin", "/records/export/2026/", 404, None, "records"),
    ("branch_member", "/records/export/2026/", 200, None, "records"),
    (
        "auditor",
        "/search/?q=党课",
        403,
        "您没有检索业务数据的权限：账号尚未获授业务角色，或是不参与业务的系统管理账号。",
        "search",
    ),
    (
        "secadmin",
        "/points/",
        403,
        "您没有积分管理的权限：账号尚未获授业务角色，或是不参与业务的系统管理账号。",
        "points",
    ),
    ("branch_member", "/points/", 200, None, "points"),
    ("sysadmin", "/cockpit/", 403, "系统管理账号不参与业务工作（三员分立），请使用业务账号办理。", "dashboard"),
    ("branch_member", "/cockpit/", 403, "只有党组织的党务管理员可以查看驾驶舱。", "dashboard"),
    ("branch_secretary", "/cockpit/", 200, None, "dashboard"),
    # ---- notices
    ("auditor", "/notices/new/", 403, "系统管理账号不参与业务工作（三员分立），请使用业务账号办理。", "notices"),
    ("branch_member", "/notices/", 200, None, "notices"),
    # ---- teams: 班组/科室 and 谈心谈话 coverage
    ("sysadmin", "/teams/", 403, "系统管理账号不参与业务工作（三员分立），请使用业务账号办理。", None),
    ("branch_member", "/teams/new/", 403, "只有该党组织的党务管理员可以管理班组/科室。", None),
    ("branch_member", "/records/talks/", 403, "只有党务管理员可以查看本组织党员的谈心谈话情况。", "records"),
    ("branch_secretary", "/records/talks/", 200, None, "records"),
]


@pytest.mark.parametrize("persona, path, status, message, app", PAGES)
def test_page_guards(world, client, persona, path, status, message, app):
    if app and not apps.is_installed(app):
        pytest.skip(f"{app} is not installed")
    client.force_login(world.users[persona])
    r = client.get(path)
    assert r.status_code == status
    if message:
        assert message in r.content.decode()


def test_my_points_tells_a_linked_account_without_a_grant_to_ask_for_one(world, client):
    if not apps.is_installed("points"):
        pytest.skip("points is not installed")
    user = make_user("linked", person=make_person(world.branch_a, "赵敏", seq=9))
    client.force_login(user)
    r = client.get("/points/my/")
    assert r.status_code == 403 and "您的账号尚未获授党员角色，请联系安全管理员。" in r.content.decode()


def test_api_guards(world, api):
    member = world.users["branch_member"]
    role = member.role_assignments.get()
    cases = [
        ("committee_admin", "get", "accounts/users", "只有系统管理员和安全管理员可以查看账号。"),
        ("committee_admin", "get", "accounts/requests", "只有系统管理员和安全管理员可以查看账号操作申请。"),
        ("sysadmin", "post", f"accounts/users/{member.pk}/roles", GRANT),
        ("sysadmin", "delete", f"accounts/users/{member.pk}/roles/{role.pk}", "只有安全管理员可以撤销角色。"),
        ("sysadmin", "get", f"accounts/member-grants?org={world.branch_a.pk}", GRANT),
        ("sysadmin", "get", "audit/events", "只有审计管理员可以查看审计日志。"),
    ]
    for persona, method, path, message in cases:
        client = api(world.users[persona])
        r = client.post(path, {"role": "org_admin"}) if method == "post" else getattr(client, method)(path)
        assert r.status_code == 403, (persona, path, r.content)
        assert r.json()["detail"] == message, (persona, path)
    assert api(world.users["secadmin"]).get("accounts/users").status_code == 200
    assert api(world.users["auditor"]).get("audit/events").status_code == 200

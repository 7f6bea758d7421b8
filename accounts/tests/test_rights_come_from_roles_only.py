"""Rights come from role assignments only: the superuser flag and Django's model permissions (ModelBackend's
user and group permissions) grant nothing, so `user.has_perm`, `{% has_perm %}` and the actions agree."""

import pytest
from django.contrib.auth.models import Permission
from django.template import Context, Template

from core import verbs
from core.testing import make_user


@pytest.fixture
def superuser(world):
    user = make_user("root")
    user.is_superuser = True
    user.is_staff = True
    user.save()
    return user


# Verbs asked without an object (a page's guard, a 新建 button).
PAGE_VERBS = [
    "accounts.manage_users",
    "accounts.manage_roles",
    "accounts.view_accounts",
    "accounts.view_requests",
    "core.view_audit",
    "core.do_business",
    "core.use_recycle_bin",
    "orgs.add_org",
    "orgs.add_people",
    "orgs.list_people",
    "orgs.see_phone",
    "orgs.see_every_phone",
]


def test_a_superuser_without_roles_holds_no_permission(world, superuser):
    for name in PAGE_VERBS:
        assert verbs.get(name)  # declared
        assert not superuser.has_perm(name), name
    assert not superuser.has_perm("orgs.change_organisation", world.committee)
    assert not superuser.has_perm("accounts.manage_users")
    assert not superuser.has_module_perms("accounts")
    html = Template('{% load rules %}{% has_perm "accounts.manage_users" user as may %}{{ may }}').render(
        Context({"user": superuser})
    )
    assert html == "False"


def test_a_superuser_opens_no_account_page_and_sees_no_button(world, superuser, client):
    client.force_login(superuser)
    r = client.get("/accounts/users/")
    assert r.status_code == 403 and "只有系统管理员和安全管理员可以管理账号。" in r.content.decode()
    assert client.get("/accounts/users/new/").status_code == 403
    assert client.get("/audit/").status_code == 403


def test_django_model_permissions_grant_nothing(world, branch_member):
    branch_member.user_permissions.add(
        *Permission.objects.filter(codename__in=["add_organisation", "change_organisation", "change_person"])
    )
    branch_member = type(branch_member).objects.get(pk=branch_member.pk)
    assert not branch_member.has_perm("orgs.add_organisation")
    assert not branch_member.has_perm("orgs.change_organisation", world.branch_a)
    assert not branch_member.has_perm("orgs.change_person", world.people["member"])


def test_the_account_verbs_follow_the_system_roles(world):
    users = world.users
    expected = {
        "accounts.manage_users": {"sysadmin"},
        "accounts.manage_roles": {"secadmin"},
        "accounts.view_accounts": {"sysadmin", "secadmin"},
        "accounts.view_requests": {"sysadmin", "secadmin"},
        "core.view_audit": {"auditor"},
    }
    for name, holders in expected.items():
        assert {key for key, user in users.items() if user.has_perm(name)} == holders, name


def test_the_secadmin_sees_the_grant_buttons_and_the_sysadmin_the_create_button(world, sysadmin, secadmin, client):
    client.force_login(secadmin)
    html = client.get("/accounts/users/").content.decode()
    assert "与角色授权" in html and "批量授予党员角色" in html and "新建账号" not in html
    html = client.get(f"/accounts/users/{world.users['branch_member'].pk}/").content.decode()
    assert "授予角色" in html and "撤销" in html
    client.force_login(sysadmin)
    html = client.get("/accounts/users/").content.decode()
    assert "账号管理" in html and "批量授予党员角色" not in html and "新建账号" in html
    html = client.get(f"/accounts/users/{world.users['branch_member'].pk}/").content.decode()
    assert "撤销" not in html and "重置密码" in html

from accounts.models import RoleAssignment, User


def test_sysadmin_creates_an_account_on_the_page(world, sysadmin, client):
    client.force_login(sysadmin)
    r = client.post("/accounts/users/new/", {"username": "zhaomin", "password": "Zhao-Min-2026!", "person": ""})
    assert r.status_code == 302
    user = User.objects.get(username="zhaomin")
    assert user.must_change_password and not user.role_assignments.exists()


def test_account_page_shows_password_rule_errors_in_chinese(world, sysadmin, client):
    client.force_login(sysadmin)
    r = client.post("/accounts/users/new/", {"username": "zhaomin", "password": "short"})
    html = r.content.decode()
    assert "密码" in html and ("太短" in html or "至少" in html)
    assert not User.objects.filter(username="zhaomin").exists()


def test_secadmin_grants_and_revokes_on_the_page(world, secadmin, client):
    client.force_login(secadmin)
    target = world.users["branch_member"]
    r = client.post(f"/accounts/users/{target.id}/", {"op": "grant", "role": "org_admin", "org": world.branch_a.id})
    assert r.status_code == 302
    assignment = RoleAssignment.objects.get(user=target, role="org_admin")
    r = client.post(f"/accounts/users/{target.id}/roles/{assignment.id}/revoke/")
    assert r.status_code == 302
    assert not RoleAssignment.objects.filter(pk=assignment.pk).exists()


def test_secadmin_cannot_create_accounts_on_the_page(world, secadmin, client):
    client.force_login(secadmin)
    assert client.get("/accounts/users/new/").status_code == 403


def test_business_users_cannot_open_account_pages(world, committee_admin, auditor, client):
    for user in (committee_admin, auditor):
        client.force_login(user)
        assert client.get("/accounts/users/").status_code == 403


def test_login_page_is_chinese_and_logout_works(world, client):
    html = client.get("/accounts/login/").content.decode()
    assert "账号登录" in html and "用户名" in html
    client.force_login(world.users["branch_member"])
    assert client.post("/accounts/logout/").status_code == 302
    assert client.get("/").status_code == 302

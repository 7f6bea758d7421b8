"""API tokens die with the password: a password change or reset, deactivation and logout revoke them; a user
lists and revokes her own tokens (API and the 登录令牌 page)."""

import json

from django.test import Client

from accounts.models import ApiToken
from core.models import AuditEvent
from core.testing import PASSWORD, ApiClient

NEW_PASSWORD = "Kx8#Lantern-Moss"


def _login_token(username="secretary_a", agent="党建通 iOS 2.1"):
    body = json.dumps({"username": username, "password": PASSWORD})
    r = Client(REMOTE_ADDR="10.1.2.3").post(
        "/api/v1/auth/token", data=body, content_type="application/json", HTTP_USER_AGENT=agent
    )
    assert r.status_code == 200, r.content
    return r.json()["token"]


def _alive(token):
    return ApiClient(token=token).get("me").status_code == 200


def test_changing_the_password_on_the_page_revokes_every_token(world, branch_secretary):
    tokens = [_login_token(), _login_token()]
    c = Client()
    c.force_login(branch_secretary)
    r = c.post(
        "/accounts/password/",
        {"old_password": PASSWORD, "new_password": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert r.status_code == 302
    assert not any(_alive(t) for t in tokens)
    assert c.get("/").status_code == 200  # the page session that changed it stays logged in
    assert AuditEvent.objects.get(action="user.change_password").after == {"tokens_revoked": 2}


def test_changing_the_password_through_the_api_revokes_every_token(world):
    token = _login_token()
    r = ApiClient().post(
        "auth/password", {"username": "secretary_a", "old_password": PASSWORD, "new_password": NEW_PASSWORD}
    )
    assert r.status_code == 200
    assert not _alive(token)


def test_page_logout_revokes_the_tokens(world, branch_secretary):
    token = _login_token()
    c = Client()
    c.force_login(branch_secretary)
    assert c.post("/accounts/logout/").status_code == 302
    assert not _alive(token)


def test_api_logout_revokes_only_the_calling_token(world):
    phone, script = _login_token(), _login_token(agent="curl/8.0")
    r = ApiClient(token=phone).post("auth/logout")
    assert r.status_code == 200
    assert not _alive(phone) and _alive(script)
    assert ApiClient(token=phone).post("auth/logout").status_code == 401


def test_api_logout_from_a_browser_session_ends_it_and_revokes_the_tokens(world, branch_secretary):
    token = _login_token()
    c = Client()
    c.force_login(branch_secretary)
    assert c.post("/api/v1/auth/logout").status_code == 200
    assert c.get("/api/v1/me").status_code == 401
    assert not _alive(token)


def test_a_user_lists_and_revokes_her_own_tokens(world, branch_member):
    first, second = _login_token(), _login_token(agent="curl/8.0")
    other = _login_token("member_a")
    client = ApiClient(token=first)
    body = client.get("auth/tokens").json()
    assert body["count"] == 2
    assert {i["user_agent"] for i in body["items"]} == {"党建通 iOS 2.1", "curl/8.0"}
    assert [i["current"] for i in body["items"]].count(True) == 1
    assert all(i["ip"] == "10.1.2.3" and i["expires_at"] for i in body["items"])
    second_id = next(i["id"] for i in body["items"] if not i["current"])
    other_id = ApiToken.objects.get(user=branch_member).pk
    assert client.delete(f"auth/tokens/{other_id}").status_code == 404  # someone else's: like a missing one
    assert client.delete("auth/tokens/999999").status_code == 404
    assert _alive(other)
    assert client.delete(f"auth/tokens/{second_id}").status_code == 204
    assert not _alive(second) and _alive(first)
    assert AuditEvent.objects.filter(action="auth.token_revoke", actor__username="secretary_a").count() == 1


def test_the_tokens_page_lists_and_revokes(world, branch_secretary):
    keep, drop = _login_token(), _login_token(agent="curl/8.0")
    c = Client()
    c.force_login(branch_secretary)
    assert "登录令牌" in c.get("/accounts/password/").content.decode()
    assert "登录令牌" in c.get("/accounts/2fa/").content.decode()
    html = c.get("/accounts/tokens/").content.decode()
    assert html.count('data-testid="token"') == 2 and "党建通 iOS 2.1" in html and "10.1.2.3" in html
    drop_id = ApiToken.objects.get(user_agent="curl/8.0").pk
    r = c.post("/accounts/tokens/", {"token": drop_id})
    assert r.status_code == 302
    assert _alive(keep) and not _alive(drop)
    r = c.post("/accounts/tokens/", {"token": "abc"}, follow=True)
    assert "未找到" in r.content.decode()
    c.post("/accounts/tokens/", {"op": "revoke_all"})
    assert not _alive(keep)
    assert "当前没有有效的登录令牌" in c.get("/accounts/tokens/").content.decode()

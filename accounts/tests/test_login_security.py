"""等保 login rules: lock-out, initial password change, tokens that expire."""

import datetime

from django.test import Client
from django.utils import timezone

from accounts.models import ApiToken
from core.testing import PASSWORD, ApiClient, make_user


def test_api_token_for_good_credentials(world, api):
    r = ApiClient().post("auth/token", {"username": "secretary_a", "password": PASSWORD})
    assert r.status_code == 200
    token = r.json()["token"]
    assert not ApiToken.objects.filter(key_hash=token).exists()  # only the hash is stored
    assert ApiClient(token=token).get("me").json()["username"] == "secretary_a"


def test_wrong_password_is_401_in_chinese(world):
    r = ApiClient().post("auth/token", {"username": "secretary_a", "password": "nope"})
    assert r.status_code == 401
    assert "密码错误" in r.json()["detail"]


def test_after_five_failures_the_right_password_is_refused_too_from_that_address(world):
    client = ApiClient()
    for _ in range(5):
        client.post("auth/token", {"username": "secretary_a", "password": "wrong-password"})
    r = client.post("auth/token", {"username": "secretary_a", "password": PASSWORD})
    assert r.status_code == 403
    assert r.json()["code"] == "locked_out" and "暂停" in r.json()["detail"]
    # The page login from the same address counts the same failures and refuses as well.
    page = Client(REMOTE_ADDR="127.0.0.1").post("/accounts/login/", {"username": "secretary_a", "password": PASSWORD})
    assert page.status_code == 403
    assert "暂停从此地址登录30分钟" in page.content.decode()


def test_page_login_failures_lock_the_api_too(world):
    browser = Client(REMOTE_ADDR="127.0.0.1")
    for _ in range(5):
        r = browser.post("/accounts/login/", {"username": "member_a", "password": "wrong-password"})
    r = ApiClient().post("auth/token", {"username": "member_a", "password": PASSWORD})
    assert r.status_code == 403


def test_initial_password_must_be_changed_before_a_token(world):
    make_user("newbie", password="Initial-Pass-2026")
    from accounts.models import User

    User.objects.filter(username="newbie").update(must_change_password=True)
    client = ApiClient()
    r = client.post("auth/token", {"username": "newbie", "password": "Initial-Pass-2026"})
    assert r.status_code == 403
    assert r.json()["code"] == "password_change_required"
    r = client.post(
        "auth/password", {"username": "newbie", "old_password": "Initial-Pass-2026", "new_password": "short"}
    )
    assert r.status_code == 422
    r = client.post(
        "auth/password", {"username": "newbie", "old_password": "Initial-Pass-2026", "new_password": "My-Own-Secret-77"}
    )
    assert r.status_code == 200, r.content
    assert client.post("auth/token", {"username": "newbie", "password": "My-Own-Secret-77"}).status_code == 200


def test_initial_password_forces_the_change_page(world):
    make_user("newbie2", password="Initial-Pass-2026")
    from accounts.models import User

    User.objects.filter(username="newbie2").update(must_change_password=True)
    c = Client()
    r = c.post("/accounts/login/", {"username": "newbie2", "password": "Initial-Pass-2026"})
    assert r.status_code == 302
    r = c.get("/orgs/")
    assert r.status_code == 302 and r["Location"] == "/accounts/password/"


def test_expired_token_is_refused(world, branch_secretary):
    raw = ApiToken.issue(branch_secretary)
    ApiToken.objects.update(expires_at=timezone.now() - datetime.timedelta(minutes=1))
    r = ApiClient(token=raw).get("me")
    assert r.status_code == 401
    assert r.json()["detail"].startswith("未登录")


def test_deactivated_user_token_stops_working(world, sysadmin, branch_member):
    raw = ApiToken.issue(branch_member)
    assert ApiClient(sysadmin).patch(f"accounts/users/{branch_member.id}", {"is_active": False}).status_code == 200
    assert ApiClient(token=raw).get("me").status_code == 401


def test_session_expires_after_thirty_idle_minutes_and_activity_extends_it(world, monkeypatch):
    from django.contrib.sessions.backends import db as session_db

    start = timezone.now()
    clock = {"now": start}
    monkeypatch.setattr(session_db.timezone, "now", lambda: clock["now"])
    monkeypatch.setattr("django.contrib.sessions.backends.base.timezone.now", lambda: clock["now"])
    c = Client()
    assert c.post("/accounts/login/", {"username": "member_a", "password": PASSWORD}).status_code == 302
    clock["now"] = start + datetime.timedelta(minutes=29)
    assert c.get("/").status_code == 200  # still active, and this request restarts the 30 minutes
    clock["now"] = start + datetime.timedelta(minutes=58)
    assert c.get("/").status_code == 200
    clock["now"] = start + datetime.timedelta(minutes=58 + 31)
    r = c.get("/")
    assert r.status_code == 302 and r["Location"].startswith("/accounts/login/")


def test_session_api_calls_need_csrf(world):
    c = Client(enforce_csrf_checks=True)
    c.force_login(world.users["branch_secretary"])
    r = c.patch(
        f"/api/v1/people/{world.people['member'].id}", data='{"phone": "13900000000"}', content_type="application/json"
    )
    assert r.status_code in (401, 403)
    assert c.get("/api/v1/me").status_code == 200

"""The sysadmin cannot take over the security administrator, the auditor or another sysadmin: changes to an
account holding a system role need a request the secadmin confirms, or the audited break-glass command."""

import datetime

import pytest
from axes.models import AccessAttempt
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import AccountRequest, ApiToken, RoleAssignment, User
from core.models import AuditEvent
from core.testing import PASSWORD, ApiClient, make_user

NEW_PASSWORD = "Kx8#Lantern-Moss"


@pytest.fixture
def sysadmin2(world):
    return make_user("sysadmin2", roles=[("sysadmin", None)])


def _can_log_in(username, password):
    return ApiClient().post("auth/token", {"username": username, "password": password}).status_code


@pytest.mark.parametrize("target_name", ["secadmin", "auditor", "sysadmin2"])
def test_the_sysadmin_alone_cannot_reset_or_deactivate_a_system_account(world, api, sysadmin, sysadmin2, target_name):
    target = User.objects.get(username=target_name)
    token = ApiToken.issue(target)
    client = api(sysadmin)
    for payload in ({"password": NEW_PASSWORD}, {"is_active": False}):
        r = client.patch(f"accounts/users/{target.pk}", payload)
        assert r.status_code == 403, payload
        assert r.json()["code"] == "two_person_required"
        assert "安全管理员确认" in r.json()["detail"]
    target.refresh_from_db()
    assert target.check_password(PASSWORD) and target.is_active
    assert ApiClient(token=token).get("me").status_code == 200
    assert AuditEvent.objects.filter(action="user.takeover_refused", actor=sysadmin).count() == 2


def test_the_sysadmin_alone_cannot_reset_a_system_accounts_second_factor(world, sysadmin, secadmin):
    TOTPDevice.objects.create(user=secadmin, name="身份验证器", confirmed=True)
    c = Client()
    c.force_login(sysadmin)
    r = c.post(f"/accounts/users/{secadmin.pk}/", {"op": "otp_reset"}, follow=True)
    assert "安全管理员确认" in r.content.decode()
    assert TOTPDevice.objects.filter(user=secadmin).exists()


def test_the_page_offers_a_request_instead_of_direct_changes(world, sysadmin, auditor, branch_member):
    c = Client()
    c.force_login(sysadmin)
    html = c.get(f"/accounts/users/{auditor.pk}/").content.decode()
    assert 'data-testid="request-form"' in html and 'value="reset"' not in html
    html = c.get(f"/accounts/users/{branch_member.pk}/").content.decode()
    assert 'data-testid="request-form"' not in html and 'value="reset"' in html
    r = c.post(f"/accounts/users/{auditor.pk}/", {"op": "reset", "password": NEW_PASSWORD}, follow=True)
    assert "系统管理员不能单独" in r.content.decode()
    auditor.refresh_from_db()
    assert auditor.check_password(PASSWORD)


def test_ordinary_accounts_stay_the_sysadmins_to_manage(world, api, sysadmin, branch_member):
    token = ApiToken.issue(branch_member)
    r = api(sysadmin).patch(f"accounts/users/{branch_member.pk}", {"password": NEW_PASSWORD})
    assert r.status_code == 200
    branch_member.refresh_from_db()
    assert branch_member.check_password(NEW_PASSWORD) and branch_member.must_change_password
    assert ApiClient(token=token).get("me").status_code == 401
    r = api(sysadmin).post(
        f"accounts/users/{branch_member.pk}/requests", {"action": "deactivate", "reason": "调离本单位"}
    )
    assert r.status_code == 409 and "无需申请" in r.json()["detail"]


def test_a_request_confirmed_by_the_secadmin_resets_the_auditors_password(world, api, sysadmin, secadmin, auditor):
    token = ApiToken.issue(auditor)
    r = api(sysadmin).post(
        f"accounts/users/{auditor.pk}/requests",
        {"action": "reset_password", "reason": "本人忘记密码，已电话核实", "password": NEW_PASSWORD},
    )
    assert r.status_code == 201, r.content
    req = r.json()
    assert req["state"] == "pending" and req["requested_by"] == "sysadmin"
    stored = AccountRequest.objects.get(pk=req["id"])
    assert NEW_PASSWORD not in stored.password_hash  # hashed, never stored in clear
    assert _can_log_in("auditor", PASSWORD) == 200  # nothing changed yet
    # The requester cannot confirm her own request, nor the auditor, nor the target.
    assert api(sysadmin).post(f"accounts/requests/{req['id']}/confirm").status_code == 403
    assert api(auditor).post(f"accounts/requests/{req['id']}/confirm").status_code == 404  # not hers to see
    r = api(secadmin).post(f"accounts/requests/{req['id']}/confirm")
    assert r.status_code == 200, r.content
    assert r.json()["state"] == "executed" and r.json()["decided_by"] == "secadmin"
    auditor.refresh_from_db()
    assert auditor.check_password(NEW_PASSWORD) and auditor.must_change_password
    assert not ApiToken.objects.filter(user=auditor).exists()
    assert ApiClient(token=token).get("me").status_code == 401
    stored.refresh_from_db()
    assert stored.password_hash == ""
    event = AuditEvent.objects.get(action="user.reset_password")
    assert event.actor == secadmin and event.after["requested_by"] == "sysadmin"
    assert AuditEvent.objects.filter(action="account_request.create", actor=sysadmin).exists()
    assert api(secadmin).post(f"accounts/requests/{req['id']}/confirm").status_code == 409  # only once


def test_a_request_on_the_secadmin_cannot_be_confirmed_by_herself(world, api, sysadmin, secadmin):
    r = api(sysadmin).post(f"accounts/users/{secadmin.pk}/requests", {"action": "deactivate", "reason": "离职交接"})
    assert r.status_code == 201
    r = api(secadmin).post(f"accounts/requests/{r.json()['id']}/confirm")
    assert r.status_code == 403 and "以外的安全管理员" in r.json()["detail"]
    secadmin.refresh_from_db()
    assert secadmin.is_active


def test_deactivation_and_second_factor_through_requests(world, api, sysadmin, sysadmin2, secadmin):
    TOTPDevice.objects.create(user=sysadmin2, name="身份验证器", confirmed=True)
    client = api(sysadmin)
    otp = client.post(f"accounts/users/{sysadmin2.pk}/requests", {"action": "otp_reset", "reason": "手机丢失"})
    off = client.post(f"accounts/users/{sysadmin2.pk}/requests", {"action": "deactivate", "reason": "岗位调整"})
    assert otp.status_code == 201 and off.status_code == 201
    again = client.post(f"accounts/users/{sysadmin2.pk}/requests", {"action": "deactivate", "reason": "岗位调整"})
    assert again.status_code == 409
    for req in (otp, off):
        assert api(secadmin).post(f"accounts/requests/{req.json()['id']}/confirm").status_code == 200
    sysadmin2.refresh_from_db()
    assert not sysadmin2.is_active and not TOTPDevice.objects.filter(user=sysadmin2).exists()
    r = client.post(f"accounts/users/{sysadmin2.pk}/requests", {"action": "deactivate", "reason": "岗位调整"})
    assert r.status_code == 409 and "已停用" in r.json()["detail"]


def test_rejected_withdrawn_and_expired_requests_change_nothing(world, api, sysadmin, secadmin, auditor):
    client = api(sysadmin)

    def file():
        r = client.post(f"accounts/users/{auditor.pk}/requests", {"action": "deactivate", "reason": "岗位调整"})
        assert r.status_code == 201
        return r.json()["id"]

    rejected = file()
    r = api(secadmin).post(f"accounts/requests/{rejected}/reject")
    assert r.json()["state"] == "rejected"
    withdrawn = file()
    assert client.post(f"accounts/requests/{withdrawn}/reject").json()["state"] == "withdrawn"
    expired = file()
    AccountRequest.objects.filter(pk=expired).update(created_at=timezone.now() - datetime.timedelta(hours=25))
    assert client.get("accounts/requests", {"state": "pending"}).json()["items"][0]["state"] == "expired"
    r = api(secadmin).post(f"accounts/requests/{expired}/confirm")
    assert r.status_code == 409 and "失效" in r.json()["detail"]
    auditor.refresh_from_db()
    assert auditor.is_active
    assert file()  # an expired request does not block a new one


def test_request_bad_input_and_who_may_see_requests(world, api, sysadmin, secadmin, auditor, committee_admin):
    client = api(sysadmin)
    url = f"accounts/users/{auditor.pk}/requests"
    for payload in [
        {"action": "reset_password", "reason": "忘记密码"},  # no password
        {"action": "reset_password", "reason": "忘记密码", "password": "password123!"},
        {"action": "reset_password", "reason": "忘", "password": NEW_PASSWORD},
        {"action": "promote", "reason": "没有这种操作"},
        {"action": "deactivate"},
    ]:
        r = client.post(url, payload)
        assert r.status_code == 422, (payload, r.content)
        assert r.json()["detail"]
    assert (
        client.post(f"accounts/users/{sysadmin.pk}/requests", {"action": "otp_reset", "reason": "手机丢失"}).status_code
        == 403
    )
    assert api(secadmin).post(url, {"action": "deactivate", "reason": "岗位调整"}).status_code == 403
    assert not AccountRequest.objects.exists()
    client.post(url, {"action": "deactivate", "reason": "岗位调整"})
    assert api(auditor).get("accounts/requests").status_code == 403
    assert api(committee_admin).get("accounts/requests").status_code == 403
    req = AccountRequest.objects.get()
    assert api(committee_admin).post(f"accounts/requests/{req.pk}/confirm").status_code == 404
    assert api(secadmin).post("accounts/requests/999999/confirm").status_code == 404


def test_the_two_person_flow_on_the_pages(world, sysadmin, secadmin, auditor):
    admin = Client()
    admin.force_login(sysadmin)
    r = admin.post(
        f"/accounts/users/{auditor.pk}/",
        {"op": "request", "action": "reset_password", "reason": "本人忘记密码", "password": "weak"},
    )
    assert r.status_code == 200 and not AccountRequest.objects.exists()
    assert "本人忘记密码" in r.content.decode()  # the refused form is refilled
    r = admin.post(
        f"/accounts/users/{auditor.pk}/",
        {"op": "request", "action": "reset_password", "reason": "本人忘记密码", "password": NEW_PASSWORD},
    )
    assert r.status_code == 302
    sec = Client()
    sec.force_login(secadmin)
    html = sec.get("/accounts/users/").content.decode()
    assert 'data-testid="pending-requests">1<' in html
    html = sec.get("/accounts/requests/").content.decode()
    assert "确认执行" in html and "本人忘记密码" in html
    req = AccountRequest.objects.get()
    r = sec.post(f"/accounts/requests/{req.pk}/confirm/", {"next": "/accounts/requests/"})
    assert r.status_code == 302
    auditor.refresh_from_db()
    assert auditor.check_password(NEW_PASSWORD)
    assert "已确认执行" in sec.get("/accounts/requests/").content.decode()
    assert admin.post(f"/accounts/requests/{req.pk}/other/").status_code == 404


# ---------------------------------------------------------------- break-glass command


def test_breakglass_needs_an_operator_and_a_reason(world, secadmin):
    with pytest.raises(CommandError, match="执行人"):
        call_command("breakglass", "deactivate", "secadmin", reason="账号被盗用")
    with pytest.raises(CommandError, match="事由"):
        call_command("breakglass", "deactivate", "secadmin", operator="张伟")
    with pytest.raises(CommandError, match="不存在"):
        call_command("breakglass", "deactivate", "nobody", operator="张伟", reason="账号被盗用")
    secadmin.refresh_from_db()
    assert secadmin.is_active
    assert not AuditEvent.objects.filter(action="user.breakglass").exists()


def test_breakglass_resets_the_secadmins_password_and_names_who_ran_it(world, secadmin, monkeypatch):
    token = ApiToken.issue(secadmin)
    monkeypatch.setenv("DJ_BREAKGLASS_PASSWORD", NEW_PASSWORD)
    monkeypatch.setattr("accounts.management.commands.breakglass.os_user", lambda: "opsuser")
    call_command("breakglass", "reset_password", "secadmin", operator="张伟", reason="唯一的安全管理员忘记密码")
    secadmin.refresh_from_db()
    assert secadmin.check_password(NEW_PASSWORD) and secadmin.must_change_password
    assert ApiClient(token=token).get("me").status_code == 401
    event = AuditEvent.objects.get(action="user.breakglass")
    assert event.actor is None and event.object_id == str(secadmin.pk)
    assert event.after["operator"] == "张伟" and event.after["os_user"] == "opsuser"
    assert event.after["action"] == "reset_password" and event.after["reason"] == "唯一的安全管理员忘记密码"


def test_breakglass_refuses_a_weak_password(world, secadmin, monkeypatch):
    monkeypatch.setenv("DJ_BREAKGLASS_PASSWORD", "password123!")
    with pytest.raises(CommandError, match="常见"):
        call_command("breakglass", "reset_password", "secadmin", operator="张伟", reason="忘记密码")
    secadmin.refresh_from_db()
    assert secadmin.check_password(PASSWORD)


def test_breakglass_deactivates_resets_the_second_factor_and_unlocks(world, auditor):
    TOTPDevice.objects.create(user=auditor, name="身份验证器", confirmed=True)
    call_command("breakglass", "otp_reset", "auditor", operator="张伟", reason="手机丢失")
    assert not TOTPDevice.objects.filter(user=auditor).exists()
    for _ in range(5):
        ApiClient().post("auth/token", {"username": "auditor", "password": "wrong-password"})
    assert _can_log_in("auditor", PASSWORD) == 403
    call_command("breakglass", "unlock", "auditor", operator="张伟", reason="本人多次输错密码")
    assert not AccessAttempt.objects.filter(username="auditor").exists()
    assert _can_log_in("auditor", PASSWORD) == 200
    call_command("breakglass", "deactivate", "auditor", operator="张伟", reason="账号疑似被盗用")
    auditor.refresh_from_db()
    assert not auditor.is_active
    assert AuditEvent.objects.filter(action="user.breakglass").count() == 3
    assert RoleAssignment.objects.filter(user=auditor, role="auditor").exists()


def test_the_request_list_keeps_its_query_count(world, sysadmin, secadmin, auditor, django_assert_max_num_queries):
    for n in range(12):
        target = make_user(f"aud{n}", roles=[("auditor", None)]) if n else auditor
        AccountRequest.objects.create(target=target, action="deactivate", reason="岗位调整", requested_by=sysadmin)
    c = Client()
    c.force_login(secadmin)
    with django_assert_max_num_queries(12):
        r = c.get("/accounts/requests/")
    assert r.content.decode().count('data-testid="account-request"') == 12

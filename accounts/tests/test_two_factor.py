"""The optional second factor: bind an authenticator, then logins need its current code."""

from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.models import AuditEvent
from core.testing import PASSWORD, ApiClient


def _code(device, offset=0):
    # A code is accepted once (replay protection): later logins in a test use the next step's code.
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=offset):06d}"


def _bind(client, user):
    client.force_login(user)
    client.post("/accounts/2fa/", {"op": "start"})
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    r = client.post("/accounts/2fa/", {"op": "confirm", "token": _code(device)})
    assert r.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    return device


def test_binding_needs_a_correct_code_and_is_audited(world, branch_secretary):
    c = Client()
    c.force_login(branch_secretary)
    c.post("/accounts/2fa/", {"op": "start"})
    html = c.get("/accounts/2fa/").content.decode()
    assert 'data-testid="otp-secret"' in html
    c.post("/accounts/2fa/", {"op": "confirm", "token": "000000"})
    assert not TOTPDevice.objects.filter(user=branch_secretary, confirmed=True).exists()
    _bind(Client(), branch_secretary)
    assert AuditEvent.objects.filter(action="user.otp_enable", actor=branch_secretary).exists()


def test_page_login_needs_the_code_once_bound(world, branch_secretary, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # the wrong code below would otherwise delay the next try
    device = _bind(Client(), branch_secretary)
    c = Client()
    r = c.post("/accounts/login/", {"username": "secretary_a", "password": PASSWORD})
    assert r.status_code == 200 and "动态口令" in r.content.decode()
    r = c.post("/accounts/login/", {"username": "secretary_a", "password": PASSWORD, "otp_token": "123456"})
    assert r.status_code == 200 and "动态口令错误" in r.content.decode()
    device.refresh_from_db()
    r = c.post("/accounts/login/", {"username": "secretary_a", "password": PASSWORD, "otp_token": _code(device, 1)})
    assert r.status_code == 302 and r["Location"] == "/"


def test_api_token_needs_the_code_once_bound(world, branch_secretary, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    device = _bind(Client(), branch_secretary)
    client = ApiClient()
    r = client.post("auth/token", {"username": "secretary_a", "password": PASSWORD})
    assert r.status_code == 403 and r.json()["code"] == "otp_required"
    r = client.post("auth/token", {"username": "secretary_a", "password": PASSWORD, "otp": _code(device)})
    assert r.status_code == 403 and r.json()["code"] == "otp_invalid"  # the binding code cannot be replayed
    r = client.post("auth/token", {"username": "secretary_a", "password": PASSWORD, "otp": _code(device, 1)})
    assert r.status_code == 200 and r.json()["token"]


def test_wrong_codes_count_toward_the_lock_out(world, branch_secretary):
    device = _bind(Client(), branch_secretary)
    client = ApiClient()
    for _ in range(5):
        client.post("auth/token", {"username": "secretary_a", "password": PASSWORD, "otp": "000000"})
    device.refresh_from_db()
    r = client.post("auth/token", {"username": "secretary_a", "password": PASSWORD, "otp": _code(device)})
    assert r.status_code == 403 and r.json()["code"] == "locked_out"


def test_accounts_without_a_device_log_in_with_the_password_alone(world):
    r = ApiClient().post("auth/token", {"username": "member_a", "password": PASSWORD})
    assert r.status_code == 200


def test_disabling_needs_a_code_and_the_sysadmin_can_reset_a_lost_device(world, branch_secretary, sysadmin):
    c = Client()
    device = _bind(c, branch_secretary)
    c.post("/accounts/2fa/", {"op": "disable", "token": "000000"})
    assert TOTPDevice.objects.filter(user=branch_secretary, confirmed=True).exists()
    admin = Client()
    admin.force_login(sysadmin)
    admin.post(f"/accounts/users/{branch_secretary.id}/", {"op": "otp_reset"})
    assert not TOTPDevice.objects.filter(user=branch_secretary).exists()
    assert AuditEvent.objects.filter(action="user.otp_reset", actor=sysadmin).exists()
    del device

"""Optional second factor (TOTP, django-otp): a user may bind an authenticator app to her account.

Once bound, a login — on the page or at the API token endpoint — needs the app's current 6-digit code as
well as the password. A wrong code counts as a failed login toward the django-axes lock-out.
"""

from django.contrib.auth.signals import user_login_failed
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from core import audit
from core.errors import Conflict, Forbidden, Invalid

DEVICE_NAME = "身份验证器"


def confirmed_device(user):
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def is_enabled(user):
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def _clean(token):
    token = "".join(ch for ch in str(token or "") if not ch.isspace())
    return token if token.isdigit() and len(token) == 6 else None


def check_login_token(request, user, token):
    """Raise Forbidden unless the user has no second factor or `token` is its current code."""
    device = confirmed_device(user)
    if device is None:
        return None
    clean = _clean(token)
    if clean is None or not device.verify_token(clean):
        # Let django-axes count it like a wrong password, so codes cannot be guessed without lock-out.
        user_login_failed.send(sender=__name__, credentials={"username": user.get_username()}, request=request)
        if not clean:
            raise Forbidden("该账号已启用动态口令，请输入身份验证器上的6位数字。", code="otp_required")
        raise Forbidden("动态口令错误或已过期。", code="otp_invalid")
    return device


def start(user):
    """A fresh, unconfirmed device whose secret the user types or scans into her authenticator app."""
    if is_enabled(user):
        raise Conflict("已启用动态口令；如需更换，请先停用。")
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user, confirmed=False).delete()
        return TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)


def pending_device(user):
    return TOTPDevice.objects.filter(user=user, confirmed=False).first()


def confirm(user, token):
    device = pending_device(user)
    if device is None:
        raise Conflict("请先生成密钥。")
    clean = _clean(token)
    if clean is None or not device.verify_token(clean):
        raise Invalid("动态口令错误，请核对手机时间后重试。", {"token": ["动态口令错误。"]})
    with transaction.atomic():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        audit.record("user.otp_enable", by=user, obj=user)
    return device


def disable(user, token):
    device = confirmed_device(user)
    if device is None:
        raise Conflict("尚未启用动态口令。")
    clean = _clean(token)
    if clean is None or not device.verify_token(clean):
        raise Invalid("动态口令错误。", {"token": ["动态口令错误。"]})
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        audit.record("user.otp_disable", by=user, obj=user)


def has_device(user):
    return TOTPDevice.objects.filter(user=user).exists()


def reset(user, *, by):
    """The system administrator removes a lost authenticator so the user can log in and bind a new one.

    Not for an account holding a system role: that takes a request the security administrator confirms.
    """
    from accounts.actions import refuse_takeover
    from accounts.models import AccountRequest
    from accounts.permissions import require

    require(by, "accounts.manage_users", message="只有系统管理员可以重置动态口令。")
    refuse_takeover(user, by=by, action=AccountRequest.OTP_RESET)
    if not has_device(user):
        raise Conflict("该账号未启用动态口令。")
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        audit.record("user.otp_reset", by=by, obj=user)

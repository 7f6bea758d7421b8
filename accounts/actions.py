"""Account writes under 三员分立: the sysadmin manages accounts, the secadmin manages grants."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from core import audit
from core.errors import Conflict, Forbidden, Invalid
from core.forms import validate

from . import scope
from .forms import RoleGrantForm, UserCreateForm
from .models import ApiToken, RoleAssignment, User
from .permissions import require
from .roles import ROLE_LABELS, SYSTEM_ROLES
from .validators import validate_password

USER_FIELDS = ["username", "person", "is_active", "must_change_password", "last_login"]


def create_user(*, by, data):
    require(by, "accounts.manage_users", message="只有系统管理员可以创建账号。")
    cleaned = validate(UserCreateForm(data))
    with transaction.atomic():
        user = User(username=cleaned["username"], person=cleaned.get("person"), must_change_password=True)
        user.set_password(cleaned["password"])
        user.save()
        audit.record("user.create", by=by, obj=user, after=audit.snapshot(user, USER_FIELDS))
    return user


def reset_password(user, *, by, password):
    require(by, "accounts.manage_users", message="只有系统管理员可以重置密码。")
    if user.pk == by.pk:
        raise Forbidden("请通过“修改密码”修改自己的密码。")
    if len(password) > 128:
        msg = f"新的初始密码不能超过128位（现在有{len(password)}位）。"
        raise Invalid(msg, {"password": [msg]})
    try:
        validate_password(password, user)
    except ValidationError as e:
        raise Invalid(e.messages[0], {"password": e.messages})
    with transaction.atomic():
        user.set_password(password)
        user.must_change_password = True
        user.save(update_fields=["password", "must_change_password"])
        ApiToken.objects.filter(user=user).delete()
        audit.record("user.reset_password", by=by, obj=user)
    return user


def set_active(user, *, by, active):
    require(by, "accounts.manage_users", message="只有系统管理员可以启用或停用账号。")
    if user.pk == by.pk:
        raise Forbidden("不能停用自己的账号。")
    with transaction.atomic():
        before = audit.snapshot(user, USER_FIELDS)
        user.is_active = active
        user.save(update_fields=["is_active"])
        if not active:
            ApiToken.objects.filter(user=user).delete()
        audit.record(
            "user.activate" if active else "user.deactivate",
            by=by,
            obj=user,
            before=before,
            after=audit.snapshot(user, USER_FIELDS),
        )
    return user


def change_own_password(user, *, old_password, new_password):
    """The user changes her own password (also the forced change at first login)."""
    if not user.check_password(old_password):
        raise Invalid("原密码不正确。", {"old_password": ["原密码不正确。"]})
    if old_password == new_password:
        raise Invalid("新密码不能与原密码相同。", {"new_password": ["新密码不能与原密码相同。"]})
    try:
        validate_password(new_password, user)
    except ValidationError as e:
        raise Invalid(e.messages[0], {"new_password": e.messages})
    with transaction.atomic():
        user.set_password(new_password)
        user.must_change_password = False
        user.password_changed_at = timezone.now()
        user.save(update_fields=["password", "must_change_password", "password_changed_at"])
        audit.record("user.change_password", by=user, obj=user)
    return user


def grant_role(user, *, by, data):
    require(by, "accounts.manage_roles", message="只有安全管理员可以授予角色。")
    cleaned = validate(RoleGrantForm(data))
    role, org = cleaned["role"], cleaned.get("org")
    label = ROLE_LABELS[role]
    if role in SYSTEM_ROLES:
        if org is not None:
            raise Invalid(f"{label}是系统角色，不设组织范围。", {"org": ["系统角色不设组织范围。"]})
        if user.pk == by.pk:
            raise Forbidden("不能给自己授予系统角色。")
    elif org is None:
        raise Invalid(f"{label}须指定组织范围。", {"org": ["请选择组织范围。"]})
    with transaction.atomic():
        User.objects.select_for_update().filter(pk=user.pk).first()
        held = set(RoleAssignment.objects.filter(user=user).values_list("role", flat=True))
        if role in SYSTEM_ROLES and held:
            raise Conflict("三员分立：系统管理员、安全管理员、审计管理员账号不能再持有其他角色。")
        if held & SYSTEM_ROLES:
            raise Conflict("三员分立：该账号是系统角色账号，不能再授予其他角色。")
        if RoleAssignment.objects.filter(user=user, role=role, org=org).exists():
            raise Conflict("该账号已持有此角色。")
        assignment = RoleAssignment.objects.create(user=user, role=role, org=org, granted_by=by)
        audit.record("role.grant", by=by, obj=assignment, org=org, after=audit.snapshot(assignment))
    scope.clear_cache(user)
    return assignment


def revoke_role(assignment, *, by):
    require(by, "accounts.manage_roles", message="只有安全管理员可以撤销角色。")
    if assignment.user_id == by.pk and assignment.role in SYSTEM_ROLES:
        raise Forbidden("不能撤销自己的系统角色。")
    with transaction.atomic():
        before = audit.snapshot(assignment)
        audit.record("role.revoke", by=by, obj=assignment, org=assignment.org, before=before)
        assignment.delete()
    return assignment


def issue_token(user):
    with transaction.atomic():
        raw = ApiToken.issue(user)
        audit.record("auth.token", by=user, obj=user)
    return raw

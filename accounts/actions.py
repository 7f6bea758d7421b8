"""Account writes under 三员分立: the sysadmin manages accounts, the secadmin manages grants.

An account holding a system role (sysadmin, secadmin, auditor) is never changed by the sysadmin alone: its
password, second factor and status change only through a two-person request the security administrator
confirms (`request_account_change` → `confirm_account_request`), or through the audited break-glass command
on the server (`manage.py breakglass`).
"""

from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from core import audit
from core.errors import Conflict, Forbidden, Invalid, NotFound
from core.forms import validate

from . import scope
from .forms import AccountRequestForm, RoleGrantForm, UserCreateForm
from .models import AccountRequest, ApiToken, RoleAssignment, User
from .permissions import require
from .roles import MEMBER, ROLE_LABELS, SYSTEM_ROLES
from .validators import validate_password

USER_FIELDS = ["username", "person", "is_active", "must_change_password", "last_login"]
# The audit code a confirmed two-person request is logged under: the same as the direct action's.
EXECUTED_AUDIT_CODES = {
    AccountRequest.RESET_PASSWORD: "user.reset_password",
    AccountRequest.DEACTIVATE: "user.deactivate",
    AccountRequest.ACTIVATE: "user.activate",
    AccountRequest.OTP_RESET: "user.otp_reset",
}
TWO_PERSON_MESSAGE = (
    "该账号持有系统角色（三员分立），系统管理员不能单独重置其密码、动态口令或停用、启用该账号。"
    "请提交账号操作申请，经安全管理员确认后执行。"
)


def create_user(*, by, data):
    require(by, "accounts.manage_users", message="只有系统管理员可以创建账号。")
    cleaned = validate(UserCreateForm(data))
    with transaction.atomic():
        user = User(username=cleaned["username"], person=cleaned.get("person"), must_change_password=True)
        user.set_password(cleaned["password"])
        user.save()
        audit.record("user.create", by=by, obj=user, after=audit.snapshot(user, USER_FIELDS))
    return user


# ---------------------------------------------------------------- passwords, status, tokens


def holds_system_role(user):
    """Whether the account holds a system role (read fresh from the database, not from a cached user)."""
    return RoleAssignment.objects.filter(user_id=user.pk, role__in=SYSTEM_ROLES).exists()


def refuse_takeover(user, *, by, action):
    """The sysadmin alone may not change an account holding a system role: record the attempt and refuse."""
    if holds_system_role(user):
        audit.record("user.takeover_refused", by=by, obj=user, after={"action": action})
        raise Forbidden(TWO_PERSON_MESSAGE, code="two_person_required")


def validate_new_password(password, user, field="password"):
    if len(password) > 128:
        msg = f"密码不能超过128位（现在有{len(password)}位）。"
        raise Invalid(msg, {field: [msg]})
    try:
        validate_password(password, user)
    except ValidationError as e:
        raise Invalid(e.messages[0], {field: e.messages})


def revoke_tokens(user):
    """Every API token of the user dies (password change or reset, deactivation, page logout)."""
    return ApiToken.objects.filter(user=user).delete()[0]


def _apply_password_hash(user, password_hash):
    user.password = password_hash
    user.must_change_password = True
    user.save(update_fields=["password", "must_change_password"])
    revoke_tokens(user)


def _apply_active(user, active):
    user.is_active = active
    user.save(update_fields=["is_active"])
    if not active:
        revoke_tokens(user)


def _apply_otp_reset(user):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.objects.filter(user=user).delete()


def reset_password(user, *, by, password):
    require(by, "accounts.manage_users", message="只有系统管理员可以重置密码。")
    if user.pk == by.pk:
        raise Forbidden("请通过“修改密码”修改自己的密码。")
    refuse_takeover(user, by=by, action=AccountRequest.RESET_PASSWORD)
    validate_new_password(password, user)
    with transaction.atomic():
        _apply_password_hash(user, make_password(password))
        audit.record("user.reset_password", by=by, obj=user)
    return user


def set_active(user, *, by, active):
    require(by, "accounts.manage_users", message="只有系统管理员可以启用或停用账号。")
    if user.pk == by.pk:
        raise Forbidden("不能停用自己的账号。")
    refuse_takeover(user, by=by, action=AccountRequest.ACTIVATE if active else AccountRequest.DEACTIVATE)
    with transaction.atomic():
        before = audit.snapshot(user, USER_FIELDS)
        _apply_active(user, active)
        audit.record(
            "user.activate" if active else "user.deactivate",
            by=by,
            obj=user,
            before=before,
            after=audit.snapshot(user, USER_FIELDS),
        )
    return user


def change_own_password(user, *, old_password, new_password):
    """The user changes her own password (also the forced change at first login); her API tokens die."""
    if not user.check_password(old_password):
        raise Invalid("原密码不正确。", {"old_password": ["原密码不正确。"]})
    if old_password == new_password:
        raise Invalid("新密码不能与原密码相同。", {"new_password": ["新密码不能与原密码相同。"]})
    validate_new_password(new_password, user, field="new_password")
    with transaction.atomic():
        user.set_password(new_password)
        user.must_change_password = False
        user.password_changed_at = timezone.now()
        user.save(update_fields=["password", "must_change_password", "password_changed_at"])
        revoked = revoke_tokens(user)
        audit.record("user.change_password", by=user, obj=user, after={"tokens_revoked": revoked})
    return user


def issue_token(user, *, ip=None, user_agent=""):
    with transaction.atomic():
        raw = ApiToken.issue(user, ip=ip, user_agent=user_agent)
        audit.record("auth.token", by=user, obj=user)
    return raw


def own_tokens(user):
    return ApiToken.objects.live().filter(user=user).order_by("-created_at", "-id")


def revoke_own_token(user, token_id):
    """A user revokes one of her tokens (another user's token answers 404 exactly like a missing one)."""
    token = ApiToken.objects.filter(user=user, pk=token_id).first() if str(token_id).isdigit() else None
    if token is None:
        raise NotFound()
    with transaction.atomic():
        token.delete()
        audit.record("auth.token_revoke", by=user, obj=user, after={"token": int(token_id)})


def revoke_own_tokens(user, *, reason):
    """All of the user's tokens (logout from the page, "全部撤销"); audited only when there were any."""
    with transaction.atomic():
        count = revoke_tokens(user)
        if count:
            audit.record(
                "auth.token_revoke", by=user, obj=user, after={"tokens": count, "reason": reason}, keep=("reason",)
            )
    return count


# ---------------------------------------------------------------- two-person changes of system accounts


def request_account_change(target, *, by, data):
    """The sysadmin files a request to change an account holding a system role; it waits for the secadmin."""
    require(by, "accounts.manage_users", message="只有系统管理员可以提交账号操作申请。")
    if target.pk == by.pk:
        raise Forbidden("不能为自己的账号提交账号操作申请。")
    if not holds_system_role(target):
        raise Conflict("该账号不持有系统角色，系统管理员可直接办理，无需申请。")
    cleaned = validate(AccountRequestForm(data))
    action = cleaned["action"]
    if action == AccountRequest.RESET_PASSWORD:
        if not cleaned.get("password"):
            raise Invalid("重置密码须填写新的初始密码。", {"password": ["请填写新的初始密码。"]})
        validate_new_password(cleaned["password"], target)
    elif action == AccountRequest.DEACTIVATE and not target.is_active:
        raise Conflict("该账号已停用。")
    elif action == AccountRequest.ACTIVATE and target.is_active:
        raise Conflict("该账号已启用。")
    elif action == AccountRequest.OTP_RESET:
        from . import twofactor

        if not twofactor.has_device(target):
            raise Conflict("该账号未启用动态口令。")
    with transaction.atomic():
        User.objects.select_for_update().filter(pk=target.pk).first()
        pending = AccountRequest.objects.filter(target=target, action=action, state="pending")
        if pending.filter(created_at__gte=timezone.now() - AccountRequest.LIFETIME).exists():
            raise Conflict("已有同一操作的申请在等待安全管理员确认。")
        req = AccountRequest.objects.create(
            target=target,
            action=action,
            reason=cleaned["reason"].strip(),
            password_hash=make_password(cleaned["password"]) if action == AccountRequest.RESET_PASSWORD else "",
            requested_by=by,
        )
        audit.record(
            "account_request.create",
            by=by,
            obj=target,
            after={"request": req.pk, "action": action, "reason": req.reason},
            keep=("reason",),
        )
    return req


def _locked_pending(req):
    req = AccountRequest.objects.select_for_update().select_related("target", "requested_by").get(pk=req.pk)
    if req.state != "pending":
        raise Conflict(f"该申请{req.get_state_display()}，不能重复处理。")
    if req.expired:
        raise Conflict("该申请已超过24小时未确认，已失效；如仍需办理，请系统管理员重新提交。")
    return req


def confirm_account_request(req, *, by):
    """The security administrator confirms: only now does the change run (two people, two system roles)."""
    require(by, "accounts.manage_roles", message="只有安全管理员可以确认账号操作申请。")
    if by.pk in (req.requested_by_id, req.target_id):
        raise Forbidden("申请须由申请人和对象账号以外的安全管理员确认。")
    with transaction.atomic():
        req = _locked_pending(req)
        target = User.objects.select_for_update().get(pk=req.target_id)
        before = audit.snapshot(target, USER_FIELDS)
        if req.action == AccountRequest.RESET_PASSWORD:
            _apply_password_hash(target, req.password_hash)
        elif req.action == AccountRequest.DEACTIVATE:
            _apply_active(target, False)
        elif req.action == AccountRequest.ACTIVATE:
            _apply_active(target, True)
        else:
            _apply_otp_reset(target)
        req.state, req.decided_by, req.decided_at, req.password_hash = "executed", by, timezone.now(), ""
        req.save()
        audit.record(
            EXECUTED_AUDIT_CODES[req.action],
            by=by,
            obj=target,
            before=before,
            after={
                **audit.snapshot(target, USER_FIELDS),
                "request": req.pk,
                "requested_by": req.requested_by.username,
                "reason": req.reason,
            },
        )
    return req


def reject_account_request(req, *, by):
    """The secadmin rejects a request, or the requesting sysadmin withdraws it."""
    withdraw = by.pk == req.requested_by_id
    if not withdraw:
        require(by, "accounts.manage_roles", message="只有安全管理员可以驳回账号操作申请。")
    with transaction.atomic():
        req = _locked_pending(req)
        req.state, req.decided_by, req.decided_at, req.password_hash = (
            ("withdrawn" if withdraw else "rejected"),
            by,
            timezone.now(),
            "",
        )
        req.save()
        audit.record(
            "account_request.withdraw" if withdraw else "account_request.reject",
            by=by,
            obj=req.target,
            after={"request": req.pk, "action": req.action},
        )
    return req


def account_requests_for(user):
    """The requests a system administrator or security administrator may see (everyone else: none)."""
    if not user.has_perm("accounts.view_requests"):
        return AccountRequest.objects.none()
    return AccountRequest.objects.select_related("target", "requested_by", "decided_by")


# ---------------------------------------------------------------- role grants


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


def member_grant_plan(org):
    """Who a bulk `member` grant over `org` would reach.

    Returns (to_grant, already, skipped): active accounts linked to an active person whose organisation lies
    in the org's subtree; `already` hold a `member` grant covering that organisation; `skipped` are the
    accounts the grant must not touch (a system role — 三员分立 — or a deactivated account).
    """
    users = (
        User.objects.filter(person__org__path__startswith=org.path, person__status="active")
        .select_related("person__org")
        .prefetch_related("role_assignments__org")
        .order_by("username")
    )
    to_grant, already, skipped = [], [], []
    for u in users:
        grants = list(u.role_assignments.all())
        home = u.person.org.path if u.person is not None else ""  # always set: `users` are linked to a person
        if not u.is_active or any(a.role in SYSTEM_ROLES for a in grants):
            skipped.append(u)
        elif any(a.role == MEMBER and a.org is not None and home.startswith(a.org.path) for a in grants):
            already.append(u)
        else:
            to_grant.append(u)
    return to_grant, already, skipped


def grant_members(org, *, by):
    """批量授予党员角色: every linked account under `org` gets `member` over its person's own organisation.

    Idempotent (accounts that already hold a covering grant are left alone); one `role.grant` event per new
    grant, as for a single grant, and one `role.grant_members` event naming the organisation and the counts.
    """
    require(by, "accounts.manage_roles", message="只有安全管理员可以授予角色。")
    with transaction.atomic():
        to_grant, already, skipped = member_grant_plan(org)
        granted = []
        for u in to_grant:
            try:
                with transaction.atomic():
                    a = RoleAssignment.objects.create(user=u, role=MEMBER, org=u.person.org, granted_by=by)
            except IntegrityError:  # granted meanwhile by a concurrent request
                already.append(u)
                continue
            audit.record("role.grant", by=by, obj=a, org=a.org, after={**audit.snapshot(a), "bulk": True})
            granted.append(a)
        result = {"org": org.pk, "granted": len(granted), "already": len(already), "skipped": len(skipped)}
        audit.record("role.grant_members", by=by, obj=org, org=org, after=result)
    return result


def revoke_role(assignment, *, by):
    require(by, "accounts.manage_roles", message="只有安全管理员可以撤销角色。")
    if assignment.user_id == by.pk and assignment.role in SYSTEM_ROLES:
        raise Forbidden("不能撤销自己的系统角色。")
    with transaction.atomic():
        before = audit.snapshot(assignment)
        audit.record("role.revoke", by=by, obj=assignment, org=assignment.org, before=before)
        assignment.delete()
    scope.clear_cache(assignment.user)
    return assignment

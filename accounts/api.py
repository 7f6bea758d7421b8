import datetime

from django.contrib.auth import authenticate, logout, user_logged_in
from ninja import Field, Query, Router, Schema

from core.api import AUTH, ErrorOut, Id, ListOut, Page, PageSize, paginate
from core.context import client_ip
from core.errors import ActionError, Forbidden, NotFound, Unauthenticated
from core.scoping import get_object_for_user
from core.verbs import require_verb

from . import actions, lockout, twofactor
from .models import ApiToken, RoleAssignment, User
from .roles import ROLE_LABELS

router = Router(tags=["账号与权限"])


class LoginRefused(ActionError):
    """A login refused by the lock-out (403) or the progressive delay (429); axes' middleware writes the body."""

    def __init__(self, request):
        status, message, code, _wait = lockout.refusal(request)
        super().__init__(message, code=code)
        self.status = status


class TokenIn(Schema):
    username: str = Field(..., max_length=150)
    password: str = Field(..., max_length=128)
    otp: str = Field("", max_length=10, description="动态口令（账号绑定了身份验证器时必填）")


class TokenOut(Schema):
    token: str


class PasswordIn(Schema):
    username: str = Field(..., max_length=150)
    old_password: str = Field(..., max_length=128)
    new_password: str = Field(..., max_length=128)
    otp: str = Field("", max_length=10)


def _login(request, username, password, otp):
    """Password, then second factor; a success clears the lock-out counter like a page login does."""
    user = authenticate(request=request, username=username, password=password)
    if getattr(request, "axes_locked_out", False):
        raise LoginRefused(request)
    if user is None:
        raise Unauthenticated(lockout.invalid_login_message())
    twofactor.check_login_token(request, user, otp)
    # What django.contrib.auth.login() signals for a page login: django-axes resets this (username, address)
    # pair's failures and logs the access; last_login is updated.
    user_logged_in.send(sender=user.__class__, request=request, user=user)
    return user


@router.post("/auth/token", response={200: TokenOut, 401: ErrorOut, 403: ErrorOut, 429: ErrorOut}, auth=None)
def obtain_token(request, payload: TokenIn):
    user = _login(request, payload.username, payload.password, payload.otp)
    if user.must_change_password:
        raise Forbidden("首次登录须先修改初始密码。", code="password_change_required")
    ip = getattr(request, "axes_ip_address", None) or client_ip(request)
    return {"token": actions.issue_token(user, ip=ip, user_agent=request.headers.get("User-Agent", ""))}


@router.post(
    "/auth/password", response={200: ErrorOut, 401: ErrorOut, 403: ErrorOut, 422: ErrorOut, 429: ErrorOut}, auth=None
)
def change_password(request, payload: PasswordIn):
    user = _login(request, payload.username, payload.old_password, payload.otp)
    actions.change_own_password(user, old_password=payload.old_password, new_password=payload.new_password)
    return {"detail": "密码已修改，原有的接口令牌均已失效。"}


def _calling_token(request):
    header = request.headers.get("Authorization", "")
    scheme, _, raw = header.partition(" ")
    if scheme.lower() != "bearer" or not raw.strip():
        return None
    return ApiToken.lookup(raw.strip())


@router.post("/auth/logout", auth=AUTH, response={200: ErrorOut})
def api_logout(request):
    """With a bearer token: that token dies. With a browser session: the session ends and all tokens die."""
    token = _calling_token(request)
    if token is not None:
        actions.revoke_own_token(request.auth, token.pk)
        return {"detail": "已退出，该令牌已失效。"}
    user = request.auth
    logout(request)
    actions.revoke_own_tokens(user, reason="logout")
    return {"detail": "已退出，您的接口令牌均已失效。"}


class TokenInfoOut(Schema):
    id: int
    created_at: datetime.datetime
    expires_at: datetime.datetime
    last_used_at: datetime.datetime | None
    ip: str | None = Field(None, alias="created_ip")
    user_agent: str
    current: bool


@router.get("/auth/tokens", auth=AUTH, response=ListOut[TokenInfoOut])
def list_tokens(request):
    """The caller's live tokens (`current` marks the one this call came with)."""
    calling = _calling_token(request)
    items = list(actions.own_tokens(request.auth))
    for t in items:
        t.current = calling is not None and t.id == calling.pk
    return {"count": len(items), "items": items}


@router.delete("/auth/tokens/{token_id}", auth=AUTH, response={204: None})
def revoke_token(request, token_id: Id):
    actions.revoke_own_token(request.auth, token_id)
    return 204, None


class RoleOut(Schema):
    id: int
    role: str
    role_label: str
    org: int | None = Field(None, alias="org_id")
    org_name: str | None

    @staticmethod
    def resolve_role_label(a):
        return str(ROLE_LABELS.get(a.role, a.role))

    @staticmethod
    def resolve_org_name(a):
        return a.org.name if a.org_id else None


class UserOut(Schema):
    id: int
    username: str
    person: int | None = Field(None, alias="person_id")
    is_active: bool
    must_change_password: bool
    roles: list[RoleOut]

    @staticmethod
    def resolve_roles(u):
        # A page of users brings its roles prefetched (`_with_roles`); one user reads hers now.
        if hasattr(u, "roles_listed"):
            return u.roles_listed
        return list(u.role_assignments.select_related("org"))


def _with_roles(user, roles):
    user.roles_listed = list(roles)
    return user


class PersonBriefOut(Schema):
    id: int
    name: str
    org: int = Field(..., alias="org_id")


class MeOut(UserOut):
    """The caller: her account, roles and the person she is (null for an account linked to nobody)."""

    person: PersonBriefOut | None  # type: ignore[assignment]  # the schema replaces UserOut's id by the record


@router.get("/me", auth=AUTH, response=MeOut)
def me(request):
    from accounts.scope import assignments

    user = request.auth
    return _with_roles(user, assignments(user))


class UserIn(Schema):
    username: str = Field(..., max_length=150)
    password: str = Field(..., max_length=128)
    person: Id | None = None


class UserPatch(Schema):
    is_active: bool | None = None
    password: str | None = Field(None, max_length=128)


def _users_for(user):
    require_verb(user, "accounts.view_accounts", message="只有系统管理员和安全管理员可以查看账号。")
    return User.objects.prefetch_related("role_assignments__org").order_by("username")


@router.get("/accounts/users", auth=AUTH, response=ListOut[UserOut])
def list_users(request, page: Page = 1, page_size: PageSize = 50, q: str = Query("", max_length=100)):
    qs = _users_for(request.auth)
    if q:
        qs = qs.filter(username__icontains=q)
    return paginate(qs, page, page_size, lambda u: _with_roles(u, u.role_assignments.all()))


@router.post("/accounts/users", auth=AUTH, response={201: UserOut})
def create_user(request, payload: UserIn):
    data = {"username": payload.username, "password": payload.password, "person": payload.person or ""}
    return 201, _with_roles(actions.create_user(by=request.auth, data=data), [])


def _user(request, user_id):
    qs = _users_for(request.auth)
    user = qs.filter(pk=user_id).first()
    if user is None:
        raise NotFound()
    return user


@router.get("/accounts/users/{user_id}", auth=AUTH, response=UserOut)
def get_user(request, user_id: Id):
    return _user(request, user_id)


@router.patch("/accounts/users/{user_id}", auth=AUTH, response=UserOut)
def patch_user(request, user_id: Id, payload: UserPatch):
    """The sysadmin's direct changes; on an account holding a system role they answer 403 `two_person_required`."""
    user = _user(request, user_id)
    if payload.is_active is not None:
        actions.set_active(user, by=request.auth, active=payload.is_active)
    if payload.password:
        actions.reset_password(user, by=request.auth, password=payload.password)
    return user


class RoleIn(Schema):
    role: str = Field(..., max_length=20)
    org: Id | None = None


@router.post("/accounts/users/{user_id}/roles", auth=AUTH, response={201: RoleOut})
def grant_role(request, user_id: Id, payload: RoleIn):
    require_verb(request.auth, "accounts.manage_roles")
    user = _user(request, user_id)
    return 201, actions.grant_role(user, by=request.auth, data={"role": payload.role, "org": payload.org or ""})


@router.delete("/accounts/users/{user_id}/roles/{role_id}", auth=AUTH, response={204: None})
def revoke_role(request, user_id: Id, role_id: Id):
    require_verb(request.auth, "accounts.manage_roles", message="只有安全管理员可以撤销角色。")
    assignment = RoleAssignment.objects.filter(pk=role_id, user_id=user_id).select_related("org", "user").first()
    if assignment is None:
        raise NotFound()
    actions.revoke_role(assignment, by=request.auth)
    return 204, None


# ---------------------------------------------------------------- bulk member grant


class MemberGrantIn(Schema):
    org: Id


def _grant_org(request, org_id):
    from orgs.models import Organisation

    require_verb(request.auth, "accounts.manage_roles")
    return get_object_for_user(Organisation, org_id, request.auth)


class MemberGrantPlanOut(Schema):
    org: int
    to_grant: int
    already: int
    skipped: int


class MemberGrantOut(Schema):
    org: int
    granted: int
    already: int
    skipped: int


@router.get("/accounts/member-grants", auth=AUTH, response=MemberGrantPlanOut)
def preview_member_grant(request, org: Id):
    """What `POST` would do: how many linked accounts under the organisation it would grant `member`."""
    target = _grant_org(request, org)
    to_grant, already, skipped = actions.member_grant_plan(target)
    return {"org": target.pk, "to_grant": len(to_grant), "already": len(already), "skipped": len(skipped)}


@router.post("/accounts/member-grants", auth=AUTH, response=MemberGrantOut)
def grant_members(request, payload: MemberGrantIn):
    """Every active account linked to a person under the organisation gets `member` over her own branch."""
    return actions.grant_members(_grant_org(request, payload.org), by=request.auth)


# ---------------------------------------------------------------- two-person requests on system accounts


class AccountRequestIn(Schema):
    action: str = Field(..., max_length=20, description="reset_password | deactivate | activate | otp_reset")
    reason: str = Field(..., max_length=200)
    password: str = Field("", max_length=128, description="新的初始密码（仅 reset_password）")


class AccountRequestOut(Schema):
    """A two-person request on a system account; `state` reads `expired` once it can no longer be confirmed."""

    id: int
    target: int = Field(..., alias="target_id")
    target_username: str = Field(..., alias="target.username")
    action: str
    action_label: str
    reason: str
    requested_by: str = Field(..., alias="requested_by.username")
    created_at: datetime.datetime
    state: str
    state_label: str
    decided_by: str | None
    decided_at: datetime.datetime | None

    @staticmethod
    def resolve_action_label(r):
        return r.get_action_display()

    @staticmethod
    def resolve_state(r):
        return "expired" if r.expired else r.state

    @staticmethod
    def resolve_decided_by(r):
        return r.decided_by.username if r.decided_by_id else None


@router.get("/accounts/requests", auth=AUTH, response=ListOut[AccountRequestOut])
def list_account_requests(request, state: str = Query("", max_length=10), page: Page = 1, page_size: PageSize = 50):
    require_verb(request.auth, "accounts.view_requests")
    qs = actions.account_requests_for(request.auth)
    if state:
        qs = qs.filter(state=state)
    return paginate(qs, page, page_size, lambda r: r)


@router.post("/accounts/users/{user_id}/requests", auth=AUTH, response={201: AccountRequestOut})
def create_account_request(request, user_id: Id, payload: AccountRequestIn):
    return 201, actions.request_account_change(_user(request, user_id), by=request.auth, data=payload.dict())


def _request(request, request_id):
    req = actions.account_requests_for(request.auth).filter(pk=request_id).first()
    if req is None:
        raise NotFound()
    return req


@router.post("/accounts/requests/{request_id}/confirm", auth=AUTH, response=AccountRequestOut)
def confirm_account_request(request, request_id: Id):
    return actions.confirm_account_request(_request(request, request_id), by=request.auth)


@router.post("/accounts/requests/{request_id}/reject", auth=AUTH, response=AccountRequestOut)
def reject_account_request(request, request_id: Id):
    return actions.reject_account_request(_request(request, request_id), by=request.auth)

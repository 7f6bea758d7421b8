from django.contrib.auth import authenticate
from ninja import Field, Query, Router, Schema

from core.api import AUTH, ErrorOut, Id, Page, PageSize, paginate
from core.errors import Forbidden, NotFound, Unauthenticated

from . import actions, twofactor
from .models import RoleAssignment, User
from .roles import ROLE_LABELS

router = Router(tags=["账号与权限"])


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


def _login(request, username, password):
    user = authenticate(request=request, username=username, password=password)
    if getattr(request, "axes_locked_out", False):
        raise Forbidden("连续登录失败次数过多，账号已锁定30分钟。", code="locked_out")
    if user is None:
        raise Unauthenticated("用户名或密码错误。连续失败5次，账号将被锁定30分钟。")
    return user


@router.post("/auth/token", response={200: TokenOut, 401: ErrorOut, 403: ErrorOut}, auth=None)
def obtain_token(request, payload: TokenIn):
    user = _login(request, payload.username, payload.password)
    twofactor.check_login_token(request, user, payload.otp)
    if user.must_change_password:
        raise Forbidden("首次登录须先修改初始密码。", code="password_change_required")
    return {"token": actions.issue_token(user)}


@router.post("/auth/password", response={200: ErrorOut, 403: ErrorOut, 422: ErrorOut}, auth=None)
def change_password(request, payload: PasswordIn):
    user = _login(request, payload.username, payload.old_password)
    twofactor.check_login_token(request, user, payload.otp)
    actions.change_own_password(user, old_password=payload.old_password, new_password=payload.new_password)
    return {"detail": "密码已修改。"}


def _role_out(a):
    return {
        "id": a.id,
        "role": a.role,
        "role_label": ROLE_LABELS.get(a.role, a.role),
        "org": a.org_id,
        "org_name": a.org.name if a.org_id else None,
    }


def _user_out(u, roles=None):
    return {
        "id": u.id,
        "username": u.username,
        "person": u.person_id,
        "is_active": u.is_active,
        "must_change_password": u.must_change_password,
        "roles": [_role_out(a) for a in (roles if roles is not None else u.role_assignments.select_related("org"))],
    }


@router.get("/me", auth=AUTH)
def me(request):
    from accounts.scope import assignments

    user = request.auth
    person = user.person
    return {
        **_user_out(user, assignments(user)),
        "person": {"id": person.id, "name": person.name, "org": person.org_id} if person else None,
    }


class UserIn(Schema):
    username: str = Field(..., max_length=150)
    password: str = Field(..., max_length=128)
    person: Id | None = None


class UserPatch(Schema):
    is_active: bool | None = None
    password: str | None = Field(None, max_length=128)


def _users_for(user):
    if not (user.has_role("sysadmin") or user.has_role("secadmin")):
        raise Forbidden("只有系统管理员和安全管理员可以查看账号。")
    return User.objects.prefetch_related("role_assignments__org").order_by("username")


@router.get("/accounts/users", auth=AUTH)
def list_users(request, page: Page = 1, page_size: PageSize = 50, q: str = Query("", max_length=100)):
    qs = _users_for(request.auth)
    if q:
        qs = qs.filter(username__icontains=q)
    return paginate(qs, page, page_size, lambda u: _user_out(u, u.role_assignments.all()))


@router.post("/accounts/users", auth=AUTH, response={201: dict})
def create_user(request, payload: UserIn):
    data = {"username": payload.username, "password": payload.password, "person": payload.person or ""}
    user = actions.create_user(by=request.auth, data=data)
    return 201, _user_out(user, [])


def _user(request, user_id):
    qs = _users_for(request.auth)
    user = qs.filter(pk=user_id).first()
    if user is None:
        raise NotFound()
    return user


@router.get("/accounts/users/{user_id}", auth=AUTH)
def get_user(request, user_id: Id):
    return _user_out(_user(request, user_id))


@router.patch("/accounts/users/{user_id}", auth=AUTH)
def patch_user(request, user_id: Id, payload: UserPatch):
    user = _user(request, user_id)
    if payload.is_active is not None:
        actions.set_active(user, by=request.auth, active=payload.is_active)
    if payload.password:
        actions.reset_password(user, by=request.auth, password=payload.password)
    return _user_out(user)


class RoleIn(Schema):
    role: str = Field(..., max_length=20)
    org: Id | None = None


@router.post("/accounts/users/{user_id}/roles", auth=AUTH, response={201: dict})
def grant_role(request, user_id: Id, payload: RoleIn):
    if not request.auth.has_role("secadmin"):
        raise Forbidden("只有安全管理员可以授予角色。")
    user = _user(request, user_id)
    assignment = actions.grant_role(user, by=request.auth, data={"role": payload.role, "org": payload.org or ""})
    return 201, _role_out(assignment)


@router.delete("/accounts/users/{user_id}/roles/{role_id}", auth=AUTH, response={204: None})
def revoke_role(request, user_id: Id, role_id: Id):
    if not request.auth.has_role("secadmin"):
        raise Forbidden("只有安全管理员可以撤销角色。")
    assignment = RoleAssignment.objects.filter(pk=role_id, user_id=user_id).select_related("org").first()
    if assignment is None:
        raise NotFound()
    actions.revoke_role(assignment, by=request.auth)
    return 204, None

from django.contrib import messages
from django.contrib.auth import logout, update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from core.errors import ActionError
from core.forms import add_errors
from core.pages import form_page, safe_next
from core.verbs import require_verb

from . import actions, twofactor
from .forms import AccountRequestForm, LoginForm, MemberGrantForm, PasswordChangeForm, RoleGrantForm, UserCreateForm
from .models import RoleAssignment, User


class LoginPage(LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


@require_POST
def logout_view(request):
    """Logging out of the page also revokes the user's API tokens (a shared computer keeps nothing usable)."""
    user = request.user
    logout(request)
    if user.is_authenticated:
        actions.revoke_own_tokens(user, reason="logout")
    messages.info(request, "您已安全退出。")
    return redirect("login")


@login_required
def token_list(request):
    """登录令牌: the API tokens issued to the user (mobile apps, scripts); she can revoke each or all."""
    user = request.user
    if request.method == "POST":
        if request.POST.get("op") == "revoke_all":
            n = actions.revoke_own_tokens(user, reason="revoke_all")
            messages.success(request, f"已撤销全部{n}个登录令牌。" if n else "没有可撤销的登录令牌。")
        else:
            try:
                actions.revoke_own_token(user, request.POST.get("token", ""))
                messages.success(request, "已撤销该登录令牌，使用它的客户端须重新登录。")
            except ActionError as e:
                messages.error(request, e.detail)
        return redirect("token_list")
    return render(request, "accounts/tokens.html", {"tokens": list(actions.own_tokens(user))})


@login_required
def two_factor(request):
    """Bind or unbind an authenticator app (TOTP) as a second login factor."""
    user = request.user
    if request.method == "POST":
        op, token = request.POST.get("op"), request.POST.get("token", "")[:10]
        try:
            if op == "start":
                twofactor.start(user)
            elif op == "confirm":
                twofactor.confirm(user, token)
                messages.success(request, "已启用动态口令，下次登录时请输入身份验证器上的6位数字。")
            elif op == "disable":
                twofactor.disable(user, token)
                messages.success(request, "已停用动态口令。")
        except ActionError as e:
            messages.error(request, e.detail)
        return redirect("two_factor")
    pending = twofactor.pending_device(user)
    secret = None
    if pending is not None:
        from base64 import b32encode

        secret = b32encode(pending.bin_key).decode()
    return render(
        request,
        "accounts/two_factor.html",
        {
            "enabled": twofactor.is_enabled(user),
            "pending": pending,
            "secret": secret,
            "config_url": pending.config_url if pending else None,
        },
    )


@login_required
def password_change(request):
    form = PasswordChangeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        if d["new_password2"] and d["new_password2"] != d["new_password"]:
            form.add_error("new_password2", "两次输入的新密码不一致。")
        else:
            try:
                actions.change_own_password(
                    request.user, old_password=d["old_password"], new_password=d["new_password"]
                )
            except ActionError as e:
                add_errors(form, e)
            else:
                update_session_auth_hash(request, request.user)
                messages.success(request, "密码已修改，原有的登录令牌均已失效。")
                return redirect("home")
    return render(request, "accounts/password_change.html", {"form": form})


def _admin_only(request):
    require_verb(request.user, "accounts.view_accounts")


def _pending_requests(user):
    return actions.account_requests_for(user).filter(state="pending")


@login_required
def user_list(request):
    _admin_only(request)
    q = request.GET.get("q", "")[:100]
    qs = User.objects.select_related("person").prefetch_related("role_assignments__org").order_by("username")
    if q:
        qs = qs.filter(username__icontains=q) | qs.filter(person__name__icontains=q)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    pending = sum(1 for r in _pending_requests(request.user) if not r.expired)
    return render(request, "accounts/user_list.html", {"page": page, "q": q, "pending_requests": pending})


@login_required
def user_create(request):
    require_verb(request.user, "accounts.manage_users", message="只有系统管理员可以创建账号。")
    return form_page(
        request,
        UserCreateForm(request.POST or None),
        action=lambda: actions.create_user(by=request.user, data=request.POST),
        success=lambda user: f"账号 {user.username} 已创建，首次登录须修改密码。",
        redirect_to=lambda user: reverse("user_detail", args=[user.pk]),
        title="新建账号",
        back_url=reverse("user_list"),
        back_label="账号管理",
        max_width="40rem",
        note="账号创建后没有任何权限，须由安全管理员授予角色（三员分立）。",
        submit_label="创建",
    )


@login_required
def user_detail(request, pk):
    _admin_only(request)
    user = request.user
    target = get_object_or_404(User.objects.select_related("person"), pk=pk)
    protected = actions.holds_system_role(target)
    grant_form = RoleGrantForm(request.POST or None) if user.has_perm("accounts.manage_roles") else None
    can_request = user.has_perm("accounts.manage_users") and protected and target.pk != user.pk
    request_form = AccountRequestForm(request.POST if request.POST.get("op") == "request" else None)
    if request.method == "POST":
        op = request.POST.get("op")
        try:
            if op == "grant" and grant_form is not None:
                actions.grant_role(target, by=user, data=request.POST)
                messages.success(request, "已授予角色。")
            elif op == "request":
                actions.request_account_change(target, by=user, data=request.POST)
                messages.success(request, "申请已提交，须由安全管理员确认后才会执行。")
            elif op == "reset":
                actions.reset_password(target, by=user, password=request.POST.get("password", ""))
                messages.success(request, "密码已重置，该账号下次登录须修改密码。")
            elif op == "otp_reset":
                twofactor.reset(target, by=user)
                messages.success(request, "已重置该账号的动态口令，用户可重新绑定。")
            elif op in ("activate", "deactivate"):
                actions.set_active(target, by=user, active=op == "activate")
                messages.success(request, "账号已启用。" if op == "activate" else "账号已停用。")
            return redirect("user_detail", target.pk)
        except ActionError as e:
            if op == "request":
                request_form.is_valid()
                if not request_form.errors:
                    add_errors(request_form, e)
            messages.error(request, e.detail)
    roles = target.role_assignments.select_related("org", "granted_by")
    return render(
        request,
        "accounts/user_detail.html",
        {
            "target": target,
            "roles": roles,
            "grant_form": grant_form,
            "otp_enabled": twofactor.is_enabled(target),
            "protected": protected,
            "request_form": request_form if can_request else None,
            "requests": actions.account_requests_for(user).filter(target=target)[:20],
        },
    )


@login_required
def request_list(request):
    """双人操作申请: the sysadmin's requests on system-role accounts, confirmed or rejected by the secadmin."""
    _admin_only(request)
    qs = actions.account_requests_for(request.user)
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    return render(request, "accounts/request_list.html", {"page": page})


@login_required
@require_POST
def request_decide(request, pk, decision):
    _admin_only(request)
    if decision not in ("confirm", "reject"):
        raise Http404()
    req = get_object_or_404(actions.account_requests_for(request.user), pk=pk)
    try:
        if decision == "confirm":
            actions.confirm_account_request(req, by=request.user)
            messages.success(request, f"已确认并执行：{req.get_action_display()} {req.target.username}。")
        else:
            req = actions.reject_account_request(req, by=request.user)
            messages.success(request, "已撤回申请。" if req.state == "withdrawn" else "已驳回申请。")
    except ActionError as e:
        messages.error(request, e.detail)
    return redirect(safe_next(request, "request_list"))


@login_required
def member_grant(request):
    """批量授予党员角色: the secadmin gives every linked account under an organisation the `member` role."""
    require_verb(request.user, "accounts.manage_roles")
    form = MemberGrantForm(request.POST or request.GET or None)
    plan = None
    if form.is_bound and form.is_valid():
        org = form.cleaned_data["org"]
        if request.method == "POST":
            try:
                result = actions.grant_members(org, by=request.user)
            except ActionError as e:
                messages.error(request, e.detail)
            else:
                messages.success(
                    request,
                    f"已为{org.name}下{result['granted']}个账号授予党员角色"
                    f"（{result['already']}个已持有，{result['skipped']}个系统角色或停用账号未授予）。",
                )
            return redirect(f"{request.path}?org={org.pk}")
        to_grant, already, skipped = actions.member_grant_plan(org)
        plan = {"org": org, "to_grant": to_grant, "already": len(already), "skipped": len(skipped)}
    return render(request, "accounts/member_grant.html", {"form": form, "plan": plan})


@login_required
@require_POST
def role_revoke(request, pk, role_id):
    _admin_only(request)
    assignment = get_object_or_404(RoleAssignment.objects.select_related("org", "user"), pk=role_id, user_id=pk)
    try:
        actions.revoke_role(assignment, by=request.user)
        messages.success(request, "已撤销角色。")
    except ActionError as e:
        messages.error(request, e.detail)
    return redirect("user_detail", pk)

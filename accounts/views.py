from django.contrib import messages
from django.contrib.auth import logout, update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from core.errors import ActionError
from core.forms import add_errors

from . import actions, twofactor
from .forms import LoginForm, PasswordChangeForm, RoleGrantForm, UserCreateForm
from .models import RoleAssignment, User


class LoginPage(LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


@require_POST
def logout_view(request):
    logout(request)
    messages.info(request, "您已安全退出。")
    return redirect("login")


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
                messages.success(request, "密码已修改。")
                return redirect("home")
    return render(request, "accounts/password_change.html", {"form": form})


def _admin_only(request):
    user = request.user
    if not (user.has_role("sysadmin") or user.has_role("secadmin")):
        from core.errors import Forbidden

        raise Forbidden("只有系统管理员和安全管理员可以管理账号。")


@login_required
def user_list(request):
    _admin_only(request)
    q = request.GET.get("q", "")[:100]
    qs = User.objects.select_related("person").prefetch_related("role_assignments__org").order_by("username")
    if q:
        qs = qs.filter(username__icontains=q) | qs.filter(person__name__icontains=q)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(request, "accounts/user_list.html", {"page": page, "q": q})


@login_required
def user_create(request):
    if not request.user.has_role("sysadmin"):
        from core.errors import Forbidden

        raise Forbidden("只有系统管理员可以创建账号。")
    form = UserCreateForm(request.POST or None)
    if request.method == "POST":
        try:
            user = actions.create_user(by=request.user, data=request.POST)
        except ActionError as e:
            form.is_valid()
            if not form.errors:
                add_errors(form, e)
        else:
            messages.success(request, f"账号 {user.username} 已创建，首次登录须修改密码。")
            return redirect("user_detail", user.pk)
    return render(request, "accounts/user_form.html", {"form": form})


@login_required
def user_detail(request, pk):
    _admin_only(request)
    target = get_object_or_404(User.objects.select_related("person"), pk=pk)
    grant_form = RoleGrantForm(request.POST or None) if request.user.has_role("secadmin") else None
    if request.method == "POST":
        op = request.POST.get("op")
        try:
            if op == "grant" and grant_form is not None:
                actions.grant_role(target, by=request.user, data=request.POST)
                messages.success(request, "已授予角色。")
            elif op == "reset":
                actions.reset_password(target, by=request.user, password=request.POST.get("password", ""))
                messages.success(request, "密码已重置，该账号下次登录须修改密码。")
            elif op == "otp_reset":
                twofactor.reset(target, by=request.user)
                messages.success(request, "已重置该账号的动态口令，用户可重新绑定。")
            elif op in ("activate", "deactivate"):
                actions.set_active(target, by=request.user, active=op == "activate")
                messages.success(request, "账号已启用。" if op == "activate" else "账号已停用。")
            return redirect("user_detail", target.pk)
        except ActionError as e:
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
        },
    )


@login_required
@require_POST
def role_revoke(request, pk, role_id):
    _admin_only(request)
    assignment = get_object_or_404(RoleAssignment.objects.select_related("org"), pk=role_id, user_id=pk)
    try:
        actions.revoke_role(assignment, by=request.user)
        messages.success(request, "已撤销角色。")
    except ActionError as e:
        messages.error(request, e.detail)
    return redirect("user_detail", pk)

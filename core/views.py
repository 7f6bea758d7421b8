import datetime

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render

from accounts import scope
from accounts.roles import ROLE_LABELS

from . import audit
from .api_audit import filter_events
from .models import AuditEvent


@login_required
def home(request):
    """Home: who I am, what I reach, and a to-do list contributed by the apps that have landed."""
    user = request.user
    from orgs.models import Organisation, Person

    context = {"assignments": [(ROLE_LABELS.get(a.role, a.role), a.org) for a in scope.assignments(user)]}
    paths = scope.business_paths(user)
    if paths:
        roots = list(Organisation.objects.filter(path__in=paths))
        from core.models import path_q

        context["scope_roots"] = roots
        context["scope_org_count"] = Organisation.objects.filter(path_q("path", paths)).count()
        context["scope_people_count"] = (
            Person.objects.visible_to(user).active().party_members().count() if scope.staff_paths(user) else None
        )
    context["member_branch"] = scope.member_branch(user)
    context["todo_sections"] = collect_todos(request)
    return render(request, "core/home.html", context)


def collect_todos(request):
    """Each landed app may offer `todos(request)` → [(title, [(text, url, badge)])] for the home page."""
    import importlib

    from django.conf import settings

    sections = []
    for app in ("plans", "records", "points"):
        if app in settings.INSTALLED_APPS:
            try:
                module = importlib.import_module(f"{app}.todos")
            except ModuleNotFoundError:
                continue
            sections.extend(module.todos(request))
    return sections


@login_required
def audit_log(request):
    if not request.user.has_role("auditor"):
        return forbidden(request, None)
    g = request.GET
    errors = []

    def parse_date(name):
        value = g.get(name, "").strip()
        if not value:
            return None
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            errors.append("日期格式应为 YYYY-MM-DD。")
            return None

    qs = filter_events(
        AuditEvent.objects.all(),
        actor=g.get("actor", "")[:150],
        action=g.get("action", "")[:80],
        date_from=parse_date("date_from"),
        date_to=parse_date("date_to"),
        q=g.get("q", "")[:100],
    )
    page = Paginator(qs, 50).get_page(g.get("page"))
    page.object_list = audit.describe(page.object_list)
    codes = AuditEvent.objects.values_list("action", flat=True).distinct().order_by("action")
    actions = [(code, audit.label(code)) for code in codes]
    return render(request, "core/audit_log.html", {"page": page, "errors": errors, "actions": actions})


def not_found(request, exception=None):
    return render(
        request, "core/error.html", {"code": 404, "message": "您访问的页面不存在，或您无权访问。"}, status=404
    )


def forbidden(request, exception=None):
    return render(request, "core/error.html", {"code": 403, "message": "您没有权限访问此页面。"}, status=403)


def bad_request(request, exception=None):
    return render(request, "core/error.html", {"code": 400, "message": "请求有误。"}, status=400)


def server_error(request):
    return render(request, "core/error.html", {"code": 500, "message": "服务器出错了，请稍后再试。"}, status=500)

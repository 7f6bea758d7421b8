from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone

from accounts import scope
from accounts.roles import ROLE_LABELS

from . import audit, home_panels, todos
from .api_audit import filter_events
from .forms import bad_date_message
from .models import AuditEvent, path_q
from .params import date_param


@login_required
def home(request):
    """Home: the to-do inbox first, then the user's own things; administrators also get their overview."""
    user = request.user
    today = timezone.localdate()
    box = todos.inbox(user, today)
    request._todo_counts = box.counts  # the navigation badge shows the same numbers without asking again
    kinds = {k for k, _label, _n in box.kinds}
    kind = request.GET.get("todo", "")
    kind = kind if kind in kinds else ""
    context = {
        "assignments": [(ROLE_LABELS.get(a.role, a.role), a.org) for a in scope.assignments(user)],
        "member_branch": scope.member_branch(user),
        "business": user.has_perm("core.do_business"),  # system accounts (三员) have no business to do
        "inbox": box,
        "todo_kind": kind,
        "todo_entries": box.of_kind(kind),
        "mine": home_panels.panels("mine", user, today),
        "overview": home_panels.panels("overview", user, today),
    }
    from orgs.models import Organisation, Person

    roots = list(Organisation.objects.staff_roots(user))
    if roots:  # an administrator's (or reviewer's) overview; a member sees her own things only
        context["scope_roots"] = roots
        context["scope_org_count"] = Organisation.objects.filter(path_q("path", [o.path for o in roots])).count()
        context["scope_people_count"] = Person.objects.visible_to(user).active().party_members().count()
    return render(request, "core/home.html", context)


@login_required
def audit_log(request):
    if not request.user.has_perm("core.view_audit"):
        return forbidden(request, None)
    g = request.GET
    errors = []

    def parse_date(name, label):
        value = date_param(g.get(name))
        if value is None and g.get(name, "").strip():
            errors.append(bad_date_message(label))
        return value

    qs = filter_events(
        AuditEvent.objects.all(),
        actor=g.get("actor", "")[:150],
        action=g.get("action", "")[:80],
        date_from=parse_date("date_from", "起始日期"),
        date_to=parse_date("date_to", "截止日期"),
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


def csrf_failure(request, reason=""):
    """Django's CSRF refusal page is English; say what happened and what to do."""
    return render(
        request,
        "core/error.html",
        {"code": 403, "message": "页面已过期或提交来源无法验证，未作任何修改。请刷新页面后重新提交。"},
        status=403,
    )


def bad_request(request, exception=None):
    return render(request, "core/error.html", {"code": 400, "message": "请求有误。"}, status=400)


def server_error(request):
    return render(request, "core/error.html", {"code": 500, "message": "服务器出错了，请稍后再试。"}, status=500)

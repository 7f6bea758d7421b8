"""Pages of the warnings (the per-branch red-amber-green table and the committee's rule settings) and the
monthly report (list, generate, detail with comments, publish, A4 print, .xlsx annex). Views parse, call an
action and render."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from core import dates, excel, workflow
from core.errors import ActionError, NotFound
from core.forms import add_errors
from core.pages import post_action
from core.params import id_param
from core.scoping import get_object_for_user
from core.verbs import require_verb
from orgs.models import Organisation

from . import actions_warnings as actions
from . import checks
from .forms_warnings import ReportCommentForm, ReportGenerateForm, WarningSettingForm
from .models_warnings import REPORT_SECTION_LABELS, REPORT_SECTIONS, MonthlyReport
from .rules_warnings import COMMITTEE_KINDS
from .workflows_report import REPORT


def _org(request, verb):
    """The subtree asked for (`?org=`, default the user's first administered one): 404 outside the scope."""
    require_verb(request.user, "core.do_business")
    raw = request.GET.get("org") or request.POST.get("org")
    if raw:
        pk = id_param(raw)
        if pk is None:
            raise NotFound()
        org = get_object_for_user(Organisation, pk, request.user)
    else:
        org = Organisation.objects.administered_by(request.user).order_by("depth", "path").first()
        if org is None:
            require_verb(request.user, verb, None)
    require_verb(request.user, verb, org)
    return org


def _choices(user, kinds=None):
    qs = Organisation.objects.administered_by(user).exclude(kind="group")
    if kinds:
        qs = qs.filter(kind__in=kinds)
    return list(qs.order_by("path")[:300])


@login_required
def warnings(request):
    """Branches × checks, each cell red / amber / green with its text and a link to the missing meeting."""
    org = _org(request, "dashboard.view_warnings")
    today = dates.today()
    table = checks.table(org, today)
    red_only = request.GET.get("red") == "1"
    shown = table.red_only() if red_only else table
    return render(
        request,
        "dashboard/warnings/table.html",
        {
            "org": org,
            "table": shown,
            "counts": table.counts,
            "red_only": red_only,
            "today": today,
            "org_choices": _choices(request.user),
            "may_set": request.user.has_perm("dashboard.set_warnings", org),
            "labels": checks.STATUS_LABELS,
        },
    )


@login_required
def warning_settings(request):
    """The committee's rule settings: each check on or off and its params, one form per check."""
    org = _org(request, "dashboard.set_warnings")
    rules = checks.rules_for(org)
    forms, failed = [], None
    if request.method == "POST":
        code = request.POST.get("code", "")
        try:
            actions.save_setting(org, code, by=request.user, data=request.POST)
        except ActionError as e:
            failed = (code, e)
        else:
            label = next((r.label for r in rules if r.code == code), code)
            messages.success(request, f"已保存预警规则：{label}。")
            return redirect(f"{reverse('dashboard:warning_settings')}?org={org.id}")
    for rule in rules:
        if failed and failed[0] == rule.code:
            form = WarningSettingForm(request.POST, rule=rule)
            form.is_valid()
            add_errors(form, failed[1])
        else:
            form = WarningSettingForm(rule=rule)
        forms.append((rule, form))
    if failed and not any(r.code == failed[0] for r in rules):
        messages.error(request, failed[1].detail)
    return render(
        request,
        "dashboard/warnings/settings.html",
        {"org": org, "forms": forms, "org_choices": _choices(request.user, COMMITTEE_KINDS)},
        status=400 if failed else 200,
    )


# ---------------------------------------------------------------- monthly report


def _report(request, pk):
    return get_object_for_user(MonthlyReport.objects.select_related("org"), pk, request.user)


@login_required
def report_list(request):
    require_verb(request.user, "core.do_business")
    today = dates.today()
    orgs = Organisation.objects.administered_by(request.user).filter(kind__in=COMMITTEE_KINDS).order_by("path")
    may_generate = request.user.has_perm("dashboard.manage_report", orgs.first()) if orgs.exists() else False
    prev = today.replace(day=1) - datetime.timedelta(days=1)
    form = ReportGenerateForm(
        request.POST or None, orgs=orgs, initial={"month": f"{prev.year}-{prev.month:02d}", "org": orgs.first()}
    )
    if request.method == "POST":
        try:
            obj = actions.generate_report(by=request.user, data=request.POST, orgs=orgs, today=today)
        except ActionError as e:
            form.is_valid()
            add_errors(form, e)
        else:
            messages.success(request, f"已生成：{obj.title}。")
            return redirect("dashboard:report_detail", obj.pk)
    reports = list(MonthlyReport.objects.visible_to(request.user).select_related("org")[:200])
    return render(
        request,
        "dashboard/report/list.html",
        {"reports": reports, "form": form, "may_generate": may_generate},
        status=400 if request.method == "POST" else 200,
    )


def _context(request, obj):
    snap = obj.snapshot or {}
    sections = [{"key": key, "label": label, "comment": obj.comments.get(key, "")} for key, label in REPORT_SECTIONS]
    return {
        "report": obj,
        "snap": snap,
        "sections": sections,
        "data": snap.get("sections", {}),
        "warnings": snap.get("warnings", {}),
        "labels": checks.STATUS_LABELS,
    }


@login_required
def report_detail(request, pk):
    obj = _report(request, pk)
    context = _context(request, obj)
    may_comment = obj.state == "draft" and request.user.has_perm("dashboard.manage_report", obj)
    for s in context["sections"]:
        s["form"] = ReportCommentForm(initial={"section": s["key"], "text": s["comment"]}) if may_comment else None
    context.update({"may_comment": may_comment, "transitions": REPORT.available(obj, request.user)})
    return render(request, "dashboard/report/detail.html", context)


@login_required
@require_POST
def report_comment(request, pk):
    obj = _report(request, pk)
    label = REPORT_SECTION_LABELS.get(request.POST.get("section", ""), "")
    return post_action(
        request,
        actions.comment_report,
        obj,
        by=request.user,
        data=request.POST,
        success=f"已保存评语：{label}。",
        next_default=reverse("dashboard:report_detail", args=[obj.pk]),
    )


@login_required
@require_POST
def report_transition(request, pk, name):
    obj = _report(request, pk)
    t = REPORT.transition(name)
    return post_action(
        request,
        lambda: workflow.run(obj, name, by=request.user, data=request.POST),
        success=lambda o: f"已{t.label}：{o}。",
        next_default=reverse("dashboard:report_detail", args=[obj.pk]),
    )


@login_required
def report_print(request, pk):
    obj = _report(request, pk)
    return render(request, "dashboard/report/print.html", _context(request, obj))


@login_required
def report_annex(request, pk):
    from .report_excel import sheets

    obj = _report(request, pk)
    return excel.xlsx_response(f"{obj.title}（附件）.xlsx", sheets(obj), by=request.user)

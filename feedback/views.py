"""Pages of the 七彩心桥 module.

Public (no login): leave a suggestion (`write`), follow and rate it by its code (`track`), and the reply
board (`board`) — which shows what was asked and answered, never who asked. The organisations' pages: the
feedback list and detail with its transitions, the problem list (filters, .xlsx), detail, create and edit.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from core import workflow
from core.context import client_ip
from core.dates import today
from core.errors import ActionError, NotFound
from core.excel import Column, Ledger, xlsx_response
from core.forms import add_errors
from core.pages import form_page, post_action
from core.params import id_param
from core.scoping import get_object_for_user
from orgs.models import Organisation

from . import actions, rules
from .choices import RATING_LABELS, SOURCE_LABELS, SOURCES, FeedbackState, ProblemState
from .forms import FeedbackForm, LimitsForm, ProblemForm, RatingForm
from .limits import limits_for
from .models import Feedback
from .querysets import filter_feedback, filter_problems, problem_list_qs, project_ids
from .workflows import FEEDBACK, PROBLEM

# ---- public pages ------------------------------------------------------------------------------------


def write(request):
    """留言: anyone leaves a suggestion for an organisation (phone-sized page, CSRF-protected, rate-limited)."""
    initial = {}
    org_id = id_param(request.GET.get("org"))
    if org_id:
        initial["org"] = org_id
    form = FeedbackForm(request.POST or None, initial=initial)
    if request.method == "POST":
        try:
            item = actions.submit_feedback(data=request.POST, client_address=client_ip(request))
        except ActionError as e:
            form.is_valid()
            add_errors(form, e)
        else:
            request.session["feedback_written"] = item.code
            return redirect("feedback:track", code=item.code)
    return render(request, "feedback/write.html", {"form": form})


def track(request, code=None):
    """Follow a suggestion by its code; once answered, rate it."""
    if code is None:
        code = (request.GET.get("code") or "").strip()
        if not code:
            return render(request, "feedback/track_find.html", {})
        return redirect("feedback:track", code=code[:40])
    try:
        item = actions.by_code(code)
    except NotFound as e:
        return render(request, "feedback/track_find.html", {"error": e.detail, "code": code[:40]}, status=404)
    form = RatingForm(request.POST or None)
    if request.method == "POST":
        try:
            actions.rate_by_code(code, data=request.POST)
        except ActionError as e:
            form.is_valid()
            add_errors(form, e)
        else:
            messages.success(request, "感谢您的评价！")
            return redirect("feedback:track", code=code)
    just_written = request.session.pop("feedback_written", None) == item.code
    return render(
        request,
        "feedback/track.html",
        {"item": item, "form": form, "just_written": just_written, "rating_label": RATING_LABELS.get(item.rating)},
    )


def board(request):
    """答复公示: answered items, what was asked and the answer; never the writer's name or phone."""
    qs = Feedback.objects.on_board().select_related("org", "handler").order_by("-answered_at", "-id")
    org_id = id_param(request.GET.get("org"))
    if org_id:
        qs = qs.filter(org_id=org_id)
    page = Paginator(qs, 20).get_page(request.GET.get("page"))
    return render(request, "feedback/board.html", {"page": page, "ratings": RATING_LABELS})


# ---- the organisations' feedback pages --------------------------------------------------------------


STATE_FILTERS = [("open", "办理中（全部未办结）"), *FeedbackState.choices]


@login_required
def feedback_list(request):
    user, now = request.user, today()
    state = request.GET.get("state") or ""
    overdue = request.GET.get("overdue") == "1"
    qs = filter_feedback(Feedback.objects.visible_to(user), state=state, overdue=overdue, today=now)
    qs = qs.select_related("org", "handler", "problem").order_by("-created_at", "-id")
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    for item in page:
        item.overdue = item.is_overdue(now)
    return render(
        request,
        "feedback/feedback_list.html",
        {
            "page": page,
            "state": state,
            "overdue": overdue,
            "states": STATE_FILTERS,
            "overdue_count": Feedback.objects.visible_to(user).overdue(now).count(),
            "may_set_limits": user.has_perm("feedback.set_limits"),
        },
    )


def _feedback(request, pk):
    return get_object_for_user(Feedback.objects.select_related("org", "handler", "problem"), pk, request.user)


def _feedback_page(request, item, bound=None, status=200):
    """The detail with a form for each available transition (`bound`: the refused one, refilled)."""
    user = request.user
    forms = {}
    for t in workflow.available(item, user):
        if t.form is not None:
            forms[t.name] = bound[1] if bound and bound[0] == t.name else FEEDBACK.form(item, t)
    problem = getattr(item, "problem", None)
    return render(
        request,
        "feedback/feedback_detail.html",
        {
            "item": item,
            "forms": forms,
            "overdue": item.is_overdue(today()),
            "phone": item.get_phone() if user.has_perm("feedback.handle", item) else item.phone_masked,
            "problem": problem,
            "may_make_problem": problem is None and user.has_perm("feedback.handle", item),
            "limits": limits_for(item.handler),
            "rating_label": RATING_LABELS.get(item.rating),
        },
        status=status,
    )


@login_required
def feedback_detail(request, pk):
    return _feedback_page(request, _feedback(request, pk))


@login_required
@require_POST
def feedback_transition(request, pk, name):
    item = _feedback(request, pk)
    try:
        actions.transition_feedback(item, name, by=request.user, data=request.POST)
    except ActionError as e:
        t = next((t for t in FEEDBACK.transitions if t.name == name), None)
        if t is not None and t.form is not None and FEEDBACK.refusal(item, name, request.user) is None:
            form = FEEDBACK.form(item, t, request.POST)
            form.is_valid()
            add_errors(form, e)
            messages.error(request, e.detail)
            return _feedback_page(request, item, bound=(name, form), status=200)
        messages.error(request, e.detail)
    else:
        label = next(t.label for t in FEEDBACK.transitions if t.name == name)
        messages.success(request, f"已{label}。")
    return redirect("feedback:feedback_detail", pk=item.pk)


@login_required
@require_POST
def feedback_problem(request, pk):
    item = _feedback(request, pk)
    return post_action(
        request,
        actions.feedback_to_problem,
        item,
        by=request.user,
        success="已转为问题清单，可对号认领或立项解决。",
        next_default=lambda p: (
            reverse("feedback:problem_detail", args=[p.pk])
            if p
            else reverse("feedback:feedback_detail", args=[item.pk])
        ),
    )


@login_required
def limits_edit(request):
    """A committee's working-day limits (受理, 办结) for its subtree."""
    user = request.user
    committees = Organisation.objects.administered_by(user).filter(kind__in=rules.COMMITTEE_KINDS)
    org_id = id_param(request.GET.get("org"))
    org = committees.filter(pk=org_id).first() if org_id else committees.first()
    if org is None:
        raise NotFound("您不是党委（党工委）的党务管理员。")
    current = limits_for(org)
    initial = {"accept_days": current.accept_days, "answer_days": current.answer_days}
    return form_page(
        request,
        LimitsForm(request.POST or None, initial=initial),
        action=lambda: actions.save_limits(org, by=user, data=request.POST),
        success=f"已保存{org.name}的意见建议办理时限。",
        redirect_to=reverse("feedback:feedback_list"),
        title=f"意见建议办理时限：{org.name}",
        back_url=reverse("feedback:feedback_list"),
        back_label="意见建议",
        note="按工作日计算（节假日和调休按国家规定）；适用于本组织及下级组织，下级党委另行设置的以下级为准。",
        max_width="32rem",
    )


# ---- problems ---------------------------------------------------------------------------------------


def _problem_filters(request):
    return {
        "state": request.GET.get("state") or "",
        "source": request.GET.get("source") or "",
        "q": (request.GET.get("q") or "")[:100],
    }


@login_required
def problem_list(request):
    user = request.user
    filters = _problem_filters(request)
    qs = filter_problems(problem_list_qs(user), **filters).order_by("-created_at", "-id")
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    for p in page:
        p.project_ids = project_ids(p)
    return render(
        request,
        "feedback/problem_list.html",
        {
            "page": page,
            "filters": filters,
            "states": ProblemState.choices,
            "sources": SOURCES,
            "may_create": user.has_perm("feedback.manage_problems"),
            "query": request.GET.urlencode(),
        },
    )


@login_required
def problem_export(request):
    user = request.user
    filters = _problem_filters(request)
    qs = filter_problems(problem_list_qs(user), **filters).order_by("org__path", "-created_at", "id")
    rows = (
        [
            p.org.name,
            p.title,
            p.description,
            SOURCE_LABELS.get(p.source, p.source),
            p.found_on,
            "是" if p.shared else "否",
            p.raised_to.name if p.raised_to else "",
            "、".join(c.org.name for c in p.claims.all()),
            p.get_state_display(),
            p.close_reason,
        ]
        for p in qs.iterator(chunk_size=500)
    )
    ledger = Ledger(
        name="问题清单",
        title="问题清单（亮短板）台账",
        columns=[
            Column("提出组织"),
            Column("问题"),
            Column("具体情况", "long"),
            Column("来源"),
            Column("发现日期", "date"),
            Column("共性问题"),
            Column("提交上级"),
            Column("认领组织", "long"),
            Column("状态"),
            Column("销号说明", "long"),
        ],
        rows=rows,
    )
    return xlsx_response(f"问题清单_{today():%Y%m%d}.xlsx", [ledger], by=user)


def _problem(request, pk):
    return get_object_for_user(problem_list_qs(request.user), pk, request.user)


def _problem_page(request, problem, bound=None):
    user = request.user
    available = {t.name: t for t in workflow.available(problem, user)}
    claimed = {c.org_id for c in problem.claims.all()}
    candidates = list(rules.claim_orgs(user, problem).exclude(pk__in=claimed)[:200]) if "claim" in available else []
    feedback = problem.feedback if problem.feedback_id else None
    may_see_feedback = bool(feedback) and Feedback.objects.visible_to(user).filter(pk=problem.feedback_id).exists()
    return render(
        request,
        "feedback/problem_detail.html",
        {
            "problem": problem,
            "transitions": available,
            "candidates": candidates,
            "close_form": bound[1]
            if bound and bound[0] == "close"
            else (PROBLEM.form(problem, "close") if "close" in available else None),
            "feedback": feedback if may_see_feedback else None,
            "projects": list(problem.projects.model.objects.visible_to(user).filter(problems=problem))
            if project_ids(problem)
            else [],
            "may_edit": problem.state != ProblemState.CLOSED and user.has_perm("feedback.edit_problem", problem),
        },
    )


@login_required
def problem_detail(request, pk):
    return _problem_page(request, _problem(request, pk))


@login_required
def problem_create(request):
    user = request.user
    orgs = rules.problem_orgs(user)
    if not orgs.exists():
        raise NotFound("您没有可维护问题清单的组织。")
    form = ProblemForm(request.POST or None, orgs=orgs, initial={"found_on": today(), "org": orgs.first()})
    form.fields["source"].choices = [c for c in SOURCES if c[0] != "feedback"]
    return form_page(
        request,
        form,
        action=lambda: actions.create_problem(by=user, data=request.POST, orgs=orgs),
        success="已列入问题清单。",
        redirect_to=lambda p: reverse("feedback:problem_detail", args=[p.pk]),
        title="列入问题清单",
        back_url=reverse("feedback:problem_list"),
        back_label="问题清单",
        note="来源于群众意见建议的问题，请在该意见建议中点“转为问题”，以便关联原件。",
        testid="problem-form",
    )


@login_required
def problem_edit(request, pk):
    user = request.user
    problem = _problem(request, pk)
    if problem.state == ProblemState.CLOSED or not user.has_perm("feedback.edit_problem", problem):
        raise NotFound()
    orgs = Organisation.objects.filter(pk=problem.org_id)
    initial = {
        "org": problem.org_id,
        "title": problem.title,
        "description": problem.description,
        "source": problem.source,
        "found_on": problem.found_on,
        "shared": problem.shared,
    }
    form = ProblemForm(request.POST or None, orgs=orgs, initial=initial)
    if problem.source != "feedback":
        form.fields["source"].choices = [c for c in SOURCES if c[0] != "feedback"]
    else:
        form.fields["source"].choices = [c for c in SOURCES if c[0] == "feedback"]
    return form_page(
        request,
        form,
        action=lambda: actions.update_problem(problem, by=user, data=request.POST),
        success="已保存。",
        redirect_to=reverse("feedback:problem_detail", args=[problem.pk]),
        title="修改问题",
        back_url=reverse("feedback:problem_detail", args=[problem.pk]),
        back_label=problem.title,
        testid="problem-form",
    )


@login_required
@require_POST
def problem_transition(request, pk, name):
    problem = _problem(request, pk)
    names = {"claim": "已认领。", "raise": "已提交上级党委，作为共性问题统筹解决。", "close": "已销号。"}
    if name not in names:
        raise NotFound()
    if name == "close":
        try:
            actions.transition_problem(problem, "close", by=request.user, data=request.POST)
        except ActionError as e:
            if PROBLEM.refusal(problem, "close", request.user) is None:
                form = PROBLEM.form(problem, "close", request.POST)
                form.is_valid()
                add_errors(form, e)
                messages.error(request, e.detail)
                return _problem_page(request, problem, bound=("close", form))
            messages.error(request, e.detail)
            return redirect("feedback:problem_detail", pk=problem.pk)
        messages.success(request, names[name])
        return redirect("feedback:problem_detail", pk=problem.pk)
    return post_action(
        request,
        actions.transition_problem,
        problem,
        name,
        by=request.user,
        data=request.POST,
        success=names[name],
        next_default=reverse("feedback:problem_detail", args=[problem.pk]),
    )

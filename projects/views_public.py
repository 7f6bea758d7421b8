"""Pages of 四公开 (public page, QR code, survey entry), acceptance (结题报告, panel, scoring, 验收表) and awards
(层层打擂 ranking, nominations, 经验交流 cases, an organisation's honours).

The public page needs no login: it is found by its unguessable token and shows names only (no phone, no ID, no
contact of anyone); its survey form is phone-sized, CSRF-protected and rate-limited (actions_public).
"""

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from core.context import client_ip
from core.errors import ActionError, NotFound
from core.forms import add_errors
from core.pages import form_page, post_action
from core.params import id_param
from core.scoping import get_object_for_user
from core.verbs import require_verb
from orgs.models import Organisation

from . import actions_public as actions
from . import eligibility, queries_public
from .forms_public import (
    ClosingReportForm,
    DisclosureForm,
    EntryForm,
    NominateForm,
    PaperCountsForm,
    ScoreForm,
    SurveyForm,
)
from .metrics_public import satisfaction, scores_of
from .models import (
    AwardKind,
    AwardState,
    ClosingEvidence,
    ClosingReport,
    Disclosure,
    PaperSurveyScan,
    Project,
    Scorer,
    SurveyResponse,
)
from .queries import project_qs
from .workflows_public import AWARD


def _project(request, pk):
    return get_object_for_user(project_qs(), pk, request.user)


def _detail_url(project):
    return reverse("projects:project_detail", args=[project.pk])


# ---------------------------------------------------------------- the public page (no login)


def public_page(request, token):
    """四公开: content, goal, progress, effect of a project, its satisfaction, and the survey (phone-sized)."""
    try:
        d = actions.by_token(token)
    except NotFound as e:
        return render(request, "projects/public_missing.html", {"error": e.detail}, status=404)
    project = d.project
    form = SurveyForm(request.POST or None)
    if request.method == "POST":
        try:
            actions.submit_public_response(token, data=request.POST, client_address=client_ip(request))
        except ActionError as e:
            form.is_valid()
            add_errors(form, e)
            messages.error(request, e.detail)
        else:
            request.session["project_survey_done"] = d.token
            return redirect("projects:public_page", token=d.token)
    report = ClosingReport.objects.filter(project=project).values_list("results", flat=True).first()
    return render(
        request,
        "projects/public_page.html",
        {
            "d": d,
            "project": project,
            "team": list(project.team.order_by("id").values_list("name", flat=True)),
            "sat": satisfaction(project),
            "form": form,
            "survey_open": actions.survey_open(project),
            "thanks": request.session.pop("project_survey_done", None) == d.token,
            "effect": d.effect or (report if project.state == "accepted" else ""),
            "awards": [a for a in queries_public.project_awards(project) if a.state == AwardState.APPROVED],
        },
    )


def _qr_svg(url):
    return mark_safe(segno.make(url, error="m").svg_inline(scale=6, border=2, dark="#222", omitsize=True))


# ---------------------------------------------------------------- the organisation's 四公开 and survey pages


@login_required
def disclosure_edit(request, pk):
    project = _project(request, pk)
    require_verb(request.user, "projects.disclose", project)
    d = Disclosure.objects.filter(project=project).first()
    initial = {"progress": d.progress, "effect": d.effect} if d else {}
    return form_page(
        request,
        DisclosureForm(request.POST or None, initial=initial),
        action=lambda: actions.save_disclosure(project, by=request.user, data=request.POST),
        success="四公开内容已保存，公开页已更新。",
        redirect_to=_detail_url(project),
        title=f"四公开：{project.title}",
        subtitle="项目内容和目标任务取自立项表；这里填写完成进度和实施效果。公开页只显示姓名，不显示其他个人信息。",
        back_url=_detail_url(project),
        back_label=project.title,
        testid="disclosure-form",
    )


@login_required
@require_POST
def disclosure_token(request, pk):
    project = _project(request, pk)
    return post_action(
        request,
        lambda: actions.regenerate_token(project, by=request.user),
        success="已生成新的公开地址，原地址和已打印的二维码不再有效。",
        next_default=_detail_url(project),
    )


@login_required
def qr_print(request, pk):
    """The QR code of the public page on an A4 sheet to put up (扫码了解项目、参与满意度测评)."""
    project = _project(request, pk)
    d = Disclosure.objects.filter(project=project).first()
    if d is None:
        raise NotFound("该项目还没有公开页，请先填写四公开内容。")
    url = request.build_absolute_uri(reverse("projects:public_page", args=[d.token]))
    return render(request, "projects/public_qr.html", {"project": project, "url": url, "svg": _qr_svg(url)})


@login_required
def survey_entry(request, pk):
    """纸质问卷录入: one answer at a time, or the counts of a paper survey with its scanned forms."""
    project = _project(request, pk)
    require_verb(request.user, "projects.enter_survey", project)
    op = request.POST.get("op") if request.method == "POST" else None
    one = EntryForm(request.POST if op == "one" else None)
    counts = PaperCountsForm(request.POST if op == "counts" else None)
    file_errors: list[str] = []
    if op in ("one", "counts"):
        try:
            if op == "one":
                actions.enter_response(project, by=request.user, data=request.POST)
                messages.success(request, "已录入1份测评。")
            else:
                actions.enter_paper_counts(
                    project, by=request.user, data=request.POST, files=request.FILES.getlist("files")
                )
                messages.success(request, "已录入纸质问卷汇总及扫描件。")
        except ActionError as e:
            form = one if op == "one" else counts
            form.is_valid()
            add_errors(form, e)
            file_errors = (getattr(e, "errors", None) or {}).get("files", [])
            messages.error(request, e.detail)
        else:
            return redirect("projects:survey_entry", pk=project.pk)
    entered = (
        SurveyResponse.objects.filter(project=project)
        .exclude(source="online")
        .select_related("entered_by", "paper")
        .order_by("-created_at", "-id")[:50]
    )
    return render(
        request,
        "projects/public_survey_entry.html",
        {
            "project": project,
            "one": one,
            "counts": counts,
            "file_errors": file_errors,
            "sat": satisfaction(project),
            "entered": entered,
            "papers": project.paper_surveys.prefetch_related("scans").select_related("entered_by"),
            "accept": actions.ACCEPT,
        },
    )


@login_required
def scan_download(request, pk):
    scan = PaperSurveyScan.objects.filter(pk=pk, paper__project__in=Project.objects.visible_to(request.user)).first()
    return _download(scan)


@login_required
def evidence_download(request, pk):
    ev = ClosingEvidence.objects.filter(pk=pk, report__project__in=Project.objects.visible_to(request.user)).first()
    return _download(ev)


def _download(row):
    if row is None:
        raise NotFound()
    response = FileResponse(row.file.open("rb"), content_type=row.content_type, as_attachment=True, filename=row.name)
    response["X-Content-Type-Options"] = "nosniff"
    return response


# ---------------------------------------------------------------- acceptance


@login_required
def closing_report(request, pk):
    """结题报告 with evidence; "保存并申请结题" saves it and requests closing in one step."""
    project = _project(request, pk)
    require_verb(request.user, "projects.report_closing", project)
    report = ClosingReport.objects.filter(project=project).prefetch_related("evidence").first()
    initial = {"results": report.results, "goal_met": report.goal_met} if report else {}
    form = ClosingReportForm(request.POST or None, initial=initial)
    file_errors: list[str] = []
    if request.method == "POST":
        closing = request.POST.get("op") == "close"
        try:
            actions.save_closing_report(
                project,
                by=request.user,
                data=request.POST,
                files=request.FILES.getlist("files"),
                request_closing=closing,
            )
        except ActionError as e:
            form.is_valid()
            add_errors(form, e)
            file_errors = (getattr(e, "errors", None) or {}).get("files", [])
            messages.error(request, e.detail)
        else:
            messages.success(request, "结题报告已保存，已申请结题验收。" if closing else "结题报告已保存。")
            return redirect(_detail_url(project))
    return render(
        request,
        "projects/public_closing_report.html",
        {
            "project": project,
            "form": form,
            "report": report,
            "file_errors": file_errors,
            "accept": actions.ACCEPT,
            "may_close": project.state == "in_progress",
        },
    )


@login_required
@require_POST
def scorer_add(request, pk):
    project = _project(request, pk)
    return post_action(
        request,
        lambda: actions.add_scorer(project, by=request.user, data=request.POST),
        success=lambda s: f"已将{s.person.name}加入验收评审组。",
        next_default=_detail_url(project) + "#acceptance",
    )


@login_required
@require_POST
def scorer_remove(request, pk, scorer_id):
    project = _project(request, pk)
    scorer = Scorer.objects.filter(project=project, pk=scorer_id).select_related("person", "project__org").first()
    if scorer is None:
        raise NotFound()
    return post_action(
        request,
        lambda: actions.remove_scorer(scorer, by=request.user),
        success="已移出验收评审组。",
        next_default=_detail_url(project) + "#acceptance",
    )


@login_required
def score(request, pk):
    """A panel member's scoring sheet: every criterion 0–100, with a comment."""
    project = _project(request, pk)
    require_verb(request.user, "projects.score", project)
    seat = actions.my_seat(project, request.user)
    criteria = queries_public.criteria(project)
    initial = {f"c{s.criterion_id}": s.score for s in seat.scores.all()} if seat else {}
    if seat:
        initial["comment"] = seat.comment
    report = ClosingReport.objects.filter(project=project).prefetch_related("evidence").first()
    return form_page(
        request,
        ScoreForm(request.POST or None, criteria=criteria, initial=initial),
        action=lambda: actions.submit_scores(project, by=request.user, data=request.POST),
        success="评分已提交，验收决定前可以修改。",
        redirect_to=_detail_url(project) + "#acceptance",
        template="projects/public_score.html",
        title=f"验收评分：{project.title}",
        back_url=_detail_url(project),
        back_label=project.title,
        project=project,
        report=report,
        sat=satisfaction(project),
        submit_label="提交评分",
        testid="score-form",
    )


@login_required
def acceptance_print(request, pk):
    """验收表 on A4: the charter's goal, the closing report, each scorer's scores, the mean, the satisfaction and
    the decision, with the signature boxes."""
    project = _project(request, pk)
    seats = queries_public.panel(project)
    weighted = scores_of([project.pk])[project.pk]
    criteria = queries_public.criteria(project)
    for s in seats:
        by_criterion = {x.criterion_id: x.score for x in s.scores.all()}
        s.cells = [by_criterion.get(c.pk) for c in criteria]
        s.weighted = weighted["by_scorer"].get(s.pk)
    decision = project.log.filter(action__in=["accept", "fail"]).select_related("by").order_by("-at").first()
    return render(
        request,
        "projects/public_acceptance_print.html",
        {
            "project": project,
            "report": ClosingReport.objects.filter(project=project).prefetch_related("evidence").first(),
            "criteria": criteria,
            "seats": seats,
            "mean": weighted["mean"],
            "sat": satisfaction(project),
            "decision": decision,
            "reasons": eligibility.reasons(project),
        },
    )


# ---------------------------------------------------------------- awards (层层打擂) and cases (经验交流)


@login_required
def awards_page(request):
    """层层打擂: the accepted projects ranked by acceptance score and satisfaction, and the nominations."""
    under_id = id_param(request.GET.get("org"))
    under = get_object_for_user(Organisation, under_id, request.user) if under_id else None
    rows = queries_public.ranking(request.user, under=under)
    for r in rows:
        r["may_nominate"] = r["eligible"] and request.user.has_perm("projects.nominate", r["project"])
    nominations = list(queries_public.awards(request.user).exclude(state=AwardState.WITHDRAWN)[:100])
    for a in nominations:
        a.transitions = AWARD.available(a, request.user)
    return render(
        request,
        "projects/public_awards.html",
        {"rows": rows, "nominations": nominations, "under": under},
    )


@login_required
def award_nominate(request, pk):
    project = _project(request, pk)
    require_verb(request.user, "projects.nominate", project)
    kind = request.GET.get("kind")
    return form_page(
        request,
        NominateForm(request.POST or None, initial={"kind": kind if kind in AwardKind.values else "top10"}),
        action=lambda: actions.nominate(project, by=request.user, data=request.POST),
        success=lambda a: f"已推荐“{project.title}”评选{a.get_kind_display()}，待{a.decider.name}审定。",
        redirect_to=reverse("projects:awards"),
        title=f"推荐评选：{project.title}",
        subtitle="十佳项目、精品项目由本党委（工委）审定；示范项目报上一级党委（工委）审定（申报区级示范项目）。",
        back_url=reverse("projects:awards"),
        back_label="层层打擂",
        testid="nominate-form",
    )


@login_required
@require_POST
def award_transition(request, award_id, name):
    award = get_object_for_user(queries_public.awards_qs(), award_id, request.user)
    comment = (request.POST.get("comment") or "")[:500]
    label = AWARD.transition(name).label if name in actions.AWARD_ACTIONS else name
    return post_action(
        request,
        lambda: actions.transition_award(award, name, by=request.user, data={"comment": comment, "reason": comment}),
        success=lambda a: f"已{label}：{a.project.title}（{a.get_kind_display()}）。",
        next_default=reverse("projects:awards"),
    )


@login_required
def cases(request):
    """经验交流: the awarded projects published as cases in the committee's tree."""
    qs = queries_public.cases(request.user)
    kind = request.GET.get("kind")
    if kind in AwardKind.values:
        qs = qs.filter(kind=kind)
    return render(
        request, "projects/public_cases.html", {"cases": list(qs[:100]), "kinds": AwardKind.choices, "kind": kind}
    )


@login_required
def org_honours(request, org_id):
    """An organisation's page of 项目化管理: its projects' awards and cases."""
    org = get_object_for_user(Organisation, org_id, request.user)
    awarded = queries_public.awards(request.user, state=AwardState.APPROVED).filter(
        project__org__path__startswith=org.path
    )
    return render(request, "projects/public_org_honours.html", {"org": org, "awards": list(awarded[:200])})


def org_panel(user, org):
    """The organisation page's 项目荣誉 panel (extension point "orgs.panels"): the approved awards of the projects
    of its subtree that the user reads, newest first (five at most, the rest on the honours page); no panel when there are none. One query."""
    awarded = list(
        queries_public.awards(user, state=AwardState.APPROVED).filter(project__org__path__startswith=org.path)[:5]
    )
    if not awarded:
        return None
    return {
        "title": "项目荣誉",
        "rows": [
            {
                "text": f"{a.year}年度{a.get_kind_display()}：{a.project.title}",
                "url": reverse("projects:project_detail", args=[a.project_id]),
                "note": a.project.org.name,
            }
            for a in awarded
        ],
        "more_url": reverse("projects:org_honours", args=[org.pk]),
    }

"""Pages of 考核结果: a round's results (table, star distribution, publication), the committee's exports, the A4
announcement, an organisation's star history (升星/降星, radar, trend) and its panel on the organisation's page."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_POST

from core import workflow
from core.errors import NotFound
from core.excel import Column, Ledger, date_label, xlsx_response
from core.pages import post_action
from core.scoping import get_object_for_user
from core.verbs import require_verb
from orgs.models import Organisation

from . import actions_results, queries_results
from .forms_results import PublicizeForm, WithdrawForm
from .models import Category, Result, Score
from .models_results import RELEASED_STATES
from .workflows_results import MECHANISM


def _round(request, pk):
    return queries_results.get_round(pk, request.user)


def _rows(round_, user):
    """The results the user reads, each with its veto items' names and its deductions (four queries)."""
    rows = list(queries_results.round_results(round_, user))
    vetoes = queries_results.item_names(round_, {i for r in rows for i in r.capped_by})
    for r in rows:
        r.veto_items = [vetoes[i] for i in r.capped_by if i in vetoes]
        r.category_scores = {c["id"]: c for c in r.categories}
    return rows


def _objections(pub, user, reads_all):
    """The committee reads every objection; a target's admin only her own (the others' are not listed at all)."""
    return [o for o in MECHANISM.objections_shown(pub, user, reads_all=reads_all) if o.text_visible]


@login_required
def round_results(request, pk):
    round_ = _round(request, pk)
    user = request.user
    rows = _rows(round_, user)
    manages = user.has_perm("assessments.manage_results", round_)
    pub = actions_results.current_publicity(round_)
    reads_all = manages
    transitions = workflow.available(round_, user) if manages else []
    announce_reason = None
    if manages and round_.state == "publicity" and not any(t.name == "announce" for t in transitions):
        announce_reason = workflow.of(round_).refusal(round_, "announce", user)
        announce_reason = getattr(announce_reason, "detail", None)
    publicize_reason = None
    if manages and round_.state == "review" and not any(t.name == "publicize" for t in transitions):
        refusal = workflow.of(round_).refusal(round_, "publicize", user)
        publicize_reason = getattr(refusal, "detail", None)
    own = [r for r in rows] if not manages else []
    return render(
        request,
        "assessments/results/round_results.html",
        {
            "round": round_,
            "state_label": workflow.of(round_).state_label(round_),
            "rows": rows,
            "categories": list(Category.objects.filter(scheme_id=round_.scheme_id).order_by("position", "id")),
            "manages": manages,
            "released": round_.state in RELEASED_STATES,
            "may_compute": manages and round_.state == "review",
            "transitions": transitions,
            "publicize_form": PublicizeForm() if any(t.name == "publicize" for t in transitions) else None,
            "withdraw_form": WithdrawForm() if any(t.name == "withdraw" for t in transitions) else None,
            "withdrawn": queries_results.withdrawn_publicities(round_) if manages else [],
            "publicize_reason": publicize_reason,
            "announce_reason": announce_reason,
            "pub": pub,
            "objections": _objections(pub, user, reads_all) if pub else [],
            "may_object": pub is not None and MECHANISM.objection_refusal(pub, user) is None,
            "may_export_scores": user.has_perm("assessments.export_scores", round_),
            "deductions": queries_results.deductions(round_, [r.org_id for r in own]) if own else {},
            "distribution": queries_results.distribution(rows),
        },
    )


@login_required
def results_index(request):
    """考核结果: the rounds whose results the user reads (the committee's in review and after; a target's once
    released, with its own stars)."""
    require_verb(request.user, "core.do_business")
    rounds = list(
        queries_results.readable_rounds(request.user)
        .filter(state__in=("review", *RELEASED_STATES))
        .select_related("scheme")
        .order_by("-ends", "-id")[:200]
    )
    own = {}
    for r in Result.objects.visible_to(request.user).filter(round__in=rounds).select_related("org"):
        own.setdefault(r.round_id, []).append(r)
    for r in rounds:
        r.own_results = own.get(r.pk, [])
    return render(request, "assessments/results/results_index.html", {"rounds": rounds})


def _back(pk):
    return reverse("assessments:round_results", args=[pk])


@login_required
@require_POST
def results_compute(request, pk):
    round_ = _round(request, pk)
    return post_action(
        request,
        actions_results.compute_results,
        round_,
        by=request.user,
        success=lambda out: f"已计算{len(out)}个组织的考核结果。",
        next_default=_back(pk),
    )


@login_required
@require_POST
def results_publicize(request, pk):
    round_ = _round(request, pk)
    return post_action(
        request,
        actions_results.publicize,
        round_,
        by=request.user,
        data=request.POST,
        success="考核结果已冻结并发布公示。",
        next_default=_back(pk),
    )


@login_required
@require_POST
def results_announce(request, pk):
    round_ = _round(request, pk)
    return post_action(
        request,
        actions_results.announce,
        round_,
        by=request.user,
        success="考核结果已正式发布。",
        next_default=_back(pk),
    )


@login_required
@require_POST
def results_withdraw(request, pk):
    round_ = _round(request, pk)
    return post_action(
        request,
        actions_results.withdraw,
        round_,
        by=request.user,
        data=request.POST,
        success="已撤回公示，考核轮次回到审核中。",
        next_default=_back(pk),
    )


@login_required
@require_POST
def result_objection_create(request, pk):
    round_ = _round(request, pk)
    return post_action(
        request,
        actions_results.raise_objection,
        round_,
        by=request.user,
        data=request.POST,
        success="异议已提交，工委答复后可在本页查看。",
        next_default=_back(pk),
    )


@login_required
@require_POST
def result_objection_answer(request, pk):
    objection = MECHANISM.visible_objection(pk, request.user)
    return post_action(
        request,
        actions_results.answer_objection,
        objection,
        by=request.user,
        data=request.POST,
        success="已答复异议。",
        next_default=_back(objection.publicity.round_id),
    )


# ---- paper: exports and the A4 announcement ----

RESULT_COLUMNS = [Column("名次", "int", 8), Column("被考核组织", "text"), Column("得分", "number")]


def _result_cells(r, categories):
    note = []
    if r.veto_items:
        note.append("一票否决：" + "、".join(i.name for i in r.veto_items) + f"（最高{r.stars}星）")
    if r.demoted_by_quota:
        note.append(f"受星级名额限制降{r.demoted_by_quota}星")
    if r.unscored:
        note.append(f"{r.unscored}项未评分")
    cats = [float(r.category_scores[c.pk]["score"]) if c.pk in r.category_scores else None for c in categories]
    return [r.rank, r.org.name, float(r.score), *cats, queries_results.star_word(r.stars), "；".join(note)]


@login_required
def results_export(request, pk):
    round_ = _round(request, pk)
    rows = _rows(round_, request.user)
    categories = list(Category.objects.filter(scheme_id=round_.scheme_id).order_by("position", "id"))
    columns = [
        *RESULT_COLUMNS,
        *(Column(c.name, "number") for c in categories),
        Column("星级"),
        Column("说明", "long"),
    ]
    sheet = Ledger(
        name="考核结果",
        title=f"{round_.title}结果",
        org=round_.scheme.org.name,
        note=f"状态：{workflow.of(round_).state_label(round_)}",
        columns=columns,
        rows=[_result_cells(r, categories) for r in rows],
    )
    return xlsx_response(f"{round_.title}结果.xlsx", [sheet], by=request.user)


SCORE_COLUMNS = [
    Column("被考核组织"),
    Column("类别"),
    Column("考核项目", "long"),
    Column("分值", "number"),
    Column("考核组成员"),
    Column("得分", "number"),
    Column("扣分理由", "long"),
    Column("评分时间", "datetime"),
]


@login_required
def scores_export(request, pk):
    """For the committee: every assessor's points and reasons (the branch never sees the names)."""
    round_ = _round(request, pk)
    require_verb(request.user, "assessments.export_scores", round_)
    scores = (
        Score.objects.filter(round=round_)
        .select_related("org", "item__category", "assessor__person")
        .order_by(
            "org__path", "item__category__position", "item__category_id", "item__position", "item_id", "assessor_id"
        )
    )
    rows = (
        [
            s.org.name,
            s.item.category.name,
            s.item.name,
            float(s.item.max_points),
            s.assessor.display_name,
            float(s.points),
            s.reason,
            s.updated_at,
        ]
        for s in scores
    )
    sheet = Ledger(
        name="评分明细", title=f"{round_.title}评分明细", org=round_.scheme.org.name, columns=SCORE_COLUMNS, rows=rows
    )
    return xlsx_response(f"{round_.title}评分明细.xlsx", [sheet], by=request.user)


@login_required
def results_print(request, pk):
    """The A4 announcement (公示/公告) of a released round's results."""
    round_ = _round(request, pk)
    if round_.state not in RELEASED_STATES:
        raise NotFound("考核结果发布公示后才能打印公告。")
    pub = actions_results.current_publicity(round_)
    return render(
        request,
        "assessments/results/results_print.html",
        {
            "round": round_,
            "rows": _rows(round_, request.user),
            "pub": pub,
            "objection_count": pub.objections.count() if pub else 0,
            "date": date_label(pub.announced_on or pub.published_on) if pub else "",
        },
    )


# ---- an organisation's stars ----


def _org_context(user, org, rows=None):
    rows = queries_results.history(user, org) if rows is None else rows
    latest = rows[-1].result if rows else None
    previous = rows[-2].result if len(rows) > 1 else None
    return {
        "org": org,
        "history": list(reversed(rows)),
        "latest": latest,
        "latest_change": rows[-1] if rows else None,
        "radar": queries_results.radar(latest, previous),
        "trend": queries_results.trend(rows) if rows else None,
        "radar_id": f"radar-data-{org.pk}",
        "trend_id": f"trend-data-{org.pk}",
    }


@login_required
def org_stars(request, org_pk):
    org = get_object_for_user(Organisation, org_pk, request.user)
    context = _org_context(request.user, org)
    rows = list(reversed(context["history"]))
    context["table"] = queries_results.history_table(rows, queries_results.annual_history(request.user, org))
    return render(request, "assessments/results/org_stars.html", context)


def org_panel(user, org):
    """星级评定 on the organisation's page (extension point "orgs.panels"): its latest released results with
    升星/降星, newest first (five at most; the history page has all, the radar and the trend). Two queries."""
    rows = queries_results.history(user, org)
    if not rows:
        return None
    from .templatetags.assessments_results import star_marks

    return {
        "title": "星级评定",
        "rows": [
            {
                "text": f"{h.result.round.title}：{star_marks(h.result.stars)} {queries_results.star_word(h.result.stars)}"
                f"（{h.change_label}）",
                "url": reverse("assessments:round_results", args=[h.result.round_id]),
                "note": f"得分 {h.result.score} · 第{h.result.rank}名",
            }
            for h in reversed(rows[-5:])
        ],
        "more_url": reverse("assessments:org_stars", args=[org.pk]),
        # The radar and the trend below the rows (the page renders `html` as given: a template's escaped output).
        "html": render_to_string(
            "assessments/results/_org_charts.html", {**_org_context(user, org, rows), "compact": True}
        ),
    }

"""Pages of 年终总评: the list, create and edit (components with their weights), the detail with the weight total
warning, the stages, the results with 升星/降星 and the publicity, the A4 announcement, and the panel on the
organisation's page."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_POST

from core import workflow
from core.errors import NotFound
from core.excel import date_label
from core.forms import register_edit_page
from core.pages import form_page, post_action
from core.verbs import require_verb

from . import actions_annual, annual, rules
from .forms_annual import AnnualEditPageForm, AnnualPageForm
from .forms_results import PublicizeForm, WithdrawForm
from .models_annual import AnnualEvaluation, AnnualResult
from .workflows_annual import MECHANISM, current_publicity

register_edit_page("assessments:annual_edit")

NOTE = (
    "在各组成部分后填写权重（百分比，最多两位小数），不填的不计入；权重合计须恰好为100%才能计算。"
    "考核轮次取其结果得分（满分100分），积分排名取折合分，项目成果取验收通过率；某组织缺少某项数据的按0分计并注明。"
)


def _annual(request, pk):
    return actions_annual.get_annual(pk, request.user)


def _data(form, request):
    return {
        "org": request.POST.get("org"),
        "year": request.POST.get("year"),
        "scheme": request.POST.get("scheme"),
        "title": request.POST.get("title", ""),
        "components": form.components(),
    }


@login_required
def annual_list(request):
    require_verb(request.user, "assessments.use_schemes")
    rows = list(
        AnnualEvaluation.objects.visible_to(request.user)
        .select_related("org", "scheme")
        .order_by("-year", "org__path")[:200]
    )
    return render(
        request,
        "assessments/annual/list.html",
        {"rows": rows, "may_add": rules.annual_committees(request.user).exists()},
    )


@login_required
def annual_create(request):
    require_verb(request.user, "assessments.use_schemes")
    committees = rules.annual_committees(request.user)
    if not committees.exists():
        require_verb(request.user, "assessments.add_annual", None)
    rounds = list(actions_annual.usable_rounds(request.user))
    first = committees.first()
    from .models import Scheme

    scheme = Scheme.objects.filter(org=first).order_by("-year", "-id").first() if first else None
    initial = {
        "org": first.pk if first else None,
        "year": rounds[-1].ends.year if rounds else None,
        "scheme": scheme.pk if scheme else None,
    }
    form = actions_annual.form(
        request.user, request.POST or None, form_class=AnnualPageForm, rounds=rounds, initial=initial
    )
    return form_page(
        request,
        form,
        action=lambda: actions_annual.create_annual(by=request.user, data=_data(form, request)),
        success=lambda ev: f"已创建“{ev.title}”。",
        redirect_to=lambda ev: reverse("assessments:annual_detail", args=[ev.pk]),
        title="新建年终总评",
        back_url=reverse("assessments:annual_list"),
        back_label="年终总评",
        note=NOTE,
        testid="annual-form",
    )


@login_required
def annual_edit(request, pk):
    ev = _annual(request, pk)
    require_verb(request.user, "assessments.manage_annual", ev)
    components = list(ev.components.select_related("round").order_by("position", "id"))
    rounds = list(actions_annual.usable_rounds(request.user, org=ev.org))
    have = {r.pk for r in rounds}
    rounds += [c.round for c in components if c.round_id and c.round_id not in have]
    form = actions_annual.form(
        request.user,
        request.POST or None,
        form_class=AnnualEditPageForm,
        rounds=rounds,
        initial=AnnualPageForm.initial_for(ev, components),
    )
    return form_page(
        request,
        form,
        action=lambda: actions_annual.update_annual(ev, by=request.user, data=_data(form, request)),
        success=lambda e: f"已保存“{e.title}”。",
        redirect_to=lambda e: reverse("assessments:annual_detail", args=[e.pk]),
        title=f"修改{ev.title}",
        back_url=reverse("assessments:annual_detail", args=[ev.pk]),
        back_label=ev.title,
        note=NOTE,
        testid="annual-form",
    )


def _rows(ev, user):
    return list(
        AnnualResult.objects.visible_to(user).filter(evaluation=ev).select_related("org").order_by("rank", "org__path")
    )


def _objections(pub, user, reads_all):
    """The committee reads every objection; a target's admin only her own (the others' are not listed at all)."""
    return [o for o in MECHANISM.objections_shown(pub, user, reads_all=reads_all) if o.text_visible]


@login_required
def annual_detail(request, pk):
    ev = _annual(request, pk)
    user = request.user
    components = list(ev.components.select_related("round").order_by("position", "id"))
    manages = user.has_perm("assessments.manage_annual", ev)
    transitions = workflow.available(ev, user) if manages else []
    names = {t.name for t in transitions}
    announce_reason = None
    if manages and ev.state == "publicity" and "announce" not in names:
        announce_reason = getattr(workflow.of(ev).refusal(ev, "announce", user), "detail", None)
    pub = current_publicity(ev) if ev.state in ("publicity", "published") else None
    return render(
        request,
        "assessments/annual/detail.html",
        {
            "ev": ev,
            "components": components,
            "weight_total": annual.weight_total(c.weight for c in components),
            "problem": annual.weight_problem(components),
            "manages": manages,
            "may_edit": manages and ev.state == "draft",
            "transitions": [t for t in transitions if t.name not in ("publicize", "withdraw", "announce")],
            "announce": next((t for t in transitions if t.name == "announce"), None),
            "announce_reason": announce_reason,
            "publicize": next((t for t in transitions if t.name == "publicize"), None),
            "publicize_form": PublicizeForm() if "publicize" in names else None,
            "withdraw": next((t for t in transitions if t.name == "withdraw"), None),
            "withdraw_form": WithdrawForm() if "withdraw" in names else None,
            "rows": _rows(ev, user),
            "pub": pub,
            "objections": _objections(pub, user, manages) if pub else [],
            "may_object": pub is not None and MECHANISM.objection_refusal(pub, user) is None,
        },
    )


def _back(pk):
    return reverse("assessments:annual_detail", args=[pk])


LABELS = {
    "compute": "已计算年终总评结果。",
    "reopen": "已退回修改，结果已清除。",
    "publicize": "年终总评结果已冻结并发布公示。",
    "announce": "年终总评结果已正式发布。",
    "withdraw": "已撤回公示，年终总评回到已计算。",
}


@login_required
@require_POST
def annual_transition(request, pk, name):
    ev = _annual(request, pk)
    return post_action(
        request,
        actions_annual.transition,
        ev,
        name,
        by=request.user,
        data=request.POST,
        success=LABELS.get(name, "已完成。"),
        next_default=_back(pk),
    )


@login_required
@require_POST
def annual_objection_create(request, pk):
    ev = _annual(request, pk)
    return post_action(
        request,
        actions_annual.raise_objection,
        ev,
        by=request.user,
        data=request.POST,
        success="异议已提交，答复后可在本页查看。",
        next_default=_back(pk),
    )


@login_required
@require_POST
def annual_objection_answer(request, pk):
    objection = MECHANISM.visible_objection(pk, request.user)
    return post_action(
        request,
        actions_annual.answer_objection,
        objection,
        by=request.user,
        data=request.POST,
        success="已答复异议。",
        next_default=_back(objection.publicity.evaluation_id),
    )


@login_required
def annual_print(request, pk):
    """The A4 公示/公告 of the annual results (once publicized)."""
    ev = _annual(request, pk)
    if not ev.released:
        raise NotFound("年终总评结果发布公示后才能打印公告。")
    pub = current_publicity(ev)
    rows = _rows(ev, request.user)
    if not rows:
        raise NotFound()
    return render(
        request,
        "assessments/annual/print.html",
        {
            "ev": ev,
            "rows": rows,
            "components": list(ev.components.select_related("round").order_by("position", "id")),
            "pub": pub,
            "objection_count": pub.objections.count() if pub else 0,
            "date": date_label(pub.announced_on or pub.published_on) if pub else "",
        },
    )


def org_panel(user, org):
    """年终总评 on the organisation's page (extension point "orgs.panels"): its published annual stars, newest first,
    with 升星/降星 against the year before. One query."""
    from .templatetags.assessments_results import star_marks, star_word

    rows = list(
        AnnualResult.objects.visible_to(user)
        .filter(org=org, evaluation__state="published")
        .select_related("evaluation")
        .order_by("-evaluation__year", "-evaluation_id")[:5]
    )
    if not rows:
        return None
    return {
        "title": "年终总评",
        "rows": [
            {
                "text": f"{r.evaluation.title}：{star_marks(r.stars)} {star_word(r.stars)}（{r.change_text}）",
                "url": reverse("assessments:annual_detail", args=[r.evaluation_id]),
                "note": f"总评得分 {r.score} · 第{r.rank}名"
                + (
                    f" · 上年{star_word(r.previous_stars)}（{r.previous_label}）"
                    if r.previous_stars is not None
                    else ""
                ),
            }
            for r in rows
        ],
    }

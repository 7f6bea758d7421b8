"""Pages of the rounds part: the round list, create and edit, the round's page with its stage buttons, the
target's self-check form (自查报告) and the assessor grid (organisations × items, saving as you go)."""

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from core.errors import ActionError, NotFound
from core.forms import add_errors, register_edit_page
from core.pages import form_page, post_action
from core.params import id_param
from core.scoping import get_object_for_user
from core.verbs import require_verb

from . import actions_rounds as actions
from . import queries_rounds as queries
from . import rules
from .choices import Method, RoundState
from .evidence_rounds import ACCEPT, MAX_BYTES
from .forms_rounds import RoundEditForm, RoundForm, SelfCheckForm, score_field, section_field
from .models import Round, Scheme, SelfCheck, SelfCheckAttachment
from .workflows import ROUND

CHECKLISTS = ("targets", "assessors", "methods")


def _round(request, pk):
    return get_object_for_user(
        Round.objects.select_related("scheme__org").prefetch_related("targets", "assessors__person"), pk, request.user
    )


@login_required
def round_list(request):
    user = request.user
    qs = queries.rounds_for(user).prefetch_related("targets").order_by("-starts", "-id")
    state = request.GET.get("state") or ""
    if state in RoundState.values:
        qs = qs.filter(state=state)
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    return render(
        request,
        "assessments/rounds/round_list.html",
        {
            "page": page,
            "state": state,
            "states": RoundState.choices,
            "may_create": rules.round_schemes(user).exists(),
            "assessing": set(Round.objects.assessed_by(user).values_list("pk", flat=True)),
        },
    )


def _scheme_for_create(request):
    schemes = list(rules.round_schemes(request.user).order_by("-year", "name"))
    wanted = id_param(request.GET.get("scheme"))
    if wanted:
        scheme = get_object_for_user(Scheme.objects.select_related("org"), wanted, request.user)
        return scheme, schemes
    return (schemes[0] if len(schemes) == 1 else None), schemes


@login_required
def round_create(request):
    scheme, schemes = _scheme_for_create(request)
    if scheme is None:
        if not schemes:
            require_verb(request.user, "assessments.create_round", None)
        return render(request, "assessments/rounds/round_scheme_choice.html", {"schemes": schemes})
    require_verb(request.user, "assessments.create_round", scheme)
    form = RoundForm(
        request.POST or None,
        scheme=scheme,
        initial={"targets": list(rules.eligible_targets(scheme).filter(kind="branch"))},
    )
    return form_page(
        request,
        form,
        action=lambda: actions.create_round(scheme, by=request.user, data=request.POST),
        success=lambda r: f"已创建考核轮次“{r.title}”。",
        redirect_to=lambda r: reverse("assessments:round_detail", args=[r.pk]),
        title="新建考核轮次",
        back_url=reverse("assessments:round_list"),
        back_label="考核轮次",
        note=f"考核方案：{scheme}。考核对象为{scheme.org.name}下属的党组织；考核组成员须持有“考核组成员”角色。",
        testid="round-form",
        template="assessments/rounds/round_form.html",
        checklists=CHECKLISTS,
    )


@login_required
def round_edit(request, pk):
    r = _round(request, pk)
    require_verb(request.user, "assessments.manage_round", r)
    initial = {
        "kind": r.kind,
        "period": r.period,
        "title": r.title,
        "starts": r.starts,
        "ends": r.ends,
        "selfcheck_due": r.selfcheck_due,
        "targets": list(r.targets.all()),
        "assessors": list(r.assessors.all()),
        "methods": list(r.methods or []),
    }
    form = RoundEditForm(request.POST or None, scheme=r.scheme, initial=initial)
    return form_page(
        request,
        form,
        action=lambda: actions.update_round(r, by=request.user, data=_posted(request)),
        success="已保存考核轮次。",
        redirect_to=reverse("assessments:round_detail", args=[r.pk]),
        title=f"修改：{r.title}",
        back_url=reverse("assessments:round_detail", args=[r.pk]),
        back_label=r.title,
        note="自查开启后，类型、考核期和考核对象不能再修改。",
        testid="round-form",
        template="assessments/rounds/round_form.html",
        checklists=CHECKLISTS,
    )


register_edit_page("assessments:round_edit")


def _posted(request):
    data = {k: request.POST.get(k, "") for k in ("kind", "period", "title", "starts", "ends", "selfcheck_due")}
    data["targets"] = request.POST.getlist("targets")
    data["assessors"] = request.POST.getlist("assessors")
    data["methods"] = request.POST.getlist("methods")
    return data


@login_required
def round_detail(request, pk):
    r = _round(request, pk)
    user = request.user
    targets = list(queries.visible_targets(r, user))
    prog = queries.progress(r, targets)
    own = {o.pk for o in queries.own_targets(r, user)}
    every = queries.sees_every_target(r, user)
    rows = [{"org": o, **prog[o.pk], "own": o.pk in own, "readable": every or o.pk in own} for o in targets]
    items = r.scheme.items.count()
    return render(
        request,
        "assessments/rounds/round_detail.html",
        {
            "round": r,
            "rows": rows,
            "items": items,
            "cells": items * max(r.assessors.count(), 1),
            "may_manage": user.has_perm("assessments.manage_round", r),
            "may_score": user.has_perm("assessments.score", r),
            "refusal": ROUND.refusal(r, "open", user) if r.state == RoundState.DRAFT else None,
            "method_labels": [dict(Method.choices).get(m, m) for m in r.methods or []],
        },
    )


@login_required
@require_POST
def round_transition(request, pk, name):
    r = _round(request, pk)
    return post_action(
        request,
        actions.transition_round,
        r,
        name,
        by=request.user,
        success=lambda r: f"考核轮次已进入“{r.state_label}”阶段。",
        next_default=reverse("assessments:round_detail", args=[r.pk]),
    )


# ---- self-checks ---------------------------------------------------------------------------------


def _target(request, r, org_id):
    org = queries.visible_targets(r, request.user).filter(pk=org_id).first()
    if org is None:
        raise NotFound()
    return org


@login_required
def selfcheck(request, pk, org_id):
    """The target's self-check: its own 党务管理员 fills it in while the round is in its self-check stage (save a
    draft or submit); the committee and the assessors read what was submitted."""
    r = _round(request, pk)
    org = _target(request, r, org_id)
    sc = actions.selfcheck_of(r, org)
    may_edit = request.user.has_perm("assessments.file_selfcheck", sc) and r.state == RoundState.SELFCHECK
    items = queries.items_of(r.scheme)
    readable = sc.pk is not None and SelfCheck.objects.visible_to(request.user).filter(pk=sc.pk).exists()
    initial = {}
    if sc.pk is not None:
        initial = {section_field(k): v for k, v in (sc.sections or {}).items()}
        initial.update({score_field(s.item_id): s.points for s in sc.scores.all()})
    form = SelfCheckForm(request.POST or None, sections=r.scheme.selfcheck_sections, items=items, initial=initial)
    if request.method == "POST":
        submit = request.POST.get("op") == "submit"
        try:
            actions.save_selfcheck(r, org, by=request.user, data=request.POST, submit=submit)
        except ActionError as e:
            form.is_valid()
            add_errors(form, e)
            messages.error(request, e.detail)
        else:
            messages.success(request, "自查报告已提交。" if submit else "已保存自查报告草稿。")
            _upload(request, r, org)
            return redirect("assessments:selfcheck", r.pk, org.pk)
    self_scores = {s.item_id: s.points for s in sc.scores.all()} if readable else {}
    groups = []
    for item in items:
        if not groups or groups[-1]["category"].pk != item.category_id:
            groups.append({"category": item.category, "rows": []})
        groups[-1]["rows"].append({"item": item, "field": form[score_field(item.pk)], "self": self_scores.get(item.pk)})
    sections = r.scheme.selfcheck_sections
    return render(
        request,
        "assessments/rounds/selfcheck.html",
        {
            "round": r,
            "org": org,
            "sc": sc if readable else None,
            "may_edit": may_edit,
            "form": form,
            "section_fields": [form[section_field(s["key"])] for s in sections],
            "section_texts": [{"label": s["label"], "text": (sc.sections or {}).get(s["key"], "")} for s in sections],
            "groups": groups,
            "attachments": list(sc.attachments.all()) if readable else [],
            "accept": ACCEPT,
            "max_mb": MAX_BYTES // (1024 * 1024),
        },
    )


def _upload(request, r, org):
    """The files sent with the self-check (each checked on its own: a refused one is named, the others kept)."""
    saved = []
    for upload in request.FILES.getlist("file"):
        try:
            att = actions.add_selfcheck_attachment(
                r, org, by=request.user, name=upload.name, data=upload.read(MAX_BYTES + 1)
            )
        except ActionError as e:
            messages.error(request, e.detail)
        else:
            saved.append(att.name)
    if saved:
        messages.success(request, "已上传：" + "、".join(saved))
    return saved


@login_required
@require_POST
def attachment_upload(request, pk, org_id):
    r = _round(request, pk)
    org = _target(request, r, org_id)
    if not request.FILES.getlist("file"):
        messages.error(request, "请选择要上传的文件。")
    else:
        _upload(request, r, org)
    return redirect("assessments:selfcheck", r.pk, org.pk)


def _attachment(request, pk):
    return get_object_for_user(
        SelfCheckAttachment.objects.select_related("selfcheck__round__scheme__org", "selfcheck__org"), pk, request.user
    )


@login_required
def attachment_download(request, pk):
    att = _attachment(request, pk)
    try:
        handle = att.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    inline = att.is_image or att.content_type == "application/pdf"
    response = FileResponse(handle, content_type=att.content_type, as_attachment=not inline, filename=att.name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'"
    response["Cache-Control"] = "private, max-age=300"
    return response


@login_required
@require_POST
def attachment_delete(request, pk):
    att = _attachment(request, pk)
    sc = att.selfcheck
    return post_action(
        request,
        actions.delete_selfcheck_attachment,
        att,
        by=request.user,
        success=f"已删除：{att.name}",
        next_default=reverse("assessments:selfcheck", args=[sc.round_id, sc.org_id]),
    )


# ---- the assessor grid ---------------------------------------------------------------------------


@login_required
def grid(request, pk):
    """考核评分表: the round's items (rows, by category) × its targets (columns). An assessor types her points
    into the cells (arrow keys and Enter move, every change is saved at once through the API, a deduction asks
    for its reason inline); each column shows the target's self-score and links its self-check."""
    r = _round(request, pk)
    user = request.user
    require_verb(user, "assessments.score", r)
    items, targets, mine, checks, self_scores = queries.grid(r, user)
    editable = r.state == RoundState.SCORING
    groups = []
    for item in items:
        if not groups or groups[-1]["category"].pk != item.category_id:
            groups.append({"category": item.category, "rows": []})
        cells = []
        for org in targets:
            score = mine.get((org.pk, item.pk))
            cells.append(
                {
                    "org": org,
                    "score": score,
                    "self": self_scores.get(org.pk, {}).get(item.pk),
                    "computed": score.computed if score is not None else None,
                }
            )
        groups[-1]["rows"].append({"item": item, "cells": cells})
    done = len(mine)
    sections = r.scheme.selfcheck_sections
    columns = []
    for o in targets:
        check = checks.get(o.pk)
        columns.append(
            {
                "org": o,
                "check": check,
                "sections": [{"label": s["label"], "text": (check.sections or {}).get(s["key"], "")} for s in sections]
                if check
                else [],
                "total": sum(self_scores.get(o.pk, {}).values()) if check else None,
                "mine": sum((s.points for (org_id, _), s in mine.items() if org_id == o.pk), Decimal(0)),
            }
        )
    return render(
        request,
        "assessments/rounds/grid.html",
        {
            "round": r,
            "targets": columns,
            "groups": groups,
            "editable": editable,
            "done": done,
            "cells": len(items) * len(targets),
            "full_marks": sum((i.max_points for i in items), Decimal(0)),
            "api_url": f"/api/v1/assessments/rounds/{r.pk}/scores",
        },
    )

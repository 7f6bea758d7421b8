"""Pages for the ledger, rankings, "my points", an organisation's points and publicity (公示/公布)."""

import datetime

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Sum
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_POST

from core import dates
from core.errors import Forbidden, NotFound
from core.excel import Column, Ledger, date_label, xlsx_response
from core.pages import post_action
from core.params import date_param
from core.scoping import get_object_for_user
from core.verbs import require_verb
from orgs.models import Organisation

from . import actions, publicity
from .choices import SUBJECT_TYPE_LABELS, SUBJECT_TYPES
from .forms import PublicityForm
from .models import LedgerEntry, Publicity
from .rankings import ranking, standing
from .rules import reaches_scheme
from .views import pick_scheme, require_business


def _ledger_qs(request, scheme):
    g = request.GET
    filters = {
        "subject_type": g.get("subject_type", ""),
        "date_from": date_param(g.get("date_from")),
        "date_to": date_param(g.get("date_to")),
        "q": g.get("q", "").strip()[:50],
    }
    qs = (
        LedgerEntry.objects.visible_to(request.user)
        .filtered(
            scheme=scheme,
            subject_type=filters["subject_type"] if filters["subject_type"] in SUBJECT_TYPE_LABELS else "",
            date_from=filters["date_from"],
            date_to=filters["date_to"],
            q=filters["q"],
        )
        .select_related("posted_by")
    )
    return qs, filters


@login_required
def ledger(request):
    require_business(request.user)
    scheme = pick_scheme(request)
    if scheme is None:
        raise NotFound("还没有积分方案。")
    qs, filters = _ledger_qs(request, scheme)
    totals = qs.aggregate(total=Sum("points"))
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "points/ledger.html",
        {
            "scheme": scheme,
            "page": page,
            "filters": filters,
            "total": totals["total"] or 0,
            "subject_types": SUBJECT_TYPES,
            "can_reverse": request.user.has_perm("points.reverse_entry", scheme),
            "reversed_ids": set(
                LedgerEntry.objects.filter(reverses__in=[e.pk for e in page.object_list]).values_list(
                    "reverses_id", flat=True
                )
            ),
        },
    )


LEDGER_COLUMNS = [
    Column("序号", "int", 8),
    Column("计分日期", "date"),
    Column("积分对象类型"),
    Column("党组织"),
    Column("人员"),
    Column("维度"),
    Column("积分项目", "long"),
    Column("积分", "number"),
    Column("冲销条目", "int"),
    Column("说明", "long"),
    Column("记账人"),
    Column("记账时间", "datetime"),
]


def _filter_note(filters):
    parts = []
    if filters["subject_type"] in SUBJECT_TYPE_LABELS:
        parts.append(f"对象：{SUBJECT_TYPE_LABELS[filters['subject_type']]}")
    if filters["date_from"] or filters["date_to"]:
        parts.append(
            f"计分日期：{date_label(filters['date_from']) or '不限'}至{date_label(filters['date_to']) or '不限'}"
        )
    if filters["q"]:
        parts.append(f"关键词：{filters['q']}")
    return "　".join(parts)


@login_required
def ledger_export(request):
    require_business(request.user)
    scheme = pick_scheme(request)
    if scheme is None:
        raise NotFound()
    qs, f = _ledger_qs(request, scheme)
    qs = qs.select_related("item__dimension", "posted_by__person").order_by("occurred_on", "id")
    rows = (
        [
            e.pk,
            e.occurred_on,
            SUBJECT_TYPE_LABELS[e.subject_type],
            e.subject_org.name,
            e.subject_person.name if e.subject_person_id else "",
            e.item.dimension.name,
            e.item.name,
            e.points,
            e.reverses_id or "",
            e.reason,
            e.posted_by.display_name if e.posted_by_id else "",
            e.posted_at,
        ]
        for e in qs.iterator(chunk_size=2000)
    )
    total = qs.aggregate(s=Sum("points"))["s"] or 0
    ledger = Ledger(
        name="积分台账",
        title=f"{scheme.name}积分台账",
        columns=LEDGER_COLUMNS,
        rows=rows,
        org=scheme.org.name,
        note=_filter_note(f),
        totals=["合计", "", "", "", "", "", "", total],
    )
    return xlsx_response(f"积分台账_{scheme.year}_{dates.today():%Y%m%d}.xlsx", [ledger], by=request.user)


@login_required
@require_POST
def ledger_reverse(request, pk):
    entry = get_object_for_user(LedgerEntry, pk, request.user)
    return post_action(
        request,
        actions.reverse_entry,
        entry,
        by=request.user,
        data=request.POST,
        success="已冲销该台账条目。",
        next_default=f"/points/ledger/?scheme={entry.scheme_id}",
    )


def _chart(rows, limit=30):
    return {
        "names": [r.name for r in rows[:limit]],
        "totals": [float(r.total) for r in rows[:limit]],
        "normalized": [float(r.normalized) for r in rows[:limit]],
    }


def _ranking_request(request):
    require_business(request.user)
    scheme = pick_scheme(request)
    if scheme is None:
        raise NotFound("还没有积分方案。")
    subject_type = request.GET.get("type", "org")
    if subject_type not in SUBJECT_TYPE_LABELS:
        subject_type = "org"
    until = date_param(request.GET.get("until"), datetime.date(scheme.year, 12, 31))
    return scheme, subject_type, until, ranking(scheme, subject_type, until)


RANKING_COLUMNS = [
    Column("名次", "int", 6),
    Column("积分对象"),
    Column("所在党组织"),
    Column("积分", "number"),
    Column("挂钩加分", "number"),
    Column("合计", "number"),
    Column("折合分", "number"),
]
PAGE_ROWS = 200  # a city has 100k members: the page shows the top, the export has everyone


@login_required
def rankings_export(request):
    scheme, subject_type, until, rows = _ranking_request(request)
    label = SUBJECT_TYPE_LABELS[subject_type]
    data = ([r.rank, r.name, r.org_name or "", r.raw, r.linked, r.total, r.normalized] for r in rows)
    ledger = Ledger(
        name=f"{label}积分排名",
        title=f"{scheme.name}{label}积分排名",
        columns=RANKING_COLUMNS,
        rows=data,
        org=scheme.org.name,
        note=f"统计截至：{date_label(until)}",
    )
    return xlsx_response(f"{label}积分排名_截至{until:%Y%m%d}.xlsx", [ledger], by=request.user)


@login_required
def rankings(request):
    scheme, subject_type, until, all_rows = _ranking_request(request)
    rows = all_rows[:PAGE_ROWS]
    can_freeze = request.user.has_perm("points.manage_publicity", scheme)
    # An organisation's points page opens only for organisations the user can see: link just those
    # (everyone ranked, for a user who reaches the scheme's whole committee).
    ids = [r.subject_id for r in rows] if subject_type == "org" else []
    if ids and reaches_scheme(request.user, scheme):
        linkable = set(ids)
    else:
        linkable = set(Organisation.objects.visible_to(request.user).filter(pk__in=ids).values_list("pk", flat=True))
    return render(
        request,
        "points/rankings.html",
        {
            "scheme": scheme,
            "rows": rows,
            "row_count": len(all_rows),
            "subject_type": subject_type,
            "subject_types": SUBJECT_TYPES,
            "type_label": SUBJECT_TYPE_LABELS[subject_type],
            "until": until,
            "chart": _chart(rows),
            "linkable": linkable,
            "publicity_form": PublicityForm(initial={"subject_type": subject_type, "until": until, "objection_days": 5})
            if can_freeze
            else None,
        },
    )


@login_required
def my_points(request):
    user = request.user
    if not user.person_id:
        raise Forbidden("您的账号未关联党员信息，没有个人积分。")
    require_verb(user, "points.use_points", message="您的账号尚未获授党员角色，请联系安全管理员。")
    scheme = pick_scheme(request)
    entries, mine = [], None
    total = 0
    if scheme is not None:
        entries = list(
            LedgerEntry.objects.filter(scheme=scheme, subject_person_id=user.person_id)
            .select_related("item", "item__dimension")
            .order_by("-occurred_on", "-id")
        )
        total = sum(e.points for e in entries)
        for subject_type in ("member", "cadre"):
            row = standing(scheme, subject_type, user.person_id)
            if row is not None:
                mine = mine or []
                mine.append((SUBJECT_TYPE_LABELS[subject_type], row))
    return render(
        request,
        "points/my_points.html",
        {
            "scheme": scheme,
            "entries": entries,
            "total": total,
            "mine": mine or [],
            "linkage_every": scheme.linkage_every if scheme else 10,
        },
    )


@login_required
def org_points(request, pk):
    org = get_object_for_user(Organisation, pk, request.user)
    scheme = pick_scheme(request)
    if scheme is None:
        raise NotFound("还没有积分方案。")
    row = next((r for r in ranking(scheme, "org") if r.subject_id == org.pk), None)
    entries = (
        LedgerEntry.objects.visible_to(request.user)
        .filter(scheme=scheme, subject_org=org)
        .select_related("item", "subject_person")
        .order_by("-occurred_on", "-id")
    )
    people = (
        entries.filter(subject_person__isnull=False)
        .values("subject_person_id", "subject_person__name")
        .annotate(total=Sum("points"))
        .order_by("-total")
    )
    every = scheme.linkage_every
    return render(
        request,
        "points/org_points.html",
        {
            "org": org,
            "scheme": scheme,
            "row": row,
            "entries": entries.filter(subject_person__isnull=True)[:200],
            "people": [{**p, "linked": int(p["total"] // every) if p["total"] > 0 else 0} for p in people],
        },
    )


# ---------------------------------------------------------------- publicity


@login_required
def publicity_list(request):
    require_business(request.user)
    items = Publicity.objects.visible_to(request.user).select_related("scheme")
    return render(request, "points/publicity_list.html", {"items": items})


@login_required
@require_POST
def publicity_create(request):
    scheme = pick_scheme(request)
    if scheme is None:
        raise NotFound()
    return post_action(
        request,
        publicity.freeze,
        scheme,
        by=request.user,
        data=request.POST,
        success="已冻结排名快照，确认无误后可发布公示。",
        next_default=lambda pub: (
            reverse("points:publicity_detail", args=[pub.pk]) if pub else f"/points/rankings/?scheme={scheme.pk}"
        ),
    )


@login_required
def publicity_detail(request, pk):
    user = request.user
    pub = get_object_for_user(Publicity, pk, user, queryset=Publicity.objects.select_related("scheme__org"))
    mechanism = publicity.MECHANISM
    objections = mechanism.objections_shown(pub, user, reads_all=publicity.reads_all_objections(user, pub))
    actions_now = publicity.PUBLICITY.available(pub, user)
    # 正式公布 shows disabled, with the reason, to whoever could announce once the period is over and every
    # objection is answered: the reason is the one `announce` itself would give.
    announce_reason = mechanism.announce_reason(pub, user)
    return render(
        request,
        "points/publicity_detail.html",
        {
            "pub": pub,
            "objections": objections,
            "publicity_actions": actions_now,
            "announce_reason": announce_reason,
            "can_object": publicity.objection_refusal(pub, user) is None,
        },
    )


@login_required
def publicity_print(request, pk):
    pub = get_object_for_user(Publicity, pk, request.user, queryset=Publicity.objects.select_related("scheme__org"))
    return render(request, "points/publicity_print.html", {"pub": pub})


def _publicity_action(request, pk, fn, ok):
    pub = get_object_for_user(Publicity, pk, request.user)
    return post_action(request, fn, pub, success=ok, next_default=reverse("points:publicity_detail", args=[pk]))


@login_required
@require_POST
def publicity_publish(request, pk):
    return _publicity_action(request, pk, lambda p: publicity.publish(p, by=request.user), "已发布公示。")


@login_required
@require_POST
def publicity_announce(request, pk):
    return _publicity_action(request, pk, lambda p: publicity.announce(p, by=request.user), "已正式公布结果。")


@login_required
@require_POST
def objection_create(request, pk):
    return _publicity_action(
        request, pk, lambda p: publicity.raise_objection(p, by=request.user, data=request.POST), "已提交异议。"
    )


@login_required
@require_POST
def objection_answer(request, pk):
    obj = publicity.MECHANISM.visible_objection(pk, request.user)
    return post_action(
        request,
        publicity.answer_objection,
        obj,
        by=request.user,
        data=request.POST,
        success="已答复异议。",
        next_default=reverse("points:publicity_detail", args=[obj.publicity_id]),
    )

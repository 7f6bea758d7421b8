"""表彰 pages: 表彰管理 (types, nominations, publicities of a year), the nomination form with the platform's
suggestions, a nomination's page with its review, the 表彰公示, the certificate and the 表彰决定 to print."""

import json
from collections import defaultdict

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_POST

from core import dates
from core.errors import NotFound
from core.pages import form_page, post_action
from core.params import id_param, int_param
from core.scoping import get_object_for_user
from core.verbs import require_verb
from orgs.models import Organisation

from . import actions_awards as actions
from . import rules
from .candidates import candidates
from .choices_awards import QUOTA_STATES, AwardSubject, NominationSource, NominationState
from .forms_awards import AwardTypeForm, FreezeAwardsForm
from .models_awards import AwardPublicity, AwardType, Nomination
from .workflows_awards import AWARD_PUBLICITY, NOMINATION, PUBLICITY

AWARDS_PAGE = {"back_label": "表彰管理"}


def _year(request):
    return int_param(request.GET.get("year"), 2000, 2100, dates.today().year)


def _nominations(user):
    return Nomination.objects.visible_to(user).select_related("award_type__committee", "org", "person")


@login_required
def awards(request):
    """表彰管理: the committees' award types with their quota used, the year's nominations and publicities."""
    user = request.user
    require_verb(user, "assessments.use_awards")
    year = _year(request)
    types = list(
        AwardType.objects.visible_to(user)
        .select_related("committee")
        .annotate(used=Count("nominations", filter=Q(nominations__year=year, nominations__state__in=QUOTA_STATES)))
    )
    nominations = list(_nominations(user).filter(year=year))
    by_type = defaultdict(list)
    for n in nominations:
        by_type[n.award_type_id].append(n)
    for t in types:
        t.may_edit = user.has_perm("assessments.configure_awards", t)
        t.rows = by_type.get(t.pk, [])
    publicities = list(AwardPublicity.objects.visible_to(user).filter(year=year).select_related("committee"))
    committees = list(rules.award_committees(user))
    approved = {
        n.award_type.committee_id for n in nominations if n.state == NominationState.APPROVED and not n.publicity_id
    }
    awarded = sorted({n.award_type.committee_id for n in nominations if n.state == NominationState.AWARDED})
    return render(
        request,
        "assessments/awards/awards.html",
        {
            "year": year,
            "years": range(dates.today().year + 1, dates.today().year - 5, -1),
            "types": types,
            "nominations": nominations,
            "publicities": publicities,
            "committees": committees,
            "freezable": [c for c in committees if c.pk in approved],
            "decisions": Organisation.objects.filter(pk__in=awarded),
            "may_nominate": user.has_perm("assessments.nominate"),
            "freeze_form": FreezeAwardsForm(initial={"year": year, "objection_days": 5}),
        },
    )


@login_required
def type_create(request, committee_id):
    committee = actions.committee_for(request.user, committee_id)
    require_verb(request.user, "assessments.configure_awards", committee)
    return form_page(
        request,
        AwardTypeForm(request.POST or None),
        action=lambda: actions.create_type(committee, by=request.user, data=request.POST),
        success=lambda t: f"已新增表彰类型：{t.name}",
        redirect_to=reverse("assessments:awards"),
        title=f"新增表彰类型 · {committee.name}",
        back_url=reverse("assessments:awards"),
        testid="award-type-form",
        **AWARDS_PAGE,
    )


@login_required
def type_edit(request, pk):
    t = get_object_for_user(AwardType.objects.select_related("committee"), pk, request.user)
    require_verb(request.user, "assessments.configure_awards", t)
    return form_page(
        request,
        AwardTypeForm(request.POST or None, instance=AwardType.objects.get(pk=t.pk)),
        action=lambda: actions.update_type(t, by=request.user, data=request.POST),
        success=lambda t: f"已保存表彰类型：{t.name}",
        redirect_to=reverse("assessments:awards"),
        title=f"修改表彰类型 · {t.name}",
        back_url=reverse("assessments:awards"),
        testid="award-type-form",
        **AWARDS_PAGE,
    )


@login_required
@require_POST
def types_common(request, committee_id):
    committee = actions.committee_for(request.user, committee_id)
    require_verb(request.user, "assessments.configure_awards", committee)
    return post_action(
        request,
        actions.add_common_types,
        committee,
        by=request.user,
        success=lambda created: f"已添加{len(created)}个常用表彰类型。" if created else "常用表彰类型都已添加过。",
        next_default=reverse("assessments:awards"),
    )


def _initial(request, user):
    """The nomination form prefilled from a suggestion's link (?award_type=&person=|org=&source=&source_note=)."""
    initial = {"year": _year(request)}
    for key in ("award_type", "person", "org"):
        if (value := id_param(request.GET.get(key))) is not None:
            initial[key] = value
    if request.GET.get("source") in NominationSource.values:
        initial["source"] = request.GET["source"]
    initial["source_note"] = (request.GET.get("source_note") or "")[:200]
    return initial


@login_required
def nomination_create(request):
    user = request.user
    require_verb(user, "assessments.nominate")
    initial = _initial(request, user)
    form = actions.nomination_form(user, request.POST or None, initial=initial)
    suggested = []
    types = list(AwardType.objects.visible_to(user).select_related("committee"))
    award_type = next((t for t in types if t.pk == initial.get("award_type")), None)
    if award_type is not None and request.method != "POST":
        suggested = candidates(award_type.committee, initial["year"], award_type.subject, user)
    return form_page(
        request,
        form,
        action=lambda: actions.create_nomination(by=user, data=request.POST),
        success=lambda n: f"已提名：{n.nominee_name}（{n.award_type.name}），提交审核后进入审批。",
        redirect_to=lambda n: reverse("assessments:nomination_detail", args=[n.pk]),
        template="assessments/awards/nomination_form.html",
        title="表彰提名",
        back_url=reverse("assessments:awards"),
        award_type=award_type,
        suggested=suggested,
        year=initial["year"],
        types=types,
        subjects_json=json.dumps({str(t.pk): t.subject for t in types}),
        show_picker=True,
        testid="nomination-form",
        **AWARDS_PAGE,
    )


@login_required
def nomination_detail(request, pk):
    n = get_object_for_user(_nominations(request.user).prefetch_related("reviews__by"), pk, request.user)
    return render(
        request,
        "assessments/awards/nomination_detail.html",
        {
            "n": n,
            "transitions": NOMINATION.available(n, request.user),
            "may_edit": n.state in actions.EDITABLE and request.user.has_perm("assessments.manage_nomination", n),
        },
    )


@login_required
def nomination_edit(request, pk):
    n = get_object_for_user(_nominations(request.user), pk, request.user)
    require_verb(request.user, "assessments.manage_nomination", n)
    initial = {
        "award_type": n.award_type_id,
        "year": n.year,
        "person": n.person_id,
        "org": n.org_id if not n.person_id else None,
        "reason": n.reason,
        "source": n.source,
        "source_note": n.source_note,
    }
    return form_page(
        request,
        actions.nomination_form(request.user, request.POST or None, initial=initial),
        action=lambda: actions.update_nomination(n, by=request.user, data=request.POST),
        success=lambda n: f"已保存提名：{n.nominee_name}",
        redirect_to=lambda n: reverse("assessments:nomination_detail", args=[n.pk]),
        template="assessments/awards/nomination_form.html",
        subjects_json=json.dumps({str(t.pk): t.subject for t in AwardType.objects.visible_to(request.user)}),
        title=f"修改提名 · {n.nominee_name}",
        back_url=reverse("assessments:nomination_detail", args=[n.pk]),
        back_label="表彰提名",
        testid="nomination-form",
    )


@login_required
@require_POST
def nomination_transition(request, pk, name):
    n = get_object_for_user(Nomination, pk, request.user)
    comment = (request.POST.get("comment") or "")[:500]
    return post_action(
        request,
        lambda: actions.transition_nomination(n, name, by=request.user, comment=comment),
        success=lambda n: f"{n.nominee_name}：{n.state_label}。",
        next_default=reverse("assessments:nomination_detail", args=[n.pk]),
    )


# ---------------------------------------------------------------- 表彰公示


@login_required
@require_POST
def publicity_create(request, committee_id):
    committee = actions.committee_for(request.user, committee_id)
    require_verb(request.user, "assessments.manage_award_publicity", committee)
    return post_action(
        request,
        actions.freeze_publicity,
        committee,
        by=request.user,
        data=request.POST,
        success=lambda pub: f"已生成{pub.title}（{pub.nominations.count()}个对象），发布后开始公示。",
        next_default=lambda pub: (
            reverse("assessments:award_publicity", args=[pub.pk]) if pub else reverse("assessments:awards")
        ),
    )


def _publicity(request, pk):
    return get_object_for_user(
        AwardPublicity.objects.select_related("committee").prefetch_related(
            "nominations__award_type", "nominations__org", "nominations__person"
        ),
        pk,
        request.user,
    )


@login_required
def publicity_detail(request, pk):
    user = request.user
    pub = _publicity(request, pk)
    manages = user.has_perm("assessments.manage_award_publicity", pub)
    objections = PUBLICITY.objections_shown(pub, user, reads_all=manages)
    announce = AWARD_PUBLICITY.transition("announce")
    return render(
        request,
        "assessments/awards/publicity.html",
        {
            "pub": pub,
            "nominations": sorted(pub.nominations.all(), key=lambda n: (n.award_type.position, n.award_type_id, n.id)),
            "objections": objections,
            "actions": AWARD_PUBLICITY.available(pub, user),
            "announce_blocker": PUBLICITY.announce_blocker(pub) if manages and pub.state == "published" else None,
            "announce_label": announce.label,
            "can_object": PUBLICITY.objection_refusal(pub, user) is None,
        },
    )


@login_required
@require_POST
def publicity_transition(request, pk, name):
    pub = _publicity(request, pk)
    fn = {"publish": actions.publish_publicity, "announce": actions.announce_publicity}.get(name)
    if fn is None:
        raise NotFound()
    return post_action(
        request,
        fn,
        pub,
        by=request.user,
        success=lambda p: "已发布公示。" if name == "publish" else "已正式公布，表彰已记入个人和组织。",
        next_default=reverse("assessments:award_publicity", args=[pub.pk]),
    )


@login_required
@require_POST
def objection_create(request, pk):
    pub = _publicity(request, pk)
    return post_action(
        request,
        actions.raise_objection,
        pub,
        by=request.user,
        data=request.POST,
        success="已提交异议，表彰单位将予以答复。",
        next_default=reverse("assessments:award_publicity", args=[pub.pk]),
    )


@login_required
@require_POST
def objection_answer(request, pk):
    o = PUBLICITY.visible_objection(pk, request.user)
    return post_action(
        request,
        actions.answer_objection,
        o,
        by=request.user,
        data=request.POST,
        success="已答复异议。",
        next_default=reverse("assessments:award_publicity", args=[o.publicity_id]),
    )


# ---------------------------------------------------------------- paper


@login_required
def certificate(request, pk):
    """荣誉证书 on A4 landscape, for an award (a nomination announced after its 公示)."""
    n = get_object_for_user(_nominations(request.user), pk, request.user)
    if n.state != NominationState.AWARDED:
        raise NotFound("该提名尚未正式表彰，没有荣誉证书。")
    return render(request, "assessments/awards/certificate.html", {"n": n, "issuer": issuer(n.award_type.committee)})


@login_required
def decision(request, committee_id, year):
    """表彰决定 on A4: the committee's awards of the year, by award type."""
    committee = actions.committee_for(request.user, committee_id)
    rows = list(
        _nominations(request.user)
        .filter(award_type__committee=committee, year=year, state=NominationState.AWARDED)
        .order_by("award_type__position", "award_type_id", "org__path", "id")
    )
    if not rows:
        raise NotFound("该年度还没有正式公布的表彰。")
    groups = defaultdict(list)
    for n in rows:
        groups[n.award_type].append(n)
    return render(
        request,
        "assessments/awards/decision.html",
        {
            "committee": committee,
            "issuer": issuer(committee),
            "year": year,
            "groups": [
                (NUMERALS[i] if i < len(NUMERALS) else str(i + 1), t, ns) for i, (t, ns) in enumerate(groups.items())
            ],
            "date": max(n.awarded_on for n in rows),
        },
    )


NUMERALS = "一二三四五六七八九十"


def issuer(committee):
    """The committee's name as it signs a document: 中共… (unless its name already says so)."""
    return committee.name if committee.name.startswith("中共") else f"中共{committee.name}"


# ---------------------------------------------------------------- panels on other pages


def _panel_rows(qs):
    return [
        {
            "text": f"{n.year}年度{n.award_type.name}",
            "url": reverse("assessments:nomination_detail", args=[n.pk]),
            "note": f"{n.award_type.committee.name}表彰 · {n.nominee_name}",
        }
        for n in qs
    ]


def org_panel(user, org):
    """表彰荣誉 on the organisation's page: the collective awards of the organisation itself (five, newest first)."""
    rows = _nominations(user).filter(
        org=org, person__isnull=True, state=NominationState.AWARDED, award_type__subject=AwardSubject.ORG
    )[:5]
    rows = _panel_rows(rows)
    return {"title": "表彰荣誉", "rows": rows, "more_url": reverse("assessments:awards")} if rows else None


def person_panel(user, person):
    """所获表彰 on the person's page: her awards (five, newest first)."""
    rows = _panel_rows(_nominations(user).filter(person=person, state=NominationState.AWARDED)[:5])
    return {"title": "所获表彰", "rows": rows} if rows else None


def may_use(user):
    """The navigation shows 表彰管理 to every business user (the system accounts have no business here)."""
    return user.has_perm("assessments.use_awards")

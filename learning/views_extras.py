"""Pages of 网络学院 extras: 补录, 需求调查 (answer and results chart), 资料征订 (orders, summary, .xlsx),
学历认证 and 学习之星 (ranking and the named stars). Views parse, call an action and render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from core import dates, excel, workflow
from core.errors import ActionError, NotFound
from core.forms import add_errors
from core.pages import form_page, post_action
from core.scoping import get_object_for_user
from core.verbs import require_verb
from orgs.models import Organisation

from . import actions_extras as actions
from . import hours, needs, orders, rules, stars
from . import views as hour_views
from .choices import EducationState, OfflineState, StarPeriod
from .forms_extras import (
    EducationForm,
    MaterialItemForm,
    MaterialOfferForm,
    NeedsAnswerForm,
    NeedsSurveyForm,
    OfflineForm,
)
from .models_extras import EducationRecord, MaterialOffer, NeedsSurvey, OfflineTraining, StudyStar


def _business(request):
    require_verb(request.user, "core.do_business")


def _download(cert):
    response = FileResponse(
        cert.file.open("rb"), content_type=cert.content_type, as_attachment=False, filename=cert.name
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _decide(request, obj, name, url):
    """A transition button (with its comment/reason field): back to the list or a safe `next`."""
    wf = workflow.of(obj)
    t = wf.transition(name)
    return post_action(
        request,
        lambda: wf.run(obj, name, by=request.user, data=request.POST),
        success=lambda o: f"已{t.label}：{o}。",
        next_default=url,
    )


def _transitions(obj, user, base=None):
    """(transition, its form) for each transition the user may run now, for the page's buttons; sets the
    object's `badge` (its state's colour) and `base` (the URL its transitions post to, + name + "/")."""
    wf = workflow.of(obj)
    obj.badge = wf.badge(wf.state(obj))
    if base is not None:
        obj.base = base
    return [(t, wf.form(obj, t) if t.form else None) for t in wf.available(obj, user)]


# ---------------------------------------------------------------- 补录

OFFLINE_STATES = [("", "全部")] + [(s.value, s.label) for s in OfflineState]


@login_required
def offline_list(request):
    """补录: what the user entered or may approve (admins), or her own (members); newest first."""
    _business(request)
    user = request.user
    state = request.GET.get("state") or ""
    qs = (
        OfflineTraining.objects.visible_to(user)
        .select_related("person", "org", "entered_by", "certificate")
        .order_by("-created_at", "-id")
    )
    if state in OfflineState.values:
        qs = qs.filter(state=state)
    rows = list(qs[:200])
    for t in rows:
        t.actions = _transitions(t, user, reverse("learning:offline_list") + f"{t.pk}/")
    return render(
        request,
        "learning/extras/offline_list.html",
        {"rows": rows, "state": state, "states": OFFLINE_STATES, "may_enter": rules.may_admin(user)},
    )


@login_required
def offline_create(request):
    user = request.user
    people = actions.offline_people(user)
    require_verb(user, "learning.enter_offline", people.first())
    initial = {"person": request.GET.get("person") or None}
    form = OfflineForm(request.POST or None, request.FILES or None, initial=initial, people=people)
    return form_page(
        request,
        form,
        action=lambda: actions.enter_offline(by=user, data=request.POST, certificate=request.FILES.get("certificate")),
        success=lambda t: (
            f"已补录{t.person.name}的“{t.title}”（{hours.shown(t.hours)} 学时），待另一位党务管理员审核。"
        ),
        redirect_to=reverse("learning:offline_list"),
        title="补录线下培训",
        back_url=reverse("learning:offline_list"),
        back_label="线下培训补录",
        submit_label="提交审核",
        multipart=True,
        note="审核通过后学时自动记入该人员的学时台账；须由另一位党务管理员（本支部或上级党组织）审核。",
        testid="offline-form",
    )


@login_required
@require_POST
def offline_transition(request, pk, name):
    t = get_object_for_user(OfflineTraining.objects.select_related("person", "org"), pk, request.user)
    return _decide(request, t, name, reverse("learning:offline_list"))


@login_required
def offline_certificate(request, pk):
    t = get_object_for_user(OfflineTraining, pk, request.user)
    cert = getattr(t, "certificate", None)
    if cert is None:
        raise NotFound()
    return _download(cert)


# ---------------------------------------------------------------- 需求调查


@login_required
def needs_list(request):
    _business(request)
    user = request.user
    rows = list(needs.surveys_for(user)[:100])
    for s in rows:
        s.manages = user.has_perm("learning.manage_survey", s)
    return render(
        request,
        "learning/extras/needs_list.html",
        {"rows": rows, "may_create": rules.may_manage_extras(user), "today": dates.today()},
    )


@login_required
def needs_create(request):
    user = request.user
    orgs = rules.committee_orgs(user)
    require_verb(user, "learning.create_survey", orgs.first())
    form = NeedsSurveyForm(request.POST or None, orgs=orgs, initial={"org": orgs.first().pk if orgs else None})
    return form_page(
        request,
        form,
        action=lambda: actions.create_survey(by=user, data=request.POST),
        success=lambda s: f"已发起“{s.title}”，所属党员可以填写了。",
        redirect_to=lambda s: reverse("learning:needs_results", args=[s.pk]),
        title="发起学习需求调查",
        back_url=reverse("learning:needs_list"),
        back_label="学习需求调查",
        submit_label="发起调查",
        testid="needs-form",
    )


@login_required
def needs_detail(request, pk):
    """The member's answer form (her earlier answer filled in), or the survey for those who only read it."""
    user = request.user
    survey = get_object_for_user(NeedsSurvey.objects.select_related("org"), pk, user)
    mine = survey.answers.filter(person_id=user.person_id).first() if user.person_id else None
    may_answer = user.has_perm("learning.answer_survey", survey)
    initial = {"topics": mine.topics, "formats": mine.formats, "comment": mine.comment} if mine else {}
    form = NeedsAnswerForm(request.POST or None, initial=initial, survey=survey)
    is_open = survey.state == "open" and survey.closes >= dates.today()
    if request.method == "POST":
        try:
            actions.answer_survey(survey, by=user, data=request.POST)
        except ActionError as e:
            form.is_valid()
            add_errors(form, e)
        else:
            messages.success(request, "感谢填写！您的学习需求已提交。")
            return redirect(reverse("learning:needs_detail", args=[survey.pk]))
    return render(
        request,
        "learning/extras/needs_detail.html",
        {
            "survey": survey,
            "form": form,
            "mine": mine,
            "may_answer": may_answer and is_open,
            "is_open": is_open,
            "manages": user.has_perm("learning.manage_survey", survey),
            "actions": _transitions(survey, user, reverse("learning:needs_list") + f"{survey.pk}/"),
        },
    )


@login_required
def needs_results(request, pk):
    user = request.user
    survey = get_object_for_user(NeedsSurvey.objects.select_related("org"), pk, user)
    require_verb(user, "learning.manage_survey", survey)
    r = needs.results(survey)
    chart = {
        "topics": {"names": [o for o, _ in r.topics], "counts": [n for _, n in r.topics]},
        "formats": {"names": [o for o, _ in r.formats], "counts": [n for _, n in r.formats]},
    }
    return render(
        request,
        "learning/extras/needs_results.html",
        {
            "survey": survey,
            "r": r,
            "chart": chart,
            "actions": _transitions(survey, user, reverse("learning:needs_list") + f"{survey.pk}/"),
        },
    )


@login_required
@require_POST
def needs_transition(request, pk, name):
    survey = get_object_for_user(NeedsSurvey.objects.select_related("org"), pk, request.user)
    return _decide(request, survey, name, reverse("learning:needs_results", args=[survey.pk]))


# ---------------------------------------------------------------- 资料征订


@login_required
def offer_list(request):
    _business(request)
    rows = list(
        MaterialOffer.objects.visible_to(request.user).select_related("org").order_by("-year", "-deadline")[:100]
    )
    return render(
        request,
        "learning/extras/offer_list.html",
        {"rows": rows, "may_create": rules.may_manage_extras(request.user), "today": dates.today()},
    )


@login_required
def offer_create(request):
    user = request.user
    orgs = rules.committee_orgs(user)
    require_verb(user, "learning.create_offer", orgs.first())
    initial = {"org": orgs.first().pk if orgs else None, "year": dates.today().year}
    form = MaterialOfferForm(request.POST or None, orgs=orgs, initial=initial)
    return form_page(
        request,
        form,
        action=lambda: actions.create_offer(by=user, data=request.POST),
        success=lambda o: f"已发起“{o.title}”，请添加征订资料。",
        redirect_to=lambda o: reverse("learning:offer_detail", args=[o.pk]),
        title="发起资料征订",
        back_url=reverse("learning:offer_list"),
        back_label="资料征订",
        testid="offer-form",
    )


def _offer_context(request, offer, item_form=None, order_error=None):
    user = request.user
    s = orders.summary(offer, user)
    order_orgs = list(actions.order_orgs(offer, user)) if offer.deadline >= dates.today() else []
    try:
        chosen = int(request.POST.get("org") or request.GET.get("org") or 0)
    except ValueError:
        chosen = 0
    org = next((o for o in order_orgs if o.pk == chosen), order_orgs[0] if order_orgs else None)
    mine = next((row for row in s.rows if org is not None and row.org.pk == org.pk), None)
    lines = [(i, (mine.quantities.get(i.pk, 0) if mine else 0)) for i in s.items]
    if request.method == "POST" and order_error is not None:
        lines = [(i, request.POST.get(f"q_{i.pk}", "")) for i in s.items]
    manages = user.has_perm("learning.manage_offer", offer)
    is_open = offer.deadline >= dates.today()
    rows = [(row, [row.quantities.get(i.pk, 0) for i in s.items]) for row in s.rows]
    return {
        "offer": offer,
        "s": s,
        "rows": rows,
        "totals": [(i, s.item_totals.get(i.pk, 0), s.item_amounts.get(i.pk, 0)) for i in s.items],
        "order_orgs": order_orgs,
        "order_org": org,
        "lines": lines,
        "order_error": order_error,
        "manages": manages,
        "is_open": is_open,
        "item_form": item_form or (MaterialItemForm() if manages and is_open else None),
    }


@login_required
def offer_detail(request, pk):
    offer = get_object_for_user(MaterialOffer.objects.select_related("org"), pk, request.user)
    return render(request, "learning/extras/offer_detail.html", _offer_context(request, offer))


@login_required
def offer_item_create(request, pk):
    offer = get_object_for_user(MaterialOffer.objects.select_related("org"), pk, request.user)
    require_verb(request.user, "learning.manage_offer", offer)
    form = MaterialItemForm(request.POST or None)
    if request.method == "POST":
        try:
            item = actions.add_item(offer, by=request.user, data=request.POST)
        except ActionError as e:
            form.is_valid()
            add_errors(form, e)
        else:
            messages.success(request, f"已添加“{item.name}”。")
            return redirect(reverse("learning:offer_detail", args=[offer.pk]))
    return render(request, "learning/extras/offer_detail.html", _offer_context(request, offer, item_form=form))


@login_required
@require_POST
def offer_orders(request, pk):
    offer = get_object_for_user(MaterialOffer.objects.select_related("org"), pk, request.user)
    quantities = {k[2:]: v for k, v in request.POST.items() if k.startswith("q_")}
    try:
        actions.save_orders(offer, by=request.user, org=request.POST.get("org", ""), quantities=quantities)
    except ActionError as e:
        if e.status in (403, 404):
            raise
        context = _offer_context(request, offer, order_error=e.detail)
        return render(request, "learning/extras/offer_detail.html", context, status=e.status)
    messages.success(request, "已保存征订数量，截止前可以修改。")
    return redirect(f"{reverse('learning:offer_detail', args=[offer.pk])}?org={request.POST.get('org', '')}")


@login_required
def offer_export(request, pk):
    offer = get_object_for_user(MaterialOffer.objects.select_related("org"), pk, request.user)
    require_verb(request.user, "learning.manage_offer", offer)
    s = orders.summary(offer, request.user)
    by_item = excel.Ledger(
        name="按资料汇总",
        title=f"{offer.title} · 按资料汇总",
        org=offer.org.name,
        columns=[
            excel.Column("资料名称"),
            excel.Column("类别"),
            excel.Column("出版单位"),
            excel.Column("单位"),
            excel.Column("单价（元）", "number"),
            excel.Column("订购数量", "int"),
            excel.Column("金额（元）", "number"),
        ],
        rows=[
            [
                i.name,
                i.get_kind_display(),
                i.publisher,
                i.unit,
                i.price,
                s.item_totals.get(i.pk, 0),
                s.item_amounts.get(i.pk, 0),
            ]
            for i in s.items
        ],
        totals=["合计", "", "", "", "", sum(s.item_totals.values()), s.amount],
    )
    by_org = excel.Ledger(
        name="按党组织汇总",
        title=f"{offer.title} · 按党组织汇总",
        org=offer.org.name,
        columns=[
            excel.Column("党组织"),
            *[excel.Column(f"{i.name}（{i.unit}）", "int") for i in s.items],
            excel.Column("金额（元）", "number"),
        ],
        rows=[[row.org.name, *[row.quantities.get(i.pk, 0) for i in s.items], row.amount] for row in s.rows],
        totals=["合计", *[s.item_totals.get(i.pk, 0) for i in s.items], s.amount],
    )
    return excel.xlsx_response(f"{offer.title}.xlsx", [by_item, by_org], by=request.user)


# ---------------------------------------------------------------- 学历认证

EDUCATION_STATES = [("", "全部")] + [(s.value, s.label) for s in EducationState]


@login_required
def education_list(request):
    _business(request)
    user = request.user
    state = request.GET.get("state") or ""
    qs = (
        EducationRecord.objects.visible_to(user)
        .select_related("person", "org", "certificate")
        .order_by("-created_at", "-id")
    )
    if state in EducationState.values:
        qs = qs.filter(state=state)
    person = _int(request.GET.get("person"), None)
    if person is not None:
        qs = qs.filter(person_id=person)
    rows = list(qs[:200])
    for r in rows:
        r.actions = _transitions(r, user, reverse("learning:education_list") + f"{r.pk}/")
    return render(
        request,
        "learning/extras/education_list.html",
        {"rows": rows, "state": state, "states": EDUCATION_STATES},
    )


@login_required
def education_create(request):
    user = request.user
    people = actions.education_people(user)
    require_verb(user, "learning.enter_education", people.first())
    initial = {"person": request.GET.get("person") or user.person_id}
    form = EducationForm(request.POST or None, request.FILES or None, initial=initial, people=people)
    return form_page(
        request,
        form,
        action=lambda: actions.enter_education(
            by=user, data=request.POST, certificate=request.FILES.get("certificate")
        ),
        success=lambda r: f"已提交{r.person.name}的学历信息，待党务管理员认证。",
        redirect_to=reverse("learning:education_list"),
        title="填报学历",
        back_url=reverse("learning:education_list"),
        back_label="学历认证",
        submit_label="提交认证",
        multipart=True,
        testid="education-form",
    )


@login_required
@require_POST
def education_transition(request, pk, name):
    r = get_object_for_user(EducationRecord.objects.select_related("person", "org"), pk, request.user)
    return _decide(request, r, name, reverse("learning:education_list"))


@login_required
def education_certificate(request, pk):
    r = get_object_for_user(EducationRecord, pk, request.user)
    cert = getattr(r, "certificate", None)
    if cert is None:
        raise NotFound()
    return _download(cert)


# ---------------------------------------------------------------- 学习之星


@login_required
def star_list(request):
    _business(request)
    user = request.user
    rows = list(
        StudyStar.objects.visible_to(user)
        .select_related("org", "person__org")
        .order_by("-year", "-period", "period_kind", "rank", "id")[:200]
    )
    return render(
        request,
        "learning/extras/star_list.html",
        {
            "rows": rows,
            "may_rank": rules.may_read_gaps(user),
            "may_withdraw": {s.pk for s in rows if user.has_perm("learning.withdraw_star", s)},
        },
    )


def _int(value, default):
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


@login_required
def star_ranking(request):
    """The ranking of a subtree's members by hours of a month or a quarter; the committee names stars here."""
    user = request.user
    orgs = [
        o
        for o in Organisation.objects.visible_to(user).filter(
            kind__in=("committee", "working_committee", "general_branch", "branch")
        )
        if user.has_perm("learning.read_stars_ranking", o)
    ]
    if not orgs:
        require_verb(user, "learning.read_stars_ranking", None)
    chosen = _int(request.GET.get("org"), orgs[0].pk)
    org = next((o for o in orgs if o.pk == chosen), None)
    if org is None:
        org = get_object_for_user(Organisation, chosen, user)
        require_verb(user, "learning.read_stars_ranking", org)
    kind = request.GET.get("period_kind") if request.GET.get("period_kind") in StarPeriod.values else "month"
    year, period = stars.last_period(kind, dates.today())
    year = _int(request.GET.get("year"), year)
    period = _int(request.GET.get("period"), period)
    top = 12 if kind == StarPeriod.MONTH else 4
    if not (2000 <= year <= 2100 and 1 <= period <= top):
        year, period = stars.last_period(kind, dates.today())
    ranking = stars.ranking(org, kind, year, period)
    rows = ranking[: stars.LIMIT]
    named = stars.named_ids(org, kind, year, period)
    may_name = user.has_perm("learning.name_stars", org) and stars.period_end(kind, year, period) < dates.today()
    return render(
        request,
        "learning/extras/star_ranking.html",
        {
            "org": org,
            "orgs": orgs,
            "kind": kind,
            "kinds": StarPeriod.choices,
            "year": year,
            "period": period,
            "periods": range(1, top + 1),
            "years": hour_views._years(),
            "label": stars.period_label(kind, year, period),
            "rows": rows,
            "more": len(ranking) - len(rows),
            "named": named,
            "may_name": may_name,
            "chart": {"names": [r.person.name for r in rows[:10]], "hours": [float(r.hours) for r in rows[:10]]},
        },
    )


@login_required
@require_POST
def star_create(request):
    user = request.user
    back = (
        f"{reverse('learning:star_ranking')}?org={request.POST.get('org', '')}"
        f"&period_kind={request.POST.get('period_kind', '')}&year={request.POST.get('year', '')}"
        f"&period={request.POST.get('period', '')}"
    )
    data = request.POST.copy()
    return post_action(
        request,
        lambda: actions.name_stars(by=user, data=data),
        success=lambda made: f"已评选 {len(made)} 名学习之星：{'、'.join(s.person.name for s in made)}。",
        next_default=back,
    )


@login_required
@require_POST
def star_withdraw(request, pk):
    user = request.user
    star = get_object_for_user(StudyStar.objects.select_related("org", "person"), pk, user)
    return post_action(
        request,
        lambda: actions.withdraw_star(star, by=user, reason=request.POST.get("reason", "")),
        success=lambda s: f"已撤销{s.person.name}的{s.period_label}学习之星。",
        next_default=reverse("learning:star_list"),
    )


# ---------------------------------------------------------------- the person's page


def person_panels(user, person):
    """学历信息 and 学习之星 on the person's page."""
    panels = []
    records = list(EducationRecord.objects.visible_to(user).filter(person=person).order_by("-graduated_on", "-id")[:5])
    if records:
        panels.append(
            {
                "title": "学历信息",
                "rows": [
                    {
                        "text": f"{r.get_level_display()} · {r.school}{(' · ' + r.major) if r.major else ''}",
                        "url": f"{reverse('learning:education_list')}?person={person.pk}",
                        "note": f"{r.graduated_on:%Y-%m}毕业 · {r.state_label}",
                    }
                    for r in records
                ],
                "more_url": f"{reverse('learning:education_list')}?person={person.pk}",
            }
        )
    starred = list(StudyStar.objects.visible_to(user).filter(person=person).select_related("org")[:8])
    if starred:
        panels.append(
            {
                "title": "学习之星",
                "rows": [
                    {
                        "text": f"{s.period_label}学习之星",
                        "url": reverse("learning:star_list"),
                        "note": f"{s.org.name} · {hours.shown(s.hours)} 学时 · 第{s.rank}名",
                    }
                    for s in starred
                ],
                "more_url": reverse("learning:star_list"),
            }
        )
    return panels

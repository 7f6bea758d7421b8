"""Pages of 群众测评: the committee's list, create and edit, a survey's page (subjects, codes, stage), the A4
sheet of QR slips, the aggregate results; and the public ballot at /m/<code> (no login, phone-first).

The ballot needs no account: whoever holds a slip votes once (assessments/mass.py). Every refusal of a code reads
the same page (no oracle). Results are tallies only — never a vote with its time — and hidden below five votes.
"""

import segno
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from core.context import client_ip
from core.errors import ActionError, NotFound
from core.pages import form_page, post_action
from core.params import id_param, int_param
from core.scoping import get_object_for_user
from core.verbs import require_verb

from . import actions_mass as actions
from . import mass, rules
from .forms_mass import IssueCodesForm, MassSurveyForm, SubjectsForm
from .models_mass import MIN_VOTES, MassCode, MassKind, MassRating, MassState, MassSubject, MassSurvey
from .workflows_mass import MASS_SURVEY

SLIPS_PER_PAGE = 21  # 3 × 7 on an A4 sheet


def _survey(request, pk):
    return get_object_for_user(MassSurvey.objects.select_related("org", "round"), pk, request.user)


def _detail_url(survey):
    return reverse("assessments:mass_detail", args=[survey.pk])


@login_required
def mass_list(request):
    user = request.user
    # Like the other 考核评星 pages, open to every business user; the list is what she may read (a committee's
    # surveys for its own staff; a branch has none to run), the 新建 button the committee's admins'.
    require_verb(user, "assessments.use_schemes")
    qs = (
        MassSurvey.objects.visible_to(user)
        .select_related("org", "round")
        .annotate(
            n_subjects=Count("subjects", distinct=True),
            n_codes=Count("codes", distinct=True),
            n_used=Count("codes", filter=Q(codes__used_on__isnull=False), distinct=True),
        )
        .order_by("-opens", "-id")
    )
    kind = request.GET.get("kind") or ""
    if kind in MassKind.values:
        qs = qs.filter(kind=kind)
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    return render(
        request,
        "assessments/mass/list.html",
        {
            "page": page,
            "kinds": MassKind.choices,
            "kind": kind,
            "may_add": user.has_perm("assessments.add_mass_survey"),
        },
    )


@login_required
def mass_create(request):
    user = request.user
    require_verb(user, "assessments.add_mass_survey")
    orgs = rules.mass_orgs(user)
    initial = {}
    if orgs.count() == 1:
        initial["org"] = orgs.first()
    kind = request.GET.get("kind")
    if kind in MassKind.values:
        initial["kind"] = kind
    round_id = id_param(request.GET.get("round"))
    if round_id:
        initial["round"] = round_id
    form = MassSurveyForm(request.POST or None, orgs=orgs, rounds=actions.survey_rounds(user), initial=initial)
    return form_page(
        request,
        form,
        action=lambda: actions.create_survey(by=user, data=request.POST),
        success=lambda s: f"已新建“{s.title}”，请添加测评对象并生成测评码。",
        redirect_to=_detail_url,
        title="新建群众测评",
        back_url=reverse("assessments:mass_list"),
        back_label="群众测评",
        submit_label="新建",
        note="群众满意度测评按满意、基本满意、不满意评价；双评（星级党支部、明星党员群众评议）按好、较好、一般、差评价。"
        "群众凭一次性测评码扫码评议，不记录评议人。",
        max_width="44rem",
        testid="mass-form",
    )


@login_required
def mass_edit(request, pk):
    survey = _survey(request, pk)
    user = request.user
    require_verb(user, "assessments.manage_mass_survey", survey)
    initial = {
        "round": survey.round_id,
        "title": survey.title,
        "intro": survey.intro,
        "opens": survey.opens,
        "closes": survey.closes,
    }
    rounds = actions.survey_rounds(user).filter(scheme__org=survey.org)
    return form_page(
        request,
        MassSurveyForm(request.POST or None, rounds=rounds, creating=False, initial=initial),
        action=lambda: actions.update_survey(survey, by=user, data=request.POST),
        success="已保存。",
        redirect_to=_detail_url(survey),
        title=f"编辑：{survey.title}",
        back_url=_detail_url(survey),
        back_label=survey.title,
        max_width="44rem",
        testid="mass-form",
    )


@login_required
def mass_detail(request, pk):
    survey = _survey(request, pk)
    user = request.user
    manages = user.has_perm("assessments.manage_mass_survey", survey)
    subjects = list(survey.subjects.select_related("org", "person__org"))
    issued, used = mass.code_counts(survey)
    batches = list(MassCode.objects.filter(survey=survey).values("batch").annotate(n=Count("pk")).order_by("batch"))
    subject_form = None
    if manages and survey.state == MassState.DRAFT:
        subject_form = SubjectsForm(
            orgs=actions.subject_orgs(survey, user), people=actions.subject_people(survey, user)
        )
    refusal = MASS_SURVEY.refusal(survey, "open", user) if survey.state == MassState.DRAFT and manages else None
    return render(
        request,
        "assessments/mass/detail.html",
        {
            "s": survey,
            "manages": manages,
            "subjects": subjects,
            "issued": issued,
            "used": used,
            "batches": batches,
            "subject_form": subject_form,
            "issue_form": IssueCodesForm(initial={"count": 50})
            if manages and survey.state != MassState.CLOSED
            else None,
            "open_refusal": refusal.detail if refusal else "",
            "ratings": [MassRating(r).label for r in survey.ratings],
            "public_url": request.build_absolute_uri(reverse("assessments:mass_entry")),
        },
    )


@login_required
@require_POST
def mass_subjects(request, pk):
    survey = _survey(request, pk)
    return post_action(
        request,
        actions.add_subjects,
        survey,
        by=request.user,
        data=request.POST,
        success=lambda n: f"已添加{n}个测评对象。" if n else "所选对象都已在测评中，没有新增。",
        next_default=_detail_url(survey),
    )


@login_required
@require_POST
def mass_subject_remove(request, pk):
    subject = get_object_for_user(MassSubject.objects.select_related("survey__org"), pk, request.user)
    return post_action(
        request,
        actions.remove_subject,
        subject,
        by=request.user,
        success=f"已移除测评对象：{subject.name}。",
        next_default=_detail_url(subject.survey),
    )


@login_required
@require_POST
def mass_codes(request, pk):
    survey = _survey(request, pk)
    return post_action(
        request,
        actions.issue_codes,
        survey,
        by=request.user,
        data=request.POST,
        success=lambda codes: f"已生成{len(codes)}个测评码（第{codes[0].batch}批），请打印测评码纸条。",
        next_default=lambda codes: (
            reverse("assessments:mass_slips", args=[survey.pk]) + f"?batch={codes[0].batch}"
            if codes
            else _detail_url(survey)
        ),
    )


def _qr_svg(url):
    return mark_safe(segno.make(url, error="m").svg_inline(scale=3, border=1, dark="#000", omitsize=True))


@login_required
def mass_slips(request, pk):
    """测评码纸条: an A4 sheet of 3 × 7 slips per page, each with its QR code, the code in text and cut lines; one
    batch at a time, every code of it — leaving the used ones out would tell which slip (and so perhaps whose)
    was used."""
    survey = _survey(request, pk)
    require_verb(request.user, "assessments.manage_mass_survey", survey)
    batches = list(survey.codes.values_list("batch", flat=True).distinct().order_by("batch"))
    if not batches:
        raise NotFound("该测评还没有生成测评码。")
    batch = int_param(request.GET.get("batch"), 1, 10**6, batches[-1])
    if batch not in batches:
        batch = batches[-1]
    codes = list(survey.codes.filter(batch=batch).order_by("slip_no"))
    base = request.build_absolute_uri(reverse("assessments:mass_entry"))
    slips = [{"no": c.slip_no, "code": mass.shown_code(c.code), "svg": _qr_svg(f"{base}{c.code}/")} for c in codes]
    pages = [slips[i : i + SLIPS_PER_PAGE] for i in range(0, len(slips), SLIPS_PER_PAGE)]
    return render(
        request,
        "assessments/mass/slips.html",
        {"s": survey, "pages": pages, "batch": batch, "batches": batches, "count": len(slips), "entry_url": base},
    )


@login_required
def mass_results(request, pk):
    survey = _survey(request, pk)
    tallies = mass.tallies(survey)
    issued, used = mass.code_counts(survey)
    return render(
        request,
        "assessments/mass/results.html",
        {
            "s": survey,
            "tallies": [(t, t.rows(survey)) for t in tallies],
            "issued": issued,
            "used": used,
            "min_votes": MIN_VOTES,
            "ratings": [MassRating(r).label for r in survey.ratings],
        },
    )


@login_required
@require_POST
def mass_transition(request, pk, name):
    survey = _survey(request, pk)
    t = MASS_SURVEY.transition(name)
    return post_action(
        request,
        actions.transition,
        survey,
        name,
        by=request.user,
        success=f"已{t.label}。",
        next_default=_detail_url(survey),
    )


# ---------------------------------------------------------------- the public ballot (no login)


def mass_entry(request):
    """测评入口: type the code of a slip (when the QR code cannot be scanned)."""
    code = request.GET.get("code")
    if code is not None:
        found = mass.normalise(code)
        if found:
            return redirect("assessments:mass_ballot", code=found)
        return render(
            request,
            "assessments/mass/public_entry.html",
            {"error": "测评码是8位字母和数字，请核对后重新输入。", "code": code[:40]},
        )
    return render(request, "assessments/mass/public_entry.html", {})


def _refused(request, e):
    return render(request, "assessments/mass/public_refused.html", {"error": e.detail}, status=e.status)


def mass_ballot(request, code):
    """The ballot a code opens: each subject with its ratings and an optional comment; submitted once."""
    address = client_ip(request)
    try:
        slip, subjects = mass.ballot(code, client_address=address)
    except ActionError as e:
        return _refused(request, e)
    survey = slip.survey
    chosen, errors, error = {}, {}, ""
    if request.method == "POST":
        votes = []
        for s in subjects:
            rating = request.POST.get(f"s{s.pk}", "")
            comment = request.POST.get(f"c{s.pk}", "")
            chosen[s.pk] = {"rating": rating, "comment": comment}
            if rating or comment.strip():
                votes.append({"subject": s.pk, "rating": rating, "comment": comment})
        try:
            mass.cast(code, votes=votes, client_address=address)
        except ActionError as e:
            if e.status == 404 or e.status == 429:
                return _refused(request, e)
            error = e.detail
            errors = {k.removeprefix("subject_"): v for k, v in (getattr(e, "errors", None) or {}).items()}
        else:
            return redirect("assessments:mass_done")
    rows = [
        {
            "subject": s,
            "chosen": chosen.get(s.pk, {}).get("rating", ""),
            "comment": chosen.get(s.pk, {}).get("comment", ""),
            "errors": errors.get(str(s.pk), []),
        }
        for s in subjects
    ]
    return render(
        request,
        "assessments/mass/public_ballot.html",
        {
            "s": survey,
            "rows": rows,
            "ratings": [(r, MassRating(r).label) for r in survey.ratings],
            "error": error,
            "code": mass.shown_code(slip.code),
            "max_comment": mass.MAX_COMMENT,
        },
        status=422 if error else 200,
    )


def mass_done(request):
    return render(request, "assessments/mass/public_done.html", {})


# ---------------------------------------------------------------- panels on the organisation's / person's page


def _closed(kind):
    return (
        MassSurvey.objects.filter(kind=kind, state=MassState.CLOSED).select_related("org").order_by("-closed_on", "-id")
    )


def _panel(user, title, rates):
    if not rates:
        return None
    rows = [
        {
            "survey": survey,
            "total": total,
            "rate": rate,
            "url": reverse("assessments:mass_results", args=[survey.pk])
            if user.has_perm("assessments.manage_mass_survey", survey)
            else "",
        }
        for survey, total, _positive, rate in rates[:5]
    ]
    return {
        "title": title,
        "rows": [],
        "empty": f"群众凭一次性测评码匿名评议；好评率为“好”和“较好”占全部票数的比例，不足{MIN_VOTES}票的不显示。",
        "html": render_to_string("assessments/mass/_panel.html", {"rows": rows}),
    }


def org_panel(user, org):
    """星级党支部群众评议 (双评) on the organisation's page: its 好评率 in the closed surveys (≥ 5 votes)."""
    surveys = list(_closed(MassKind.STAR_ORG).filter(subjects__org=org)[:10])
    return _panel(user, "群众评议（双评）", mass.subject_rates(surveys, org=org)) if surveys else None


def person_panel(user, person):
    """明星党员群众评议 (双评) on the person's page."""
    surveys = list(_closed(MassKind.STAR_MEMBER).filter(subjects__person=person)[:10])
    return _panel(user, "明星党员群众评议（双评）", mass.subject_rates(surveys, person=person)) if surveys else None

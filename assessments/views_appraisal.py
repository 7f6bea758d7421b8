"""Pages of 民主评议党员: the appraisals list and create, the branch's appraisal page (stage, members with
self-grade, pledge, mutual tally, the decision form), a member's own page (pledge, self-evaluation, mutual
grading), the A4 result, pledges, and the 限期改正 list and page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from core.dates import today
from core.errors import ActionError
from core.forms import add_errors
from core.pages import form_page, post_action
from core.params import id_param
from core.scoping import get_object_for_user
from core.verbs import require_verb

from . import actions_appraisal as actions
from . import rules
from .choices_appraisal import GRADE_LABELS, AppraisalState, FollowUpState, Grade
from .forms_appraisal import AppraisalForm, GradeEntryForm, OutcomeForm, PledgeEditForm, PledgeForm, SelfForm
from .models_appraisal import Appraisal, FollowUp, Pledge
from .queries_appraisal import board, for_board, with_counts
from .workflows_appraisal import APPRAISAL, FOLLOWUP


def _appraisal(request, pk):
    return get_object_for_user(for_board(Appraisal.objects.select_related("record")), pk, request.user)


@login_required
def appraisal_list(request):
    user = request.user
    qs = with_counts(Appraisal.objects.visible_to(user)).order_by("-year", "org__path", "id")
    year = id_param(request.GET.get("year"))
    if year:
        qs = qs.filter(year=year)
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    mine = set()
    if user.person_id:
        mine = set(
            Appraisal.objects.visible_to(user)
            .filter(participants__person_id=user.person_id, pk__in=[a.pk for a in page])
            .values_list("pk", flat=True)
        )
    for a in page:
        a.excellent_limit = a.n_participants // 3
        a.takes_part = a.pk in mine
    return render(
        request,
        "assessments/appraisal/list.html",
        {"page": page, "may_open": user.has_perm("assessments.open_appraisal"), "year": year or ""},
    )


@login_required
def appraisal_create(request):
    user = request.user
    require_verb(user, "assessments.open_appraisal")
    orgs = rules.appraisal_orgs(user)
    initial = {}
    if orgs.count() == 1:
        initial["org"] = orgs.first()
    form = AppraisalForm(request.POST or None, orgs=orgs, initial=initial)
    return form_page(
        request,
        form,
        action=lambda: actions.open_appraisal(by=user, data=request.POST),
        success=lambda a: f"已开展{a.org.name}{a.title}，参评党员可以填写个人自评了。",
        redirect_to=lambda a: reverse("assessments:appraisal_detail", args=[a.pk]),
        title="开展民主评议党员",
        back_url=reverse("assessments:appraisal_list"),
        back_label="民主评议",
        submit_label="开展",
        note="参评党员为该支部的正式党员和预备党员；开展后按个人自评、党员互评、民主测评、支部评定的程序进行。",
        max_width="40rem",
        testid="appraisal-form",
    )


def _grade_rows(b, data=None):
    """(row, form) for the decision table: each member's GradeEntryForm, prefixed by her person id."""
    out = []
    for r in b.rows:
        p = r.participant
        initial = {"grade": p.grade, "reason": p.grade_reason, "rectify_by": p.rectify_by}
        out.append((r, GradeEntryForm(data, prefix=f"p{p.person_id}", initial=initial)))
    return out


@login_required
def appraisal_detail(request, pk):
    a = _appraisal(request, pk)
    user = request.user
    b = board(a, user)
    deciding = b.manages and a.state == AppraisalState.DECISION
    grade_rows = _grade_rows(b) if deciding else []
    error, status = None, 200
    if request.method == "POST" and deciding:
        grade_rows = _grade_rows(b, request.POST)
        entries = [
            {
                "person": r.participant.person_id,
                "grade": request.POST.get(f"p{r.participant.person_id}-grade", ""),
                "reason": request.POST.get(f"p{r.participant.person_id}-reason", ""),
                "rectify_by": request.POST.get(f"p{r.participant.person_id}-rectify_by", ""),
            }
            for r in b.rows
        ]
        entries = [e for e in entries if e["grade"]]
        try:
            actions.save_grades(a, by=user, entries=entries)
        except ActionError as e:
            error, status = e.detail, e.status
            for r, form in grade_rows:
                form.is_valid()
                if str(r.participant.person.name) in e.detail:
                    add_errors(form, e)
        else:
            messages.success(request, "已保存评定等次。")
            return redirect("assessments:appraisal_detail", pk=a.pk)
    refusal = APPRAISAL.refusal(a, "close", user) if deciding else None
    return render(
        request,
        "assessments/appraisal/detail.html",
        {
            "a": a,
            "b": b,
            "grade_rows": grade_rows,
            "deciding": deciding,
            "error": error,
            "close_refusal": refusal.detail if refusal else "",
            "grades": Grade.choices,
        },
        status=status,
    )


@login_required
def appraisal_mine(request, pk):
    """The participant's own page: her pledge, her self-evaluation, her grades of the others, her tally."""
    a = _appraisal(request, pk)
    user = request.user
    require_verb(user, "assessments.take_part", a)
    b = board(a, user)
    me = b.me
    self_form = SelfForm(initial={"self_text": me.self_text, "self_grade": me.self_grade})
    if request.method == "POST" and request.POST.get("op") == "self":
        self_form = SelfForm(request.POST)
        try:
            actions.save_self(a, by=user, data=request.POST)
        except ActionError as e:
            self_form.is_valid()
            add_errors(self_form, e)
        else:
            messages.success(request, "已保存个人自评。")
            return redirect("assessments:appraisal_mine", pk=a.pk)
    mutual_error = None
    if request.method == "POST" and request.POST.get("op") == "mutual":
        grades = {
            str(r.person.pk): request.POST.get(f"g{r.person.pk}")
            for r in b.others
            if request.POST.get(f"g{r.person.pk}")
        }
        try:
            actions.save_mutual(a, by=user, grades=grades)
        except ActionError as e:
            mutual_error = e.detail
        else:
            messages.success(request, f"已保存互评等次（{len(grades)}名党员）。")
            return redirect("assessments:appraisal_mine", pk=a.pk)
    return render(
        request,
        "assessments/appraisal/mine.html",
        {
            "a": a,
            "b": b,
            "me": me,
            "row": b.my_row,
            "self_form": self_form,
            "mutual_error": mutual_error,
            "grades": Grade.choices,
            "grade_labels": GRADE_LABELS,
            "may_pledge": user.has_perm("assessments.write_pledge", me.person),
        },
        status=422 if mutual_error else 200,
    )


@login_required
@require_POST
def appraisal_transition(request, pk, name):
    a = _appraisal(request, pk)
    t = APPRAISAL.transition(name)
    return post_action(
        request,
        actions.transition,
        a,
        name,
        by=request.user,
        success=f"已{t.label}。",
        next_default=reverse("assessments:appraisal_detail", args=[a.pk]),
    )


@login_required
def appraisal_print(request, pk):
    """民主评议党员结果 (A4): the members and their grades, once the appraisal is closed (before: the list of
    participants with their pledges, for the meeting)."""
    a = _appraisal(request, pk)
    b = board(a, request.user)
    counts = [(label, sum(1 for r in b.rows if r.participant.grade == code)) for code, label in Grade.choices]
    return render(request, "assessments/appraisal/print.html", {"a": a, "b": b, "counts": counts})


# ---- 公开承诺 ------------------------------------------------------------------------------------------


@login_required
def pledge_list(request):
    user = request.user
    year = id_param(request.GET.get("year")) or today().year
    qs = (
        Pledge.objects.visible_to(user)
        .filter(year=year)
        .select_related("org", "person")
        .order_by("org__path", "person__name")
    )
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    for p in page:
        p.may_edit = user.has_perm("assessments.write_pledge", p.person)
    people = actions.pledge_people(user)
    return render(
        request,
        "assessments/appraisal/pledges.html",
        {"page": page, "year": year, "may_write": people.exists()},
    )


@login_required
def pledge_create(request):
    user = request.user
    people = actions.pledge_people(user)
    initial = {}
    if user.person_id and people.filter(pk=user.person_id).exists():
        initial["person"] = user.person_id
    form = PledgeForm(request.POST or None, people=people, initial=initial)
    return form_page(
        request,
        form,
        action=lambda: actions.save_pledge(by=user, data=request.POST),
        success=lambda p: f"已填写{p.person.name}{p.year}年的公开承诺。",
        redirect_to=lambda p: f"{reverse('assessments:pledge_list')}?year={p.year}",
        title="填写公开承诺",
        back_url=reverse("assessments:pledge_list"),
        back_label="公开承诺",
        note="公开承诺在本支部公开，年底民主评议时与个人自评一并对照。",
        max_width="40rem",
        testid="pledge-form",
    )


@login_required
def pledge_edit(request, pk):
    user = request.user
    pledge = get_object_for_user(Pledge.objects.select_related("person__org"), pk, user)
    require_verb(user, "assessments.write_pledge", pledge.person)
    form = PledgeEditForm(request.POST or None, initial={"content": pledge.content})
    return form_page(
        request,
        form,
        action=lambda: actions.update_pledge(pledge, by=user, data=request.POST),
        success="已修改公开承诺。",
        redirect_to=f"{reverse('assessments:pledge_list')}?year={pledge.year}",
        title=f"修改{pledge.person.name}{pledge.year}年的公开承诺",
        back_url=reverse("assessments:pledge_list"),
        back_label="公开承诺",
        max_width="40rem",
        testid="pledge-form",
    )


# ---- 限期改正 ------------------------------------------------------------------------------------------


def _followups(user):
    return FollowUp.objects.visible_to(user).select_related("org", "person", "participant__appraisal")


@login_required
def followup_list(request):
    user, now = request.user, today()
    state = request.GET.get("state") or ""
    qs = _followups(user)
    if state in FollowUpState.values:
        qs = qs.filter(state=state)
    page = Paginator(qs.order_by("state", "deadline", "id"), 30).get_page(request.GET.get("page"))
    for f in page:
        f.overdue = f.is_overdue(now)
    return render(
        request,
        "assessments/appraisal/followups.html",
        {"page": page, "state": state, "states": FollowUpState.choices},
    )


@login_required
def followup_detail(request, pk):
    user = request.user
    f = get_object_for_user(_followups(user), pk, user)
    return render(
        request,
        "assessments/appraisal/followup.html",
        {"f": f, "overdue": f.is_overdue(today()), "form": OutcomeForm()},
    )


@login_required
@require_POST
def followup_transition(request, pk, name):
    user = request.user
    f = get_object_for_user(_followups(user), pk, user)
    t = FOLLOWUP.transition(name)
    return post_action(
        request,
        actions.transition_followup,
        f,
        name,
        by=user,
        data=request.POST,
        success=f"已登记：{t.label}。",
        next_default=reverse("assessments:followup_detail", args=[f.pk]),
    )

"""Pages of 网上考试: the exam list (mine and managed), an exam, taking it (phone first), its result and review, the
results and item analysis for the author, hand-marking, the question bank with its .xlsx import, and the 错题本."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from core import workflow
from core.errors import ActionError, NotFound
from core.forms import register_edit_page
from core.importing import template_response, two_step_import
from core.pages import form_page, post_action
from core.scoping import get_object_for_user
from core.verbs import require_verb
from orgs.models import Organisation

from . import actions_exams as actions
from . import exams, imports_exams, queries_exams, rules
from .choices import CHOICE_TYPES, AttemptState, QuestionType
from .forms_exams import ExamForm, QuestionForm, blueprint_text
from .models_exams import Attempt, Exam, Question
from .workflows_exams import ATTEMPT, EXAM

register_edit_page("learning:exam_edit")
register_edit_page("learning:question_edit")


def _exam(request, pk):
    return get_object_for_user(Exam, pk, request.user, queryset=Exam.objects.select_related("org"))


# ---------------------------------------------------------------- exams


@login_required
def exam_list(request):
    user = request.user
    require_verb(user, "core.do_business")
    rows = queries_exams.exam_list(user)
    now = timezone.now()
    mine, managed = [], []
    for e in rows:
        e.open_now = e.is_open(now)
        e.closed = now >= e.closes
        if user.has_perm("learning.take_exam", e) and e.state != "draft":
            mine.append(e)
        if user.has_perm("learning.manage_exam", e):
            managed.append(e)
    return render(
        request,
        "learning/exams/list.html",
        {"mine": mine, "managed": managed, "may_create": rules.may_manage_exams(user)},
    )


def _exam_initial(exam):
    return {
        "org": exam.org_id,
        "title": exam.title,
        "description": exam.description,
        "opens": timezone.localtime(exam.opens),
        "closes": timezone.localtime(exam.closes),
        "minutes": exam.minutes,
        "attempts": exam.attempts,
        "pass_mark": exam.pass_mark,
        "partial_credit": exam.partial_credit,
        "review": exam.review,
        "hours": exam.hours,
        "blueprint": blueprint_text(exam.blueprint),
    }


@login_required
def exam_new(request):
    user = request.user
    orgs = rules.bank_orgs(user)
    require_verb(user, "learning.manage_bank", orgs.first())
    form = ExamForm(request.POST or None, orgs=orgs, initial={"org": orgs.first().pk})
    return form_page(
        request,
        form,
        action=lambda: actions.create_exam(by=user, data=request.POST),
        success=lambda e: f"已新建考试“{e.title}”（草稿），核对后请发布。",
        redirect_to=lambda e: reverse("learning:exam_detail", args=[e.pk]),
        template="learning/exams/exam_form.html",
        title="新建考试",
        back_url=reverse("learning:exam_list"),
        back_label="网上考试",
        testid="exam-form",
    )


@login_required
def exam_edit(request, pk):
    user = request.user
    exam = _exam(request, pk)
    require_verb(user, "learning.manage_exam", exam)
    form = ExamForm(request.POST or None, orgs=rules.bank_orgs(user), initial=_exam_initial(exam))
    return form_page(
        request,
        form,
        action=lambda: actions.update_exam(exam, by=user, data=request.POST),
        success="已保存考试设置。",
        redirect_to=reverse("learning:exam_detail", args=[exam.pk]),
        template="learning/exams/exam_form.html",
        title=f"修改考试：{exam.title}",
        back_url=reverse("learning:exam_detail", args=[exam.pk]),
        back_label=exam.title,
        testid="exam-form",
    )


@login_required
def exam_detail(request, pk):
    user = request.user
    exam = _exam(request, pk)
    now = timezone.now()
    manage = user.has_perm("learning.manage_exam", exam)
    candidate = user.has_perm("learning.take_exam", exam)
    mine = list(Attempt.objects.filter(exam=exam, person_id=user.person_id)) if user.person_id else []
    for a in mine:
        if a.state == AttemptState.ANSWERING and actions.workflow_overdue(a):
            actions.close_if_overdue(a, by=user)
    if mine:
        mine = list(Attempt.objects.filter(exam=exam, person_id=user.person_id).order_by("number"))
    going = next((a for a in mine if a.state == AttemptState.ANSWERING), None)
    bank = None
    if manage:
        pool = Question.objects.for_org(exam.org)
        bank = [(r, exams.row_label(r), exams.row_pool(pool, r).count()) for r in exam.blueprint]
    return render(
        request,
        "learning/exams/detail.html",
        {
            "exam": exam,
            "manage": manage,
            "candidate": candidate,
            "open_now": exam.is_open(now),
            "closed": now >= exam.closes,
            "attempts": mine,
            "going": going,
            "left": max(0, exam.attempts - len(mine)),
            "bank": bank,
            "editable": manage and not Attempt.objects.filter(exam=exam).exists(),
            "transitions": EXAM.available(exam, user),
        },
    )


@login_required
@require_POST
def exam_start(request, pk):
    exam = _exam(request, pk)
    try:
        attempt, created = actions.start_attempt(exam, by=request.user)
    except ActionError as e:
        messages.error(request, e.detail)
        return redirect("learning:exam_detail", exam.pk)
    if not created:
        messages.info(request, "继续上次未完成的答卷，剩余时间照常计算。")
    return redirect("learning:attempt", attempt.pk)


@login_required
@require_POST
def exam_transition(request, pk, name):
    exam = _exam(request, pk)
    t = EXAM.transition(name)
    return post_action(
        request,
        workflow.run,
        exam,
        name,
        by=request.user,
        success=f"已{t.label}考试。",
        next_default=reverse("learning:exam_detail", args=[exam.pk]),
    )


@login_required
def exam_results(request, pk):
    exam = _exam(request, pk)
    rows = queries_exams.results(exam, by=request.user)
    return render(
        request,
        "learning/exams/results.html",
        {"exam": exam, "rows": rows, "summary": queries_exams.summary(rows)},
    )


@login_required
def exam_analysis(request, pk):
    exam = _exam(request, pk)
    stats = queries_exams.analysis(exam, by=request.user)
    return render(request, "learning/exams/analysis.html", {"exam": exam, "stats": stats})


# ---------------------------------------------------------------- an attempt


def _attempt(request, pk):
    attempt = get_object_for_user(
        Attempt, pk, request.user, queryset=Attempt.objects.select_related("exam", "exam__org", "person")
    )
    if attempt.state == AttemptState.ANSWERING and actions.workflow_overdue(attempt):
        actions.close_if_overdue(attempt, by=request.user)
        attempt = Attempt.objects.select_related("exam", "exam__org", "person").get(pk=attempt.pk)
    return attempt


def _posted_answers(request, attempt):
    """The answers of the page's form ({question id: value}): radio and checkbox letters, 对/错, blanks, text."""
    out = {}
    for it in attempt.items.select_related("question"):
        q, key = it.question, f"q{it.question_id}"
        if q.type in CHOICE_TYPES:
            out[str(q.pk)] = request.POST.getlist(key)
        elif q.type == QuestionType.TRUEFALSE:
            v = request.POST.get(key)
            out[str(q.pk)] = [v == "true"] if v in ("true", "false") else []
        elif q.type == QuestionType.FILL:
            values = request.POST.getlist(key)
            out[str(q.pk)] = values if any(v.strip() for v in values) else []
        else:
            v = request.POST.get(key, "")
            out[str(q.pk)] = [v] if v.strip() else []
    return out


@login_required
def attempt_page(request, pk):
    """答题 (her attempt while the time runs) or 成绩 with the review the exam allows."""
    user = request.user
    attempt = _attempt(request, pk)
    if request.method == "POST":
        try:
            attempt = actions.save_answers(attempt, _posted_answers(request, attempt), by=user)
            if request.POST.get("op") == "submit":
                attempt = actions.submit(attempt, by=user)
                messages.success(request, "已交卷。")
            else:
                messages.success(request, "答案已保存。")
        except ActionError as e:
            messages.error(request, e.detail)
        return redirect("learning:attempt", attempt.pk)
    view = queries_exams.attempt_view(attempt, user)
    own = attempt.person_id == user.person_id
    return render(
        request,
        "learning/exams/attempt.html",
        {
            "attempt": attempt,
            "exam": attempt.exam,
            "view": view,
            "own": own,
            "answering": attempt.state == AttemptState.ANSWERING and own,
            "may_mark": ATTEMPT.refusal(attempt, "mark", user) is None,
            "letters": exams.LETTERS,
        },
    )


@login_required
def attempt_mark(request, pk):
    user = request.user
    attempt = _attempt(request, pk)
    t = ATTEMPT.check(attempt, "mark", user)
    form = ATTEMPT.form(attempt, t, request.POST or None)
    return form_page(
        request,
        form,
        action=lambda: workflow.run(attempt, "mark", by=user, data=request.POST),
        success=lambda a: f"阅卷完成：{a.person.name} 得 {a.score.normalize():f} 分。",
        redirect_to=reverse("learning:exam_results", args=[attempt.exam_id]),
        template="learning/exams/mark.html",
        title=f"阅卷：{attempt.person.name} 第{attempt.number}次",
        back_url=reverse("learning:exam_results", args=[attempt.exam_id]),
        back_label=attempt.exam.title,
        attempt=attempt,
        testid="mark-form",
    )


# ---------------------------------------------------------------- the bank


def _bank_org(request):
    """The organisation whose bank the page shows (?org=, else the first the user keeps)."""
    orgs = list(rules.bank_orgs(request.user))
    require_verb(request.user, "learning.manage_bank", orgs[0] if orgs else None)
    raw = request.GET.get("org") or orgs[0].pk
    try:
        chosen = int(raw)
    except ValueError:
        raise NotFound() from None
    org = next((o for o in orgs if o.pk == chosen), None)
    if org is None:
        org = get_object_for_user(Organisation, chosen, request.user)
        require_verb(request.user, "learning.manage_bank", org)
    return org, orgs


@login_required
def question_list(request):
    org, orgs = _bank_org(request)
    qs = Question.objects.visible_to(request.user).filter(org=org).select_related("org").order_by("topic", "type", "id")
    kind, topic = request.GET.get("type", ""), request.GET.get("topic", "")
    if kind:
        qs = qs.filter(type=kind)
    if topic:
        qs = qs.filter(topic=topic)
    topics = list(Question.objects.filter(org=org).order_by("topic").values_list("topic", flat=True).distinct())
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    return render(
        request,
        "learning/exams/questions.html",
        {
            "org": org,
            "orgs": orgs,
            "page": page,
            "types": QuestionType.choices,
            "kind": kind,
            "topic": topic,
            "topics": topics,
        },
    )


@login_required
def question_new(request):
    user = request.user
    org, _ = _bank_org(request)
    form = QuestionForm(request.POST or None, orgs=rules.bank_orgs(user), initial={"org": org.pk, "difficulty": 3})
    return form_page(
        request,
        form,
        action=lambda: actions.create_question(by=user, data=request.POST),
        success="已加入题库。",
        redirect_to=lambda q: reverse("learning:question_list") + f"?org={q.org_id}",
        title="新增试题",
        back_url=reverse("learning:question_list") + f"?org={org.pk}",
        back_label="题库",
        testid="question-form",
    )


@login_required
def question_edit(request, pk):
    user = request.user
    q = get_object_for_user(Question, pk, user)
    require_verb(user, "learning.manage_bank", q.org)
    form = QuestionForm(request.POST or None, orgs=rules.bank_orgs(user), initial=QuestionForm.initial_for(q))
    return form_page(
        request,
        form,
        action=lambda: actions.update_question(q, by=user, data=request.POST),
        success="已保存试题。",
        redirect_to=reverse("learning:question_list") + f"?org={q.org_id}",
        title="修改试题",
        back_url=reverse("learning:question_list") + f"?org={q.org_id}",
        back_label="题库",
        testid="question-form",
    )


@login_required
@require_POST
def question_retire(request, pk):
    q = get_object_for_user(Question, pk, request.user)
    return post_action(
        request,
        actions.retire_question,
        q,
        by=request.user,
        success="已停用该试题，今后组卷不再抽到它。",
        next_default=reverse("learning:question_list") + f"?org={q.org_id}",
    )


@login_required
def question_template(request):
    org, _ = _bank_org(request)
    return template_response(f"试题导入模板_{org.name}.xlsx", imports_exams.SPEC, **imports_exams.template_kwargs(org))


@login_required
def question_import(request):
    org, orgs = _bank_org(request)
    context = {"org": org, "orgs": orgs}
    progress = two_step_import(
        request,
        validate=lambda upload: imports_exams.validate_rows(upload, org=org, by=request.user),
        kind=imports_exams.KIND,
        scope_key=imports_exams.scope_key(org),
        context=context,
    )
    if progress is not None:
        return progress
    return render(request, "learning/exams/question_import.html", context)


# ---------------------------------------------------------------- 错题本


@login_required
def mistake_list(request):
    user = request.user
    require_verb(user, "core.do_business")
    if not user.person_id:
        raise NotFound()
    rows = list(queries_exams.mistakes(user))
    return render(
        request,
        "learning/exams/mistakes.html",
        {"open": [m for m in rows if m.mastered_at is None], "mastered": [m for m in rows if m.mastered_at]},
    )


@login_required
def mistake_practice(request, pk):
    user = request.user
    m = get_object_for_user(queries_exams.mistakes(user), pk, user)
    result = None
    if request.method == "POST":
        q = m.question
        if q.type in CHOICE_TYPES:
            answer = request.POST.getlist("answer")
        elif q.type == QuestionType.TRUEFALSE:
            v = request.POST.get("answer")
            answer = [v == "true"] if v in ("true", "false") else []
        else:
            answer = [v for v in request.POST.getlist("answer")]
        try:
            correct, m = actions.practise(m, answer, by=user)
            result = {"correct": correct, "answer": answer}
        except ActionError as e:
            messages.error(request, e.detail)
            return redirect("learning:mistake_practice", m.pk)
        m = get_object_for_user(queries_exams.mistakes(user), pk, user)
    q = m.question
    order = list(range(len(q.options)))
    return render(
        request,
        "learning/exams/practice.html",
        {
            "m": m,
            "q": q,
            "options": list(zip(exams.LETTERS, q.options, strict=False)),
            "blanks": range(exams.blanks(q)),
            "result": result,
            "key": exams.to_shown(order, q.answer) if q.type in CHOICE_TYPES else q.answer,
            "next_mistake": queries_exams.mistakes(user).filter(mastered_at__isnull=True).exclude(pk=m.pk).first(),
        },
    )

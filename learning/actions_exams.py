"""The writes of 网上考试: questions, exams, attempts (start, save answers, submit, the lazy close at the deadline,
hand-marking) and practice from the 错题本. Each checks its verb, validates, runs in one transaction and is audited;
the state changes of exams and attempts run through their declared workflows (workflows_exams)."""

import datetime

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from core import audit, dates, workflow
from core.errors import Conflict, Invalid
from core.forms import validate
from core.verbs import require_verb
from orgs.models import Person

from . import exams, hours, rules
from .choices import AttemptState, HourSource, QuestionType
from .forms_exams import ExamForm, QuestionForm
from .models_exams import Attempt, AttemptItem, Exam, Mistake, Question

LATE = "答题时间已到，答卷已自动交卷，不再接收答案。"
CLOSED = "答卷已交，不能再修改答案。"


# ---------------------------------------------------------------- questions


def build_question(cleaned, *, by):
    return Question(
        org=cleaned["org"],
        type=cleaned["type"],
        topic=cleaned["topic"].strip(),
        difficulty=cleaned["difficulty"],
        stem=cleaned["stem"].strip(),
        options=cleaned["options"],
        answer=cleaned["answer"],
        explanation=(cleaned.get("explanation") or "").strip(),
        created_by=by,
    )


def create_question(*, by, data):
    cleaned = validate(QuestionForm(data, orgs=rules.bank_orgs(by)))
    require_verb(by, "learning.manage_bank", cleaned["org"])
    with transaction.atomic():
        q = build_question(cleaned, by=by)
        q.save()
        audit.record("learning.question.create", by=by, obj=q, org=q.org, after=audit.snapshot(q))
    return q


def update_question(question, *, by, data):
    require_verb(by, "learning.manage_bank", question.org)
    cleaned = validate(QuestionForm(data, orgs=rules.bank_orgs(by)))
    require_verb(by, "learning.manage_bank", cleaned["org"])
    with transaction.atomic():
        q = Question.objects.select_for_update().get(pk=question.pk)
        before = audit.snapshot(q)
        new = build_question(cleaned, by=q.created_by)
        for f in ("org", "type", "topic", "difficulty", "stem", "options", "answer", "explanation"):
            setattr(q, f, getattr(new, f))
        after = audit.snapshot(q)
        if before == after:
            return q
        q.save()
        audit.record("learning.question.update", by=by, obj=q, org=q.org, before=before, after=after)
    return q


def retire_question(question, *, by):
    """停用: the question is no longer drawn (attempts that drew it keep it)."""
    require_verb(by, "learning.manage_bank", question.org)
    with transaction.atomic():
        q = Question.objects.select_for_update().get(pk=question.pk)
        if not q.active:
            raise Conflict("该试题已停用。")
        q.active = False
        q.save(update_fields=["active", "updated_at"])
        audit.record("learning.question.retire", by=by, obj=q, org=q.org)
    return q


# ---------------------------------------------------------------- exams


def _exam_fields(exam, cleaned):
    for f in ("org", "title", "description", "opens", "closes", "minutes", "attempts", "pass_mark"):
        setattr(exam, f, cleaned[f])
    exam.partial_credit = cleaned.get("partial_credit", False)
    exam.review, exam.hours, exam.blueprint = cleaned["review"], cleaned["hours"], cleaned["blueprint"]


def _check_bank(exam):
    try:
        exams.draw(exam)
    except exams.ShortBank as e:
        raise Invalid(e.message, {"blueprint": [e.message]}) from None


def create_exam(*, by, data, publish=False):
    """A new exam (a draft, or published at once); refused when the bank cannot fill its blueprint."""
    cleaned = validate(ExamForm(data, orgs=rules.bank_orgs(by)))
    exam = Exam(created_by=by)
    _exam_fields(exam, cleaned)
    require_verb(by, "learning.manage_exam", exam)
    _check_bank(exam)
    with transaction.atomic():
        exam.save()
        audit.record("learning.exam.create", by=by, obj=exam, org=exam.org, after=audit.snapshot(exam))
        if publish:
            exam = workflow.run(exam, "publish", by=by)
    return exam


def update_exam(exam, *, by, data):
    """Change an exam's settings, until someone has started it."""
    require_verb(by, "learning.manage_exam", exam)
    cleaned = validate(ExamForm(data, orgs=rules.bank_orgs(by)))
    with transaction.atomic():
        exam = Exam.objects.select_for_update().get(pk=exam.pk)
        if exam.attempt_set.exists():
            raise Conflict("已有考生参加该考试，不能再修改考试设置。")
        before = audit.snapshot(exam)
        _exam_fields(exam, cleaned)
        require_verb(by, "learning.manage_exam", exam)
        after = audit.snapshot(exam)
        if before == after:
            return exam
        _check_bank(exam)
        exam.save()
        audit.record("learning.exam.update", by=by, obj=exam, org=exam.org, before=before, after=after)
    return exam


# ---------------------------------------------------------------- attempts


def current_attempt(exam, person):
    return Attempt.objects.filter(exam=exam, person=person, state=AttemptState.ANSWERING).first()


def start_attempt(exam, *, by, rng=None):
    """The candidate's attempt: the one she is answering (resumed with its questions and the time left), or a new
    one with her own draw. Refused outside the window, past the attempts limit, or when the bank runs short.
    Returns (attempt, created). `rng` is for the demo's repeatable draws; a real candidate's draw is the system's
    random source."""
    require_verb(by, "learning.take_exam", exam)
    now = timezone.now()
    if not exam.is_open(now):
        if exam.state != "published":
            raise Conflict("该考试未发布或已撤回。")
        raise Conflict("考试尚未开始。" if now < exam.opens else "考试已截止。")
    with transaction.atomic():
        person = Person.objects.select_for_update().get(pk=by.person_id)
        existing = list(Attempt.objects.filter(exam=exam, person=person).order_by("number"))
        going = next((a for a in existing if a.state == AttemptState.ANSWERING), None)
        if going is not None and not workflow_overdue(going):
            return going, False
    if going is not None:
        close_if_overdue(going, by=by)
    with transaction.atomic():
        person = Person.objects.select_for_update().get(pk=by.person_id)
        used = Attempt.objects.filter(exam=exam, person=person).count()
        if used >= exam.attempts:
            raise Conflict(f"该考试最多可参加 {exam.attempts} 次，您已用完。")
        try:
            paper = exams.draw(exam, rng=rng)
        except exams.ShortBank as e:
            raise Conflict(f"试卷无法组卷：{e.message}请联系考试组织者。") from None
        deadline = min(now + datetime.timedelta(minutes=exam.minutes), exam.closes)
        try:
            with transaction.atomic():
                attempt = Attempt.objects.create(
                    exam=exam, person=person, number=used + 1, started_at=now, deadline=deadline
                )
        except IntegrityError:
            raise Conflict("您已开始本次考试，请刷新页面。") from None
        AttemptItem.objects.bulk_create(
            AttemptItem(attempt=attempt, question=q, position=i, order=order, points=points)
            for i, (q, points, order) in enumerate(paper, 1)
        )
        audit.record(
            "learning.attempt.start",
            by=by,
            obj=attempt,
            org=exam.org,
            after={"exam": exam.pk, "number": attempt.number, "questions": [q.pk for q, _, _ in paper]},
        )
    return attempt, True


def workflow_overdue(attempt):
    return attempt.deadline <= timezone.now()


def close_if_overdue(attempt, *, by):
    """The lazy close: an attempt still open past its deadline is submitted with what was saved (by whoever reads
    it). Returns the attempt as it stands."""
    if attempt.state == AttemptState.ANSWERING and workflow_overdue(attempt):
        try:
            return workflow.run(attempt, "expire", by=by)
        except Conflict:  # closed meanwhile by another reader
            return Attempt.objects.get(pk=attempt.pk)
    return attempt


def close_overdue(exam, *, by):
    """Close every attempt of an exam past its deadline (the results page and the item analysis)."""
    for a in Attempt.objects.filter(exam=exam, state=AttemptState.ANSWERING, deadline__lte=timezone.now()):
        close_if_overdue(a, by=by)


def save_answers(attempt, answers, *, by):
    """Keep the candidate's answers ({question id: [...]}, merged into what was saved). After the deadline the
    attempt is closed with what was saved before and the answers are refused (409)."""
    require_verb(by, "learning.answer", attempt)
    if attempt.state == AttemptState.ANSWERING and workflow_overdue(attempt):
        close_if_overdue(attempt, by=by)
        raise Conflict(LATE)
    if not isinstance(answers, dict):
        raise Invalid("答案格式不对。", {"answers": ["应为 {试题编号: 答案} 的对象。"]})
    with transaction.atomic():
        attempt = Attempt.objects.select_for_update().get(pk=attempt.pk)
        if attempt.state != AttemptState.ANSWERING:
            raise Conflict(CLOSED)
        if workflow_overdue(attempt):
            raise Conflict(LATE)  # the read after this request closes it
        items = {str(it.question_id): it for it in attempt.items.select_related("question")}
        changed, errors = [], {}
        for key, value in answers.items():
            it = items.get(str(key))
            if it is None:
                errors[str(key)] = ["本答卷中没有该试题。"]
                continue
            try:
                stored = exams.clean_answer(it.question, it.order, value)
            except ValueError as e:
                errors[str(key)] = [f"第{it.position}题：{e}"]
                continue
            if stored != it.answer:
                it.answer = stored
                changed.append(it)
        if errors:
            first = next(iter(errors.values()))[0]
            raise Invalid(first, errors)
        if changed:
            AttemptItem.objects.bulk_update(changed, ["answer"])
            audit.record(
                "learning.attempt.answer",
                by=by,
                obj=attempt,
                org=attempt.exam.org,
                after={"questions": [it.question_id for it in changed]},
            )
    return attempt


def submit(attempt, *, by):
    """交卷 (after the deadline it was already closed: the result stands)."""
    require_verb(by, "learning.answer", attempt)
    attempt = close_if_overdue(attempt, by=by)
    if attempt.state != AttemptState.ANSWERING:
        return attempt
    return workflow.run(attempt, "submit", by=by)


def finish(attempt, *, by, auto=False):
    """Mark what the machine marks; the attempt is done, or waits for the short answers to be marked by hand.
    Runs inside the submit (or expire) transition."""
    exam = attempt.exam
    items = list(attempt.items.select_related("question"))
    for it in items:
        it.score, it.correct = exams.mark(it.question, it.answer, it.points, partial=exam.partial_credit)
    AttemptItem.objects.bulk_update(items, ["score", "correct"])
    attempt.submitted_at = timezone.now()
    attempt.auto_submitted = auto
    if any(it.score is None for it in items):
        attempt.state = AttemptState.MARKING
        attempt.score = sum((it.score for it in items if it.score is not None), exams.Decimal(0))
    else:
        _close(attempt, items)


def apply_marks(attempt, scores, *, by):
    """The hand-marked scores of the short answers (inside the mark transition)."""
    items = list(attempt.items.select_related("question"))
    for it in items:
        if it.question.type == QuestionType.SHORT:
            it.score = scores[it.pk]
            it.correct = it.score == it.points
    AttemptItem.objects.bulk_update(items, ["score", "correct"])
    attempt.marked_by = by
    _close(attempt, items)


def _close(attempt, items):
    """Total, pass, study hours for a pass, and the 错题本 of what she got wrong."""
    exam = attempt.exam
    attempt.score = sum((it.score for it in items), exams.Decimal(0))
    attempt.passed = attempt.score >= exam.pass_mark
    attempt.state = AttemptState.DONE
    when = timezone.localtime(attempt.submitted_at or timezone.now(), dates.SHANGHAI)
    if attempt.passed and exam.hours:
        hours.credit(
            attempt.person,
            source=HourSource.EXAM,
            ref=exam.pk,
            hours=exam.hours,
            date=when.date(),
            note=f"网上考试：{exam.title}",
        )
    wrong = [it for it in items if it.correct is False]
    known = {
        m.question_id: m
        for m in Mistake.objects.filter(person=attempt.person, question__in=[it.question for it in wrong])
    }
    for it in wrong:
        m = known.get(it.question_id)
        if m is None:
            Mistake.objects.create(person=attempt.person, question=it.question, exam=exam, last_wrong_at=when)
        else:
            Mistake.objects.filter(pk=m.pk).update(
                wrong_times=F("wrong_times") + 1, last_wrong_at=when, exam=exam, mastered_at=None
            )


# ---------------------------------------------------------------- 错题本


def practise(mistake, answer, *, by):
    """Answer a question of the 错题本 again (options in the bank's order): right once, it is 已掌握.
    Returns (correct, mistake)."""
    require_verb(by, "learning.practise", mistake)
    q = mistake.question
    order = list(range(len(q.options)))
    try:
        stored = exams.clean_answer(q, order, answer)
    except ValueError as e:
        raise Invalid(str(e), {"answer": [str(e)]}) from None
    if q.type == QuestionType.SHORT:
        raise Conflict("简答题请对照参考答案自行练习。")
    _, correct = exams.mark(q, stored, exams.Decimal(1))
    with transaction.atomic():
        m = Mistake.objects.select_for_update().get(pk=mistake.pk)
        m.practised += 1
        if correct and m.mastered_at is None:
            m.mastered_at = timezone.now()
        m.save(update_fields=["practised", "mastered_at"])
        audit.record("learning.mistake.practise", by=by, obj=m, after={"question": q.pk, "correct": bool(correct)})
    return bool(correct), m

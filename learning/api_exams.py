"""REST API of 网上考试 (API.md "Learning"): the question bank and its .xlsx import, exams, attempts (each
candidate's own draw, answers, submit, hand-marking), results, item analysis and the 错题本."""

import datetime
import json
from decimal import Decimal
from typing import Annotated, Any

from django.utils import timezone
from ninja import File, Form, Router, Schema
from ninja.files import UploadedFile
from pydantic import Field

from core import importing as core_importing
from core import workflow
from core.api import AUTH, Id, ListOut, Page, PageSize, Ref, paginate
from core.errors import Invalid
from core.excel import MAX_UPLOAD_BYTES
from core.importing import CONFIRM_SEPARATELY
from core.scoping import get_object_for_user
from core.verbs import require_verb
from orgs.models import Organisation

from . import actions_exams as actions
from . import imports_exams, queries_exams
from .choices import QuestionType
from .forms_exams import answer_text
from .models_exams import Attempt, Exam, Question

router = Router(tags=["网上考试"], auth=AUTH)


# ---------------------------------------------------------------- questions


class ExamQuestionIn(Schema):
    org: Id
    type: str = Field(..., max_length=10)
    topic: str = Field(..., max_length=50)
    difficulty: int = Field(3, ge=1, le=5)
    stem: str = Field(..., max_length=2000)
    options: list[Annotated[str, Field(max_length=500)]] = Field([], max_length=8)
    answer: list[Any] = Field(..., max_length=10)
    explanation: str = Field("", max_length=2000)


class ExamQuestionOut(Schema):
    id: int
    org: Ref
    type: str
    type_label: str
    topic: str
    difficulty: int
    stem: str
    options: list[str]
    answer: list[Any]
    explanation: str
    active: bool


def question_out(q):
    return {
        "id": q.pk,
        "org": {"id": q.org_id, "name": q.org.name},
        "type": q.type,
        "type_label": q.get_type_display(),
        "topic": q.topic,
        "difficulty": q.difficulty,
        "stem": q.stem,
        "options": q.options,
        "answer": q.answer,
        "explanation": q.explanation,
        "active": q.active,
    }


def _question_data(payload):
    t = payload.type
    answer = payload.answer
    if t == QuestionType.TRUEFALSE:
        if len(answer) != 1 or not isinstance(answer[0], bool):
            raise Invalid("判断题的答案应为 [true] 或 [false]。", {"answer": ["应为 [true] 或 [false]。"]})
        text = answer_text(t, answer)
    elif any(not isinstance(x, str) for x in answer):
        raise Invalid("答案应为文字列表。", {"answer": ["应为文字列表。"]})
    elif t in ("single", "multiple"):
        text = "".join(answer)
    elif t == "fill":
        text = "；".join(answer)
    else:
        text = answer[0] if answer else ""
    if any("\n" in o for o in payload.options):
        raise Invalid("选项中不能换行。", {"options": ["选项中不能换行。"]})
    return {
        "org": payload.org,
        "type": t,
        "topic": payload.topic,
        "difficulty": payload.difficulty,
        "stem": payload.stem,
        "options": "\n".join(payload.options),
        "answer": text,
        "explanation": payload.explanation,
    }


@router.get("/learning/questions", response=ListOut[ExamQuestionOut])
def list_questions(
    request,
    org: Id | None = None,
    type: str | None = None,
    topic: str | None = None,
    page: Page = 1,
    page_size: PageSize = 50,
):
    qs = Question.objects.visible_to(request.auth).select_related("org").order_by("topic", "type", "id")
    if org is not None:
        qs = qs.filter(org=get_object_for_user(Organisation, org, request.auth))
    if type:
        qs = qs.filter(type=type)
    if topic:
        qs = qs.filter(topic=topic)
    return paginate(qs, page, page_size, question_out)


@router.post("/learning/questions", response={201: ExamQuestionOut})
def create_question(request, payload: ExamQuestionIn):
    q = actions.create_question(by=request.auth, data=_question_data(payload))
    return 201, question_out(q)


@router.post("/learning/orgs/{org_id}/questions/import")
def import_questions(request, org_id: Id, file: File[UploadedFile], confirm: Form[bool] = False):
    """Preview: every row with its errors, and an import_id when there are none. Writes no question.

    Confirm with POST /learning/orgs/{org_id}/questions/import/{import_id}/confirm (all rows or none, once)."""
    o = get_object_for_user(Organisation, org_id, request.auth)
    require_verb(request.auth, "learning.manage_bank", o)
    if confirm:
        raise Invalid(CONFIRM_SEPARATELY, {"confirm": [CONFIRM_SEPARATELY]})
    if file.size and file.size > MAX_UPLOAD_BYTES:
        raise Invalid("文件超过5MB，请拆分后分批导入。", {"file": ["文件过大。"]})
    rows, has_errors, batch = core_importing.preview(
        file.read(MAX_UPLOAD_BYTES + 1),
        file.name or "",
        validate=lambda upload: imports_exams.validate_rows(upload, org=o, by=request.auth),
        by=request.auth,
        kind=imports_exams.KIND,
        scope_key=imports_exams.scope_key(o),
    )
    return {
        "import_id": batch.token if batch else None,
        "count": len(rows),
        "has_errors": has_errors,
        "rows": [{"row": n, "stem": data.get("stem"), "errors": errors} for n, data, _c, errors in rows],
    }


@router.post("/learning/orgs/{org_id}/questions/import/{import_id}/confirm", response={200: dict, 202: dict})
def confirm_import(request, org_id: Id, import_id: str):
    o = get_object_for_user(Organisation, org_id, request.auth)
    batch = core_importing.confirm(
        import_id, by=request.auth, kind=imports_exams.KIND, scope_key=imports_exams.scope_key(o)
    )
    return core_importing.api_confirm(batch, lambda ids: {"import_id": import_id, "count": len(ids)})


@router.get("/learning/questions/{question_id}", response=ExamQuestionOut)
def get_question(request, question_id: Id):
    return question_out(
        get_object_for_user(Question, question_id, request.auth, queryset=Question.objects.select_related("org"))
    )


@router.put("/learning/questions/{question_id}", response=ExamQuestionOut)
def update_question(request, question_id: Id, payload: ExamQuestionIn):
    q = get_object_for_user(Question, question_id, request.auth)
    q = actions.update_question(q, by=request.auth, data=_question_data(payload))
    return question_out(Question.objects.select_related("org").get(pk=q.pk))


# ---------------------------------------------------------------- exams


class ExamBlueprintRowIn(Schema):
    type: str = Field(..., max_length=10)
    topic: str | None = Field(None, max_length=50)
    difficulty: int | None = Field(None, ge=1, le=5)
    count: int = Field(..., ge=1, le=100)
    points: Decimal = Field(..., ge=Decimal("0.5"), le=100, max_digits=4, decimal_places=1)


class ExamIn(Schema):
    org: Id
    title: str = Field(..., max_length=100)
    description: str = Field("", max_length=2000)
    opens: datetime.datetime
    closes: datetime.datetime
    minutes: int = Field(..., ge=1, le=600)
    attempts: int = Field(1, ge=1, le=20)
    pass_mark: Decimal = Field(..., ge=0, max_digits=6, decimal_places=1)
    partial_credit: bool = False
    review: str = Field("after_submit", max_length=12)
    hours: Decimal = Field(Decimal(0), ge=0, le=24, max_digits=4, decimal_places=1)
    blueprint: list[ExamBlueprintRowIn] = Field(..., max_length=30)
    draft: bool = False  # true: kept as a draft (publish with …/transition {"action": "publish"})


class ExamBlueprintRowOut(Schema):
    type: str
    topic: str | None
    difficulty: int | None
    count: int
    points: Decimal


class ExamOut(Schema):
    id: int
    org: Ref
    title: str
    description: str
    state: str
    state_label: str
    opens: datetime.datetime
    closes: datetime.datetime
    minutes: int
    attempts: int
    pass_mark: Decimal
    partial_credit: bool
    review: str
    hours: Decimal
    total: Decimal
    blueprint: list[ExamBlueprintRowOut]
    is_open: bool
    attempts_used: int  # the caller's own attempts
    actions: list[str]  # workflow.available(exam, caller)


def exam_out(exam, user, used=0):
    return {
        "id": exam.pk,
        "org": {"id": exam.org_id, "name": exam.org.name},
        "title": exam.title,
        "description": exam.description,
        "state": exam.state,
        "state_label": exam.get_state_display(),
        "opens": exam.opens,
        "closes": exam.closes,
        "minutes": exam.minutes,
        "attempts": exam.attempts,
        "pass_mark": exam.pass_mark,
        "partial_credit": exam.partial_credit,
        "review": exam.review,
        "hours": exam.hours,
        "total": exam.total,
        "blueprint": [{**r, "topic": r.get("topic") or None} for r in exam.blueprint],
        "is_open": exam.is_open(timezone.now()),
        "attempts_used": used,
        "actions": workflow.available_names(exam, user),
    }


def _exam(request, exam_id):
    return get_object_for_user(Exam, exam_id, request.auth, queryset=Exam.objects.select_related("org"))


@router.get("/learning/exams", response=ListOut[ExamOut])
def list_exams(request):
    rows = queries_exams.exam_list(request.auth)
    items = [exam_out(e, request.auth, e.used) for e in rows]
    return {"count": len(items), "items": items}


@router.post("/learning/exams", response={201: ExamOut})
def create_exam(request, payload: ExamIn):
    data = payload.dict()
    data["blueprint"] = json.dumps([{**r, "points": str(r["points"])} for r in data["blueprint"]], ensure_ascii=False)
    data["opens"], data["closes"] = payload.opens.isoformat(), payload.closes.isoformat()
    draft = data.pop("draft")
    exam = actions.create_exam(by=request.auth, data=data, publish=not draft)
    return 201, exam_out(Exam.objects.select_related("org").get(pk=exam.pk), request.auth)


@router.get("/learning/exams/{exam_id}", response=ExamOut)
def get_exam(request, exam_id: Id):
    exam = _exam(request, exam_id)
    used = Attempt.objects.filter(exam=exam, person_id=request.auth.person_id).count() if request.auth.person_id else 0
    return exam_out(exam, request.auth, used)


class ExamTransitionIn(Schema):
    action: str = Field(..., max_length=30)


@router.post("/learning/exams/{exam_id}/transition", response=ExamOut)
def transition_exam(request, exam_id: Id, payload: ExamTransitionIn):
    exam = workflow.run(_exam(request, exam_id), payload.action, by=request.auth)
    return exam_out(Exam.objects.select_related("org").get(pk=exam.pk), request.auth)


# ---------------------------------------------------------------- attempts


class AttemptQuestionOut(Schema):
    id: int
    position: int
    type: str
    stem: str
    options: list[str]  # in the order this candidate sees them (A is the first)
    blanks: int
    points: Decimal
    answer: list[Any] | None  # what she saved, in her letters
    # After submission, when the exam shows answers (review): the score and the key in her letters.
    score: Decimal | None = None
    correct: bool | None = None
    key: list[Any] | None = None
    explanation: str | None = None


class AttemptOut(Schema):
    id: int
    exam: Ref
    number: int
    state: str
    state_label: str
    started_at: datetime.datetime
    deadline: datetime.datetime
    remaining_seconds: int
    submitted_at: datetime.datetime | None
    auto_submitted: bool
    score: Decimal | None
    passed: bool | None
    total: Decimal
    review: bool  # whether answers and 解析 are shown
    questions: list[AttemptQuestionOut]


def attempt_out(attempt, user):
    view = queries_exams.attempt_view(attempt, user)
    return {
        "id": attempt.pk,
        "exam": {"id": attempt.exam_id, "name": attempt.exam.title},
        "number": attempt.number,
        "state": attempt.state,
        "state_label": attempt.get_state_display(),
        "started_at": attempt.started_at,
        "deadline": attempt.deadline,
        "remaining_seconds": view.remaining,
        "submitted_at": attempt.submitted_at,
        "auto_submitted": attempt.auto_submitted,
        "score": attempt.score,
        "passed": attempt.passed,
        "total": attempt.exam.total,
        "review": view.review,
        "questions": [
            {
                "id": row.item.question_id,
                "position": row.item.position,
                "type": row.question.type,
                "stem": row.question.stem,
                "options": row.options,
                "blanks": row.blanks,
                "points": row.item.points,
                "answer": row.answer,
                **(
                    {
                        "score": row.item.score,
                        "correct": row.item.correct,
                        "key": row.key,
                        "explanation": row.question.explanation,
                    }
                    if view.review
                    else {}
                ),
            }
            for row in view.rows
        ],
    }


def _attempt(request, attempt_id):
    """The attempt in scope, closed first if its time is up (any read after the deadline submits it)."""
    attempt = get_object_for_user(
        Attempt, attempt_id, request.auth, queryset=Attempt.objects.select_related("exam", "exam__org")
    )
    if attempt.state == "answering" and actions.workflow_overdue(attempt):
        actions.close_if_overdue(attempt, by=request.auth)
        attempt = Attempt.objects.select_related("exam", "exam__org").get(pk=attempt.pk)
    return attempt


@router.post("/learning/exams/{exam_id}/attempts", response={200: AttemptOut, 201: AttemptOut})
def start_attempt(request, exam_id: Id):
    """Start (201) — or resume (200) the one she is answering, with the same questions and the time left."""
    attempt, created = actions.start_attempt(_exam(request, exam_id), by=request.auth)
    attempt = Attempt.objects.select_related("exam", "exam__org").get(pk=attempt.pk)
    return (201 if created else 200), attempt_out(attempt, request.auth)


@router.get("/learning/attempts/{attempt_id}", response=AttemptOut)
def get_attempt(request, attempt_id: Id):
    return attempt_out(_attempt(request, attempt_id), request.auth)


class AttemptAnswersIn(Schema):
    answers: dict[str, list[Any] | None] = Field(..., max_length=200)


@router.put("/learning/attempts/{attempt_id}/answers", response=AttemptOut)
def put_answers(request, attempt_id: Id, payload: AttemptAnswersIn):
    """Save answers ({question id: [her letters] | [true] | ["文本"]}); 409 after the deadline (the attempt is then
    submitted with what was saved before)."""
    attempt = get_object_for_user(Attempt, attempt_id, request.auth, queryset=Attempt.objects.select_related("exam"))
    actions.save_answers(attempt, payload.answers, by=request.auth)
    return attempt_out(_attempt(request, attempt_id), request.auth)


class AttemptResultOut(Schema):
    id: int
    state: str
    score: Decimal | None
    passed: bool | None
    auto_submitted: bool
    waiting_for_marking: bool


def result_out(a):
    return {
        "id": a.pk,
        "state": a.state,
        "score": a.score,
        "passed": a.passed,
        "auto_submitted": a.auto_submitted,
        "waiting_for_marking": a.state == "marking",
    }


@router.post("/learning/attempts/{attempt_id}/submit", response=AttemptResultOut)
def submit_attempt(request, attempt_id: Id):
    attempt = get_object_for_user(Attempt, attempt_id, request.auth, queryset=Attempt.objects.select_related("exam"))
    return result_out(actions.submit(attempt, by=request.auth))


class AttemptMarksIn(Schema):
    scores: dict[str, Decimal] = Field(..., max_length=200)  # {question id: score} of the short answers


@router.post("/learning/attempts/{attempt_id}/marks", response=AttemptResultOut)
def mark_attempt(request, attempt_id: Id, payload: AttemptMarksIn):
    attempt = _attempt(request, attempt_id)
    by_question = dict(attempt.items.values_list("question_id", "pk"))
    data = {}
    for qid, score in payload.scores.items():
        pk = by_question.get(int(qid)) if qid.isdigit() else None
        if pk is None:
            raise Invalid("本答卷中没有该试题。", {qid: ["本答卷中没有该试题。"]})
        data[f"score_{pk}"] = str(score)
    attempt = workflow.run(attempt, "mark", by=request.auth, data=data)
    return result_out(attempt)


class ExamResultOut(Schema):
    attempt: int
    person: Ref
    org: Ref
    number: int
    state: str
    score: Decimal | None
    passed: bool | None
    submitted_at: datetime.datetime | None
    auto_submitted: bool


@router.get("/learning/exams/{exam_id}/results", response=ListOut[ExamResultOut])
def exam_results(request, exam_id: Id):
    exam = _exam(request, exam_id)
    rows = queries_exams.results(exam, by=request.auth)
    items = [
        {
            "attempt": a.pk,
            "person": {"id": a.person_id, "name": a.person.name},
            "org": {"id": a.person.org_id, "name": a.person.org.name},
            "number": a.number,
            "state": a.state,
            "score": a.score,
            "passed": a.passed,
            "submitted_at": a.submitted_at,
            "auto_submitted": a.auto_submitted,
        }
        for a in rows
    ]
    return {"count": len(items), "items": items}


class ExamItemStatsOut(Schema):
    question: int
    stem: str
    type: str
    topic: str
    answered: int
    difficulty: Decimal | None  # share right, in per cent
    discrimination: Decimal | None
    wrong_choice: str
    wrong_count: int


@router.get("/learning/exams/{exam_id}/analysis", response=ListOut[ExamItemStatsOut])
def exam_analysis(request, exam_id: Id):
    exam = _exam(request, exam_id)
    stats = queries_exams.analysis(exam, by=request.auth)
    items = [
        {
            "question": s.question.pk,
            "stem": s.question.stem,
            "type": s.question.type,
            "topic": s.question.topic,
            "answered": s.answered,
            "difficulty": s.difficulty,
            "discrimination": s.discrimination,
            "wrong_choice": s.wrong_choice,
            "wrong_count": s.wrong_count,
        }
        for s in stats
    ]
    return {"count": len(items), "items": items}


# ---------------------------------------------------------------- 错题本


class ExamMistakeOut(Schema):
    id: int
    question: ExamQuestionOut
    exam: Ref
    wrong_times: int
    practised: int
    mastered: bool


@router.get("/learning/mistakes", response=ListOut[ExamMistakeOut])
def list_mistakes(request, mastered: bool | None = None):
    qs = queries_exams.mistakes(request.auth)
    if mastered is not None:
        qs = qs.filter(mastered_at__isnull=not mastered)
    items = [
        {
            "id": m.pk,
            "question": question_out(m.question),
            "exam": {"id": m.exam_id, "name": m.exam.title},
            "wrong_times": m.wrong_times,
            "practised": m.practised,
            "mastered": m.mastered_at is not None,
        }
        for m in qs
    ]
    return {"count": len(items), "items": items}


class ExamPracticeIn(Schema):
    answer: list[Any] = Field(..., max_length=10)  # letters in the bank's order, [true|false] or texts


class ExamPracticeOut(Schema):
    correct: bool
    key: list[Any]
    explanation: str
    mastered: bool


def _mistake(request, mistake_id):
    return get_object_for_user(queries_exams.mistakes(request.auth), mistake_id, request.auth)


@router.post("/learning/mistakes/{mistake_id}/practice", response=ExamPracticeOut)
def practise_mistake(request, mistake_id: Id, payload: ExamPracticeIn):
    m = _mistake(request, mistake_id)
    correct, m = actions.practise(m, payload.answer, by=request.auth)
    return {
        "correct": correct,
        "key": m.question.answer,
        "explanation": m.question.explanation,
        "mastered": m.mastered_at is not None,
    }


class PersonExamResultOut(Schema):
    attempt: int
    exam: Ref
    number: int
    state: str
    state_label: str
    score: Decimal | None
    total: Decimal
    passed: bool | None
    submitted_at: datetime.datetime | None


@router.get("/learning/people/{person_id}/exam-results", response=ListOut[PersonExamResultOut])
def person_exam_results(request, person_id: Id, page: Page = 1, page_size: PageSize = 50):
    """A person's handed-in attempts that the caller may read (her own; the exam organisation's 党务管理员 all),
    the latest first; 404 for a person outside the caller's scope."""
    from orgs.models import Person

    person = get_object_for_user(Person, person_id, request.auth)

    def out(a):
        return {
            "attempt": a.pk,
            "exam": {"id": a.exam_id, "name": a.exam.title},
            "number": a.number,
            "state": a.state,
            "state_label": a.get_state_display(),
            "score": a.score,
            "total": a.exam.total,
            "passed": a.passed,
            "submitted_at": a.submitted_at,
        }

    return paginate(queries_exams.person_results(person, by=request.auth), page, page_size, out)

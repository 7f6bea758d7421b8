"""The declared workflows of 网上考试: an exam (draft → published → withdrawn) and an attempt (answering →
submitted: waiting for hand-marking or done; an attempt past its deadline is closed by whoever reads it next)."""

from django.utils import timezone

from core.errors import Invalid
from core.workflow import Transition, Workflow

from .choices import AttemptState, ExamState
from .forms_exams import MarkForm
from .models_exams import Attempt, Exam


def _check_bank(exam, ctx):
    from .exams import ShortBank, draw

    try:
        draw(exam)
    except ShortBank as e:
        raise Invalid(e.message, {"blueprint": [e.message]}) from None


EXAM = Workflow(
    "learning.exam",
    model=Exam,
    states=ExamState,
    lock_related=("org",),
    transitions=[
        Transition(
            "publish", "发布", [ExamState.DRAFT], ExamState.PUBLISHED, "learning.manage_exam", effect=_check_bank
        ),
        Transition(
            "withdraw",
            "撤回",
            [ExamState.PUBLISHED],
            ExamState.WITHDRAWN,
            "learning.manage_exam",
            style="outline-danger",
            confirm="撤回后考生将不能再参加该考试，已交的答卷保留。确定撤回吗？",
        ),
    ],
)


def overdue(attempt):
    return attempt.deadline <= timezone.now()


def _finish(attempt, ctx):
    from .actions_exams import finish

    finish(attempt, by=ctx.by, auto=ctx.data.get("auto", False))
    ctx.audit["score"] = str(attempt.score) if attempt.score is not None else None
    ctx.audit["auto_submitted"] = attempt.auto_submitted


def _marked(attempt, ctx):
    from .actions_exams import apply_marks

    apply_marks(attempt, ctx.data["scores"], by=ctx.by)
    ctx.audit["score"] = str(attempt.score)


def _after_submit(attempt, ctx):
    return attempt.state


ATTEMPT = Workflow(
    "learning.attempt",
    model=Attempt,
    states=AttemptState,
    lock_related=("exam",),
    transitions=[
        Transition(
            "submit",
            "交卷",
            [AttemptState.ANSWERING],
            _after_submit,
            "learning.answer",
            effect=_finish,
            applies=lambda a: not overdue(a),
            conflict="答题时间已到，答卷已自动交卷。",
            confirm="交卷后不能再修改答案，确定交卷吗？",
        ),
        Transition(
            "expire",
            "超时交卷",
            [AttemptState.ANSWERING],
            _after_submit,
            None,
            effect=lambda a, ctx: _finish(a, _auto(ctx)),
            applies=overdue,
            conflict="答题时间未到。",
        ),
        Transition(
            "mark",
            "完成阅卷",
            [AttemptState.MARKING],
            AttemptState.DONE,
            "learning.mark",
            form=MarkForm,
            effect=_marked,
            form_kwargs=lambda a: {"attempt": a},
        ),
    ],
)


def _auto(ctx):
    ctx.data["auto"] = True
    return ctx

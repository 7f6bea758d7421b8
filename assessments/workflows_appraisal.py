"""The workflows of 民主评议党员, declared on core.workflow (actions_appraisal.py keeps the public functions).

* an appraisal moves 个人自评 → 党员互评 → 民主测评 → 支部评定 → 已完成, each step by the branch's 党务管理员;
  closing needs every participant graded (and 优秀 within one third, checked again under the lock), opens a
  限期改正 for each 不合格 and files the year's 民主评议党员 record, which the compliance view counts;
* a 限期改正 is closed by the branch as 已改正 or, when the member did not correct, 另行处置 (both with the
  outcome).
"""

from django.utils import timezone

from core.errors import Conflict
from core.workflow import Transition, Workflow

from . import rules  # noqa: F401  (declares the verbs)
from .choices_appraisal import AppraisalState, FollowUpState, Grade, excellent_limit
from .forms_appraisal import OutcomeForm
from .models_appraisal import Appraisal, FollowUp

S = AppraisalState
MANAGE = "assessments.manage_appraisal"


def ungraded_message(appraisal):
    missing = sum(1 for p in appraisal.participants.all() if not p.grade)
    return f"还有{missing}名参评党员未评定等次，全部评定后才能完成评议。"


def all_graded(appraisal):
    return all(p.grade for p in appraisal.participants.all())


def excellent_problem(total, excellent):
    """The sentence refusing more 优秀 than one third of the participants, or None."""
    limit = excellent_limit(total)
    if excellent <= limit:
        return None
    return (
        f"优秀等次不得超过参评党员的三分之一：本次参评党员{total}名，最多评定{limit}名优秀，"
        f"现评定{excellent}名，请调整后再保存。"
    )


def _close(appraisal, ctx):
    from . import actions_appraisal

    participants = list(appraisal.participants.select_related("person"))
    if not all(p.grade for p in participants):
        raise Conflict(ungraded_message(appraisal))
    problem = excellent_problem(len(participants), sum(1 for p in participants if p.grade == Grade.EXCELLENT))
    if problem:
        raise Conflict(problem)
    opened = []
    for p in participants:
        if p.grade == Grade.UNQUALIFIED and not hasattr(p, "followup"):
            opened.append(
                FollowUp.objects.create(
                    participant=p,
                    org=appraisal.org,
                    person=p.person,
                    requirement=p.grade_reason,
                    deadline=p.rectify_by,
                )
            )
    appraisal.record = actions_appraisal.file_record(appraisal, participants, by=ctx.by)
    appraisal.closed_at = timezone.now()
    ctx.audit["followups"] = [f.pk for f in opened]


def _step(label, source, target, *, confirm=""):
    return Transition(label[0], label[1], [source], target, MANAGE, confirm=confirm)


APPRAISAL = Workflow(
    "assessments.appraisal",
    model=Appraisal,
    states=AppraisalState,
    lock_related=("org",),
    audit_fields=("org", "year", "state", "record", "closed_at"),
    transitions=[
        _step(("start_mutual", "结束自评，开始党员互评"), S.SELF, S.MUTUAL),
        _step(
            ("start_appraisal", "结束互评，开始民主测评"),
            S.MUTUAL,
            S.APPRAISAL,
            confirm="结束互评后党员不能再修改互评等次，确定吗？",
        ),
        _step(("start_decision", "进入支部评定"), S.APPRAISAL, S.DECISION),
        Transition(
            "close",
            "完成评议",
            [S.DECISION],
            S.CLOSED,
            MANAGE,
            effect=_close,
            applies=all_graded,
            conflict=lambda a: (
                ungraded_message(a) if a.state == S.DECISION else f"当前为“{a.get_state_display()}”，不能完成评议。"
            ),
            style="success",
            confirm="完成后评定等次不能再修改，不合格党员将进入限期改正。确定完成评议吗？",
        ),
    ],
)


def _finish(followup, ctx):
    followup.outcome = ctx.data["outcome"]
    followup.closed_at = timezone.now()


FOLLOWUP = Workflow(
    "assessments.followup",
    model=FollowUp,
    states=FollowUpState,
    lock_related=("org",),
    transitions=[
        Transition(
            "rectify",
            "确认已改正",
            [FollowUpState.OPEN],
            FollowUpState.RECTIFIED,
            "assessments.manage_followup",
            form=OutcomeForm,
            effect=_finish,
            style="success",
        ),
        Transition(
            "dispose",
            "未改正，另行处置",
            [FollowUpState.OPEN],
            FollowUpState.DISPOSED,
            "assessments.manage_followup",
            form=OutcomeForm,
            effect=_finish,
            style="outline-danger",
            confirm="确认该党员限期内未改正并已按规定另行处置（如劝其退党、除名）吗？",
        ),
    ],
)

"""Declared workflows of 网络学院 extras: 补录 (approve / return / revoke), 学历认证 (verify / reject) and the
needs survey (close). Pages, templates and the API's `actions` show exactly `workflow.available(obj, user)`."""

from django.utils import timezone

from core.workflow import Transition, Workflow

from . import hours
from .choices import EducationState, HourSource, NeedsState, OfflineState
from .forms_extras import CommentForm, ReasonForm
from .models_extras import EducationRecord, NeedsSurvey, OfflineTraining


def credit_offline(training):
    """The ledger credit of an approved 补录: its hours on its last day, once per entry."""
    return hours.credit(
        training.person,
        source=HourSource.OFFLINE,
        ref=training.pk,
        hours=training.hours,
        date=training.end,
        note=f"线下培训：{training.title}",
    )


def _decided(obj, ctx, comment):
    obj.decided_by, obj.decided_at, obj.comment = ctx.by, timezone.now(), comment[:200]


def _approve(training, ctx):
    _decided(training, ctx, ctx.data.get("comment") or "")
    ctx.audit["credited"] = str(credit_offline(training).hours)


def _return(training, ctx):
    _decided(training, ctx, ctx.data["reason"])


def _revoke(training, ctx):
    _decided(training, ctx, ctx.data["reason"])
    ctx.audit["withdrawn"] = hours.withdraw(HourSource.OFFLINE, training.pk)


OFFLINE = Workflow(
    "learning.offline",
    model=OfflineTraining,
    states=OfflineState,
    lock_related=("org", "person"),
    audit_org=lambda t: t.org,
    transitions=[
        Transition(
            "approve",
            "通过",
            [OfflineState.SUBMITTED],
            OfflineState.APPROVED,
            "learning.approve_offline",
            form=CommentForm,
            effect=_approve,
        ),
        Transition(
            "return",
            "退回",
            [OfflineState.SUBMITTED],
            OfflineState.RETURNED,
            "learning.approve_offline",
            form=ReasonForm,
            effect=_return,
            style="outline-danger",
        ),
        Transition(
            "revoke",
            "撤销",
            [OfflineState.APPROVED],
            OfflineState.REVOKED,
            "learning.revoke_offline",
            form=ReasonForm,
            effect=_revoke,
            style="outline-danger",
            confirm="撤销后，这次培训记入的学时将被收回，确定吗？",
        ),
    ],
)


def _verify(record, ctx):
    record.verified_by, record.verified_at = ctx.by, timezone.now()
    record.comment = (ctx.data.get("comment") or "")[:200]


def _reject(record, ctx):
    record.verified_by, record.verified_at, record.comment = ctx.by, timezone.now(), ctx.data["reason"][:200]


EDUCATION = Workflow(
    "learning.education",
    model=EducationRecord,
    states=EducationState,
    lock_related=("org", "person"),
    audit_org=lambda r: r.org,
    transitions=[
        Transition(
            "verify",
            "认证通过",
            [EducationState.PENDING],
            EducationState.VERIFIED,
            "learning.verify_education",
            form=CommentForm,
            effect=_verify,
        ),
        Transition(
            "reject",
            "不予认证",
            [EducationState.PENDING],
            EducationState.REJECTED,
            "learning.verify_education",
            form=ReasonForm,
            effect=_reject,
            style="outline-danger",
        ),
    ],
)

NEEDS = Workflow(
    "learning.needs_survey",
    model=NeedsSurvey,
    states=NeedsState,
    lock_related=("org",),
    audit_org=lambda s: s.org,
    transitions=[
        Transition(
            "close",
            "结束调查",
            [NeedsState.OPEN],
            NeedsState.CLOSED,
            "learning.manage_survey",
            style="outline-danger",
            confirm="结束后党员不能再填写，确定结束调查吗？",
        ),
    ],
)

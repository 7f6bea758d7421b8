"""The rectification (整改) lifecycle of an inspection finding, on the shared workflow.

open --report (the project's organisation)--> reported --close (the inspecting side: 销号)--> closed
reported --reopen (the inspecting side, with the reason)--> open. A finding still open after its deadline
is overdue: it shows in the to-dos and costs the project its eligibility (措施不力, projects/eligibility.py).
"""

from typing import Any

from django.utils import timezone

from core.workflow import Context, Transition, Workflow

from . import eligibility_superv  # noqa: F401  (registers the 措施不力 reason)
from .choices_superv import RectificationState as R
from .forms import CommentForm, ReasonForm
from .forms_superv import FindingReportForm
from .models import Finding, FindingLog


def _on_report(finding, ctx):
    finding.report = ctx.data["report"]
    finding.reported_at = timezone.now()
    finding.last_comment = ""
    ctx.comment = ctx.data["report"]


def _on_close(finding, ctx):
    finding.closed_at = timezone.now()
    finding.last_comment = ctx.comment


def _on_reopen(finding, ctx):
    finding.reported_at = None
    finding.last_comment = ctx.comment


def _log(finding, ctx: Context, t: Transition, new_state: str) -> Any:
    FindingLog.objects.create(
        finding=finding, action=t.name, comment=ctx.comment, by=ctx.by, from_state=ctx.source, to_state=new_state
    )


def _now(label):
    return lambda f: f"该问题当前为“{R(f.state).label}”，{label}。"


RECTIFICATION = Workflow(
    "projects.finding",
    model=Finding,
    states=R,
    lock_related=("inspection__project__org",),
    log=_log,
    audit_org=lambda f: f.inspection.project.org,
    transitions=[
        Transition(
            "report",
            "报告整改完成",
            [R.OPEN],
            R.REPORTED,
            "projects.report_rectification",
            FindingReportForm,
            _on_report,
            conflict=_now("不能报告整改完成"),
        ),
        Transition(
            "close",
            "确认销号",
            [R.REPORTED],
            R.CLOSED,
            "projects.close_rectification",
            CommentForm,
            _on_close,
            conflict=_now("不能销号（须先由项目所在党组织报告整改完成）"),
            style="success",
        ),
        Transition(
            "reopen",
            "退回重新整改",
            [R.REPORTED],
            R.OPEN,
            "projects.close_rectification",
            ReasonForm,
            _on_reopen,
            conflict=_now("不能退回"),
            style="outline-danger",
            confirm="确定整改不到位、退回重新整改吗？",
        ),
    ],
)

"""The monthly report's declared workflow: a draft the committee comments on, then published to its branches
(frozen: neither its snapshot nor its comments change afterwards)."""

from django.utils import timezone

from core.workflow import Transition, Workflow

from .models_warnings import MonthlyReport, ReportState


def _publish(obj, ctx):
    obj.published_at = timezone.now()


REPORT = Workflow(
    "dashboard.monthly_report",
    model=MonthlyReport,
    states=ReportState,
    lock_related=("org",),
    audit_org=lambda r: r.org,
    audit_fields=("state", "published_at", "comments"),
    transitions=[
        Transition(
            "publish",
            "发布",
            [ReportState.DRAFT],
            ReportState.PUBLISHED,
            "dashboard.manage_report",
            effect=_publish,
            conflict="月报已发布。",
            confirm="发布后月报内容和评语将固定，并向下级党组织公开，确定发布吗？",
        ),
    ],
)

"""The notice's workflow: draft → published (the recipients are fixed then) → archived (kept, still searchable,
no more signing)."""

from django.utils import timezone

from core.errors import Invalid
from core.workflow import Transition, Workflow

from . import recipients
from .models_notices import Notice
from .models_notices import NoticeState as S


def _publish(notice, ctx):
    notice.published_at = timezone.now()
    n = recipients.materialise(notice)
    if not n:
        msg = "发送范围内没有人员，请调整发送范围后再发布。"
        raise Invalid(msg, {"audience": [msg]})
    ctx.audit["recipients"] = n


NOTICE = Workflow(
    "notices.notice",
    model=Notice,
    states=S,
    lock_related=("org",),
    audit_fields=("org", "title", "audience", "categories", "receipt_fields", "remind_days", "state", "published_at"),
    transitions=[
        Transition("publish", "发布", [S.DRAFT], S.PUBLISHED, "notices.publish", effect=_publish),
        Transition(
            "archive",
            "归档",
            [S.PUBLISHED],
            S.ARCHIVED,
            "notices.publish",
            style="outline-secondary",
            confirm="归档后不能再签收，通知仍可查阅和检索。确定归档吗？",
        ),
    ],
)

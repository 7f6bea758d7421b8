"""民主评议党员: its stages, the four grades and the follow-up's states."""

from django.db import models

from core.workflow import WorkflowState


class AppraisalState(WorkflowState):
    """The stages of a branch's yearly 民主评议党员 (《中国共产党支部工作条例（试行）》第二十一条)."""

    SELF = "self", "info", "个人自评"
    MUTUAL = "mutual", "primary", "党员互评"
    APPRAISAL = "appraisal", "warning", "民主测评"
    DECISION = "decision", "orange", "支部评定"
    CLOSED = "closed", "success", "已完成"


class Grade(models.TextChoices):
    """评议等次."""

    EXCELLENT = "excellent", "优秀"
    QUALIFIED = "qualified", "合格"
    BASIC = "basic", "基本合格"
    UNQUALIFIED = "unqualified", "不合格"


GRADE_LABELS = dict(Grade.choices)
GRADE_ORDER = [g.value for g in Grade]
# Party members take part (正式党员 and 预备党员); 发展对象 and the rest are not appraised.
APPRAISED_CATEGORIES = ("full", "probationary")


class FollowUpState(WorkflowState):
    """限期改正: a member graded 不合格 is given a deadline to correct; the branch records the outcome."""

    OPEN = "open", "warning", "限期改正中"
    RECTIFIED = "rectified", "success", "已改正"
    DISPOSED = "disposed", "danger", "未改正，已另行处置"


def excellent_limit(n):
    """优秀 at most one third of those appraised, rounded down: 9 members → 3, 8 → 2, 2 → 0."""
    return n // 3

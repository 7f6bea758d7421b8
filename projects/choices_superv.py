"""Kinds and states of supervision (台账式督查) and mentors (导师帮带), seeds 003 and 004."""

from django.db import models

from core.workflow import WorkflowState


class GroupKind(models.TextChoices):
    AREA = "area", "分片督导"
    LIAISON = "liaison", "联系指导"


class InspectionKind(models.TextChoices):
    PHONE = "phone", "电话调度"
    REGULAR = "regular", "定期检查"
    RANDOM = "random", "随机抽查"
    AREA = "area", "分片督导"


class InspectionState(models.TextChoices):
    PENDING = "pending", "待检查"  # a 随机抽查 drawn and not yet filled in
    DONE = "done", "已检查"


class RectificationState(WorkflowState):
    """A finding that demands rectification (整改): open → reported by the project's organisation → closed
    (销号) by the inspecting side, or sent back to be rectified again."""

    NONE = "none", "secondary", "无需整改"
    OPEN = "open", "warning", "整改中"
    REPORTED = "reported", "info", "已报整改完成"
    CLOSED = "closed", "success", "已销号"


OPEN_STATES = [RectificationState.OPEN, RectificationState.REPORTED]


class MentorKind(models.TextChoices):
    """导师团 (seed 004): 街道班子成员、优秀基层党组织书记、社会治理专家、物业管理专业人才."""

    LEADER = "leader", "班子成员"
    SECRETARY = "secretary", "优秀书记"
    EXPERT = "expert", "专家人才"


class CommentKind(models.TextChoices):
    """What a mentor comments on (projects/commentable.py registers how each kind is found)."""

    CHARTER = "charter", "立项表"
    REPORT = "report", "进度报告"
    TASK = "task", "任务"


MAX_SAMPLE = 50
MAX_FINDINGS = 20

"""States, tiers and category kinds of 项目化管理 (DOMAIN.md §4)."""

from django.db import models

from core.workflow import WorkflowState


class ProjectState(WorkflowState):
    """选题 → 申报 → 立项 → 实施 → 结题 → 验收; the approval levels above the first wait in reviewing_l2/l3."""

    DRAFT = "draft", "secondary", "选题（草稿）"
    SUBMITTED = "submitted", "warning", "已申报待审批"
    REVIEWING_L2 = "reviewing_l2", "warning", "待二级审批"
    REVIEWING_L3 = "reviewing_l3", "warning", "待三级审批"
    RETURNED = "returned", "danger", "已退回修改"
    REJECTED = "rejected", "dark", "未予立项"
    APPROVED = "approved", "success", "已立项"
    IN_PROGRESS = "in_progress", "primary", "实施中"
    CLOSING_REQUESTED = "closing_requested", "info", "已申请结题"
    ACCEPTED = "accepted", "success", "验收通过"
    NOT_ACCEPTED = "not_accepted", "danger", "验收未通过"


EDITABLE_STATES = {ProjectState.DRAFT, ProjectState.RETURNED}
PENDING_STATES = [ProjectState.SUBMITTED, ProjectState.REVIEWING_L2, ProjectState.REVIEWING_L3]
LEVEL_STATES = dict(enumerate(PENDING_STATES, start=1))


class Tier(models.TextChoices):
    """ "1+N": 重点项目 plus 一般项目 and 微项目."""

    KEY = "key", "重点项目"
    GENERAL = "general", "一般项目"
    MICRO = "micro", "微项目"


class CategoryKind(models.TextChoices):
    """What a category means beyond its name (seed 001): 试点类 may receive 创新资助, 创新类 runs as a 课题."""

    STANDARD = "standard", "一般类别"
    ASSESSED = "assessed", "考核类"
    PILOT = "pilot", "试点类（可申请创新资助）"
    RESEARCH = "research", "创新类（按课题管理，须提交调研报告）"


MAX_BUDGET = 10_000_000  # 元: the one budget line of "1+5" is bounded (a typo of extra zeros is refused)
MAX_CRITERIA = 20

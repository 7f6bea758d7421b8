"""年终总评: its stages and the kinds of its weighted components."""

from django.db import models

from core.workflow import WorkflowState


class AnnualState(WorkflowState):
    """草稿 (components and weights editable) → 已计算 (results computed, may be recomputed) → 公示中 → 已发布."""

    DRAFT = "draft", "secondary", "草稿"
    COMPUTED = "computed", "primary", "已计算"
    PUBLICITY = "publicity", "info", "公示中"
    PUBLISHED = "published", "success", "已发布"


# A target reads its own annual result while it is publicized (to raise an objection) and once published.
RELEASED_ANNUAL_STATES = (AnnualState.PUBLICITY.value, AnnualState.PUBLISHED.value)


class ComponentKind(models.TextChoices):
    ROUND = "round", "考核轮次"
    POINTS = "points", "积分排名"
    PROJECTS = "projects", "项目成果"


# The 网站汇总 measure each non-round component reads (assessments/sources_measures.py), out of 100.
COMPONENT_MEASURES = {ComponentKind.POINTS: "points.normalized", ComponentKind.PROJECTS: "projects.acceptance"}


class Change(models.TextChoices):
    """晋位升级: the annual stars against the previous year's."""

    UP = "up", "升星"
    DOWN = "down", "降星"
    SAME = "same", "持平"
    NEW = "new", "首次"

from django.db import models


class Method(models.TextChoices):
    """考核方式: how the panel finds an item's points (seed 001)."""

    REPORT = "report", "听取汇报"
    DOCUMENTS = "documents", "查阅资料"
    SITE = "site", "实地查看"
    PLATFORM = "platform", "网站汇总"
    INTERVIEW = "interview", "走访座谈"
    SATISFACTION = "satisfaction", "满意度测评"


MAX_STARS = 5

# 自查报告的栏目 a new scheme starts with (seed 001's 主要做法、亮点特色、存在问题、规划思路); the committee may add more.
DEFAULT_SELFCHECK_SECTIONS = [
    {"key": "practices", "label": "主要做法"},
    {"key": "highlights", "label": "亮点特色"},
    {"key": "problems", "label": "存在问题"},
    {"key": "plans", "label": "规划思路"},
]


class RoundKind(models.TextChoices):
    QUARTER = "quarter", "季度考核"
    SPECIAL = "special", "专项考核"
    ANNUAL = "annual", "年终总评"


# ---- rounds ----
from core.workflow import WorkflowState  # noqa: E402


class RoundState(WorkflowState):
    """考核轮次的阶段: 草稿 → 自查中 → 评分中 → 审核中 → 公示中 (results frozen under 公示) → 已发布."""

    DRAFT = "draft", "secondary", "草稿"
    SELFCHECK = "selfcheck", "info", "自查中"
    SCORING = "scoring", "warning", "评分中"
    REVIEW = "review", "primary", "审核中"
    PUBLICITY = "publicity", "info", "公示中"
    PUBLISHED = "published", "success", "已发布"


QUARTER_NAMES = {1: "第一季度", 2: "第二季度", 3: "第三季度", 4: "第四季度"}

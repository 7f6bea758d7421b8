from django.db import models

# 《中国共产党党员教育管理工作条例》: a member studies at least 32 学时 a year; branch secretaries and members of
# Party committees (班子成员) at least 56. A committee may set more for its subtree.
DEFAULT_MEMBER_HOURS = 32
DEFAULT_CADRE_HOURS = 56

# What a record of each learning type credits each attendee by default (a half day = 4 学时, a 党课 = 2).
DEFAULT_RECORD_HOURS = {
    "party_lesson": "2",
    "theme_day": "4",
    "study": "2",
    "education": "4",
}


class HourSource(models.TextChoices):
    RECORD = "record", "组织生活"
    LESSON = "lesson", "在线学习"
    EXAM = "exam", "网上考试"
    OFFLINE = "offline", "线下培训补录"


# ---- courses ----
from core.workflow import WorkflowState  # noqa: E402


class CourseState(WorkflowState):
    DRAFT = "draft", "secondary", "草稿"
    PUBLISHED = "published", "success", "已发布"
    WITHDRAWN = "withdrawn", "warning", "已撤回"
    ARCHIVED = "archived", "dark", "已归档"


class LessonKind(models.TextChoices):
    VIDEO = "video", "视频"
    PDF = "pdf", "PDF 文档"
    ARTICLE = "article", "图文"
    LINK = "link", "外部链接"


# Who a course is meant for (and required of, when it is required): Party members by category, 党务干部 (those
# holding a 党内职务 this year) and 发展对象.
AUDIENCES = [
    ("full", "正式党员"),
    ("probationary", "预备党员"),
    ("cadre", "党务干部"),
    ("candidate", "发展对象"),
]
AUDIENCE_LABELS = dict(AUDIENCES)
# ---- extras ----
from core.workflow import WorkflowState  # noqa: E402


class OfflineState(WorkflowState):
    SUBMITTED = "submitted", "warning", "待审核"
    APPROVED = "approved", "success", "已通过"
    RETURNED = "returned", "danger", "已退回"
    REVOKED = "revoked", "dark", "已撤销"


class NeedsState(WorkflowState):
    OPEN = "open", "success", "调查中"
    CLOSED = "closed", "dark", "已结束"


class EducationState(WorkflowState):
    PENDING = "pending", "warning", "待认证"
    VERIFIED = "verified", "success", "已认证"
    REJECTED = "rejected", "danger", "未通过"


class MaterialKind(models.TextChoices):
    BOOK = "book", "图书"
    PERIODICAL = "periodical", "期刊"
    OTHER = "other", "其他"


class EducationLevel(models.TextChoices):
    SECONDARY = "secondary", "中专/高中"
    JUNIOR_COLLEGE = "college", "大专"
    BACHELOR = "bachelor", "大学本科"
    MASTER = "master", "硕士研究生"
    DOCTOR = "doctor", "博士研究生"


class StarPeriod(models.TextChoices):
    MONTH = "month", "月度"
    QUARTER = "quarter", "季度"


# ---- exams ----
from core.workflow import WorkflowState  # noqa: E402


class QuestionType(models.TextChoices):
    SINGLE = "single", "单选题"
    MULTIPLE = "multiple", "多选题"
    TRUEFALSE = "truefalse", "判断题"
    FILL = "fill", "填空题"
    SHORT = "short", "简答题"


CHOICE_TYPES = (QuestionType.SINGLE, QuestionType.MULTIPLE)


class ExamState(WorkflowState):
    DRAFT = "draft", "secondary", "草稿"
    PUBLISHED = "published", "success", "已发布"
    WITHDRAWN = "withdrawn", "dark", "已撤回"


class ExamReview(models.TextChoices):
    AFTER_SUBMIT = "after_submit", "交卷后即可查看"
    AFTER_CLOSE = "after_close", "考试截止后可查看"
    NEVER = "never", "不公布"


class AttemptState(WorkflowState):
    ANSWERING = "answering", "primary", "答题中"
    MARKING = "marking", "orange", "待阅卷"
    DONE = "done", "success", "已完成"

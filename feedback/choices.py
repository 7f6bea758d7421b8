"""Codes and labels of the 七彩心桥 module (API contract values are the codes)."""

from core.workflow import WorkflowState


class FeedbackState(WorkflowState):
    """意见建议的办理状态: 受理 → 转办 → 办结 → 评价 (or closed by the organisation)."""

    SUBMITTED = "submitted", "warning", "待受理"
    ACCEPTED = "accepted", "info", "办理中"
    FORWARDED = "forwarded", "info", "已转办"
    ANSWERED = "answered", "success", "已办结"
    RATED = "rated", "success", "已评价"
    CLOSED = "closed", "secondary", "已关闭"


# States in which a step's working-day limit runs (受理, then 办结).
OPEN_STATES = (FeedbackState.SUBMITTED, FeedbackState.ACCEPTED, FeedbackState.FORWARDED)
# States whose answer may appear on the public reply board.
ANSWERED_STATES = (FeedbackState.ANSWERED, FeedbackState.RATED, FeedbackState.CLOSED)

RATINGS = [(5, "非常满意"), (4, "满意"), (3, "基本满意"), (2, "不满意"), (1, "很不满意")]
RATING_LABELS = dict(RATINGS)


class ProblemState(WorkflowState):
    """问题清单条目的状态: 待认领 → 已认领 → 已销号 (closed, e.g. when a project addressing it is accepted)."""

    OPEN = "open", "warning", "待认领"
    CLAIMED = "claimed", "info", "已认领"
    CLOSED = "closed", "success", "已销号"


# Where a problem was found (seed 004: 入户走访41次，征求民意实事39件，专题座谈8次，调研报告10多份).
SOURCES = [
    ("visit", "入户走访"),
    ("survey", "征求民意实事"),
    ("symposium", "专题座谈"),
    ("report", "调研报告"),
    ("feedback", "意见建议"),
    ("inspection", "督查发现"),
]
SOURCE_LABELS = dict(SOURCES)

# Default step limits in working days (a committee sets its own: FeedbackSettings).
DEFAULT_ACCEPT_DAYS = 2
DEFAULT_ANSWER_DAYS = 10

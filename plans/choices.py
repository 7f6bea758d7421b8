"""Codes and labels of the 路径化 module (API contract values are the codes)."""

from core.workflow import WorkflowState

# Categories of the 一解 (seed 000); a plan may use others, these are offered first.
CATEGORIES = ["会务安排", "三会一课", "主题党日", "党员教育", "宣传报道", "廉政建设", "组织建设", "档案管理"]

RECURRENCES = [("monthly", "每月"), ("quarterly", "每季度"), ("yearly", "每年")]
RECURRENCE_LABELS = dict(RECURRENCES)


class ClaimState(WorkflowState):
    """认领的状态 (stored; the API's `state`)."""

    PENDING = "pending", "warning", "待确认"
    CONFIRMED = "confirmed", "success", "已确认"
    REJECTED = "rejected", "secondary", "已驳回"


CLAIM_STATES = ClaimState.choices
CLAIM_STATE_LABELS = dict(CLAIM_STATES)


class OccurrenceState(WorkflowState):
    """Whether a time node has been completed: derived from `completed_on`, never stored. (The page's
    按时完成/逾期完成/未完成 status also depends on the date: see Occurrence.status.)"""

    OPEN = "open", "secondary", "未完成"
    COMPLETED = "completed", "success", "已完成"


OWNER_SOURCES = [("claim", "认领"), ("assigned", "指派")]

# Who answers for an item in the 一表: someone does; a member's claim waits for the admin; nobody yet.
# Computed by one SQL expression (querysets.owner_status) so the page, the export, the API and the
# to-dos cannot disagree.


class OwnerStatus(WorkflowState):
    """An item's 一表 status, the derived state of its claim/assign workflow."""

    OWNED = "owned", "success", "已分工"
    PENDING = "pending", "warning", "待确认"
    UNCLAIMED = "unclaimed", "danger", "未认领"


OWNER_STATUSES = OwnerStatus.choices
OWNER_STATUS_LABELS = dict(OWNER_STATUSES)

# Obligations the compliance view checks: 三会一课, 主题党日 and the yearly duties of a branch.
OBLIGATIONS = [
    ("general_meeting", "支部党员大会"),
    ("committee_meeting", "支部委员会会议"),
    ("group_meeting", "党小组会"),
    ("party_lesson", "党课"),
    ("theme_day", "主题党日"),
    ("org_life_meeting", "组织生活会"),
    ("democratic_review", "民主评议党员"),
    ("talk", "谈心谈话"),
]
OBLIGATION_LABELS = dict(OBLIGATIONS)
OBLIGATION_SHORT = {
    "general_meeting": "党员大会",
    "committee_meeting": "支委会",
    "group_meeting": "小组会",
    "party_lesson": "党课",
    "theme_day": "主题党日",
    "org_life_meeting": "组织生活会",
    "democratic_review": "民主评议",
    "talk": "谈心谈话",
}

OCCURRENCE_STATUS_LABELS = {
    "done": "按时完成",
    "late": "逾期完成",
    "missed": "未完成（已逾期）",
    "due": "待完成",
    "upcoming": "未到期",
}
COMPLIANCE_STATUS_LABELS = {"done": "已完成", "due": "本期待办", "missing": "缺失", "upcoming": "未到期"}

REGULATION = "《中国共产党支部工作条例（试行）》"
# Defaults for a 党支部, each citing the article it comes from.
DEFAULT_RULES = [
    ("general_meeting", "quarterly", False, f"{REGULATION}第十八条：支部党员大会一般每季度召开1次。"),
    ("committee_meeting", "monthly", False, f"{REGULATION}第十八条：支部委员会会议一般每月召开1次。"),
    ("group_meeting", "monthly", True, f"{REGULATION}第十八条：党小组会一般每月召开1次。"),
    (
        "party_lesson",
        "quarterly",
        False,
        f"{REGULATION}第十八条“三会一课”；党课按每季度1次设置（各地规定不一，可调整）。",
    ),
    ("theme_day", "monthly", False, f"{REGULATION}第十九条：党支部每月相对固定1天开展主题党日。"),
    ("org_life_meeting", "yearly", False, f"{REGULATION}第二十条：组织生活会一般每年召开1次。"),
    ("democratic_review", "yearly", False, f"{REGULATION}第二十一条：党支部一般每年开展1次民主评议党员。"),
    ("talk", "yearly", False, f"{REGULATION}第二十二条：谈心谈话每年至少1次。"),
]

from core.publicity import ObjectionState, PublicityState  # noqa: F401  (re-exported)
from core.workflow import WorkflowState

SUBJECT_TYPES = [("org", "党组织"), ("cadre", "党务干部"), ("member", "党员")]
SUBJECT_TYPE_LABELS = dict(SUBJECT_TYPES)
PERSON_SUBJECTS = {"cadre", "member"}

LINKAGE_MODES = [("per_person", "按人计算（每人每满N分）"), ("pooled", "合并计算（全体合计每满N分）")]


class DeclarationState(WorkflowState):
    """积分申报的状态 (stored values unchanged since the first migration), with the badge colour of each."""

    DRAFT = "draft", "secondary", "草稿"
    AWAITING_CONFIRMATION = "awaiting_confirmation", "warning", "待单位确认"
    PENDING_L1 = "pending_l1", "warning", "待一级审核"
    PENDING_L2 = "pending_l2", "warning", "待二级审核"
    PENDING_L3 = "pending_l3", "warning", "待三级审核"
    APPROVED = "approved", "success", "已通过"
    RETURNED = "returned", "danger", "已退回"
    REJECTED = "rejected", "danger", "未通过"


DRAFT = DeclarationState.DRAFT
AWAITING_CONFIRMATION = DeclarationState.AWAITING_CONFIRMATION
PENDING_L1 = DeclarationState.PENDING_L1
PENDING_L2 = DeclarationState.PENDING_L2
PENDING_L3 = DeclarationState.PENDING_L3
APPROVED = DeclarationState.APPROVED
RETURNED = DeclarationState.RETURNED
REJECTED = DeclarationState.REJECTED
STATES = DeclarationState.choices
STATE_LABELS = dict(STATES)
EDITABLE_STATES = {DRAFT, RETURNED}
# Level n of the three-level review (科长 → 分管领导 → 主要领导), the state that waits for it and its role.
LEVEL_STATES = {1: PENDING_L1, 2: PENDING_L2, 3: PENDING_L3}
STATE_LEVELS = {v: k for k, v in LEVEL_STATES.items()}
LEVEL_LABELS = {1: "一级审核（科长）", 2: "二级审核（分管领导）", 3: "三级审核（主要领导）"}
LEVEL_ROLES = {1: "reviewer_l1", 2: "reviewer_l2", 3: "reviewer_l3"}  # declared in PointsConfig.roles
REVIEWER_ROLES = set(LEVEL_ROLES.values())

DECISIONS = [("approve", "通过"), ("return", "退回修改"), ("reject", "不予通过")]
DECISION_LABELS = dict(DECISIONS)
# What a review row's `action` says: the three decisions, and the unit's confirmation (level 0).
REVIEW_ACTIONS = [*DECISIONS, ("confirm", "确认")]


# 公示 is core's mechanism (core/publicity.py); its states are named here for points' existing imports.
PUBLICITY_STATES = PublicityState.choices
PUBLICITY_STATE_LABELS = dict(PUBLICITY_STATES)

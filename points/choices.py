SUBJECT_TYPES = [("org", "党组织"), ("cadre", "党务干部"), ("member", "党员")]
SUBJECT_TYPE_LABELS = dict(SUBJECT_TYPES)
PERSON_SUBJECTS = {"cadre", "member"}

LINKAGE_MODES = [("per_person", "按人计算（每人每满N分）"), ("pooled", "合并计算（全体合计每满N分）")]

DRAFT = "draft"
AWAITING_CONFIRMATION = "awaiting_confirmation"
PENDING_L1 = "pending_l1"
PENDING_L2 = "pending_l2"
PENDING_L3 = "pending_l3"
APPROVED = "approved"
RETURNED = "returned"
REJECTED = "rejected"
STATES = [
    (DRAFT, "草稿"),
    (AWAITING_CONFIRMATION, "待单位确认"),
    (PENDING_L1, "待一级审核"),
    (PENDING_L2, "待二级审核"),
    (PENDING_L3, "待三级审核"),
    (APPROVED, "已通过"),
    (RETURNED, "已退回"),
    (REJECTED, "未通过"),
]
STATE_LABELS = dict(STATES)
EDITABLE_STATES = {DRAFT, RETURNED}
# Level n of the three-level review (科长 → 分管领导 → 主要领导) and the state that waits for it.
LEVEL_STATES = {1: PENDING_L1, 2: PENDING_L2, 3: PENDING_L3}
STATE_LEVELS = {v: k for k, v in LEVEL_STATES.items()}
LEVEL_LABELS = {1: "一级审核（科长）", 2: "二级审核（分管领导）", 3: "三级审核（主要领导）"}
LEVEL_ROLES = {1: "reviewer_l1", 2: "reviewer_l2", 3: "reviewer_l3"}  # declared in PointsConfig.roles
REVIEWER_ROLES = set(LEVEL_ROLES.values())

DECISIONS = [("approve", "通过"), ("return", "退回修改"), ("reject", "不予通过")]
DECISION_LABELS = dict(DECISIONS)

PUBLICITY_STATES = [("frozen", "已冻结待公示"), ("published", "公示中"), ("announced", "已公布")]
PUBLICITY_STATE_LABELS = dict(PUBLICITY_STATES)

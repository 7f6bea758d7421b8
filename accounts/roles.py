"""Role codes (API contract) and the 三员分立 separation of system roles."""

SYSADMIN = "sysadmin"
SECADMIN = "secadmin"
AUDITOR = "auditor"
ORG_ADMIN = "org_admin"
REVIEWER_L1 = "reviewer_l1"
REVIEWER_L2 = "reviewer_l2"
REVIEWER_L3 = "reviewer_l3"
MENTOR = "mentor"
ASSESSOR = "assessor"
MEMBER = "member"

ROLE_CHOICES = [
    (SYSADMIN, "系统管理员"),
    (SECADMIN, "安全管理员"),
    (AUDITOR, "审计管理员"),
    (ORG_ADMIN, "党务管理员"),
    (REVIEWER_L1, "一级审核人（科长）"),
    (REVIEWER_L2, "二级审核人（分管领导）"),
    (REVIEWER_L3, "三级审核人（主要领导）"),
    (MENTOR, "导师"),
    (ASSESSOR, "考核组成员"),
    (MEMBER, "党员"),
]
ROLE_LABELS = dict(ROLE_CHOICES)
# 三员分立: each system role administers one concern, holds no business right, and no account holds two.
SYSTEM_ROLES = {SYSADMIN, SECADMIN, AUDITOR}
BUSINESS_ROLES = {ORG_ADMIN, REVIEWER_L1, REVIEWER_L2, REVIEWER_L3, MENTOR, ASSESSOR, MEMBER}
REVIEWER_ROLES = {REVIEWER_L1, REVIEWER_L2, REVIEWER_L3}

from django.db import models

from core.workflow import WorkflowState


class AwardSubject(models.TextChoices):
    PERSON = "person", "个人"
    ORG = "org", "集体"


class NominationSource(models.TextChoices):
    """Where a nomination came from: proposed from the platform's results, or by hand with a reason."""

    MANUAL = "manual", "直接提名"
    STARS = "stars", "星级评定"
    POINTS = "points", "积分排名"
    PROJECTS = "projects", "党建项目"
    APPRAISAL = "appraisal", "民主评议"
    MASS = "mass", "群众评议"  # mass: 双评 (明星党员、星级党支部群众评议)
    STUDY_STAR = "study_star", "学习之星"  # offered by 网络学院 (contributes["assessments.candidates"])


class NominationState(WorkflowState):
    DRAFT = "draft", "secondary", "草稿"
    PENDING_L1 = "pending_l1", "info", "待一级审核"
    PENDING_L2 = "pending_l2", "info", "待二级审核"
    PENDING_L3 = "pending_l3", "info", "待三级审核"
    RETURNED = "returned", "warning", "已退回"
    REJECTED = "rejected", "danger", "未通过"
    APPROVED = "approved", "primary", "审批通过"
    AWARDED = "awarded", "success", "已表彰"


# The nominations that take a place of the type's quota: all but drafts, returned and rejected ones.
QUOTA_STATES = [
    NominationState.PENDING_L1,
    NominationState.PENDING_L2,
    NominationState.PENDING_L3,
    NominationState.APPROVED,
    NominationState.AWARDED,
]

# 常用表彰类型 (seed 001's 表彰 and the usual titles), offered to a committee that has none yet.
COMMON_TYPES = [
    ("四优共产党员", AwardSubject.PERSON, "政治素质优、岗位技能优、工作业绩优、群众评价优的共产党员"),
    ("优秀党务工作者", AwardSubject.PERSON, "党务工作成绩突出的专兼职党务干部"),
    ("党员示范岗", AwardSubject.PERSON, "在岗位上发挥先锋模范作用的党员"),
    ("先进党小组", AwardSubject.ORG, "组织生活规范、作用发挥明显的党小组"),
    ("四强党支部", AwardSubject.ORG, "政治功能强、支部班子强、党员队伍强、作用发挥强的党支部"),
    ("四好班子", AwardSubject.ORG, "政治素质好、经营业绩好、团结协作好、作风形象好的领导班子"),
    ("先进党支部", AwardSubject.ORG, "年度考核成绩优秀的党支部"),
    ("过硬党支部", AwardSubject.ORG, "各项工作过硬、群众公认的党支部"),
]

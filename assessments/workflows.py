"""The round's workflow (DOMAIN.md §5) on core.workflow, by the scheme organisation's 党务管理员:

draft --open--> selfcheck --start_scoring--> scoring --finish_scoring--> review (--reopen_scoring--> scoring).

Opening is refused (409) while the scheme's items do not add up to exactly 100 or the round has no target;
scoring cannot start without an assessor. The results part takes the round on from review (公示, 已发布).
"""

from core.workflow import Transition, Workflow

from .choices import RoundState as S
from .completeness import total_problem
from .models import Round
from .workflows_results import RESULTS_TRANSITIONS


def _open_blocked(round, user):
    problem = total_problem(round.scheme)
    if problem:
        return problem
    if not round.targets.exists():
        return "请先选择考核对象，再开启自查。"
    return None


def _scoring_blocked(round, user):
    if not round.assessors.exists():
        return "请先选择考核组成员，再开始评分。"
    return None


def _state_conflict(label):
    return lambda round: f"考核轮次当前为“{round.state_label}”，不能{label}。"


ROUND = Workflow(
    "assessments.round",
    model=Round,
    states=S,
    lock_related=("scheme__org",),
    audit_org=lambda r: r.scheme.org,
    audit_fields=("title", "state", "period", "starts", "ends", "selfcheck_due"),
    transitions=[
        Transition(
            "open",
            "开启自查",
            [S.DRAFT],
            S.SELFCHECK,
            "assessments.manage_round",
            blocked=_open_blocked,
            conflict=_state_conflict("开启自查"),
        ),
        Transition(
            "start_scoring",
            "开始评分",
            [S.SELFCHECK],
            S.SCORING,
            "assessments.manage_round",
            blocked=_scoring_blocked,
            conflict=_state_conflict("开始评分"),
            confirm="开始评分后各组织不能再修改自查报告，确定开始评分吗？",
        ),
        Transition(
            "finish_scoring",
            "结束评分，提交审核",
            [S.SCORING],
            S.REVIEW,
            "assessments.manage_round",
            conflict=_state_conflict("提交审核"),
            confirm="结束评分后考核组成员不能再修改评分，确定提交审核吗？",
        ),
        Transition(
            "reopen_scoring",
            "退回评分",
            [S.REVIEW],
            S.SCORING,
            "assessments.manage_round",
            conflict=_state_conflict("退回评分"),
            style="outline-secondary",
        ),
        *RESULTS_TRANSITIONS,  # results: 发布结果公示, 正式发布结果, 撤回公示 (assessments/workflows_results.py)
    ],
)

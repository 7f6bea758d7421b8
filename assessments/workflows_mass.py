"""The survey's workflow (core.workflow): 草稿 → 测评中 → 已结束, by the committee's 党务管理员.

Opening needs subjects (they are fixed from then on, so every ballot rates the same list); closing stamps the
day, by which the 群众满意度 measure (sources_measures.py) counts the survey in an assessment period.
"""

from core.dates import today
from core.workflow import Transition, Workflow

from . import rules  # noqa: F401  (declares the verbs)
from .models_mass import MassState, MassSurvey

MANAGE = "assessments.manage_mass_survey"
NO_SUBJECTS = "请先添加测评对象，再开始测评。"


def has_subjects(survey):
    return survey.subjects.exists()


def _close(survey, ctx):
    survey.closed_on = today()


MASS_SURVEY = Workflow(
    "assessments.masssurvey",
    model=MassSurvey,
    states=MassState,
    lock_related=("org",),
    audit_fields=("org", "kind", "round", "title", "opens", "closes", "state", "closed_on"),
    transitions=[
        Transition(
            "open",
            "开始测评",
            [MassState.DRAFT],
            MassState.OPEN,
            MANAGE,
            applies=has_subjects,
            conflict=lambda s: (
                NO_SUBJECTS if s.state == MassState.DRAFT else f"当前为“{s.get_state_display()}”，不能开始测评。"
            ),
            style="success",
            confirm="开始后测评对象不能再调整，持测评码的群众即可扫码评议。确定开始吗？",
        ),
        Transition(
            "close",
            "结束测评",
            [MassState.OPEN],
            MassState.CLOSED,
            MANAGE,
            effect=_close,
            style="outline-danger",
            confirm="结束后未使用的测评码全部作废，结果计入满意度测评。确定结束吗？",
        ),
    ],
)

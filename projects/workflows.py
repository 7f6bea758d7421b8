"""The project lifecycle (DOMAIN.md §4) on the shared workflow, with the approval chain of the higher organisations.

draft/returned --submit--> submitted [--approve--> reviewing_l2 --approve--> reviewing_l3] --approve--> approved
submitted --file--> approved (tiers the committee only files: 备案); any pending level --return/reject-->
returned / rejected; approved --start--> in_progress --request_closing--> closing_requested --accept/fail-->
accepted / not_accepted. Every transition writes a ProjectLog row (who, when, why) and an audit event.
"""

from dataclasses import replace
from typing import Any

from django.utils import timezone

from core.errors import Invalid
from core.workflow import ApprovalChain, Context, Level, Transition, Workflow

from . import config, rules
from .choices import LEVEL_STATES
from .choices import ProjectState as S
from .completeness import missing_message
from .forms import CommentForm, ReasonForm
from .models import Project, ProjectLog

LEVEL_LABELS = {1: "一级审批", 2: "二级审批", 3: "三级审批"}


class ProjectApproval(ApprovalChain):
    """The chain stops at the number of levels the project's committee configured (1–3)."""

    def _next_state(self, obj, ctx):
        level = self._level(ctx.source)
        return LEVEL_STATES[level.number + 1] if level.number < config.levels(obj) else self.approved


def is_party(project, user):
    """The project's responsible person does not approve it (the organisation itself never can: see rules)."""
    return bool(user.person_id and project.owner_id == user.person_id)


def reviewed_levels(project, user):
    """Levels the user decided since the project was last submitted (a resubmission starts a new round)."""
    qs = ProjectLog.objects.filter(project=project, by=user, level__gte=1)
    if project.submitted_at is not None:
        qs = qs.filter(at__gte=project.submitted_at)
    return set(qs.values_list("level", flat=True))


def _on_review(project, ctx, level, decision):
    project.last_comment = ctx.comment


def _on_approved(project, ctx):
    project.approved_at = timezone.now()
    project.filed = False


APPROVAL = ProjectApproval(
    prefix="projects.project",
    levels=[Level(n, LEVEL_STATES[n], f"up{n}", LEVEL_LABELS[n]) for n in (1, 2, 3)],
    approved=S.APPROVED,
    returned=S.RETURNED,
    rejected=S.REJECTED,
    org_of=lambda project: project,
    is_party=is_party,
    reviewed_levels=reviewed_levels,
    holds_role=rules.holds_level,
    form=CommentForm,
    return_form=ReasonForm,
    on_review=_on_review,
    on_approved=_on_approved,
    party_message="不能审批本人填报或本人负责的项目。",
    distinct_message="各级审批须由不同的人完成，您已审批过该项目的其他级别。",
    holds_message=lambda level: f"项目{level.label}由上级党组织的党务管理员办理，您不是该级审批人。",
)
APPROVAL.register_verb(lambda project: project.state)


def _on_submit(project, ctx):
    message = missing_message(project)
    if message is not None:
        raise Invalid(*message)
    project.submitted_at = timezone.now()
    project.last_comment = ""


def _on_file(project, ctx):
    project.approved_at = timezone.now()
    project.filed = True
    project.last_comment = ctx.comment
    ctx.audit["level"] = 1


def _comment(project, ctx):
    project.last_comment = ctx.comment


def _log(project, ctx: Context, t: Transition, new_state: str) -> Any:
    ProjectLog.objects.create(
        project=project,
        level=ctx.audit.get("level", 0),
        action=t.name,
        comment=ctx.comment,
        by=ctx.by,
        from_state=ctx.source,
        to_state=new_state,
    )


def _now(label):
    return lambda project: f"项目当前为“{project.state_label}”，{label}。"


def _approval_applies(project):
    return config.needs_approval(project)


def _filing_applies(project):
    return not config.needs_approval(project)


def _chain():
    out = []
    for t in APPROVAL.transitions(labels={"approve": "审批通过", "return": "退回修改", "reject": "不予立项"}):
        extra: dict[str, Any] = {"conflict": _now("不能审批")}
        if t.name == "approve":
            extra.update(applies=_approval_applies, style="success")
            extra["conflict"] = lambda p: (
                f"项目当前为“{p.state_label}”，不能审批。"
                if p.state not in APPROVAL.pending_states
                else "该层级的项目只需备案，请办理备案。"
            )
        out.append(replace(t, **extra))
    return out


PROJECT = Workflow(
    "projects.project",
    model=Project,
    states=S,
    lock_related=("org",),
    log=_log,
    transitions=[
        Transition(
            "submit",
            "申报立项",
            [S.DRAFT, S.RETURNED],
            S.SUBMITTED,
            "projects.submit",
            effect=_on_submit,
            conflict=_now("不能申报"),
        ),
        *_chain(),
        Transition(
            "file",
            "备案",
            [S.SUBMITTED],
            S.APPROVED,
            "projects.file",
            CommentForm,
            _on_file,
            applies=_filing_applies,
            conflict=lambda p: (
                f"项目当前为“{p.state_label}”，不能备案。"
                if p.state != S.SUBMITTED
                else "该层级的项目须经审批立项，不能只备案。"
            ),
            style="success",
        ),
        Transition(
            "start",
            "启动实施",
            [S.APPROVED],
            S.IN_PROGRESS,
            "projects.manage",
            CommentForm,
            _comment,
            conflict=_now("不能启动实施"),
        ),
        Transition(
            "request_closing",
            "申请结题",
            [S.IN_PROGRESS],
            S.CLOSING_REQUESTED,
            "projects.manage",
            CommentForm,
            _comment,
            conflict=_now("不能申请结题"),
        ),
        Transition(
            "accept",
            "验收通过",
            [S.CLOSING_REQUESTED],
            S.ACCEPTED,
            "projects.decide",
            CommentForm,
            _comment,
            conflict=_now("不能验收（须先申请结题）"),
            style="success",
        ),
        Transition(
            "fail",
            "验收不通过",
            [S.CLOSING_REQUESTED],
            S.NOT_ACCEPTED,
            "projects.decide",
            ReasonForm,
            _comment,
            conflict=_now("不能验收（须先申请结题）"),
            style="outline-danger",
            confirm="确定该项目验收不通过吗？",
        ),
    ],
)

ACTIONS = [t.name for t in PROJECT.transitions]

"""年终总评的流程 (core.workflow), by the committee's 党务管理员:

draft --compute--> computed (--compute--> computed: recompute; --reopen--> draft: change components)
computed --publicize--> publicity (results frozen, 公示 on core/publicity.py) --announce--> published
publicity --withdraw--> computed (撤回公示: correct after an upheld objection; the withdrawn publicity stays).

Computing is refused (409) while the weights do not add up to exactly 100 or no round is chosen.
"""

from django.utils import timezone

from core import dates
from core.errors import Conflict
from core.publicity import Publicity as PublicityMechanism
from core.workflow import Transition, Workflow

from . import annual
from .choices_annual import AnnualState as S
from .forms_results import PublicizeForm, WithdrawForm
from .models_annual import AnnualEvaluation, AnnualObjection, AnnualPublicity, AnnualResult


def today():
    """Today in Asia/Shanghai (a function so tests can move the clock)."""
    return dates.today()


MECHANISM = PublicityMechanism(
    "assessments.annual_publicity",
    model=AnnualPublicity,
    objection_model=AnnualObjection,
    objection_code="assessments.annual_objection",
    manage_verb="assessments.manage_annual",
    answer_verb="assessments.answer_annual_objection",
    raise_verb="assessments.raise_annual_objection",
    org_of=lambda pub: pub.evaluation.org,
    lock_related=("evaluation__org",),
    today=lambda: today(),
)
PUBLICITY = MECHANISM.workflow
OBJECTION = MECHANISM.objection_workflow


def current_publicity(evaluation):
    """The evaluation's publicity that is not withdrawn (None before the first, or after a withdrawal)."""
    return (
        AnnualPublicity.objects.select_related("evaluation__org")
        .filter(evaluation=evaluation, withdrawn_at__isnull=True)
        .first()
    )


def store(evaluation, outcomes, *, by):
    """Replace the evaluation's AnnualResult rows with `outcomes` (inside the caller's transaction)."""
    AnnualResult.objects.filter(evaluation=evaluation).delete()
    AnnualResult.objects.bulk_create(
        [
            AnnualResult(
                evaluation=evaluation,
                org=o.org,
                score=o.score,
                rank=o.rank,
                stars=o.stars,
                stars_uncapped=o.stars_uncapped,
                vetoes=o.vetoes,
                components=o.components,
                missing=o.missing,
                previous_stars=o.previous_stars,
                previous_label=o.previous_label,
                change=o.change,
                computed_by=by,
            )
            for o in outcomes
        ]
    )


def _compute_blocked(evaluation, user):
    return annual.weight_problem(evaluation.components.all())


def _freeze(evaluation, ctx):
    outcomes = annual.compute(evaluation)
    store(evaluation, outcomes, by=ctx.by)
    evaluation.computed_at = timezone.now()
    ctx.audit["results"] = len(outcomes)
    ctx.audit["missing"] = sum(o.missing for o in outcomes)
    return outcomes


def _on_reopen(evaluation, ctx):
    AnnualResult.objects.filter(evaluation=evaluation).delete()
    evaluation.computed_at = None


def _publicize_blocker(evaluation):
    if evaluation.state != S.COMPUTED:
        return "只有已计算的年终总评可以发布结果公示。"
    return None


def _on_publicize(evaluation, ctx):
    _freeze(evaluation, ctx)
    title = (ctx.data.get("title") or "").strip() or f"{evaluation.title}结果公示"
    pub = AnnualPublicity.objects.create(
        evaluation=evaluation, title=title, objection_days=ctx.data["objection_days"], created_by=ctx.by
    )
    pub = MECHANISM.publish(pub, by=ctx.by)
    ctx.audit["publicity"] = pub.pk
    ctx.audit["objection_deadline"] = pub.objection_deadline.isoformat()


def _announce_blocker(evaluation):
    if evaluation.state != S.PUBLICITY:
        return "只有公示中的年终总评结果可以正式发布。"
    pub = current_publicity(evaluation)
    if pub is None:
        return "该年终总评没有结果公示。"
    return MECHANISM.announce_blocker(pub)


def _on_announce(evaluation, ctx):
    pub = current_publicity(evaluation)
    if pub is None:
        raise Conflict("该年终总评没有结果公示。")
    MECHANISM.announce(pub, by=ctx.by)


def _on_withdraw(evaluation, ctx):
    pub = current_publicity(evaluation)
    if pub is None:
        raise Conflict("该年终总评没有结果公示。")
    pub.withdrawn_at, pub.withdraw_reason = timezone.now(), ctx.data["reason"]
    pub.save(update_fields=["withdrawn_at", "withdraw_reason", "updated_at"])
    ctx.audit["publicity"] = pub.pk


def _state_conflict(label):
    return lambda ev: f"年终总评当前为“{ev.state_label}”，不能{label}。"


ANNUAL = Workflow(
    "assessments.annual",
    model=AnnualEvaluation,
    states=S,
    lock_related=("org",),
    audit_org=lambda ev: ev.org,
    audit_fields=("title", "year", "state", "computed_at"),
    transitions=[
        Transition(
            "compute",
            "计算年终总评",
            [S.DRAFT, S.COMPUTED],
            S.COMPUTED,
            "assessments.manage_annual",
            effect=_freeze,
            blocked=_compute_blocked,
            conflict=_state_conflict("计算"),
        ),
        Transition(
            "reopen",
            "退回修改",
            [S.COMPUTED],
            S.DRAFT,
            "assessments.manage_annual",
            effect=_on_reopen,
            conflict=_state_conflict("退回修改"),
            style="outline-secondary",
            confirm="退回修改将清除已计算的结果，修改组成和权重后须重新计算。确定退回吗？",
        ),
        Transition(
            "publicize",
            "发布结果公示",
            [S.COMPUTED],
            S.PUBLICITY,
            "assessments.manage_annual",
            PublicizeForm,
            _on_publicize,
            applies=lambda ev: _publicize_blocker(ev) is None,
            conflict=_publicize_blocker,
            blocked=_compute_blocked,
            confirm="发布公示后年终总评结果即按当前数据重新计算并冻结，各组织可查看本组织结果并在公示期内提出异议，确定发布吗？",
        ),
        Transition(
            "announce",
            "正式发布结果",
            [S.PUBLICITY],
            S.PUBLISHED,
            "assessments.manage_annual",
            effect=_on_announce,
            applies=lambda ev: _announce_blocker(ev) is None,
            conflict=_announce_blocker,
            style="success",
        ),
        Transition(
            "withdraw",
            "撤回公示",
            [S.PUBLICITY],
            S.COMPUTED,
            "assessments.manage_annual",
            WithdrawForm,
            _on_withdraw,
            conflict="只有公示中的年终总评结果可以撤回。",
            style="outline-danger",
            confirm="撤回后各组织将看不到结果，年终总评回到已计算，更正后须重新发布公示。确定撤回吗？",
        ),
    ],
)

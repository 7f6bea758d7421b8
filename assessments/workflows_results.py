"""The round's last stages: 审核中 → 公示中 (results frozen, publicity published) → 已发布 (publicity announced).

Publicity is core's mechanism (core/publicity.py) on this part's ResultPublicity/ResultObjection: the objection
period in working days, objections raised by the targets' 党务管理员 and answered by the committee, announce.

The round has one workflow (assessments/workflows.py, `ROUND`): these `RESULTS_TRANSITIONS` are its last ones.
"""

from django.utils import timezone

from core import dates
from core.errors import Conflict
from core.publicity import Publicity as PublicityMechanism
from core.workflow import Transition

from . import actions_results
from .choices import RoundState
from .forms_results import PublicizeForm, WithdrawForm
from .models import Score
from .models_results import ResultObjection, ResultPublicity

RoundResultState = RoundState  # the round's states (choices.RoundState) as this file names them


def today():
    """Today in Asia/Shanghai (a function so tests can move the clock)."""
    return dates.today()


MECHANISM = PublicityMechanism(
    "assessments.result_publicity",
    model=ResultPublicity,
    objection_model=ResultObjection,
    objection_code="assessments.result_objection",
    manage_verb="assessments.manage_results",
    answer_verb="assessments.answer_result_objection",
    raise_verb="assessments.raise_result_objection",
    org_of=lambda pub: pub.round.scheme.org,
    lock_related=("round__scheme__org",),
    today=lambda: today(),  # looked up at each call, so a test's clock reaches the mechanism
)
PUBLICITY = MECHANISM.workflow
OBJECTION = MECHANISM.objection_workflow


def _readable(user):
    from .queries_results import readable_rounds

    return readable_rounds(user)


def unscored(round_):
    """How many (target, item) cells of the round no assessor has scored yet."""
    expected = round_.targets.count() * round_.scheme.items.count()
    scored = (
        Score.objects.filter(round=round_, org__in=round_.targets.all(), item__scheme_id=round_.scheme_id)
        .values("org_id", "item_id")
        .distinct()
        .count()
    )
    return expected - scored


def _publicize_blocker(round_):
    if round_.state != RoundResultState.REVIEW:
        return "只有审核中的考核轮次可以发布结果公示。"
    if not round_.targets.exists():
        return "该考核轮次没有考核对象。"
    missing = unscored(round_)
    if missing:
        return f"还有{missing}项考核项目未评分，评分完成后才能发布公示。"
    return None


def _on_publicize(round_, ctx):
    actions_results.freeze(round_, by=ctx.by)
    title = (ctx.data.get("title") or "").strip() or f"{round_.title}结果公示"
    pub = ResultPublicity.objects.create(
        round=round_, title=title, objection_days=ctx.data["objection_days"], created_by=ctx.by
    )
    pub = MECHANISM.publish(pub, by=ctx.by)
    ctx.audit["publicity"] = pub.pk
    ctx.audit["objection_deadline"] = pub.objection_deadline.isoformat()


def _announce_blocker(round_):
    if round_.state != RoundResultState.PUBLICITY:
        return "只有公示中的考核结果可以正式发布。"
    pub = actions_results.current_publicity(round_)
    if pub is None:
        return "该考核轮次没有结果公示。"
    return MECHANISM.announce_blocker(pub)


def _on_announce(round_, ctx):
    pub = actions_results.current_publicity(round_)
    if pub is None:
        raise Conflict("该考核轮次没有结果公示。")
    MECHANISM.announce(pub, by=ctx.by)


def _on_withdraw(round_, ctx):
    pub = actions_results.current_publicity(round_)
    if pub is None:
        raise Conflict("该考核轮次没有结果公示。")
    pub.withdrawn_at, pub.withdraw_reason = timezone.now(), ctx.data["reason"]
    pub.save(update_fields=["withdrawn_at", "withdraw_reason", "updated_at"])
    ctx.audit["publicity"] = pub.pk


RESULTS_TRANSITIONS = [
    Transition(
        "publicize",
        "发布结果公示",
        [RoundResultState.REVIEW],
        RoundResultState.PUBLICITY,
        "assessments.manage_results",
        PublicizeForm,
        _on_publicize,
        applies=lambda r: _publicize_blocker(r) is None,
        conflict=_publicize_blocker,
        confirm="发布公示后考核结果即冻结，各被考核组织可查看本组织结果并在公示期内提出异议，确定发布吗？",
    ),
    Transition(
        "announce",
        "正式发布结果",
        [RoundResultState.PUBLICITY],
        RoundResultState.PUBLISHED,
        "assessments.manage_results",
        effect=_on_announce,
        applies=lambda r: _announce_blocker(r) is None,
        conflict=_announce_blocker,
        style="success",
    ),
    Transition(
        "withdraw",
        "撤回公示",
        [RoundResultState.PUBLICITY],
        RoundResultState.REVIEW,
        "assessments.manage_results",
        WithdrawForm,
        _on_withdraw,
        conflict="只有公示中的考核结果可以撤回。",
        style="outline-danger",
        confirm="撤回后各组织将看不到结果，考核轮次回到审核中，更正后须重新发布公示。确定撤回吗？",
    ),
]

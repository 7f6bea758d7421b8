"""To-dos of 考核评星 (declared in AssessmentsConfig.todos; see core/todos.py).

- 待自查: a round in its self-check stage whose target the user administers (its own 党务管理员, below the
  assessing committee) has not submitted its self-check; due by the round's 自查截止日期;
- 待评分: a round being scored that names the user as an assessor, with the cells she has not scored yet.
"""

from django.db.models import Count, Exists, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse

from accounts import scope
from core.todos import TodoItem

from .choices import RoundState
from .models import Item, Round, Score, SelfCheck

GROUP = "assessments"
ASSESSOR = "assessor"


def _pending_selfchecks(user):
    """The (round, target) rows the user files and has not submitted yet: her 党务管理员 grant covers the target
    and lies strictly below the round's committee (the committee assesses, it does not file); one query."""
    from orgs.models import Organisation

    Target = Round.targets.through
    # A grant at the top of the tree lies below no committee: its holder assesses, she files nothing (and the
    # sidebar's count costs her no query).
    step = Organisation.steplen
    paths = [p for p in scope.admin_paths(user) if len(p) > step]
    if not paths or scope.is_system_user(user):
        return Target.objects.none()
    below_committee = Q()
    for p in paths:
        above = [p[:n] for n in range(step, len(p), step)]
        below_committee |= Q(organisation__path__startswith=p, round__scheme__org__path__in=above)
    submitted = SelfCheck.objects.filter(
        round=OuterRef("round_id"), org=OuterRef("organisation_id"), submitted_at__isnull=False
    )
    return Target.objects.filter(below_committee, round__state=RoundState.SELFCHECK).exclude(Exists(submitted))


def _scoring(user):
    """The rounds being scored that name her with cells she has not scored yet, and how many (one query; none
    for an account without the 考核组成员 role, so other users' pages pay nothing)."""
    if not any(a.role == ASSESSOR for a in scope.assignments(user)):
        return Round.objects.none()

    def n(qs, key):
        return Coalesce(Subquery(qs.order_by().values(key).annotate(n=Count("id")).values("n")), 0)

    Target = Round.targets.through
    return (
        Round.objects.assessed_by(user)
        .filter(state=RoundState.SCORING)
        .annotate(
            n_targets=n(Target.objects.filter(round=OuterRef("pk")), "round"),
            n_items=n(Item.objects.filter(scheme=OuterRef("scheme")), "scheme"),
            n_done=n(Score.objects.filter(round=OuterRef("pk"), assessor_id=user.pk), "round"),
        )
        .annotate(left=F("n_targets") * F("n_items") - F("n_done"))
        .filter(left__gt=0)
        .order_by("ends", "id")
    )


def items(user, today):
    out = []
    pending = _pending_selfchecks(user).select_related("round", "organisation")
    for row in pending.order_by("round__selfcheck_due", "round_id", "organisation__path"):
        r, org = row.round, row.organisation
        out.append(
            TodoItem(
                group=GROUP,
                kind="assessments.selfcheck",
                label="待自查",
                text=f"{r.title}：{org.name}自查报告",
                url=reverse("assessments:selfcheck", args=[r.pk, org.pk]),
                due=r.selfcheck_due,
                note="填写自查报告和自评分后提交",
            )
        )
    for r in _scoring(user):
        out.append(
            TodoItem(
                group=GROUP,
                kind="assessments.score",
                label="待评分",
                text=f"{r.title}：还有{r.left}项未评分",
                url=reverse("assessments:grid", args=[r.pk]),
                note=f"{r.n_targets}个考核对象 × {r.n_items}个考核项目",
            )
        )
    return out


def counted(user, today):
    """Querysets of one integer column whose sum is the count of `items` (assessments/todos.py unions them)."""
    return [_pending_selfchecks(user), _scoring(user)]

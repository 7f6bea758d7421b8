"""To-dos of 考核评星 (declared in AssessmentsConfig.todos; see core/todos.py).

- 待自查: a round in its self-check stage whose target the user administers (its own 党务管理员, below the
  assessing committee) has not submitted its self-check; due by the round's 自查截止日期;
- 待评分: a round being scored that names the user as an assessor, with the cells she has not scored yet.
"""

from django.db.models import Count, Exists, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse

from accounts import scope
from core.models import path_q
from core.todos import TodoItem

from .choices import RoundState
from .models import Item, Round, Score, SelfCheck

GROUP = "assessments"
ASSESSOR = "assessor"


def _pending_selfchecks(user):
    """(round, target) pairs the user files and has not submitted yet: her 党务管理员 grant covers the target
    and lies below the round's committee (the committee assesses, it does not file)."""
    from orgs.models import Organisation

    # A grant at the top of the tree lies below no committee: its holder assesses, she files nothing (and the
    # sidebar's count costs her no query).
    paths = [p for p in scope.admin_paths(user) if len(p) > Organisation.steplen]
    if not paths or scope.is_system_user(user):
        return []
    mine = Organisation.objects.filter(path_q("path", paths))
    rounds = (
        Round.objects.filter(state=RoundState.SELFCHECK, targets__in=mine)
        .select_related("scheme__org")
        .distinct()
        .order_by("selfcheck_due", "id")
    )
    out = []
    for r in rounds:
        committee = r.scheme.org.path
        own = [p for p in paths if p.startswith(committee) and p != committee]
        if not own:
            continue
        submitted = SelfCheck.objects.filter(round=r, org=OuterRef("pk"), submitted_at__isnull=False)
        targets = r.targets.filter(path_q("path", own)).annotate(done=Exists(submitted)).filter(done=False)
        out += [(r, org) for org in targets.order_by("path")]
    return out


def _scoring(user):
    """The rounds being scored that name her, with their cells and how many of them she has scored (one query;
    none for an account without the 考核组成员 role, so other users' pages pay nothing)."""
    if not any(a.role == ASSESSOR for a in scope.assignments(user)):
        return Round.objects.none()
    items = Item.objects.filter(scheme=OuterRef("scheme")).order_by().values("scheme").annotate(n=Count("id"))
    done = (
        Score.objects.filter(round=OuterRef("pk"), assessor_id=user.pk)
        .order_by()
        .values("round")
        .annotate(n=Count("id"))
    )
    return (
        Round.objects.assessed_by(user)
        .filter(state=RoundState.SCORING)
        .annotate(
            n_targets=Count("targets", distinct=True),
            n_items=Coalesce(Subquery(items.values("n")), 0),
            n_done=Coalesce(Subquery(done.values("n")), 0),
        )
        .order_by("ends", "id")
    )


def items(user, today):
    out = []
    for r, org in _pending_selfchecks(user):
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
        left = max(r.n_targets * r.n_items - r.n_done, 0)
        if not left:
            continue
        out.append(
            TodoItem(
                group=GROUP,
                kind="assessments.score",
                label="待评分",
                text=f"{r.title}：还有{left}项未评分",
                url=reverse("assessments:grid", args=[r.pk]),
                note=f"{r.n_targets}个考核对象 × {r.n_items}个考核项目",
            )
        )
    return out


def count(user, today):
    return sum(i.count for i in items(user, today))

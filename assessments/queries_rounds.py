"""Reads of the rounds part shared by its pages, its API and its to-dos: who sees which target's progress, the
grid's data in a fixed number of queries, and a round's scoring progress."""

from collections import defaultdict

from django.db.models import Count, Prefetch

from accounts import scope
from core.models import path_q

from .models import Item, Round, Score, SelfCheck


def sees_every_target(r, user):
    """The committee (whoever may manage the round) and the round's assessors follow every target."""
    return user.has_perm("assessments.manage_round", r) or r.assessors.filter(pk=user.pk).exists()


def visible_targets(r, user):
    """The targets whose self-check status and scoring progress the user may follow: all of them for the
    committee and the assessors, a branch only its own."""
    qs = r.targets.order_by("path")
    if sees_every_target(r, user):
        return qs
    if scope.is_system_user(user):
        return qs.none()
    return qs.filter(path_q("path", scope.business_paths(user)))


def own_targets(r, user):
    """The targets of the round whose self-check the user files (the target's own 党务管理员)."""
    committee = r.scheme.org.path
    paths = [p for p in scope.admin_paths(user) if p.startswith(committee) and p != committee]
    if not paths or scope.is_system_user(user):
        return r.targets.none()
    return r.targets.filter(path_q("path", paths)).order_by("path")


def items_of(scheme):
    return list(
        Item.objects.filter(scheme=scheme)
        .select_related("category")
        .order_by("category__position", "category_id", "position", "id")
    )


def progress(r, targets):
    """{org id: {"selfcheck": none|draft|submitted, "scored": cells the panel scored}} for the given targets."""
    ids = [o.pk for o in targets]
    status = {o: "none" for o in ids}
    for org_id, submitted in SelfCheck.objects.filter(round=r, org_id__in=ids).values_list("org_id", "submitted_at"):
        status[org_id] = "submitted" if submitted else "draft"
    scored = dict(
        Score.objects.filter(round=r, org_id__in=ids)
        .values("org_id")
        .annotate(n=Count("id"))
        .values_list("org_id", "n")
    )
    return {o: {"selfcheck": status[o], "scored": scored.get(o, 0)} for o in ids}


def grid(r, user):
    """What the assessor grid shows, in a fixed number of queries: the items (with their categories), the
    targets, her own scores by (org, item), and the submitted self-checks with their self-scores."""
    items = items_of(r.scheme)
    targets = list(r.targets.order_by("path"))
    mine = {(s.org_id, s.item_id): s for s in Score.objects.filter(round=r, assessor=user)}
    checks = {
        sc.org_id: sc
        for sc in SelfCheck.objects.visible_to(user)
        .filter(round=r, submitted_at__isnull=False)
        .prefetch_related("scores", Prefetch("attachments"))
    }
    self_scores = defaultdict(dict)
    for sc in checks.values():
        for s in sc.scores.all():
            self_scores[sc.org_id][s.item_id] = s.points
    return items, targets, mine, checks, self_scores


def rounds_for(user):
    return Round.objects.visible_to(user).select_related("scheme__org")

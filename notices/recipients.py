"""Who a notice reaches, and the figures of its receipts — aggregates over the materialised recipient rows."""

from django.db.models import Count, Exists, OuterRef, Q

from core import dates
from orgs.models import Person, Position

from .models_notices import Audience, Recipient

BATCH = 1000


def audience_people(notice, today=None):
    """The active people of the notice's organisation's subtree its audience means (one query to run)."""
    today = today or dates.today()
    qs = Person.objects.filter(org__path__startswith=notice.org.path, status="active")
    if notice.audience == Audience.CADRES:
        held = Position.objects.filter(person=OuterRef("pk")).filter(
            Q(started_on__isnull=True) | Q(started_on__lte=today), Q(ended_on__isnull=True) | Q(ended_on__gte=today)
        )
        qs = qs.filter(Exists(held))
    elif notice.audience == Audience.CATEGORIES:
        qs = qs.filter(category__in=notice.category_list)
    return qs


def materialise(notice):
    """One recipient row per person meant, with her organisation then; returns how many."""
    rows = audience_people(notice).values_list("pk", "org_id", "org__path")
    objs = [Recipient(notice=notice, person_id=pk, branch_id=org_id, branch_path=path) for pk, org_id, path in rows]
    Recipient.objects.bulk_create(objs, batch_size=BATCH, ignore_conflicts=True)
    return len(objs)


def receipt_paths(notice, user):
    """The subtrees whose receipts the user reads: all (None) for the publisher's 党务管理员, her own below it."""
    from accounts import scope

    paths = scope.admin_paths(user)
    if scope.under(notice.org.path, paths):
        return None
    return [p for p in paths if p.startswith(notice.org.path)]


def rows_for(notice, paths=None):
    qs = Recipient.objects.filter(notice=notice)
    if paths is not None:
        from core.models import path_q

        qs = qs.filter(path_q("branch_path", paths))
    return qs


def summary(notice, paths=None):
    """{"recipients", "signed", "by_org": [{"org": {"id", "name"}, "recipients", "signed"}]} in one query, over
    the subtrees `paths` (None: all of them)."""
    rows = list(
        rows_for(notice, paths)
        .values("branch_id", "branch__name", "branch_path")
        .annotate(n=Count("id"), signed=Count("id", filter=Q(signed_at__isnull=False)))
        .order_by("branch_path")
    )
    by_org = [
        {"org": {"id": r["branch_id"], "name": r["branch__name"]}, "recipients": r["n"], "signed": r["signed"]}
        for r in rows
    ]
    return {
        "recipients": sum(r["recipients"] for r in by_org),
        "signed": sum(r["signed"] for r in by_org),
        "by_org": by_org,
    }

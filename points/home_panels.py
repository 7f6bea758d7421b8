"""Home-page panel of the 积分制 module (declared in PointsConfig.home_panels; see core/home_panels.py)."""

from django.db.models import Sum
from django.urls import reverse

from accounts import scope
from core.home_panels import Panel

from .choices import LEVEL_STATES, SUBJECT_TYPE_LABELS
from .models import Declaration, LedgerEntry, Scheme
from .rankings import standing


def my_points(user, today):
    """我的积分: this year's points of the user's person in the newest scheme she sees, and her rank."""
    if not user.person_id or not scope.business_paths(user):
        return None
    scheme = Scheme.objects.visible_to(user).filter(year=today.year).order_by("-id").first()
    if scheme is None:
        return None
    totals = (
        LedgerEntry.objects.filter(scheme=scheme, subject_person_id=user.person_id)
        .values_list("subject_type")
        .annotate(total=Sum("points"))
        .order_by("subject_type")
    )
    standings = []
    for subject_type, total in totals:
        mine = standing(scheme, subject_type, user.person_id)
        if mine is not None:
            standings.append(
                {"label": SUBJECT_TYPE_LABELS[subject_type], "total": total, "rank": mine.rank, "of": mine.ranked}
            )
    in_review = (
        Declaration.objects.visible_to(user)
        .filter(declared_by=user, subject_person_id=user.person_id, state__in=LEVEL_STATES.values())
        .count()
    )
    if not standings and not in_review and scope.staff_paths(user):
        return None  # a reviewer or administrator without points of her own needs no empty panel
    return Panel(
        title="我的积分",
        template="points/_home_my_points.html",
        url=f"{reverse('points:my_points')}?scheme={scheme.pk}",
        url_label="积分明细",
        data={"scheme": scheme, "standings": standings, "in_review": in_review},
    )

"""Home-page panels of the 路径化 module (declared in PlansConfig.home_panels; see core/home_panels.py)."""

from collections import Counter

from django.db.models import F, OuterRef, Subquery
from django.urls import reverse

from accounts import scope
from core.home_panels import Panel
from core.todos import timing

from . import compliance
from .models import Claim, Occurrence, Plan, PlanItem

MY_ITEMS_SHOWN = 8
WORST_ORGS_SHOWN = 5


def my_items(user, today):
    """我的党建事项: this year's items I answer for with their next due date, and my claims waiting."""
    if not user.person_id or not scope.business_paths(user):
        return None
    next_open = Occurrence.objects.filter(item=OuterRef("pk"), completed_on__isnull=True).order_by("due", "id")
    items = list(
        PlanItem.objects.visible_to(user)
        .filter(ownerships__person_id=user.person_id, plan__year=today.year)
        .annotate(next_due=Subquery(next_open.values("due")[:1]), next_occ=Subquery(next_open.values("pk")[:1]))
        .order_by(F("next_due").asc(nulls_last=True), "position", "id")[: MY_ITEMS_SHOWN + 1]
    )
    rows = []
    for item in items[:MY_ITEMS_SHOWN]:
        if item.next_due is None:
            tone, badge = "done", "已全部完成"
            url = f"{reverse('plans:plan_detail', args=[item.plan_id])}#item-{item.pk}"
        else:
            tone, badge = timing(item.next_due, today)
            url = reverse("plans:occurrence_detail", args=[item.next_occ])
        rows.append({"item": item, "due": item.next_due, "tone": tone, "badge": badge, "url": url})
    claims = list(
        Claim.objects.visible_to(user)
        .pending()
        .filter(person_id=user.person_id)
        .select_related("item")
        .order_by("created_at", "id")
    )
    if not items and not claims and scope.staff_paths(user):
        return None  # an administrator without items of her own needs no empty panel
    plan = None
    if not items:  # nothing yet: point the member at this year's list of her branch, where items are claimed
        branch = scope.member_branch(user)
        if branch is not None:
            plan = Plan.objects.visible_to(user).filter(org=branch, year=today.year).first()
    return Panel(
        title="我的党建事项",
        template="plans/_home_my_items.html",
        data={"rows": rows, "more": len(items) > MY_ITEMS_SHOWN, "claims": claims, "plan": plan},
    )


def compliance_overview(user, today):
    """组织生活落实情况: this year's 三会一课 compliance over the organisations the user manages."""
    paths = scope.admin_paths(user)
    if not paths:
        return None
    cells = []
    for root, _paths in compliance.resolve_scope(user):
        if any(root.path.startswith(p) for p in paths):
            cells += compliance.compute(root, today.year, today=today)
    if not cells:
        return None
    missing = Counter(c.org for c in cells if c.status == "missing")
    latest = {}
    for c in cells:
        if c.status == "missing" and (c.org not in latest or c.due > latest[c.org].due):
            latest[c.org] = c
    worst = [(org, n, latest[org]) for org, n in missing.most_common(WORST_ORGS_SHOWN)]
    return Panel(
        title=f"{today.year}年组织生活落实情况",
        template="plans/_home_compliance.html",
        url=reverse("plans:compliance"),
        url_label="查看热力图",
        data={"summary": compliance.summary(cells), "worst": worst, "orgs_missing": len(missing)},
    )

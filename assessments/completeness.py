"""A scheme is complete when its items add up to exactly 100 points: only then can a round of it open."""

from decimal import Decimal

from django.db.models import Sum

FULL_MARKS = Decimal("100")


def total_of(scheme):
    """The sum of the scheme's items' maximum points (0 when it has none)."""
    return scheme.items.aggregate(total=Sum("max_points"))["total"] or Decimal("0")


def total_problem(scheme, total=None):
    """The sentence saying why the scheme cannot be used yet, or None when its items add up to 100."""
    total = total_of(scheme) if total is None else total
    if total == FULL_MARKS:
        return None
    shown = f"{total.normalize():f}" if total else "0"
    return f"考核项目分值合计为{shown}分，须恰好为100分才能开启考核。"

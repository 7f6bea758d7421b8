"""The 驾驶舱 widget of 考核评星 (core.modules.CockpitWidget): the stars of the latest published round over the
subtree. Two queries whatever the subtree's size: the latest round with results in it, and those results."""

from django.urls import reverse

from core import cockpit

from .choices import RoundState
from .models import Result
from .queries_results import star_word


def assessment_stars(user, org, today):
    """星级评定: each organisation's stars in the latest round published by `today`, the mean as the figure."""
    results = Result.objects.filter(org__path__startswith=org.path, round__state=RoundState.PUBLISHED)
    latest = (
        results.filter(round__ends__lte=today)
        .order_by("-round__ends", "-round_id")
        .values_list("round_id", "round__title")
        .first()
    )
    if latest is None:
        return None
    round_id, title = latest
    rows = list(results.filter(round_id=round_id).select_related("org").order_by("rank", "org__path"))
    stars = [r.stars for r in rows]
    mean = sum(stars) / len(stars)
    counts = {}
    for s in stars:
        counts[s] = counts.get(s, 0) + 1
    spread = "、".join(f"{star_word(s)}{n}个" for s, n in sorted(counts.items(), reverse=True))
    items = [
        cockpit.item(
            r.org,
            f"{star_word(r.stars)} · {cockpit.number(r.score)}分 · 第{r.rank}名",
            r.stars,
            "red" if r.stars <= 1 else None,
            reverse("assessments:org_stars", args=[r.org_id]),
        )
        for r in rows
    ]
    return cockpit.widget("assessment_stars", "星级党支部", mean, "星", None, items, note=f"{title}：{spread}")

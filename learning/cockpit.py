"""The 驾驶舱 widget of 网络学院 (core.modules.CockpitWidget): the share of the subtree's Party members whose study
hours keep up with the yearly requirement (pro rata of the months past, as hours.progress counts them), per
branch with a link to its gap list. Three queries whatever the subtree's size: the branches, the members with
their hours, the rules."""

from django.urls import reverse

from core import cockpit

from . import hours


def study_hours(user, org, today):
    """学时达标率: members on track for the year's requirement by `today`, of all members of the subtree."""
    rows, share = hours.progress_rows(org, today.year, today)
    if not rows:
        return None
    branches = cockpit.Branches(org)
    per = {}
    for person, on_track in rows:
        branch = branches.of(person.org.path) or person.org
        acc = per.setdefault(branch.id, [branch, 0, 0])
        acc[1] += 1
        acc[2] += on_track
    gaps = reverse("learning:gaps")
    items = []
    for b, people, ok in sorted(per.values(), key=lambda a: (a[2] / a[1], a[0].name)):
        r = cockpit.percent(ok, people)
        label = f"达标 {ok}/{people} 人" + (f"，{people - ok} 人未达标" if people > ok else "")
        items.append(cockpit.item(b, label, r, cockpit.rate_status(r), f"{gaps}?org={b.id}&year={today.year}"))
    total, on_track = len(rows), sum(1 for _p, ok in rows if ok)
    rate = cockpit.percent(on_track, total)
    months = int(share * 12)
    return cockpit.widget(
        "study_hours",
        "学时达标率",
        rate,
        "%",
        cockpit.rate_status(rate),
        items,
        note=f"按{months}个月的应学学时计：{total} 名党员中 {on_track} 人达标",
    )

"""The 驾驶舱 widgets of 路径化管理 (core.modules.CockpitWidget): plan items completed on time, and 三会一课
compliance per branch with the missing meetings.

Both cost a fixed number of queries whatever the number of branches. `plan_on_time` is one aggregate over the
year's occurrences of the subtree's plans. `compliance_rate` is `compliance.compute` (the heat map's own
computation: the organisations, the rules, one query per obligation code), which reads every record of the
year of those types in the subtree — a constant number of queries, but rows in proportion to the records.
"""

from django.db.models import Count, F, Q
from django.urls import NoReverseMatch, reverse

from core import cockpit

from . import compliance
from .choices import OBLIGATION_LABELS
from .models import Occurrence


def _on_time_counts(user, org, today):
    """[(plan id, org id, org name, org path, counted, on time)] of the year's plans in the subtree.

    Counted: occurrences past their due date or completed (Occurrence.status is done, late or missed);
    on time: completed by the due date (status done)."""
    return list(
        Occurrence.objects.visible_to(user)
        .filter(item__plan__org__path__startswith=org.path, item__plan__year=today.year)
        .order_by()
        .values_list("item__plan_id", "item__plan__org_id", "item__plan__org__name", "item__plan__org__path")
        .annotate(
            counted=Count("pk", filter=Q(due__lt=today) | Q(completed_on__isnull=False)),
            on_time=Count("pk", filter=Q(completed_on__isnull=False, completed_on__lte=F("due"))),
        )
    )


def plan_on_time(user, org, today):
    """清单事项按时完成率: of the year's occurrences due by today (or completed), those completed on time."""
    rows = _on_time_counts(user, org, today)
    if not rows:
        return None
    branches = cockpit.Branches(org)
    per = {}  # branch (or the organisation above the branches) id -> [org, counted, on time, plan id]
    for plan_id, org_id, name, path, counted, on_time in rows:
        branch = branches.of(path)
        if branch is None:
            branch = cockpit.Org(org_id, name)
        acc = per.setdefault(branch.id, [branch, 0, 0, None])
        acc[1] += counted
        acc[2] += on_time
        if acc[3] is None or org_id == branch.id:
            acc[3] = plan_id
    counted = sum(a[1] for a in per.values())
    on_time = sum(a[2] for a in per.values())
    rate = cockpit.percent(on_time, counted)
    items = []
    for b, n, ok, plan_id in sorted(per.values(), key=lambda a: (cockpit.percent(a[2], a[1]) or 0, a[0].name)):
        r = cockpit.percent(ok, n)
        late = n - ok
        label = f"按时完成 {ok}/{n} 项" + (f"，逾期或未完成 {late} 项" if late else "")
        items.append(cockpit.item(b, label, r, cockpit.rate_status(r), reverse("plans:timeline", args=[plan_id])))
    return cockpit.widget(
        "plan_on_time",
        "清单按时完成率",
        rate,
        "%",
        cockpit.rate_status(rate),
        items,
        note=f"{today.year}年到期事项 {counted} 项，按时完成 {on_time} 项",
    )


def _record_new_url(org_id):
    try:
        return reverse("records:record_create") + f"?org={org_id}"
    except NoReverseMatch:
        return ""


def compliance_rate(user, org, today):
    """三会一课落实率: of the periods past (or already met) of every required meeting, those met; per branch, red
    when a past period's meeting is missing, amber when the current period's is not yet held."""
    year = today.year
    cells = compliance.compute(org, year, today=today)
    if not cells:
        return None
    page = reverse("plans:compliance")
    per = {}
    for c in cells:
        acc = per.setdefault(c.branch.id, {"branch": c.branch, "done": 0, "missing": [], "due": 0})
        if c.status == "done":
            acc["done"] += 1
        elif c.status == "missing":
            acc["missing"].append(c)
        elif c.status == "due":
            acc["due"] += 1
    items = []
    done_all = missing_all = 0
    for acc in per.values():
        b, done, missing = acc["branch"], acc["done"], acc["missing"]
        done_all += done
        missing_all += len(missing)
        rate = cockpit.percent(done, done + len(missing))
        status = "red" if missing else ("amber" if acc["due"] else "green")
        url = f"{page}?org={b.id}&year={year}"
        if missing:
            names = "、".join(f"{OBLIGATION_LABELS.get(c.obligation, c.obligation)}（{c.period}）" for c in missing[:3])
            label = f"缺失 {len(missing)} 次：{names}" + ("等" if len(missing) > 3 else "")
        else:
            label = "本期待开展" if acc["due"] else "均已按期开展"
        row = cockpit.item(b, label, rate, status, url)
        new_record = _record_new_url(b.id)
        row["missing"] = [
            {
                "label": f"{OBLIGATION_LABELS.get(c.obligation, c.obligation)} · {c.period}"
                + (f"（{c.org.name}）" if c.org.id != b.id else ""),
                "due": c.due.isoformat(),
                "url": f"{page}?org={b.id}&year={year}&obligation={c.obligation}",
                "record_url": new_record,
            }
            for c in sorted(missing, key=lambda c: c.due)
        ]
        items.append(row)
    items.sort(key=lambda i: (-len(i["missing"]), i["value"] if i["value"] is not None else 101, i["org"]["name"]))
    rate = cockpit.percent(done_all, done_all + missing_all)
    return cockpit.widget(
        "compliance_rate",
        "三会一课落实率",
        rate,
        "%",
        "red" if missing_all else cockpit.rate_status(rate),
        items,
        note=f"{year}年已到期 {done_all + missing_all} 次，缺失 {missing_all} 次",
    )

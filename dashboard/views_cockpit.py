"""Pages of the 驾驶舱: the cockpit of a subtree, a widget's drill-down per branch, and the full-screen display
for a meeting-room screen. The figures come from the modules' registered widgets (dashboard.cockpit)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse

from . import cockpit

STATUS = {
    "red": ("红", "bg-red-lt", "#d63939"),
    "amber": ("黄", "bg-yellow-lt", "#f59f00"),
    "green": ("绿", "bg-green-lt", "#2fb344"),
}
SCREEN_REFRESH_SECONDS = 300


def _years(today):
    return list(range(today.year, today.year - 4, -1))


def _decorate(w, s):
    """Labels and links the templates show beside a widget's figures (the JSON keeps the widget's own keys)."""
    label, css, _colour = STATUS.get(w["status"] or "", ("", "bg-secondary-lt", ""))
    w["status_label"], w["status_class"] = label, css
    w["drill_url"] = reverse("dashboard:cockpit_drill", args=[w["key"]]) + f"?org={s.org.id}&year={s.year}"
    for item in w["items"]:
        label, css, _colour = STATUS.get(item.get("status") or "", ("", "bg-secondary-lt", ""))
        item["status_label"], item["status_class"] = label, css
        org = item.get("org")
        if org:
            item["cockpit_url"] = reverse("dashboard:cockpit") + f"?org={org['id']}&year={s.year}"
    w["flagged"] = [i for i in w["items"] if i.get("status") == "red"][:3]
    return w


def _chart_data(widgets):
    """What static/js/cockpit.js draws: per widget its figure and its rows (org, value, status, drill link)."""
    return [
        {
            "key": w["key"],
            "title": w["title"],
            "value": w["value"],
            "unit": w["unit"],
            "status": w["status"],
            "drill": w["drill_url"],
            "items": [
                {
                    "name": (i.get("org") or {}).get("name") or i.get("label", ""),
                    "id": (i.get("org") or {}).get("id"),
                    "value": i.get("value"),
                    "status": i.get("status"),
                }
                for i in w["items"]
                if isinstance(i.get("value"), int | float)
            ],
        }
        for w in widgets
    ]


def _context(request, s, widgets):
    widgets = [_decorate(w, s) for w in widgets]
    return {
        "scope": s,
        "org": s.org,
        "year": s.year,
        "years": _years(cockpit.dates.today()),
        "widgets": widgets,
        "chart_data": _chart_data(widgets),
        "red": sum(1 for w in widgets if w["status"] == "red"),
    }


@login_required
def cockpit_view(request):
    """驾驶舱: every registered widget over the chosen subtree, as cards with ECharts."""
    s = cockpit.scope(request.user, request.GET.get("org"), request.GET.get("year"))
    ctx = _context(request, s, cockpit.widgets(request.user, s))
    return render(request, "dashboard/cockpit/cockpit.html", ctx)


@login_required
def cockpit_drill(request, key):
    """One widget's rows per branch, each with the link to the branch's missing or late thing and to the
    branch's own cockpit."""
    s = cockpit.scope(request.user, request.GET.get("org"), request.GET.get("year"))
    w = cockpit.widget(request.user, s, key)
    ctx = _context(request, s, [w] if w else [])
    ctx["widget"] = ctx["widgets"][0] if ctx["widgets"] else None
    ctx["key"] = key
    ctx["title"] = next((d.title for d in cockpit.declared(key)), key)
    return render(request, "dashboard/cockpit/drill.html", ctx)


@login_required
def cockpit_screen(request):
    """大屏展示: the cockpit on a meeting-room screen — no sidebar, large type, dark, reloads itself."""
    s = cockpit.scope(request.user, request.GET.get("org"), request.GET.get("year"), picker=False)
    ctx = _context(request, s, cockpit.widgets(request.user, s))
    ctx["refresh"] = SCREEN_REFRESH_SECONDS
    ctx["now"] = cockpit.dates.today()
    return render(request, "dashboard/cockpit/screen.html", ctx)

"""Pages that look rather than edit: memo chart, progress chart, timeline (两图一轴) and compliance heat map."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from core import dates
from core.errors import ActionError, Invalid
from core.forms import add_errors
from core.params import id_param, int_param

from . import actions, compliance, reports, rules
from .choices import COMPLIANCE_STATUS_LABELS, OBLIGATION_LABELS, OBLIGATIONS
from .forms import RuleForm
from .views import _plan, _record_url


@login_required
def memo(request, pk):
    """月度备忘图: a calendar of the month's meetings, studies and activities with time and who runs them."""
    plan = _plan(request, pk)
    today = dates.today()
    default = f"{plan.year}-{today.month:02d}" if today.year == plan.year else f"{plan.year}-01"
    parsed = reports.parse_month(request.GET.get("month", default))
    if parsed is None or parsed[0] != plan.year:
        messages.error(request, f"月份格式应为 YYYY-MM，且在{plan.year}年内。")
        parsed = reports.parse_month(default)
    year, month = parsed
    data = reports.memo(plan, year, month, today)
    return render(
        request,
        "plans/memo.html",
        {
            "plan": plan,
            "m": data,
            "tab": "memo",
            "months": [(f"{year}-{i:02d}", i) for i in range(1, 13)],
            "current": f"{year}-{month:02d}",
        },
    )


@login_required
def progress(request, pk):
    """年度工作推进图: planned vs completed by category and month (ECharts)."""
    plan = _plan(request, pk)
    data = reports.progress(plan)
    rows = [(c, list(zip(c["done"], c["planned"], strict=True))) for c in data["categories"]]
    return render(request, "plans/progress.html", {"plan": plan, "p": data, "rows": rows, "tab": "progress"})


@login_required
def timeline(request, pk):
    """一轴: the year's items on a vertical timeline."""
    plan = _plan(request, pk)
    today = dates.today()
    rows = reports.timeline(plan, today)
    months = []
    for occ, status in rows:
        if not months or months[-1][0] != occ.due.month:
            months.append((occ.due.month, []))
        months[-1][1].append((occ, status, reports.status_label(status)))
    counts = {}
    for _occ, status in rows:
        counts[status] = counts.get(status, 0) + 1
    return render(
        request,
        "plans/timeline.html",
        {"plan": plan, "months": months, "counts": counts, "tab": "timeline", "today": today},
    )


@login_required
def compliance_view(request):
    """三会一课 heat map: branches (and party groups) × months, done / due / missing / upcoming."""
    today = dates.today()
    g = request.GET
    year = int_param(g.get("year"), 2000, 2100, today.year)
    obligation = g.get("obligation", "")
    if obligation not in OBLIGATION_LABELS:
        obligation = ""
    org_id = id_param(g.get("org"))
    scopes = compliance.resolve_scope(request.user, org_id)
    cells = []
    for root, paths in scopes:
        cells += compliance.compute(root, year, today=today, paths=paths, obligation=obligation or None)
    roots = [root for root, _p in scopes]
    choices = list(compliance.scope_orgs(request.user).order_by("path")[:300])
    rows = compliance.heat_map(cells, year)
    return render(
        request,
        "plans/compliance.html",
        {
            "rows": rows,
            "branch_cards": _branch_cards(rows, request.user),
            "summary": compliance.summary(cells),
            "year": year,
            "obligation": obligation,
            "obligations": OBLIGATIONS,
            "roots": roots,
            "org_choices": choices,
            "selected_org": org_id,
            "labels": COMPLIANCE_STATUS_LABELS,
            "months": list(range(1, 13)),
            "years": list(range(today.year - 3, today.year + 2)),
            "record_prefix": (_record_url(0) or "")[:-2],
        },
    )


def _branch_cards(rows, user):
    """The heat map as phones show it: one card per branch (its party groups folded in), the missing
    obligations first, branches with the most missing first; done and upcoming only counted."""
    cards = {}
    for row in rows:
        branch = row["branch"]
        card = cards.setdefault(
            branch.id,
            {
                "branch": branch,
                "rate": None,
                "missing": [],
                "due": [],
                "done": 0,
                "upcoming": 0,
                # 补登记录 links to the records form: records' own rule decides (in memory, no query).
                "can_record": user.has_perm("records.add_record", branch),
            },
        )
        if row["org"].id == branch.id:
            card["rate"] = row["rate"]
        for month in row["months"]:
            for cell in month["cells"]:
                if cell.status in ("missing", "due"):
                    card[cell.status].append(cell)
                elif cell.status in ("done", "upcoming"):
                    card[cell.status] += 1
    out = list(cards.values())
    for card in out:
        card["missing"].sort(key=lambda c: c.due)
        card["due"].sort(key=lambda c: c.due)
    out.sort(key=lambda c: (-len(c["missing"]), -len(c["due"])))
    return out


@login_required
def rule_list(request):
    """组织生活规则表: defaults from the regulations, and overrides set for an organisation's subtree."""
    visible = compliance.visible_rules(request.user)
    orgs = rules.rule_orgs(request.user)
    form = None
    if orgs.exists():
        form = RuleForm(request.POST or None, orgs=orgs, initial={"active": True})
        if request.method == "POST":
            try:
                rule = actions.save_rule(by=request.user, data=request.POST, orgs=orgs)
            except ActionError as e:
                form.is_valid()
                add_errors(form, e)
            else:
                messages.success(request, f"已保存规则：{rule.org.name} · {rule.get_obligation_display()}")
                return redirect("plans:rule_list")
    elif request.method == "POST":
        raise Invalid("您没有调整组织生活规则的权限。")
    return render(request, "plans/rules.html", {"rules": visible, "form": form})

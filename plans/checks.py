"""三会一课 warning checks offered to the 驾驶舱 (`contributes["dashboard.checks"]`, ISSUE14_SPLIT Interface 2).

Built on the compliance rules (plans/compliance.py): the frequency, per-group setting and active flag each
branch's effective ObligationRule gives, and the statutory source of the defaults. For each check and branch:

- red: a period already ended without the meeting — the ended periods of this year, or, while none has
  ended yet, the last period of the previous year (so January does not wipe the slate);
- amber: the current period's meeting not yet held and its period ends within `amber_days` days;
- green otherwise.

`evaluate(orgs, today, params)` costs a fixed number of queries however many branches there are: the rule
table, the party groups (for the 党小组会 only) and the records of the obligation in the window.
"""

from django.urls import reverse

from core.models import path_q
from orgs.models import Organisation

from . import compliance, schedule
from .choices import DEFAULT_RULES, OBLIGATION_LABELS

# The obligations the warnings check: 支部党员大会 (quarter), 支委会 (month), 党小组会 (month, per group), 党课.
CHECKED = ("general_meeting", "committee_meeting", "group_meeting", "party_lesson")
DEFAULT_AMBER_DAYS = 5
FREQUENCY_WORDS = {"monthly": "本月", "quarterly": "本季度", "yearly": "本年度"}


def period_label(frequency, start):
    if frequency == "monthly":
        return f"{start.year}年{start.month}月"
    if frequency == "quarterly":
        return f"{start.year}年第{(start.month - 1) // 3 + 1}季度"
    return f"{start.year}年"


def window(frequency, today):
    """[(start, end)] checked on `today`: this year's periods up to the current one (as the compliance heat map
    counts them), and last year's last period while none of this year's has ended yet."""
    this_year = [(s, e) for _p, s, e in schedule.periods(frequency, today.year) if s <= today]
    if any(e < today for _s, e in this_year):
        return this_year
    _p, s, e = schedule.periods(frequency, today.year - 1)[-1]
    return [(s, e), *this_year]


def compliance_url(org, code, year):
    return f"{reverse('plans:compliance')}?org={org.id}&year={year}&obligation={code}"


def _evaluator(code):
    label = OBLIGATION_LABELS[code]

    def evaluate(orgs, today, params):
        from records.models import Record

        amber_days = int(params.get("amber_days", DEFAULT_AMBER_DAYS))
        orgs = [o for o in orgs if o.kind == "branch"]
        if not orgs:
            return {}
        rules = compliance.load_rules()
        ruled = {}
        for org in orgs:
            rule = next((r for r in compliance.effective_rules(org, rules) if r.obligation == code), None)
            if rule is not None and rule.frequency in ("monthly", "quarterly"):
                ruled[org.id] = (org, rule)
        if not ruled:
            return {}
        targets = {o.id: [o] for o, _r in ruled.values()}  # branch id -> the organisations that must meet
        if any(r.per_group for _o, r in ruled.values()):
            per_group = [o for o, r in ruled.values() if r.per_group]
            step = Organisation.steplen
            by_path = {o.path: o.id for o in per_group}
            groups = Organisation.objects.filter(path_q("path", [o.path for o in per_group]), kind="group")
            for o in per_group:
                targets[o.id] = []
            for g in groups.only("id", "path", "name", "kind"):
                parent = by_path.get(g.path[:-step])
                if parent is not None:
                    targets[parent].append(g)
        starts = [window(r.frequency, today)[0][0] for _o, r in ruled.values()]
        held = {}  # org id -> [dates]
        ids = [t.id for ts in targets.values() for t in ts]
        rows = (
            Record.objects.of_type(code)
            .filter(org_id__in=ids, date__gte=min(starts), date__lte=today)
            .values_list("org_id", "date")
        )
        for org_id, date in rows:
            held.setdefault(org_id, []).append(date)
        out = {}
        for branch_id, (branch, rule) in ruled.items():
            met_by = targets[branch_id]
            if not met_by:
                continue  # a per-group rule and no party group: nothing to meet
            out[branch_id] = _finding(branch, rule, met_by, held, today, amber_days, label)
        return out

    return evaluate


def _finding(branch, rule, met_by, held, today, amber_days, label):
    url = compliance_url(branch, rule.obligation, today.year)
    missing, current_gap = [], []
    for start, end in window(rule.frequency, today):
        for org in met_by:
            done = any(start <= d <= end for d in held.get(org.id, ()))
            if done:
                continue
            if end < today:
                missing.append((start, org))
            else:
                current_gap.append((end, org))
    who = "" if met_by == [branch] else "个党小组"
    if missing:
        periods = sorted({s for s, _o in missing})
        names = period_label(rule.frequency, periods[-1])  # the latest first: what to make up now
        if len(periods) > 1:
            names += f"等 {len(periods)} 期"
        if who:
            text = f"{names}有 {len({o.id for _s, o in missing})} {who}未召开{label}"
        else:
            text = f"{names}未召开{label}"
        return {"status": "red", "text": text, "url": url}
    if current_gap:
        end = current_gap[0][0]
        left = (end - today).days
        if left <= amber_days:
            word = FREQUENCY_WORDS[rule.frequency]
            count = f"尚有 {len(current_gap)} {who}" if who else "尚"
            text = f"{word}{label}{count}未召开，距截止（{end.month}月{end.day}日）还有 {left} 天"
            return {"status": "amber", "text": text, "url": url}
    last = max((d for o in met_by for d in held.get(o.id, ())), default=None)
    text = f"按期召开（最近一次 {last.month}月{last.day}日）" if last else "按期召开"
    return {"status": "green", "text": text, "url": url}


def _citation(code):
    return next(source for c, _f, _g, source in DEFAULT_RULES if c == code)


LABELS = {
    "general_meeting": "支部党员大会（每季度）",
    "committee_meeting": "支部委员会会议（每月）",
    "group_meeting": "党小组会（每月）",
    "party_lesson": "党课（每季度）",
}


def checks():
    """The meeting checks (Interface 2 dicts), one per obligation of 三会一课."""
    return [
        {
            "code": f"plans.{code}",
            "label": LABELS[code],
            "citation": _citation(code),
            "params": {"amber_days": DEFAULT_AMBER_DAYS},
            "evaluate": _evaluator(code),
        }
        for code in CHECKED
    ]

"""谈心谈话 coverage page and its .xlsx: each member of a subtree with her last talk, those not talked with this
year first (records/talks.py)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from core import dates
from core.errors import NotFound
from core.excel import Column, Ledger, xlsx_response
from core.scoping import get_object_for_user
from core.verbs import require_verb
from orgs.models import Organisation, Person

from . import talks


def _context(request):
    user = request.user
    require_verb(user, "records.view_talks")
    orgs = Organisation.objects.visible_to(user).exclude(kind="group")
    raw = request.GET.get("org", "")
    org = get_object_for_user(Organisation, raw, user) if raw else orgs.first()
    if org is None:
        raise NotFound()
    require_verb(user, "records.view_talks", org)
    today = dates.today()
    people = Person.objects.visible_to(user).filter(org__path__startswith=org.path)
    rows = talks.talk_rows(people, today)
    missing_only = request.GET.get("missing") == "1"
    missing = [r for r in rows if not r.this_year]
    return {
        "org": org,
        "orgs": orgs,
        "rows": missing if missing_only else rows,
        "total": len(rows),
        "missing": len(missing),
        "missing_only": missing_only,
        "year": today.year,
        "today": today,
        "citation": talks.CITATION,
    }


@login_required
def talk_list(request):
    return render(request, "records/talks.html", _context(request))


COLUMNS = [
    Column("序号", "int", 6),
    Column("姓名"),
    Column("人员类别"),
    Column("所在党组织"),
    Column("最近一次谈心谈话", "date"),
    Column("本年度已谈", width=10),
]


@login_required
def talk_export(request):
    c = _context(request)

    def rows():
        for n, r in enumerate(c["rows"], start=1):
            yield [
                n,
                r.person.name,
                r.person.get_category_display(),
                r.person.org.name,
                r.last,
                "是" if r.this_year else "否",
            ]

    ledger = Ledger(
        name="谈心谈话",
        title=f"{c['org'].name}{c['year']}年谈心谈话情况",
        columns=COLUMNS,
        rows=rows(),
        org=c["org"].name,
        note=f"党员 {c['total']} 名，本年度未谈 {c['missing']} 名" + ("（仅列未谈）" if c["missing_only"] else ""),
    )
    return xlsx_response(f"谈心谈话_{c['today']:%Y%m%d}.xlsx", [ledger], by=request.user)

"""REST API of the warnings and the monthly report (API.md "Notices and cockpit").

- `GET /api/v1/cockpit/warnings?org=&red=` → `{"org", "date", "counts", "checks", "branches"}`;
- `GET /api/v1/cockpit/warnings/settings?org=` and `POST /api/v1/cockpit/warnings/settings`
  `{"org", "code", "enabled", "params"}` (a committee admin of the subtree);
- `GET|POST /api/v1/cockpit/reports`, `GET /api/v1/cockpit/reports/{id}`,
  `POST /api/v1/cockpit/reports/{id}/comments` `{"section", "text"}`, `POST /api/v1/cockpit/reports/{id}/publish`.
"""

import datetime

from django.urls import reverse
from ninja import Field, Query, Router, Schema

from core import dates, workflow
from core.api import AUTH, Id, ListOut, Page, PageSize, Ref, paginate
from core.errors import NotFound
from core.scoping import get_object_for_user
from core.verbs import require_verb
from orgs.models import Organisation

from . import actions_warnings as actions
from . import checks
from .models_warnings import MonthlyReport
from .rules_warnings import COMMITTEE_KINDS

router = Router(tags=["驾驶舱·预警与月报"], auth=AUTH)


def _org(user, pk, verb):
    require_verb(user, "core.do_business")
    if pk is None:
        org = Organisation.objects.administered_by(user).order_by("depth", "path").first()
        if org is None:
            raise NotFound()
    else:
        org = get_object_for_user(Organisation, pk, user)
    require_verb(user, verb, org)
    return org


class CheckOut(Schema):
    code: str
    label: str
    citation: str
    params: dict
    enabled: bool


class WarningFindingOut(Schema):
    code: str
    status: str  # red | amber | green
    text: str
    url: str


class BranchOut(Schema):
    org: Ref
    status: str | None
    findings: list[WarningFindingOut]


class CountsOut(Schema):
    red: int
    amber: int
    green: int


class WarningsOut(Schema):
    org: Ref
    date: datetime.date
    counts: CountsOut
    checks: list[CheckOut]
    branches: list[BranchOut]


class WarningsQuery(Schema):
    org: Id | None = None
    red: bool = False


@router.get("/cockpit/warnings", response=WarningsOut)
def warnings(request, q: Query[WarningsQuery]):
    org = _org(request.auth, q.org, "dashboard.view_warnings")
    today = dates.today()
    table = checks.table(org, today)
    counts = table.counts
    if q.red:
        table = table.red_only()
    return {
        "org": {"id": org.id, "name": org.name},
        "date": today,
        "counts": counts,
        "checks": [r.as_api() for r in table.rules],
        "branches": [
            {
                "org": {"id": row.org.id, "name": row.org.name},
                "status": row.status,
                "findings": [{"code": r.code, **row.findings[r.code]} for r in table.rules if r.code in row.findings],
            }
            for row in table.rows
        ],
    }


class SettingsQuery(Schema):
    org: Id | None = None


class WarningSettingsOut(Schema):
    org: Ref
    checks: list[CheckOut]


@router.get("/cockpit/warnings/settings", response=WarningSettingsOut)
def warning_settings(request, q: Query[SettingsQuery]):
    org = _org(request.auth, q.org, "dashboard.set_warnings")
    return {"org": {"id": org.id, "name": org.name}, "checks": [r.as_api() for r in checks.rules_for(org)]}


class SettingIn(Schema):
    org: Id
    code: str = Field(..., max_length=60)
    enabled: bool = True
    params: dict[str, int] = Field(default_factory=dict, max_length=20)


@router.post("/cockpit/warnings/settings", response=CheckOut)
def save_setting(request, payload: SettingIn):
    org = _org(request.auth, payload.org, "dashboard.set_warnings")
    rule = next((r for r in checks.rules_for(org) if r.code == payload.code), None)
    if rule is None:
        raise NotFound("没有这项预警规则。")
    data = {**{k: str(v) for k, v in rule.params.items()}, **{k: str(v) for k, v in payload.params.items()}}
    if payload.enabled:
        data["enabled"] = "on"
    actions.save_setting(org, payload.code, by=request.auth, data=data)
    return next(r for r in checks.rules_for(org) if r.code == payload.code).as_api()


# ---------------------------------------------------------------- monthly report


class MonthlyReportOut(Schema):
    id: int
    org: Ref
    year: int
    month: int
    title: str
    state: str  # draft | published
    state_label: str
    generated_at: datetime.datetime | None
    published_at: datetime.datetime | None
    comments: dict[str, str]
    snapshot: dict
    print_url: str
    annex_url: str
    actions: list[str]


def report_out(obj, user):
    return {
        "id": obj.pk,
        "org": {"id": obj.org_id, "name": obj.org.name},
        "year": obj.year,
        "month": obj.month,
        "title": obj.title,
        "state": obj.state,
        "state_label": obj.state_label,
        "generated_at": obj.generated_at,
        "published_at": obj.published_at,
        "comments": obj.comments,
        "snapshot": obj.snapshot,
        "print_url": reverse("dashboard:report_print", args=[obj.pk]),
        "annex_url": reverse("dashboard:report_annex", args=[obj.pk]),
        "actions": workflow.available_names(obj, user),
    }


class ReportsQuery(Schema):
    page: Page = 1
    page_size: PageSize = 50


@router.get("/cockpit/reports", response=ListOut[MonthlyReportOut])
def report_list(request, q: Query[ReportsQuery]):
    require_verb(request.auth, "core.do_business")
    qs = MonthlyReport.objects.visible_to(request.auth).select_related("org")
    return paginate(qs, q.page, q.page_size, lambda r: report_out(r, request.auth))


class MonthlyReportIn(Schema):
    org: Id
    month: str = Field(..., max_length=7, description="YYYY-MM")


@router.post("/cockpit/reports", response={201: MonthlyReportOut})
def report_generate(request, payload: MonthlyReportIn):
    user = request.auth
    require_verb(user, "core.do_business")
    get_object_for_user(Organisation, payload.org, user)  # outside the scope: 404
    orgs = Organisation.objects.administered_by(user).filter(kind__in=COMMITTEE_KINDS)
    org = Organisation.objects.get(pk=payload.org)
    require_verb(user, "dashboard.manage_report", org)
    obj = actions.generate_report(by=user, data=payload.dict(), orgs=orgs, today=dates.today())
    return 201, report_out(obj, user)


@router.get("/cockpit/reports/{report_id}", response=MonthlyReportOut)
def report_detail(request, report_id: Id):
    obj = get_object_for_user(MonthlyReport.objects.select_related("org"), report_id, request.auth)
    return report_out(obj, request.auth)


class ReportCommentIn(Schema):
    section: str = Field(..., max_length=20)
    text: str = Field("", max_length=2000)


@router.post("/cockpit/reports/{report_id}/comments", response=MonthlyReportOut)
def report_comment(request, report_id: Id, payload: ReportCommentIn):
    obj = get_object_for_user(MonthlyReport.objects.select_related("org"), report_id, request.auth)
    obj = actions.comment_report(obj, by=request.auth, data=payload.dict())
    return report_out(obj, request.auth)


@router.post("/cockpit/reports/{report_id}/publish", response=MonthlyReportOut)
def report_publish(request, report_id: Id):
    obj = get_object_for_user(MonthlyReport.objects.select_related("org"), report_id, request.auth)
    obj = workflow.run(obj, "publish", by=request.auth)
    return report_out(obj, request.auth)

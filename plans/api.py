"""REST API of the 路径化 module (API.md "Work plans")."""

import datetime
from typing import Any, Literal

from ninja import Field, File, Query, Router, Schema
from ninja.files import UploadedFile

from core import dates, workflow
from core import importing as core_importing
from core.api import AUTH, Id, Page, PageSize, SmallInt, paginate
from core.errors import Invalid, NotFound
from core.excel import MAX_UPLOAD_BYTES
from core.importing import CONFIRM_SEPARATELY
from core.scoping import get_object_for_user
from core.verbs import require_verb
from orgs.models import Organisation, Person

from . import actions, compliance, importing, reports
from .choices import OBLIGATION_LABELS
from .models import Claim, Occurrence, Plan, PlanItem

router = Router(tags=["路径化管理"], auth=AUTH)


def _today():
    return dates.today()


def plan_out(p):
    return {
        "id": p.id,
        "org": p.org_id,
        "org_name": p.org.name,
        "year": p.year,
        "title": p.title,
        "source": p.source,
        "is_template": p.is_template,
        "cloned_from": p.cloned_from_id,
    }


class OccurrenceOut(Schema):
    id: int
    item: int
    title: str
    category: str
    period: str
    due: datetime.date
    time: str | None
    place: str
    owners: list[str]
    status: str
    completed_on: datetime.date | None
    record: int | None
    actions: list[str]  # the transitions the caller may run now: complete, reopen


def occurrence_out(occ, user, today=None):
    return {**reports.occurrence_api(occ, today or _today()), "actions": workflow.available_names(occ, user)}


class ItemOut(Schema):
    id: int
    plan: int
    category: str
    title: str
    when: dict[str, Any]
    when_label: str
    start_time: str | None
    place: str
    method: str
    standard: str
    record_type: str
    owners: list[int]
    actions: list[str]  # claim, assign


class ItemDetailOut(ItemOut):
    occurrences: list[OccurrenceOut]


class ItemsOut(Schema):
    count: int
    items: list[ItemOut]


def item_out(i, user):
    return {
        "id": i.id,
        "plan": i.plan_id,
        "category": i.category,
        "title": i.title,
        "when": i.when,
        "when_label": i.when_label,
        "start_time": i.start_time.strftime("%H:%M") if i.start_time else None,
        "place": i.place,
        "method": i.method,
        "standard": i.standard,
        "record_type": i.record_type,
        "owners": [o.person_id for o in i.ownerships.all()],
        "actions": workflow.available_names(i, user),
    }


class ClaimOut(Schema):
    id: int
    item: int
    person: int
    state: str
    note: str
    reason: str
    decided_at: datetime.datetime | None
    actions: list[str]  # confirm, reject


def claim_out(c, user):
    return {
        "id": c.id,
        "item": c.item_id,
        "person": c.person_id,
        "state": c.state,
        "note": c.note,
        "reason": c.reason,
        "decided_at": c.decided_at,
        "actions": workflow.available_names(c, user),
    }


class OwnerOut(Schema):
    item: int
    person: int
    source: str


class PlanIn(Schema):
    org: Id
    year: SmallInt
    title: str = Field(..., max_length=200)
    source: str = Field("", max_length=300)


@router.get("/plans")
def list_plans(request, org: Id | None = None, year: SmallInt | None = None, page: Page = 1, page_size: PageSize = 50):
    qs = Plan.objects.visible_to(request.auth).select_related("org")
    if org is not None:
        root = get_object_for_user(Organisation, org, request.auth)
        qs = qs.filter(org__path__startswith=root.path)
    if year is not None:
        qs = qs.in_year(year)
    return paginate(qs, page, page_size, plan_out)


@router.post("/plans", response={201: dict})
def create_plan(request, payload: PlanIn):
    orgs = Organisation.objects.visible_to(request.auth)
    plan = actions.create_plan(by=request.auth, data=payload.dict(), orgs=orgs)
    return 201, plan_out(plan)


def _plan(request, plan_id):
    return get_object_for_user(Plan.objects.select_related("org"), plan_id, request.auth)


@router.get("/plans/{plan_id}")
def get_plan(request, plan_id: Id):
    return plan_out(_plan(request, plan_id))


@router.post("/plans/{plan_id}/publish")
def publish_plan(request, plan_id: Id):
    return plan_out(actions.publish_template(_plan(request, plan_id), by=request.auth))


@router.get("/plan-templates")
def list_templates(request, page: Page = 1, page_size: PageSize = 50):
    qs = Plan.objects.template_catalogue(request.auth).select_related("org")
    return paginate(qs, page, page_size, plan_out)


class CloneIn(Schema):
    org: Id
    year: SmallInt
    title: str = Field("", max_length=200)


@router.post("/plans/{plan_id}/clone", response={201: dict})
def clone_plan(request, plan_id: Id, payload: CloneIn):
    user = request.auth
    source = Plan.objects.clonable_by(user).filter(pk=plan_id).first()
    if source is None:
        raise NotFound()
    plan = actions.clone_plan(source, by=user, data=payload.dict(), orgs=Organisation.objects.visible_to(user))
    return 201, plan_out(plan)


class WhenIn(Schema):
    due: datetime.date | None = None
    month: SmallInt | None = None
    recurrence: Literal["monthly", "quarterly", "yearly"] | None = None
    day: SmallInt | None = None


class ItemIn(Schema):
    category: str = Field(..., max_length=30)
    title: str = Field(..., max_length=200)
    when: WhenIn
    method: str = Field("", max_length=5000)
    standard: str = Field("", max_length=5000)
    owners: list[Id] = Field([], max_length=200)
    record_type: str = Field("", max_length=30)
    start_time: datetime.time | None = None
    place: str = Field("", max_length=100)


class ItemPatch(Schema):
    category: str | None = Field(None, max_length=30)
    title: str | None = Field(None, max_length=200)
    when: WhenIn | None = None
    method: str | None = Field(None, max_length=5000)
    standard: str | None = Field(None, max_length=5000)
    owners: list[Id] | None = Field(None, max_length=200)
    record_type: str | None = Field(None, max_length=30)
    start_time: datetime.time | None = None
    place: str | None = Field(None, max_length=100)


def _item_data(payload, partial=False):
    data = payload.dict(exclude_unset=partial)
    when = data.pop("when", None)
    if when is not None:
        data.update(
            {
                "due": when.get("due") or "",
                "month": when.get("month") or "",
                "recurrence": when.get("recurrence") or "",
                "day": when.get("day") or "",
            }
        )
    if data.get("start_time"):
        data["start_time"] = data["start_time"].strftime("%H:%M")
    return {k: ("" if v is None else v.isoformat() if hasattr(v, "isoformat") else v) for k, v in data.items()}


@router.get("/plans/{plan_id}/items", response=ItemsOut)
def list_items(request, plan_id: Id):
    plan = _plan(request, plan_id)
    items = reports.items_with_people(plan)
    return {"count": len(items), "items": [item_out(i, request.auth) for i in items]}


@router.post("/plans/{plan_id}/items", response={201: ItemOut})
def create_item(request, plan_id: Id, payload: ItemIn):
    item = actions.add_item(_plan(request, plan_id), by=request.auth, data=_item_data(payload))
    return 201, item_out(item, request.auth)


def _item(request, item_id):
    return get_object_for_user(PlanItem.objects.select_related("plan__org"), item_id, request.auth)


@router.get("/plan-items/{item_id}", response=ItemDetailOut)
def get_item(request, item_id: Id):
    item = _item(request, item_id)
    today = _today()
    occs = [occurrence_out(o, request.auth, today) for o in reports.occurrences(item.plan, item=item)]
    return {**item_out(item, request.auth), "occurrences": occs}


@router.patch("/plan-items/{item_id}", response=ItemOut)
def patch_item(request, item_id: Id, payload: ItemPatch):
    data = _item_data(payload, partial=True)
    if not data:
        raise Invalid("没有要修改的字段。")
    return item_out(actions.update_item(_item(request, item_id), by=request.auth, data=data), request.auth)


@router.delete("/plan-items/{item_id}", response={204: None})
def delete_item(request, item_id: Id):
    actions.delete_item(_item(request, item_id), by=request.auth)
    return 204, None


class ClaimIn(Schema):
    note: str = Field("", max_length=200)


@router.post("/plan-items/{item_id}/claims", response={201: ClaimOut})
def claim_item(request, item_id: Id, payload: ClaimIn | None = None):
    data = payload.dict() if payload else {}
    return 201, claim_out(actions.claim_item(_item(request, item_id), by=request.auth, data=data), request.auth)


class AssignIn(Schema):
    person: Id


@router.post("/plan-items/{item_id}/owners", response={201: OwnerOut})
def assign_owner(request, item_id: Id, payload: AssignIn):
    item = _item(request, item_id)
    owner = actions.assign_owner(item, by=request.auth, data=payload.dict())
    return 201, {"item": item.id, "person": owner.person_id, "source": owner.source}


@router.delete("/plan-items/{item_id}/owners/{person_id}", response={204: None})
def remove_owner(request, item_id: Id, person_id: Id):
    item = _item(request, item_id)
    person = get_object_for_user(Person, person_id, request.auth)
    actions.remove_owner(item, person, by=request.auth)
    return 204, None


def _claim(request, claim_id):
    return get_object_for_user(Claim.objects.select_related("item__plan__org"), claim_id, request.auth)


@router.post("/claims/{claim_id}/confirm", response=ClaimOut)
def confirm_claim(request, claim_id: Id):
    return claim_out(actions.confirm_claim(_claim(request, claim_id), by=request.auth), request.auth)


class RejectIn(Schema):
    reason: str = Field("", max_length=200)


@router.post("/claims/{claim_id}/reject", response=ClaimOut)
def reject_claim(request, claim_id: Id, payload: RejectIn | None = None):
    data = payload.dict() if payload else {}
    return claim_out(actions.reject_claim(_claim(request, claim_id), by=request.auth, data=data), request.auth)


@router.get("/plans/{plan_id}/division")
def division(request, plan_id: Id):
    return reports.division_api(_plan(request, plan_id), request.auth)


class MemoOut(Schema):
    month: str
    entries: list[OccurrenceOut]
    weeks: list[list[datetime.date | None]]


@router.get("/plans/{plan_id}/memo", response=MemoOut)
def memo(request, plan_id: Id, month: str = Query(..., max_length=7)):
    plan = _plan(request, plan_id)
    parsed = reports.parse_month(month)
    if parsed is None:
        raise Invalid("月份格式应为 YYYY-MM，例如 2026-03。", {"month": ["月份格式应为 YYYY-MM。"]})
    today = _today()
    data = reports.memo(plan, *parsed, today)
    return {
        "month": f"{parsed[0]}-{parsed[1]:02d}",
        "entries": [occurrence_out(o, request.auth, today) for o in data["entries"]],
        "weeks": [[d["date"] if d else None for d in week] for week in data["weeks"]],
    }


@router.get("/plans/{plan_id}/progress")
def progress(request, plan_id: Id):
    return reports.progress(_plan(request, plan_id))


class OccurrencesOut(Schema):
    count: int
    items: list[OccurrenceOut]


@router.get("/plans/{plan_id}/timeline", response=OccurrencesOut)
def timeline(request, plan_id: Id):
    today = _today()
    rows = reports.timeline(_plan(request, plan_id), today)
    return {"count": len(rows), "items": [occurrence_out(o, request.auth, today) for o, _s in rows]}


class CompleteIn(Schema):
    record: Id | None = None
    note: str = Field("", max_length=5000)
    completed_on: datetime.date | None = None


@router.post("/occurrences/{occurrence_id}/complete", response=OccurrenceOut)
def complete_occurrence(request, occurrence_id: Id, payload: CompleteIn):
    occ = get_object_for_user(Occurrence.objects.select_related("item__plan__org"), occurrence_id, request.auth)
    data = {
        k: ("" if v is None else v.isoformat() if hasattr(v, "isoformat") else v) for k, v in payload.dict().items()
    }
    occ = actions.complete_occurrence(occ, by=request.auth, data=data)
    return occurrence_out(occ, request.auth)


@router.get("/compliance")
def compliance_view(
    request,
    org: Id | None = None,
    year: SmallInt | None = None,
    obligation: str | None = Query(None, max_length=30),
):
    year = year or _today().year
    if not 2000 <= year <= 2100:
        raise Invalid("年度应在2000到2100之间。", {"year": ["年度无效。"]})
    if obligation and obligation not in OBLIGATION_LABELS:
        raise Invalid("组织生活类型不存在。", {"obligation": ["取值无效。"]})
    cells = compliance.compute_for(request.auth, org, year, today=_today(), obligation=obligation)
    return {"year": year, "items": [c.as_api() for c in cells]}


def rule_out(r):
    return {
        "id": r.id,
        "org": r.org_id,
        "org_kind": r.org_kind,
        "obligation": r.obligation,
        "frequency": r.frequency,
        "per_group": r.per_group,
        "source": r.source,
        "active": r.active,
    }


@router.get("/obligation-rules")
def list_rules(request):
    visible = compliance.visible_rules(request.auth)
    return {"count": len(visible), "items": [rule_out(r) for r in visible]}


class RuleIn(Schema):
    org: Id
    org_kind: str = Field("branch", max_length=20)
    obligation: str = Field(..., max_length=30)
    frequency: str = Field(..., max_length=10)
    per_group: bool = False
    source: str = Field(..., max_length=300)
    active: bool = True


@router.post("/obligation-rules", response={201: dict})
def save_rule(request, payload: RuleIn):
    rule = actions.save_rule(by=request.auth, data=payload.dict(), orgs=Organisation.objects.visible_to(request.auth))
    return 201, rule_out(rule)


@router.post("/plans/{plan_id}/import")
def import_items(request, plan_id: Id, file: File[UploadedFile], confirm: bool = False):
    """Preview an .xlsx of items (per-row Chinese errors); writes nothing but the previewed import.

    Confirm with POST /plans/{plan_id}/import/{import_id}/confirm, which adds every row or none, once.
    """
    plan = _plan(request, plan_id)
    require_verb(request.auth, "plans.manage", plan.org)
    if confirm:
        raise Invalid(CONFIRM_SEPARATELY, {"confirm": [CONFIRM_SEPARATELY]})
    rows, has_errors, batch = core_importing.preview(
        file.read(MAX_UPLOAD_BYTES + 1),
        file.name or "",
        validate=lambda upload: importing.validate_rows(upload, plan=plan),
        by=request.auth,
        kind=importing.KIND,
        scope_key=importing.scope_key(plan),
    )
    preview = [
        {"row": n, "category": d.get("category"), "title": d.get("title"), "errors": errs} for n, d, _c, errs in rows
    ]
    if has_errors:
        raise Invalid(
            "表格中有错误，未导入任何事项。", {"file": [f"第{r['row']}行：{e}" for r in preview for e in r["errors"]]}
        )
    return {"import_id": batch.token, "imported": 0, "rows": preview}


@router.post("/plans/{plan_id}/import/{import_id}/confirm", response={200: dict, 202: dict})
def confirm_import(request, plan_id: Id, import_id: str):
    """Add every row of a previewed import, or none; a second confirm of the same import answers 409.

    A small import runs at once (200, with the items); a large one is queued (202): follow `status_url`.
    """
    plan = _plan(request, plan_id)
    batch = core_importing.confirm(import_id, by=request.auth, kind=importing.KIND, scope_key=importing.scope_key(plan))
    return core_importing.api_confirm(batch, lambda ids: {"import_id": import_id, "imported": len(ids), "items": ids})

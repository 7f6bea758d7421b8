"""REST API of 考核方案 (API.md "Assessments"): schemes, their items, the .xlsx import, clones, 网站汇总 measures."""

import datetime

from ninja import File, Form, Router, Schema
from ninja.files import UploadedFile
from pydantic import Field

from core import importing as core_importing
from core.api import AUTH, Id, Page, PageSize, Ref, SmallInt, form_data
from core.errors import Invalid, NotFound
from core.excel import MAX_UPLOAD_BYTES
from core.importing import CONFIRM_SEPARATELY
from core.scoping import get_object_for_user
from core.verbs import require_verb
from orgs.models import Organisation

from . import actions_schemes as actions
from . import importing_schemes as importing
from . import schemes_read, sources
from .models import Item, Scheme

router = Router(tags=["考核评星"], auth=AUTH)


class AssessmentStarOut(Schema):
    stars: int
    min: float


class AssessmentSectionOut(Schema):
    key: str
    label: str


class AssessmentFormulaOut(Schema):
    zero: float | None = None
    full: float | None = None


class AssessmentItemOut(Schema):
    id: int
    scheme: int
    category: str
    category_id: int
    position: int
    name: str
    standard: str
    max_points: float
    method: str
    method_label: str
    veto: bool
    veto_cap: int
    source: str
    source_label: str
    formula: AssessmentFormulaOut
    formula_text: str
    actions: list[str]


class AssessmentSchemeOut(Schema):
    id: int
    org: Ref
    year: int
    name: str
    description: str
    stars: list[AssessmentStarOut]
    selfcheck_sections: list[AssessmentSectionOut]
    total: float
    complete: bool
    problem: str | None
    item_count: int
    in_use: bool
    cloned_from: int | None
    # What the caller may do now: update, add_item, import, clone.
    actions: list[str]


class AssessmentCategoryOut(Schema):
    id: int
    name: str
    total: float
    items: list[AssessmentItemOut]


class AssessmentSchemeDetailOut(AssessmentSchemeOut):
    categories: list[AssessmentCategoryOut]


class AssessmentSchemeList(Schema):
    count: int
    items: list[AssessmentSchemeOut]


class AssessmentItemList(Schema):
    count: int
    total: float
    complete: bool
    problem: str | None
    items: list[AssessmentItemOut]


def item_out(item, view, user):
    zero, full = sources.formula_of(item) if item.source else (None, None)
    source = sources.get(item.source)
    return {
        "id": item.pk,
        "scheme": item.scheme_id,
        "category": item.category.name,
        "category_id": item.category_id,
        "position": item.position,
        "name": item.name,
        "standard": item.standard,
        "max_points": float(item.max_points),
        "method": item.method,
        "method_label": item.get_method_display(),
        "veto": item.veto,
        "veto_cap": item.veto_cap,
        "source": item.source,
        "source_label": source.label if source else "",
        "formula": {"zero": None if zero is None else float(zero), "full": None if full is None else float(full)},
        "formula_text": sources.formula_sentence(item),
        "actions": view.item_actions_for(user),
    }


def scheme_out(view, user, *, detail=False):
    s = view.scheme
    out = {
        "id": s.pk,
        "org": {"id": s.org_id, "name": s.org.name},
        "year": s.year,
        "name": s.name,
        "description": s.description,
        "stars": [{"stars": t.stars, "min": float(t.min)} for t in view.thresholds],
        "selfcheck_sections": s.selfcheck_sections,
        "total": float(view.total),
        "complete": view.problem is None,
        "problem": view.problem,
        "item_count": view.item_count,
        "in_use": view.in_use,
        "cloned_from": s.cloned_from_id,
        "actions": view.actions_for(user),
    }
    if detail:
        out["categories"] = [
            {
                "id": c.category.pk,
                "name": c.category.name,
                "total": float(c.total),
                "items": [item_out(i, view, user) for i in c.items],
            }
            for c in view.categories
        ]
    return out


# ---------------------------------------------------------------- schemes


class AssessmentStarIn(Schema):
    stars: SmallInt
    min: float = Field(..., ge=-1_000_000, le=1_000_000)


class AssessmentSectionIn(Schema):
    key: str = Field(..., max_length=30)
    label: str = Field(..., max_length=30)


class AssessmentSchemeIn(Schema):
    org: Id
    year: SmallInt
    name: str = Field(..., max_length=100)
    description: str = Field("", max_length=2000)
    stars: list[AssessmentStarIn] = Field(default_factory=list, max_length=10)
    selfcheck_sections: list[AssessmentSectionIn] | None = Field(None, max_length=50)


class AssessmentSchemePatch(Schema):
    year: SmallInt | None = None
    name: str | None = Field(None, max_length=100)
    description: str | None = Field(None, max_length=2000)
    stars: list[AssessmentStarIn] | None = Field(None, max_length=10)
    selfcheck_sections: list[AssessmentSectionIn] | None = Field(None, max_length=50)


def _scheme_data(payload, exclude_unset):
    data = payload.dict(exclude_unset=exclude_unset)
    out = {k: v for k, v in data.items() if v is not None or k in ("stars", "selfcheck_sections")}
    if out.get("stars") is None:
        out.pop("stars", None)
    if out.get("selfcheck_sections") is None:
        out.pop("selfcheck_sections", None)
    return out


@router.get("/assessments/schemes", response=AssessmentSchemeList)
def list_schemes(
    request, org: Id | None = None, year: SmallInt | None = None, page: Page = 1, page_size: PageSize = 50
):
    qs = Scheme.objects.visible_to(request.auth).select_related("org")
    if org:
        qs = qs.filter(org_id=org)
    if year:
        qs = qs.filter(year=year)
    user = request.auth
    start = (page - 1) * page_size
    views = schemes_read.summaries(qs[start : start + page_size])
    return {"count": qs.count(), "items": [scheme_out(v, user) for v in views]}


@router.post("/assessments/schemes", response={201: AssessmentSchemeOut})
def create_scheme(request, payload: AssessmentSchemeIn):
    scheme = actions.create_scheme(by=request.auth, data=_scheme_data(payload, exclude_unset=False))
    return 201, scheme_out(schemes_read.SchemeView(scheme), request.auth)


def _scheme(request, scheme_id):
    return get_object_for_user(Scheme, scheme_id, request.auth, queryset=Scheme.objects.select_related("org"))


@router.get("/assessments/schemes/{scheme_id}", response=AssessmentSchemeDetailOut)
def get_scheme(request, scheme_id: Id):
    return scheme_out(schemes_read.SchemeView(_scheme(request, scheme_id)), request.auth, detail=True)


@router.patch("/assessments/schemes/{scheme_id}", response=AssessmentSchemeDetailOut)
def patch_scheme(request, scheme_id: Id, payload: AssessmentSchemePatch):
    scheme = actions.update_scheme(
        _scheme(request, scheme_id), by=request.auth, data=_scheme_data(payload, exclude_unset=True)
    )
    return scheme_out(schemes_read.SchemeView(scheme), request.auth, detail=True)


class AssessmentCloneIn(Schema):
    year: SmallInt
    name: str = Field("", max_length=100)


@router.post("/assessments/schemes/{scheme_id}/clone", response={201: AssessmentSchemeDetailOut})
def clone_scheme(request, scheme_id: Id, payload: AssessmentCloneIn):
    new = actions.clone_scheme(_scheme(request, scheme_id), by=request.auth, data=form_data(payload, False))
    return 201, scheme_out(schemes_read.SchemeView(new), request.auth, detail=True)


# ---------------------------------------------------------------- items


class AssessmentFormulaIn(Schema):
    zero: float | None = Field(None, ge=-1_000_000, le=1_000_000)
    full: float | None = Field(None, ge=-1_000_000, le=1_000_000)


class AssessmentItemIn(Schema):
    category: str = Field(..., max_length=50)
    name: str = Field(..., max_length=200)
    standard: str = Field("", max_length=2000)
    max_points: float = Field(..., ge=-1_000_000, le=1_000_000)
    method: str = Field("documents", max_length=20)
    veto: bool = False
    veto_cap: SmallInt | None = None
    source: str = Field("", max_length=40)
    formula: AssessmentFormulaIn | None = None


class AssessmentItemPatch(Schema):
    category: str | None = Field(None, max_length=50)
    name: str | None = Field(None, max_length=200)
    standard: str | None = Field(None, max_length=2000)
    max_points: float | None = Field(None, ge=-1_000_000, le=1_000_000)
    method: str | None = Field(None, max_length=20)
    veto: bool | None = None
    veto_cap: SmallInt | None = None
    source: str | None = Field(None, max_length=40)
    formula: AssessmentFormulaIn | None = None


def _item_data(payload, exclude_unset):
    data = payload.dict(exclude_unset=exclude_unset)
    out = {}
    for key, value in data.items():
        if key == "formula":
            formula = value or {}
            for part in ("zero", "full"):
                if part in formula or not exclude_unset:
                    v = formula.get(part)
                    out[f"formula_{part}"] = "" if v is None else str(v)
        elif key == "max_points" and value is not None:
            out[key] = str(value)
        elif key == "veto":
            if value is not None:
                out[key] = value
        else:
            out[key] = "" if value is None else value
    return out


def _items_answer(scheme, user):
    view = schemes_read.SchemeView(scheme)
    return {
        "count": view.item_count,
        "total": float(view.total),
        "complete": view.problem is None,
        "problem": view.problem,
        "items": [item_out(i, view, user) for c in view.categories for i in c.items],
    }


@router.get("/assessments/schemes/{scheme_id}/items", response=AssessmentItemList)
def list_items(request, scheme_id: Id):
    return _items_answer(_scheme(request, scheme_id), request.auth)


@router.post("/assessments/schemes/{scheme_id}/items", response={201: AssessmentItemOut})
def add_item(request, scheme_id: Id, payload: AssessmentItemIn):
    scheme = _scheme(request, scheme_id)
    item = actions.add_item(scheme, by=request.auth, data=_item_data(payload, exclude_unset=False))
    return 201, item_out(item, schemes_read.SchemeView(scheme), request.auth)


def _item(request, item_id):
    qs = Item.objects.select_related("scheme__org", "category")
    return get_object_for_user(Item, item_id, request.auth, queryset=qs)


@router.get("/assessments/items/{item_id}", response=AssessmentItemOut)
def get_item(request, item_id: Id):
    item = _item(request, item_id)
    return item_out(item, schemes_read.SchemeView(item.scheme), request.auth)


@router.patch("/assessments/items/{item_id}", response=AssessmentItemOut)
def patch_item(request, item_id: Id, payload: AssessmentItemPatch):
    item = _item(request, item_id)
    item = actions.update_item(item, by=request.auth, data=_item_data(payload, exclude_unset=True), partial=True)
    item = _item(request, item.pk)
    return item_out(item, schemes_read.SchemeView(item.scheme), request.auth)


@router.delete("/assessments/items/{item_id}", response={204: None})
def delete_item(request, item_id: Id):
    actions.delete_item(_item(request, item_id), by=request.auth)
    return 204, None


# ---------------------------------------------------------------- import


@router.post("/assessments/schemes/{scheme_id}/items/import")
def import_items(request, scheme_id: Id, file: File[UploadedFile], confirm: Form[bool] = False):
    """Preview: every row with its errors, and an import_id when there are none. Writes no item.

    Confirm with POST /assessments/schemes/{scheme_id}/items/import/{import_id}/confirm (all rows or none, once).
    """
    scheme = _scheme(request, scheme_id)
    require_verb(request.auth, "assessments.manage_scheme", scheme)
    actions.refuse_if_in_use(scheme)
    if confirm:
        raise Invalid(CONFIRM_SEPARATELY, {"confirm": [CONFIRM_SEPARATELY]})
    if file.size and file.size > MAX_UPLOAD_BYTES:
        raise Invalid("文件超过5MB，请拆分后分批导入。", {"file": ["文件过大。"]})
    rows, has_errors, batch = core_importing.preview(
        file.read(MAX_UPLOAD_BYTES + 1),
        file.name or "",
        validate=lambda upload: importing.validate_rows(upload, scheme=scheme),
        by=request.auth,
        kind=importing.KIND,
        scope_key=importing.scope_key(scheme),
    )
    preview = [
        {"row": n, "category": data.get("category"), "name": data.get("name"), "errors": errors}
        for n, data, _c, errors in rows
    ]
    return {
        "import_id": batch.token if batch else None,
        "count": len(rows),
        "has_errors": has_errors,
        "total_after": float(importing.total_after(scheme, rows)),
        "rows": preview,
    }


@router.post("/assessments/schemes/{scheme_id}/items/import/{import_id}/confirm", response={200: dict, 202: dict})
def confirm_import(request, scheme_id: Id, import_id: str):
    """Create every item of a previewed import, or none; a second confirm of the same import answers 409."""
    scheme = _scheme(request, scheme_id)
    batch = core_importing.confirm(
        import_id, by=request.auth, kind=importing.KIND, scope_key=importing.scope_key(scheme)
    )

    def done(ids):
        view = schemes_read.SchemeView(scheme)
        return {
            "import_id": import_id,
            "count": len(ids),
            "has_errors": False,
            "total": float(view.total),
            "complete": view.problem is None,
        }

    return core_importing.api_confirm(batch, done)


# ---------------------------------------------------------------- 网站汇总 measures


class AssessmentMeasureOut(Schema):
    item: int
    org: Ref
    start: datetime.date
    end: datetime.date
    source: str
    label: str
    unit: str
    value: float | None
    points: float | None
    max_points: float
    detail: str
    explain: str
    formula_text: str
    evidence_url: str
    parts: dict


@router.get("/assessments/items/{item_id}/measure", response=AssessmentMeasureOut)
def item_measure(request, item_id: Id, org: Id, start: datetime.date, end: datetime.date):
    """What a 网站汇总 item's measure gives an organisation in [start, end], with the points by the formula."""
    item = schemes_read.measurable_item(item_id, request.auth)
    target = Organisation.objects.filter(pk=org).first()
    if target is None:
        raise NotFound("未找到该组织，或您无权查看其数据。", {"org": ["未找到该组织，或您无权查看其数据。"]})
    return schemes_read.measure_for(item, target, start, end, by=request.auth)

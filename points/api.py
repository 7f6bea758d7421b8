import datetime
from typing import Any

from django.db.models import Prefetch
from ninja import File, Form, Query, Router, Schema
from ninja.files import UploadedFile
from pydantic import Field

from core import importing as core_importing
from core.api import AUTH, Id, Page, PageSize, SmallInt, form_data, paginate
from core.errors import Forbidden, Invalid
from core.excel import MAX_UPLOAD_BYTES
from core.importing import CONFIRM_SEPARATELY
from core.scoping import get_object_for_user
from orgs.models import Organisation

from . import actions, importing, publicity
from .choices import SUBJECT_TYPES
from .evidence import MAX_EVIDENCE_BYTES
from .models import Declaration, Item, LedgerEntry, Publicity, Review, Scheme
from .rankings import ranking
from .workflows import DECLARATION

router = Router(tags=["积分制"], auth=AUTH)
SUBJECT_CODES = {c for c, _ in SUBJECT_TYPES}


def _num(v):
    return None if v is None else float(v)


def scheme_out(s, items=False):
    out = {
        "id": s.id,
        "org": s.org_id,
        "year": s.year,
        "name": s.name,
        "full_marks": _num(s.full_marks),
        "linkage_every": s.linkage_every,
        "linkage_mode": s.linkage_mode,
        "cloned_from": s.cloned_from_id,
    }
    if items:
        out["items"] = [item_out(i) for i in s.items.select_related("dimension")]
    return out


def item_out(i):
    return {
        "id": i.id,
        "scheme": i.scheme_id,
        "dimension": i.dimension.name,
        "name": i.name,
        "requirement": i.requirement,
        "standard": i.standard,
        "points": _num(i.points),
        "subject_type": i.subject_type,
        "cap": _num(i.cap),
        "allow_fraction": i.allow_fraction,
    }


class EvidenceOut(Schema):
    id: int
    name: str
    size: int
    content_type: str


class DeclarationOut(Schema):
    id: int
    scheme: int
    item: int
    subject_type: str
    subject_org: int
    subject_person: int | None
    subject_name: str
    quantity: float
    points: float
    occurred_on: datetime.date
    description: str
    state: str
    state_label: str
    declared_by: int
    needs_unit_confirmation: bool
    confirmed_by: int | None
    comment: str
    records: list[int]
    evidence: list[EvidenceOut]
    # What the caller may do to it now (workflow.available): submit, confirm, dispute, approve, return, reject.
    actions: list[str]


class ReviewOut(Schema):
    """One row of the review log, under the names the API has always used (decision, reviewer, created_at)."""

    level: int
    decision: str
    comment: str
    reviewer: int
    created_at: datetime.datetime


class DeclarationDetailOut(DeclarationOut):
    reviews: list[ReviewOut]


class DeclarationPage(Schema):
    count: int
    items: list[DeclarationOut]


def declaration_out(d, user):
    return {
        "id": d.id,
        "scheme": d.scheme_id,
        "item": d.item_id,
        "subject_type": d.subject_type,
        "subject_org": d.subject_org_id,
        "subject_person": d.subject_person_id,
        "subject_name": d.subject_name,
        "quantity": _num(d.quantity),
        "points": _num(d.points),
        "occurred_on": d.occurred_on,
        "description": d.description,
        "state": d.state,
        "state_label": d.state_label,
        "declared_by": d.declared_by_id,
        "needs_unit_confirmation": d.needs_unit_confirmation,
        "confirmed_by": d.confirmed_by_id,
        "comment": d.last_comment,
        "records": [r.pk for r in d.records.all()],
        "evidence": [
            {"id": e.id, "name": e.name, "size": e.size, "content_type": e.content_type} for e in d.evidence.all()
        ],
        "actions": [t.name for t in DECLARATION.available(d, user)],
    }


def review_out(r):
    return {"level": r.level, "decision": r.action, "comment": r.comment, "reviewer": r.by_id, "created_at": r.at}


def entry_out(e):
    return {
        "id": e.id,
        "scheme": e.scheme_id,
        "item": e.item_id,
        "item_name": e.item.name,
        "declaration": e.declaration_id,
        "subject_type": e.subject_type,
        "subject_org": e.subject_org_id,
        "subject_person": e.subject_person_id,
        "subject_name": e.subject_name,
        "points": _num(e.points),
        "occurred_on": e.occurred_on,
        "reverses": e.reverses_id,
        "reason": e.reason,
        "posted_by": e.posted_by_id,
        "posted_at": e.posted_at,
    }


# ------------------------------------------------------------ schemes and items


class SchemeIn(Schema):
    org: Id
    year: SmallInt
    name: str = Field(..., max_length=200)
    full_marks: float = 100
    linkage_every: SmallInt = 10
    linkage_mode: str = Field("per_person", max_length=20)


@router.get("/points/schemes")
def list_schemes(request, year: SmallInt | None = None, page: Page = 1, page_size: PageSize = 50):
    qs = Scheme.objects.visible_to(request.auth)
    if year:
        qs = qs.filter(year=year)
    return paginate(qs, page, page_size, scheme_out)


@router.post("/points/schemes", response={201: dict})
def create_scheme(request, payload: SchemeIn):
    scheme = actions.create_scheme(by=request.auth, data=form_data(payload, exclude_unset=False))
    return 201, scheme_out(scheme)


@router.get("/points/schemes/{scheme_id}")
def get_scheme(request, scheme_id: Id):
    return scheme_out(get_object_for_user(Scheme, scheme_id, request.auth), items=True)


@router.post("/points/schemes/{scheme_id}/clone", response={201: dict})
def clone_scheme(request, scheme_id: Id):
    scheme = get_object_for_user(Scheme, scheme_id, request.auth)
    return 201, scheme_out(actions.clone_scheme(scheme, by=request.auth), items=True)


class PointItemIn(Schema):
    dimension: str = Field(..., max_length=100)
    name: str = Field(..., max_length=200)
    requirement: str = Field("", max_length=2000)
    standard: str = Field("", max_length=2000)
    points: float
    subject_type: str = Field(..., max_length=10)
    cap: float | None = None
    allow_fraction: bool = False


@router.get("/points/schemes/{scheme_id}/items")
def list_items(request, scheme_id: Id):
    scheme = get_object_for_user(Scheme, scheme_id, request.auth)
    items = [item_out(i) for i in scheme.items.select_related("dimension")]
    return {"count": len(items), "items": items}


@router.post("/points/schemes/{scheme_id}/items", response={201: dict})
def add_item(request, scheme_id: Id, payload: PointItemIn):
    scheme = get_object_for_user(Scheme, scheme_id, request.auth)
    return 201, item_out(actions.add_item(scheme, by=request.auth, data=form_data(payload, exclude_unset=False)))


@router.post("/points/schemes/{scheme_id}/items/import")
def import_items(request, scheme_id: Id, file: File[UploadedFile], confirm: Form[bool] = False):
    """Preview: every row with its errors, and an import_id when there are none. Writes no item.

    Confirm with POST /points/schemes/{scheme_id}/items/import/{import_id}/confirm (all rows or none, once).
    """
    scheme = get_object_for_user(Scheme, scheme_id, request.auth)
    if not request.auth.has_perm("points.manage_scheme", scheme):
        raise Forbidden(actions.MANAGE_MESSAGE)
    if confirm:
        raise Invalid(CONFIRM_SEPARATELY, {"confirm": [CONFIRM_SEPARATELY]})
    if file.size and file.size > MAX_UPLOAD_BYTES:
        raise Invalid("文件超过5MB，请拆分后分批导入。", {"file": ["文件过大。"]})
    rows, has_errors, batch = core_importing.preview(
        file.read(MAX_UPLOAD_BYTES + 1),
        file.name or "",
        validate=importing.validate_rows,
        by=request.auth,
        kind=importing.KIND,
        scope_key=importing.scope_key(scheme),
    )
    preview = [{"row": n, "name": data.get("name"), "errors": errors} for n, data, _c, errors in rows]
    return {"import_id": batch.token if batch else None, "count": len(rows), "has_errors": has_errors, "rows": preview}


@router.post("/points/schemes/{scheme_id}/items/import/{import_id}/confirm", response={200: dict, 202: dict})
def confirm_import(request, scheme_id: Id, import_id: str):
    """Create every item of a previewed import, or none; a second confirm of the same import answers 409.

    A small import runs at once (200, with the items); a large one is queued (202): follow `status_url`.
    """
    scheme = get_object_for_user(Scheme, scheme_id, request.auth)
    batch = core_importing.confirm(
        import_id, by=request.auth, kind=importing.KIND, scope_key=importing.scope_key(scheme)
    )

    def done(ids):
        items = {i.pk: i for i in Item.objects.filter(pk__in=ids).select_related("dimension")}
        return {
            "import_id": import_id,
            "count": len(ids),
            "has_errors": False,
            "items": [item_out(items[i]) for i in ids if i in items],
        }

    return core_importing.api_confirm(batch, done)


# ------------------------------------------------------------ declarations and review


class DeclarationIn(Schema):
    item: Id
    subject_org: Id | None = None
    subject_person: Id | None = None
    quantity: float = 1
    occurred_on: datetime.date
    description: str = Field("", max_length=2000)
    records: list[Id] = Field(default_factory=list, max_length=50)


class DeclarationPatch(Schema):
    item: Id | None = None
    subject_org: Id | None = None
    subject_person: Id | None = None
    quantity: float | None = None
    occurred_on: datetime.date | None = None
    description: str | None = Field(None, max_length=2000)
    records: list[Id] | None = Field(None, max_length=50)


def _decl_data(payload, exclude_unset):
    data = form_data(payload, exclude_unset=exclude_unset)
    records = data.pop("records", None)
    if "quantity" in data and data["quantity"] != "":
        data["quantity"] = str(data["quantity"])
    return data, records


def _declarations(user):
    # The reviews come along for the `actions` field (who reviewed at which level): one query for a page.
    return (
        Declaration.objects.visible_to(user)
        .select_related("subject_org", "subject_person", "item", "scheme__org")
        .prefetch_related("records", "evidence", Prefetch("reviews", queryset=Review.objects.order_by("id")))
    )


@router.get("/points/declarations", response=DeclarationPage)
def list_declarations(
    request,
    scheme: Id | None = None,
    state: str | None = Query(None, max_length=30),
    mine: bool = False,
    page: Page = 1,
    page_size: PageSize = 50,
):
    qs = _declarations(request.auth)
    if scheme:
        qs = qs.filter(scheme_id=scheme)
    if state:
        qs = qs.filter(state=state)
    if mine:
        qs = qs.filter(declared_by=request.auth)
    return paginate(qs, page, page_size, lambda d: declaration_out(d, request.auth))


@router.post("/points/declarations", response={201: DeclarationOut})
def create_declaration(request, payload: DeclarationIn):
    data, records = _decl_data(payload, exclude_unset=False)
    decl = actions.create_declaration(by=request.auth, data=data, records=records)
    return 201, declaration_out(decl, request.auth)


@router.get("/points/declarations/{decl_id}", response=DeclarationDetailOut)
def get_declaration(request, decl_id: Id):
    decl = get_object_for_user(Declaration, decl_id, request.auth, queryset=_declarations(request.auth))
    return {**declaration_out(decl, request.auth), "reviews": [review_out(r) for r in decl.reviews.all()]}


@router.patch("/points/declarations/{decl_id}", response=DeclarationOut)
def patch_declaration(request, decl_id: Id, payload: DeclarationPatch):
    decl = get_object_for_user(Declaration, decl_id, request.auth)
    data, records = _decl_data(payload, exclude_unset=True)
    decl = actions.update_declaration(decl, by=request.auth, data=data, records=records)
    return declaration_out(decl, request.auth)


@router.post("/points/declarations/{decl_id}/evidence", response={201: EvidenceOut})
def upload_evidence(request, decl_id: Id, file: File[UploadedFile]):
    decl = get_object_for_user(Declaration, decl_id, request.auth)
    ev = actions.add_evidence(decl, by=request.auth, name=file.name, data=file.read(MAX_EVIDENCE_BYTES + 1))
    return 201, {"id": ev.id, "name": ev.name, "size": ev.size, "content_type": ev.content_type}


@router.post("/points/declarations/{decl_id}/submit", response=DeclarationOut)
def submit_declaration(request, decl_id: Id):
    decl = get_object_for_user(Declaration, decl_id, request.auth)
    return declaration_out(actions.submit_declaration(decl, by=request.auth), request.auth)


class ConfirmIn(Schema):
    decision: str = Field("confirm", max_length=10)
    comment: str = Field("", max_length=500)


@router.post("/points/declarations/{decl_id}/confirm", response=DeclarationOut)
def confirm_declaration(request, decl_id: Id, payload: ConfirmIn):
    decl = get_object_for_user(Declaration, decl_id, request.auth)
    decl = actions.confirm_declaration(decl, by=request.auth, data=form_data(payload, False))
    return declaration_out(decl, request.auth)


class ReviewIn(Schema):
    decision: str = Field(..., max_length=10)
    comment: str = Field("", max_length=500)


@router.post("/points/declarations/{decl_id}/review", response=DeclarationOut)
def review_declaration(request, decl_id: Id, payload: ReviewIn):
    decl = get_object_for_user(Declaration, decl_id, request.auth)
    decl = actions.review_declaration(decl, by=request.auth, data=form_data(payload, False))
    return declaration_out(decl, request.auth)


@router.get("/points/reviews/queue", response=DeclarationPage)
def review_queue(request, level: int = Query(..., ge=1, le=3), page: Page = 1, page_size: PageSize = 50):
    qs = _declarations(request.auth).awaiting_level(level, request.auth).order_by("submitted_at", "id")
    return paginate(qs, page, page_size, lambda d: declaration_out(d, request.auth))


class BatchIn(Schema):
    declarations: list[Id] = Field(..., min_length=1, max_length=200)
    decision: str = Field("approve", max_length=10)
    comment: str = Field("", max_length=500)


class BatchItemOut(Schema):
    id: int
    ok: bool
    detail: str


class BatchOut(Schema):
    items: list[BatchItemOut]
    approved: int


@router.post("/points/reviews/batch", response=BatchOut)
def batch_review(request, payload: BatchIn):
    data = {"decision": payload.decision, "comment": payload.comment}
    results = actions.batch_review(
        payload.declarations, by=request.auth, data=data, queryset=Declaration.objects.visible_to(request.auth)
    )
    return {
        "items": [{"id": pk, "ok": ok, "detail": msg} for pk, ok, msg in results],
        "approved": sum(1 for _pk, ok, _m in results if ok),
    }


# ------------------------------------------------------------ ledger and rankings


def _ledger(request, scheme, subject_type, subject, org, date_from, date_to):
    under = get_object_for_user(Organisation, org, request.auth) if org else None
    return LedgerEntry.objects.visible_to(request.auth).filtered(
        scheme=scheme, subject_type=subject_type, subject=subject, under=under, date_from=date_from, date_to=date_to
    )


@router.get("/points/ledger")
def ledger(
    request,
    scheme: Id | None = None,
    subject_type: str | None = Query(None, max_length=10),
    subject: Id | None = None,
    org: Id | None = None,
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
    page: Page = 1,
    page_size: PageSize = 50,
):
    from django.db.models import Sum

    qs = _ledger(request, scheme, subject_type, subject, org, date_from, date_to)
    result = paginate(qs, page, page_size, entry_out)
    result["total"] = float(qs.aggregate(s=Sum("points"))["s"] or 0)
    return result


class ReverseIn(Schema):
    reason: str = Field("", max_length=500)


@router.post("/points/ledger/{entry_id}/reverse", response={201: dict})
def reverse_entry(request, entry_id: Id, payload: ReverseIn):
    entry = get_object_for_user(LedgerEntry, entry_id, request.auth)
    return 201, entry_out(actions.reverse_entry(entry, by=request.auth, data={"reason": payload.reason}))


@router.delete("/points/ledger/{entry_id}")
def delete_entry(request, entry_id: Id):
    get_object_for_user(LedgerEntry, entry_id, request.auth)
    actions.refuse_ledger_change()


@router.patch("/points/ledger/{entry_id}")
def patch_entry(request, entry_id: Id):
    get_object_for_user(LedgerEntry, entry_id, request.auth)
    actions.refuse_ledger_change()


@router.get("/points/rankings")
def rankings(request, scheme: Id, subject_type: str = Query(..., max_length=10), until: datetime.date | None = None):
    scheme_obj = get_object_for_user(Scheme, scheme, request.auth)
    if subject_type not in SUBJECT_CODES:
        raise Invalid("积分对象应为 org、cadre 或 member。", {"subject_type": ["取值应为 org、cadre、member 之一。"]})
    rows = ranking(scheme_obj, subject_type, until)
    return {
        "scheme": scheme_obj.id,
        "subject_type": subject_type,
        "until": until or datetime.date(scheme_obj.year, 12, 31),
        "items": [r.as_dict() for r in rows],
    }


# ------------------------------------------------------------ publicity


class ObjectionOut(Schema):
    id: int
    content: str | None
    content_hidden: bool
    raised_at: datetime.datetime
    answer: str
    answered_at: datetime.datetime | None
    actions: list[str]


class PublicityOut(Schema):
    id: int
    scheme: int
    subject_type: str
    until: datetime.date
    title: str
    state: str
    objection_days: int
    published_on: datetime.date | None
    objection_deadline: datetime.date | None
    announced_on: datetime.date | None
    items: list[dict[str, Any]]
    objections: list[ObjectionOut]
    actions: list[str]  # publish, announce: what the caller may do to it now


class PublicityPage(Schema):
    count: int
    items: list[PublicityOut]


def objection_out(o, user, *, reads_all):
    visible = publicity.objection_text_visible(user, o, reads_all=reads_all)
    return {
        "id": o.id,
        "content": o.content if visible else None,
        "content_hidden": not visible,
        "raised_at": o.raised_at,
        "answer": o.answer,
        "answered_at": o.answered_at,
        "actions": [t.name for t in publicity.OBJECTION.available(o, user)],
    }


def publicity_out(p, user):
    reads_all = publicity.reads_all_objections(user, p)
    objections = list(p.objections.all())
    for o in objections:
        o.publicity = p
    return {
        "id": p.id,
        "scheme": p.scheme_id,
        "subject_type": p.subject_type,
        "until": p.until,
        "title": p.title,
        "state": p.state,
        "objection_days": p.objection_days,
        "published_on": p.published_on,
        "objection_deadline": p.objection_deadline,
        "announced_on": p.announced_on,
        "items": p.snapshot,
        # Objection texts: for the objector, the committee and the reviewers; others see answers only.
        "objections": [objection_out(o, user, reads_all=reads_all) for o in objections],
        "actions": [t.name for t in publicity.PUBLICITY.available(p, user)],
    }


class PublicityIn(Schema):
    scheme: Id
    subject_type: str = Field(..., max_length=10)
    until: datetime.date
    title: str = Field("", max_length=200)
    objection_days: SmallInt = 5


def _publicities(user):
    return Publicity.objects.visible_to(user).select_related("scheme__org").prefetch_related("objections")


@router.get("/points/publicities", response=PublicityPage)
def list_publicities(request, scheme: Id | None = None, page: Page = 1, page_size: PageSize = 50):
    qs = _publicities(request.auth)
    if scheme:
        qs = qs.filter(scheme_id=scheme)
    return paginate(qs, page, page_size, lambda p: publicity_out(p, request.auth))


@router.post("/points/publicities", response={201: PublicityOut})
def create_publicity(request, payload: PublicityIn):
    scheme = get_object_for_user(Scheme, payload.scheme, request.auth)
    data = form_data(payload, exclude_unset=False)
    return 201, publicity_out(publicity.freeze(scheme, by=request.auth, data=data), request.auth)


@router.get("/points/publicities/{pub_id}", response=PublicityOut)
def get_publicity(request, pub_id: Id):
    return publicity_out(
        get_object_for_user(Publicity, pub_id, request.auth, queryset=_publicities(request.auth)), request.auth
    )


@router.post("/points/publicities/{pub_id}/publish", response=PublicityOut)
def publish_publicity(request, pub_id: Id):
    pub = get_object_for_user(Publicity, pub_id, request.auth)
    return publicity_out(publicity.publish(pub, by=request.auth), request.auth)


class ObjectionIn(Schema):
    content: str = Field(..., max_length=2000)


class ObjectionCreatedOut(Schema):
    id: int
    content: str


@router.post("/points/publicities/{pub_id}/objections", response={201: ObjectionCreatedOut})
def raise_objection(request, pub_id: Id, payload: ObjectionIn):
    pub = get_object_for_user(Publicity, pub_id, request.auth)
    o = publicity.raise_objection(pub, by=request.auth, data={"content": payload.content})
    return 201, {"id": o.id, "content": o.content}


class AnswerIn(Schema):
    answer: str = Field(..., max_length=2000)


class AnswerOut(Schema):
    id: int
    content: str
    answer: str


@router.post("/points/objections/{objection_id}/answer", response=AnswerOut)
def answer_objection(request, objection_id: Id, payload: AnswerIn):
    o = publicity.MECHANISM.visible_objection(objection_id, request.auth)
    o = publicity.answer_objection(o, by=request.auth, data={"answer": payload.answer})
    return {"id": o.id, "content": o.content, "answer": o.answer}


@router.post("/points/publicities/{pub_id}/announce", response=PublicityOut)
def announce_publicity(request, pub_id: Id):
    pub = get_object_for_user(Publicity, pub_id, request.auth)
    return publicity_out(publicity.announce(pub, by=request.auth), request.auth)

"""REST API of the project budget (API.md "Projects" `/expenses`) and the project's links to records and points.

`POST /projects/{id}/expenses` refuses an expense that would overspend the project's budget (or the
funding of its source) with 409 `{"code": "overspend", "detail": "超支提醒：…"}` unless `confirm_overspend`
is true; the stored line then remembers it was confirmed.
"""

import datetime
import decimal
from typing import Literal

from ninja import Field, File, Router, Schema
from ninja.files import UploadedFile

from core.api import AUTH, Id, ListOut
from core.errors import NotFound
from core.scoping import get_object_for_user

from . import actions_budget, budget, queries
from .choices import MAX_BUDGET

router = Router(tags=["项目化管理"], auth=AUTH)
SourceCode = Literal["own", "innovation"]


def _project(request, project_id):
    return get_object_for_user(queries.project_qs(), project_id, request.auth)


class ReceiptOut(Schema):
    id: int
    name: str
    content_type: str
    size: int
    url: str


class ExpenseOut(Schema):
    id: int
    date: datetime.date
    item: str
    source: str
    source_label: str
    amount: decimal.Decimal
    note: str
    overspend_confirmed: bool
    receipts: list[ReceiptOut]


class SourceOut(Schema):
    source: str
    label: str
    funded: decimal.Decimal
    spent: decimal.Decimal
    remaining: decimal.Decimal


class SummaryOut(Schema):
    budget: decimal.Decimal | None
    funded: decimal.Decimal
    spent: decimal.Decimal
    remaining: decimal.Decimal
    overspent: bool
    innovation_allowed: bool
    sources: list[SourceOut]


class ExpenseListOut(Schema):
    count: int
    items: list[ExpenseOut]
    summary: SummaryOut


def receipt_out(r):
    from django.urls import reverse

    return {
        "id": r.id,
        "name": r.name,
        "content_type": r.content_type,
        "size": r.size,
        "url": reverse("projects:receipt_download", args=[r.pk]),
    }


def expense_out(e):
    return {
        "id": e.id,
        "date": e.date,
        "item": e.item,
        "source": e.source,
        "source_label": e.get_source_display(),
        "amount": e.amount,
        "note": e.note,
        "overspend_confirmed": e.overspend_confirmed,
        "receipts": [receipt_out(r) for r in e.receipts.all()],
    }


def summary_out(project, fundings=None, expenses=None):
    s = budget.summary(project, fundings, expenses)
    return {
        "budget": s.budget,
        "funded": s.funded,
        "spent": s.spent,
        "remaining": s.remaining,
        "overspent": s.overspent,
        "innovation_allowed": budget.innovation_allowed(project),
        "sources": [
            {"source": x.source, "label": x.label, "funded": x.funded, "spent": x.spent, "remaining": x.remaining}
            for x in s.sources
        ],
    }


@router.get("/projects/{project_id}/expenses", response=ExpenseListOut)
def list_expenses(request, project_id: Id):
    project = _project(request, project_id)
    expenses = list(queries.expenses(project))
    return {
        "count": len(expenses),
        "items": [expense_out(e) for e in expenses],
        "summary": summary_out(project, list(project.fundings.all()), expenses),
    }


class ExpenseIn(Schema):
    date: datetime.date
    item: str = Field(..., max_length=100)
    source: SourceCode = "own"
    amount: decimal.Decimal = Field(..., gt=0, le=MAX_BUDGET, max_digits=10, decimal_places=2)
    note: str = Field("", max_length=200)
    confirm_overspend: bool = False


@router.post("/projects/{project_id}/expenses", response={201: ExpenseOut})
def create_expense(request, project_id: Id, payload: ExpenseIn):
    project = _project(request, project_id)
    data = {**payload.dict(), "date": payload.date.isoformat(), "amount": str(payload.amount)}
    data["confirm_overspend"] = "on" if payload.confirm_overspend else ""
    expense = actions_budget.add_expense(project, by=request.auth, data=data)
    return 201, expense_out(queries.expenses(project).get(pk=expense.pk))


def _expense(project, expense_id):
    expense = queries.expenses(project).filter(pk=expense_id).first()
    if expense is None:
        raise NotFound()
    return expense


@router.delete("/projects/{project_id}/expenses/{expense_id}", response={204: None})
def delete_expense(request, project_id: Id, expense_id: Id):
    project = _project(request, project_id)
    actions_budget.delete_expense(_expense(project, expense_id), by=request.auth)
    return 204, None


@router.post("/projects/{project_id}/expenses/{expense_id}/receipts", response={201: list[ReceiptOut]})
def upload_receipt(request, project_id: Id, expense_id: Id, file: UploadedFile = File(...)):  # noqa: B008
    project = _project(request, project_id)
    expense = _expense(project, expense_id)
    stored = actions_budget.add_receipts(expense, by=request.auth, files=[(file.name, file.size, file.read)])
    return 201, [receipt_out(r) for r in stored]


class FundingOut(Schema):
    id: int
    source: str
    source_label: str
    amount: decimal.Decimal
    note: str


def funding_out(f):
    return {"id": f.id, "source": f.source, "source_label": f.get_source_display(), "amount": f.amount, "note": f.note}


class FundingIn(Schema):
    source: SourceCode = "own"
    amount: decimal.Decimal = Field(..., gt=0, le=MAX_BUDGET, max_digits=10, decimal_places=2)
    note: str = Field("", max_length=200)


@router.get("/projects/{project_id}/fundings", response=ListOut[FundingOut])
def list_fundings(request, project_id: Id):
    items = [funding_out(f) for f in _project(request, project_id).fundings.all()]
    return {"count": len(items), "items": items}


@router.post("/projects/{project_id}/fundings", response={201: FundingOut})
def create_funding(request, project_id: Id, payload: FundingIn):
    project = _project(request, project_id)
    data = {**payload.dict(), "amount": str(payload.amount)}
    return 201, funding_out(actions_budget.add_funding(project, by=request.auth, data=data))


@router.delete("/projects/{project_id}/fundings/{funding_id}", response={204: None})
def delete_funding(request, project_id: Id, funding_id: Id):
    project = _project(request, project_id)
    funding = project.fundings.filter(pk=funding_id).first()
    if funding is None:
        raise NotFound()
    actions_budget.delete_funding(funding, by=request.auth)
    return 204, None


# ---------------------------------------------------------------- records and point declarations


class LinkedRecordOut(Schema):
    id: int
    org: int
    title: str
    type: str
    date: datetime.date


class RecordLinkIn(Schema):
    record: Id


def _record_out(r):
    return {"id": r.id, "org": r.org_id, "title": r.title, "type": r.type, "date": r.date}


@router.get("/projects/{project_id}/records", response=ListOut[LinkedRecordOut])
def list_records(request, project_id: Id):
    project = _project(request, project_id)
    items = [_record_out(r) for r in queries.linked_records(project, request.auth)]
    return {"count": len(items), "items": items}


@router.post("/projects/{project_id}/records", response={201: LinkedRecordOut})
def link_record(request, project_id: Id, payload: RecordLinkIn):
    from records.models import Record

    project = _project(request, project_id)
    record = get_object_for_user(Record, payload.record, request.auth)
    actions_budget.link_record(project, record, by=request.auth)
    return 201, _record_out(record)


@router.delete("/projects/{project_id}/records/{record_id}", response={204: None})
def unlink_record(request, project_id: Id, record_id: Id):
    from records.models import Record

    project = _project(request, project_id)
    record = get_object_for_user(Record, record_id, request.auth)
    actions_budget.unlink_record(project, record, by=request.auth)
    return 204, None


class CitationOut(Schema):
    declaration: int
    project: int
    item: str
    state: str


class CitationIn(Schema):
    declaration: Id


@router.get("/projects/{project_id}/citations", response=ListOut[CitationOut])
def list_citations(request, project_id: Id):
    project = _project(request, project_id)
    items = [
        {"declaration": d.pk, "project": project.pk, "item": d.item.name, "state": d.state}
        for d in queries.citing_declarations(project, request.auth)
    ]
    return {"count": len(items), "items": items}


@router.post("/projects/{project_id}/citations", response={201: CitationOut})
def cite_project(request, project_id: Id, payload: CitationIn):
    from points.models import Declaration

    project = _project(request, project_id)
    declaration = get_object_for_user(Declaration.objects.select_related("item"), payload.declaration, request.auth)
    actions_budget.cite_project(declaration, project, by=request.auth)
    return 201, {
        "declaration": declaration.pk,
        "project": project.pk,
        "item": declaration.item.name,
        "state": declaration.state,
    }

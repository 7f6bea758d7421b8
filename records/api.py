import datetime

from django.db.models import Prefetch
from ninja import Field, File, Query, Router, Schema
from ninja.files import UploadedFile

from core.api import AUTH, Id, paginate
from core.errors import Invalid
from core.scoping import get_object_for_user
from orgs.models import Organisation, Person

from . import actions, files
from .choices import RECORD_TYPES
from .models import Absence, Attachment, Record
from .querysets import visible_records

router = Router(tags=["活动记录"], auth=AUTH)
TYPE_CODES = "|".join(c for c, _ in RECORD_TYPES)


class AbsenteeIn(Schema):
    person: Id
    reason: str = Field("", max_length=200)


class RecordIn(Schema):
    org: Id
    type: str = Field(..., max_length=30, description=TYPE_CODES)
    also_counts_as: list[str] = Field([], max_length=15)
    title: str = Field(..., max_length=200)
    date: datetime.date
    for_year: int | None = Field(None, ge=2000, le=2100, description="所属年度（组织生活会、民主评议党员）")
    start_time: datetime.time | None = None
    place: str = Field("", max_length=200)
    host: Id | None = None
    recorder: Id | None = None
    attendees: list[Id] = Field([], max_length=1000)
    observers: list[Id] = Field([], max_length=1000, description="列席人员")
    absentees: list[AbsenteeIn] = Field([], max_length=1000)
    agenda: str = Field("", max_length=5000)
    content: str = Field("", max_length=50000)
    decisions: str = Field("", max_length=10000)


class RecordPatch(Schema):
    org: Id | None = None
    type: str | None = Field(None, max_length=30)
    also_counts_as: list[str] | None = Field(None, max_length=15)
    title: str | None = Field(None, max_length=200)
    date: datetime.date | None = None
    for_year: int | None = Field(None, ge=2000, le=2100)
    start_time: datetime.time | None = None
    place: str | None = Field(None, max_length=200)
    host: Id | None = None
    recorder: Id | None = None
    attendees: list[Id] | None = Field(None, max_length=1000)
    observers: list[Id] | None = Field(None, max_length=1000)
    absentees: list[AbsenteeIn] | None = Field(None, max_length=1000)
    agenda: str | None = Field(None, max_length=5000)
    content: str | None = Field(None, max_length=50000)
    decisions: str | None = Field(None, max_length=10000)


def attachment_out(a):
    from django.urls import reverse

    return {
        "id": a.id,
        "name": a.name,
        "kind": a.kind,
        "content_type": a.content_type,
        "size": a.size,
        "url": reverse("records:attachment", args=[a.id]),
        "uploaded_at": a.created_at,
    }


def record_out(r, *, full=True):
    """`attendees` are the expected people present (实到); `observers` attended without being expected (列席)."""
    attendees = [p.pk for p in r.attendees.all()]
    absences = list(r.absences.all())
    out = {
        "id": r.id,
        "org": r.org_id,
        "org_name": r.org.name,
        "type": r.type,
        "type_label": r.type_label,
        "also_counts_as": r.also_counts_as,
        "title": r.title,
        "date": r.date,
        "for_year": r.for_year,
        "start_time": r.start_time,
        "place": r.place,
        "host": r.host_id,
        "recorder": r.recorder_id,
        "attendees": attendees,
        "observers": [p.pk for p in r.observers.all()],
        "absentees": [{"person": a.person_id, "reason": a.reason} for a in absences],
        "attendance_rate": Record.rate(len(attendees), len(absences)),
    }
    if full:
        out.update(
            agenda=r.agenda,
            content=r.content,
            decisions=r.decisions,
            attachments=[attachment_out(a) for a in r.attachments.all()],
        )
    return out


def _with_people(qs):
    return qs.select_related("org").prefetch_related(
        Prefetch("attendees", queryset=Person.objects.only("id")),
        Prefetch("observers", queryset=Person.objects.only("id")),
        Prefetch("absences", queryset=Absence.objects.order_by("person_id")),
        "attachments",
    )


def _write_data(payload, *, partial):
    data = payload.dict(exclude_unset=partial)
    absentees = data.pop("absentees", None)
    out = {}
    for k, v in data.items():
        if v is None:
            out[k] = ""
        elif isinstance(v, datetime.date | datetime.time):
            out[k] = v.isoformat()
        else:
            out[k] = v
    return out, absentees


def _managed_orgs(user):
    return Organisation.objects.administered_by(user)


@router.get("/records")
def list_records(
    request,
    org: Id | None = None,
    type: str | None = Query(None, max_length=30),
    year: int | None = Query(None, ge=2000, le=2100),
    month: int | None = Query(None, ge=1, le=12),
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
    page: int = Query(1, ge=1, le=100000),
    page_size: int = Query(50, ge=1, le=200),
):
    root = get_object_for_user(Organisation, org, request.auth) if org is not None else None
    qs = visible_records(
        request.auth, org=root, type=type, year=year, month=month, date_from=date_from, date_to=date_to
    )
    return paginate(_with_people(qs), page, page_size, lambda r: record_out(r, full=False))


@router.post("/records", response={201: dict})
def create_record(request, payload: RecordIn):
    data, absentees = _write_data(payload, partial=False)
    record = actions.create_record(
        by=request.auth,
        data=data,
        absentees=[dict(a) for a in absentees or []],
        orgs=_managed_orgs(request.auth),
    )
    return 201, record_out(_with_people(Record.objects.filter(pk=record.pk)).get())


def _get(request, record_id):
    return get_object_for_user(Record.objects.all(), record_id, request.auth)


@router.get("/records/{record_id}")
def get_record(request, record_id: Id):
    record = _get(request, record_id)
    return record_out(_with_people(Record.objects.filter(pk=record.pk)).get())


@router.patch("/records/{record_id}")
def patch_record(request, record_id: Id, payload: RecordPatch):
    record = _get(request, record_id)
    data, absentees = _write_data(payload, partial=True)
    if not data and absentees is None:
        raise Invalid("没有要修改的字段。")
    actions.update_record(
        record,
        by=request.auth,
        data=data,
        absentees=[dict(a) for a in absentees] if absentees is not None else None,
        orgs=_managed_orgs(request.auth),
    )
    return record_out(_with_people(Record.objects.filter(pk=record.pk)).get())


@router.delete("/records/{record_id}", response={204: None})
def delete_record(request, record_id: Id):
    actions.delete_record(_get(request, record_id), by=request.auth)
    return 204, None


@router.get("/records/{record_id}/attachments")
def list_attachments(request, record_id: Id):
    record = _get(request, record_id)
    items = [attachment_out(a) for a in record.attachments.all()]
    return {"count": len(items), "items": items}


@router.post("/records/{record_id}/attachments", response={201: dict})
def upload_attachment(request, record_id: Id, file: UploadedFile = File(...)):  # noqa: B008
    record = _get(request, record_id)
    files.check_upload(file.name, file.size)
    att = actions.add_attachment(
        record, by=request.auth, name=file.name, data=file.read(files.MAX_ATTACHMENT_BYTES + 1)
    )
    return 201, attachment_out(att)


@router.delete("/records/{record_id}/attachments/{attachment_id}", response={204: None})
def delete_attachment(request, record_id: Id, attachment_id: Id):
    record = _get(request, record_id)
    att = get_object_for_user(Attachment.objects.filter(record=record), attachment_id, request.auth)
    actions.delete_attachment(att, by=request.auth)
    return 204, None

import datetime

from django.db.models import Prefetch
from django.urls import reverse
from ninja import Field, File, Query, Router, Schema
from ninja.files import UploadedFile

from core.api import AUTH, Id, ListOut, paginate
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


class AttachmentOut(Schema):
    id: int
    name: str
    kind: str
    content_type: str
    size: int
    url: str
    uploaded_at: datetime.datetime

    @staticmethod
    def resolve_url(a):
        return reverse("records:attachment", args=[a.id])


class AbsenteeOut(Schema):
    person: int = Field(..., alias="person_id")
    reason: str


class RecordSummaryOut(Schema):
    """A record in a list. `attendees` are the expected people present (实到); `observers` attended without
    being expected (列席); `attendance_rate` is 实到 over 应到 in percent, null when nobody was expected."""

    id: int
    org: int = Field(..., alias="org_id")
    org_name: str = Field(..., alias="org.name")
    type: str
    type_label: str
    also_counts_as: list[str]
    title: str
    date: datetime.date
    for_year: int | None
    start_time: datetime.time | None
    place: str
    host: int | None = Field(None, alias="host_id")
    recorder: int | None = Field(None, alias="recorder_id")
    attendees: list[int]
    observers: list[int]
    absentees: list[AbsenteeOut] = Field(..., alias="absences")
    attendance_rate: float | None

    @staticmethod
    def resolve_attendees(r):
        return [p.pk for p in r.attendees.all()]

    @staticmethod
    def resolve_observers(r):
        return [p.pk for p in r.observers.all()]

    @staticmethod
    def resolve_attendance_rate(r):
        return Record.rate(len(r.attendees.all()), len(r.absences.all()))


class RecordOut(RecordSummaryOut):
    """One record, with its minutes and attachments."""

    agenda: str
    content: str
    decisions: str
    attachments: list[AttachmentOut]


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


@router.get("/records", response=ListOut[RecordSummaryOut])
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
    return paginate(_with_people(qs), page, page_size, lambda r: r)


@router.post("/records", response={201: RecordOut})
def create_record(request, payload: RecordIn):
    data, absentees = _write_data(payload, partial=False)
    record = actions.create_record(
        by=request.auth,
        data=data,
        absentees=[dict(a) for a in absentees or []],
        orgs=_managed_orgs(request.auth),
    )
    return 201, _with_people(Record.objects.filter(pk=record.pk)).get()


def _get(request, record_id):
    return get_object_for_user(Record.objects.all(), record_id, request.auth)


@router.get("/records/{record_id}", response=RecordOut)
def get_record(request, record_id: Id):
    record = _get(request, record_id)
    return _with_people(Record.objects.filter(pk=record.pk)).get()


@router.patch("/records/{record_id}", response=RecordOut)
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
    return _with_people(Record.objects.filter(pk=record.pk)).get()


@router.delete("/records/{record_id}", response={204: None})
def delete_record(request, record_id: Id):
    actions.delete_record(_get(request, record_id), by=request.auth)
    return 204, None


@router.get("/records/{record_id}/attachments", response=ListOut[AttachmentOut])
def list_attachments(request, record_id: Id):
    items = list(_get(request, record_id).attachments.all())
    return {"count": len(items), "items": items}


@router.post("/records/{record_id}/attachments", response={201: AttachmentOut})
def upload_attachment(request, record_id: Id, file: UploadedFile = File(...)):  # noqa: B008
    record = _get(request, record_id)
    files.check_upload(file.name, file.size)
    return 201, actions.add_attachment(
        record, by=request.auth, name=file.name, data=file.read(files.MAX_ATTACHMENT_BYTES + 1)
    )


@router.delete("/records/{record_id}/attachments/{attachment_id}", response={204: None})
def delete_attachment(request, record_id: Id, attachment_id: Id):
    record = _get(request, record_id)
    att = get_object_for_user(Attachment.objects.filter(record=record), attachment_id, request.auth)
    actions.delete_attachment(att, by=request.auth)
    return 204, None

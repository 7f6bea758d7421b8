import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count
from django.db.models.functions import ExtractMonth, ExtractYear
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from core import dates
from core.errors import ActionError, Forbidden
from core.forms import add_errors
from core.pages import post_action
from core.scoping import get_object_for_user
from core.verbs import require_verb
from core.views_trash import trash_message
from orgs.models import Organisation

from . import actions, attendance, files
from .choices import ANNUAL_TYPES, RECORD_TYPE_LABELS, RECORD_TYPES
from .forms import RecordForm, UploadForm
from .models import Attachment, Record
from .querysets import visible_records


def _int(value, lo, hi):
    value = str(value or "")
    if value.isdigit() and lo <= int(value) <= hi:
        return int(value)
    return None


def managed_orgs(user):
    return Organisation.objects.administered_by(user)


def filters_from(request):
    """The record filters from the query string; a bad value is ignored, an org outside scope is a 404."""
    g = request.GET
    org = get_object_for_user(Organisation, g["org"], request.user) if _int(g.get("org"), 1, 10**12) else None
    return {
        "org": org,
        "type": g.get("type") if g.get("type") in RECORD_TYPE_LABELS else None,
        "year": _int(g.get("year"), 2000, 2100),
        "month": _int(g.get("month"), 1, 12),
    }


def _visible_orgs(user):
    return Organisation.objects.visible_to(user).only("id", "name", "depth", "path")


@login_required
def record_list(request):
    require_verb(request.user, "records.view_records")
    f = filters_from(request)
    qs = visible_records(request.user, **f).select_related("org").with_attendance().order_by("-date", "-id")
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    for r in page:
        r.attendance_rate = Record.rate(r.n_present, r.n_absent)
    year = f["year"] or dates.this_year()
    return render(
        request,
        "records/record_list.html",
        {
            "page": page,
            "filters": f,
            "types": RECORD_TYPES,
            "orgs": _visible_orgs(request.user),
            "months": range(1, 13),
            "years": range(dates.this_year(), 2014, -1),
            "export_year": year,
            "can_add": request.user.has_perm("records.add_record"),
        },
    )


@login_required
def archive(request):
    """档案: years with their record counts; each year opens its months and records."""
    require_verb(request.user, "records.view_records")
    f = filters_from(request)
    years = (
        visible_records(request.user, org=f["org"], type=f["type"])
        .annotate(y=ExtractYear("date"))
        .values("y")
        .annotate(n=Count("id"))
        .order_by("-y")
    )
    return render(
        request,
        "records/archive.html",
        {"years": years, "filters": f, "orgs": _visible_orgs(request.user), "types": RECORD_TYPES},
    )


@login_required
def archive_year(request, year):
    if not request.user.has_perm("records.view_records") or not 2000 <= year <= 2100:
        raise Http404
    f = filters_from(request)
    records = list(
        visible_records(request.user, org=f["org"], type=f["type"], year=year)
        .select_related("org")
        .annotate(m=ExtractMonth("date"))
        .order_by("date", "id")
    )
    months = [(m, [r for r in records if r.m == m]) for m in range(1, 13)]
    return render(
        request,
        "records/archive_year.html",
        {
            "year": year,
            "months": months,
            "total": len(records),
            "filters": f,
            "orgs": _visible_orgs(request.user),
            "types": RECORD_TYPES,
        },
    )


@login_required
def record_detail(request, pk):
    record = get_object_for_user(Record.objects.select_related("org", "host", "recorder"), pk, request.user)
    attachments = list(record.attachments.all())
    attendees = list(record.attendees.order_by("name"))
    observers = list(record.observers.order_by("name"))
    absences = list(record.absences.select_related("person"))
    can_edit = request.user.has_perm("records.change_record", record)
    return render(
        request,
        "records/record_detail.html",
        {
            "record": record,
            "photos": [a for a in attachments if a.is_image],
            "documents": [a for a in attachments if not a.is_image],
            "attendees": attendees,
            "observers": observers,
            "absences": absences,
            "expected": len(attendees) + len(absences),
            "rate": Record.rate(len(attendees), len(absences)),
            "can_edit": can_edit,
            "upload_form": UploadForm() if can_edit else None,
        },
    )


def _attendance_from_post(post, people):
    """The attendance table posts att_<id> = present|absent|none and reason_<id>.

    "present" is 实到 or 列席 depending on who is expected; the form decides (records.attendance)."""
    attendees, absentees = [], []
    for p in people:
        state = post.get(f"att_{p.pk}")
        if state == "present":
            attendees.append(str(p.pk))
        elif state == "absent":
            absentees.append({"person": p.pk, "reason": post.get(f"reason_{p.pk}", "")})
    return attendees, absentees


def _parse_date(value):
    try:
        return datetime.date.fromisoformat(str(value or ""))
    except ValueError:
        return None


def _attendance_table(form, org, record=None, post=None):
    """Rows of the attendance table: everyone the record may name, the expected first.

    Every row carries whether the person is a member and on the committee, so static/js/attendance.js
    can regroup the rows when the type changes (a 支委会 expects only the committee)."""
    people = list(form.people)
    states, reasons = {}, {}
    if post is not None:
        for p in people:
            states[p.pk] = post.get(f"att_{p.pk}", "none")
            reasons[p.pk] = post.get(f"reason_{p.pk}", "")
        type_, when = post.get("type"), _parse_date(post.get("date"))
    elif record is not None:
        for pk in [*record.attendees.values_list("pk", flat=True), *record.observers.values_list("pk", flat=True)]:
            states[pk] = "present"
        for a in record.absences.all():
            states[a.person_id], reasons[a.person_id] = "absent", a.reason
        type_, when = record.type, record.date
    else:
        type_, when = form.initial.get("type") or RECORD_TYPES[0][0], form.initial.get("date")
    committee = attendance.committee_ids(org, when or dates.today()) & {p.pk for p in people if attendance.is_member(p)}
    expected = attendance.expected_ids(people, type_, committee)
    rows = [
        {
            "person": p,
            "state": states.get(p.pk, "none"),
            "reason": reasons.get(p.pk, ""),
            "member": attendance.is_member(p),
            "committee": p.pk in committee,
            "expected": p.pk in expected,
        }
        for p in people
    ]
    rows.sort(key=lambda r: not r["expected"])  # stable: names stay in order within each part
    return {
        "rows": rows,
        "has_committee": bool(committee),
        "n_expected": sum(1 for r in rows if r["expected"]),
        "n_others": sum(1 for r in rows if not r["expected"]),
        "expected": sum(1 for r in rows if r["expected"] and r["state"] in ("present", "absent")),
        "present": sum(1 for r in rows if r["expected"] and r["state"] == "present"),
        "absent": sum(1 for r in rows if r["expected"] and r["state"] == "absent"),
        "observers": sum(1 for r in rows if not r["expected"] and r["state"] == "present"),
    }


def _form_page(request, *, record=None):
    orgs = managed_orgs(request.user)
    if not orgs.exists():
        raise Forbidden("您没有登记活动记录的权限。")
    org_id = request.POST.get("org") or request.GET.get("org") or (record.org_id if record else None)
    org = orgs.filter(pk=org_id).first() if str(org_id or "").isdigit() else None
    if org is None and orgs.count() == 1 and not record:
        org = orgs.first()
    if org is None and record is None:
        return render(request, "records/record_pick_org.html", {"orgs": orgs.order_by("path")})
    if record is not None and org is None:
        org = record.org
    photo_errors = []
    if request.method == "POST" and request.POST.get("op") == "save":
        form = RecordForm(request.POST, orgs=orgs, org=org)
        attendees, absentees = _attendance_from_post(request.POST, form.people)
        data = request.POST.copy()
        data.setlist("attendees", attendees)
        data.setlist("observers", [])
        try:
            if record is None:
                record = actions.create_record(
                    by=request.user,
                    data=data,
                    absentees=absentees,
                    orgs=orgs,
                    photos=request.FILES.getlist("photos"),
                )
                n = record.attachments.count()
                messages.success(request, f"已登记：{record.title}" + (f"（照片{n}张）" if n else ""))
            else:
                actions.update_record(record, by=request.user, data=data, absentees=absentees, orgs=orgs)
                messages.success(request, "已保存。")
        except ActionError as e:
            form = RecordForm(data, orgs=orgs, org=org, absentees=absentees)
            if "photos" in (e.errors or {}):
                # A file input cannot be refilled: say so next to it, and keep everything else as typed.
                photo_errors = [f"{e.detail}记录尚未保存，请重新选择照片后再保存。"]
                form.is_valid()
            elif form.is_valid():
                add_errors(form, e)
            table = _attendance_table(form, org, post=request.POST)
        else:
            return redirect("records:record_detail", record.pk)
    else:
        if record is not None:
            initial = actions.record_form_data(record)
        else:
            initial = {"date": dates.today()}
        initial["org"] = org.pk
        form = RecordForm(initial=initial, orgs=orgs, org=org)
        table = _attendance_table(form, org, record=record)
    return render(
        request,
        "records/record_form.html",
        {
            "form": form,
            "record": record,
            "org": org,
            "table": table,
            "annual_types": sorted(ANNUAL_TYPES),
            "photo_errors": photo_errors,
            "title": f"修改：{record.title}" if record else "登记活动记录",
        },
    )


@login_required
def record_create(request):
    return _form_page(request)


@login_required
def record_edit(request, pk):
    record = get_object_for_user(Record.objects.all(), pk, request.user)
    require_verb(request.user, "records.change_record", record)
    return _form_page(request, record=record)


@login_required
@require_POST
def record_delete(request, pk):
    record = get_object_for_user(Record.objects.all(), pk, request.user)
    try:
        actions.delete_record(record, by=request.user)
    except ActionError as e:
        messages.error(request, e.detail)
        return redirect("records:record_detail", record.pk)
    messages.success(request, trash_message("活动记录", record.title))
    return redirect("records:record_list")


@login_required
@require_POST
def attachment_upload(request, pk):
    record = get_object_for_user(Record.objects.all(), pk, request.user)
    uploads = request.FILES.getlist("file")
    if not uploads:
        messages.error(request, "请选择要上传的文件。")
        return redirect("records:record_detail", record.pk)
    try:
        # Every file is checked before any is stored: one refused file leaves the record as it was.
        checked = []
        for upload in uploads:
            files.check_upload(upload.name, upload.size)
            data = upload.read(files.MAX_ATTACHMENT_BYTES + 1)
            files.validate(upload.name, data)
            checked.append((upload.name, data))
        with transaction.atomic():
            saved = [actions.add_attachment(record, by=request.user, name=n, data=d) for n, d in checked]
    except ActionError as e:
        rest = f"本次选择的{len(uploads)}个文件都没有上传，请去掉这个文件后重新选择。" if len(uploads) > 1 else ""
        messages.error(request, e.detail + rest)
    else:
        messages.success(request, "已上传：" + "、".join(a.name for a in saved))
    return redirect("records:record_detail", record.pk)


@login_required
def attachment_download(request, pk):
    att = get_object_for_user(Attachment.objects.select_related("record"), pk, request.user)
    try:
        handle = att.file.open("rb")
    except FileNotFoundError:
        raise Http404
    inline = att.kind == "photo" or att.content_type == "application/pdf"
    response = FileResponse(handle, content_type=att.content_type, as_attachment=not inline, filename=att.name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'"
    response["Cache-Control"] = "private, max-age=300"
    return response


@login_required
@require_POST
def attachment_delete(request, pk):
    att = get_object_for_user(Attachment.objects.select_related("record__org"), pk, request.user)
    return post_action(
        request,
        actions.delete_attachment,
        att,
        by=request.user,
        success=trash_message("附件", att.name),
        next_default=reverse("records:record_detail", args=[att.record_id]),
    )

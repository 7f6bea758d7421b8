import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count
from django.db.models.functions import ExtractMonth, ExtractYear
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts import scope
from core.errors import ActionError, Forbidden
from core.forms import add_errors
from core.models import path_q
from core.scoping import get_object_for_user
from core.views_trash import trash_message
from orgs.models import Organisation

from . import actions, files
from .choices import RECORD_TYPE_LABELS, RECORD_TYPES
from .forms import RecordForm, UploadForm
from .models import Attachment, Record
from .querysets import visible_records


def _int(value, lo, hi):
    value = str(value or "")
    if value.isdigit() and lo <= int(value) <= hi:
        return int(value)
    return None


def managed_orgs(user):
    return Organisation.objects.filter(path_q("path", scope.admin_paths(user)))


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
    if not scope.business_paths(request.user):
        raise Forbidden("您没有查看活动记录的权限。")
    f = filters_from(request)
    qs = visible_records(request.user, **f).select_related("org").with_attendance().order_by("-date", "-id")
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    for r in page:
        r.attendance_rate = Record.rate(r.n_present, r.n_absent)
    year = f["year"] or datetime.date.today().year
    return render(
        request,
        "records/record_list.html",
        {
            "page": page,
            "filters": f,
            "types": RECORD_TYPES,
            "orgs": _visible_orgs(request.user),
            "months": range(1, 13),
            "years": range(datetime.date.today().year, 2014, -1),
            "export_year": year,
            "can_add": bool(scope.admin_paths(request.user)),
        },
    )


@login_required
def archive(request):
    """档案: years with their record counts; each year opens its months and records."""
    if not scope.business_paths(request.user):
        raise Forbidden("您没有查看活动记录的权限。")
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
    if not scope.business_paths(request.user) or not 2000 <= year <= 2100:
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
    record = get_object_for_user(Record.objects.alive().select_related("org", "host", "recorder"), pk, request.user)
    attachments = list(record.attachments.all())
    attendees = list(record.attendees.order_by("name"))
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
            "absences": absences,
            "rate": Record.rate(len(attendees), len(absences)),
            "can_edit": can_edit,
            "upload_form": UploadForm() if can_edit else None,
        },
    )


def _attendance_from_post(post, people):
    """The attendance table posts att_<id> = present|absent|none and reason_<id>."""
    attendees, absentees = [], []
    for p in people:
        state = post.get(f"att_{p.pk}")
        if state == "present":
            attendees.append(str(p.pk))
        elif state == "absent":
            absentees.append({"person": p.pk, "reason": post.get(f"reason_{p.pk}", "")[:300]})
    return attendees, absentees


def _attendance_rows(form, record=None, post=None):
    states, reasons = {}, {}
    if post is not None:
        for p in form.people:
            states[p.pk] = post.get(f"att_{p.pk}", "none")
            reasons[p.pk] = post.get(f"reason_{p.pk}", "")
    elif record is not None:
        for pk in record.attendees.values_list("pk", flat=True):
            states[pk] = "present"
        for a in record.absences.all():
            states[a.person_id], reasons[a.person_id] = "absent", a.reason
    default = "none" if record is not None else "present"
    return [(p, states.get(p.pk, default), reasons.get(p.pk, "")) for p in form.people]


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
    if request.method == "POST" and request.POST.get("op") == "save":
        form = RecordForm(request.POST, orgs=orgs, org=org)
        attendees, absentees = _attendance_from_post(request.POST, form.people)
        data = request.POST.copy()
        data.setlist("attendees", attendees)
        try:
            if record is None:
                record = actions.create_record(by=request.user, data=data, absentees=absentees, orgs=orgs)
                messages.success(request, f"已登记：{record.title}")
            else:
                actions.update_record(record, by=request.user, data=data, absentees=absentees, orgs=orgs)
                messages.success(request, "已保存。")
        except ActionError as e:
            form = RecordForm(data, orgs=orgs, org=org, absentees=absentees)
            if form.is_valid():
                add_errors(form, e)
            rows = _attendance_rows(form, post=request.POST)
        else:
            return redirect("records:record_detail", record.pk)
    else:
        initial = actions.record_form_data(record) if record else {"org": org.pk, "date": timezone.localdate()}
        initial["org"] = org.pk
        form = RecordForm(initial=initial, orgs=orgs, org=org)
        rows = _attendance_rows(form, record=record)
    return render(
        request,
        "records/record_form.html",
        {
            "form": form,
            "record": record,
            "org": org,
            "rows": rows,
            "title": f"修改：{record.title}" if record else "登记活动记录",
        },
    )


@login_required
def record_create(request):
    return _form_page(request)


@login_required
def record_edit(request, pk):
    record = get_object_for_user(Record.objects.alive(), pk, request.user)
    if not request.user.has_perm("records.change_record", record):
        raise Forbidden("您不能修改该活动记录。")
    return _form_page(request, record=record)


@login_required
@require_POST
def record_delete(request, pk):
    record = get_object_for_user(Record.objects.alive(), pk, request.user)
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
    record = get_object_for_user(Record.objects.alive(), pk, request.user)
    uploads = request.FILES.getlist("file")
    if not uploads:
        messages.error(request, "请选择要上传的文件。")
    for upload in uploads:
        try:
            files.check_upload(upload.name, upload.size)
            att = actions.add_attachment(
                record, by=request.user, name=upload.name, data=upload.read(files.MAX_ATTACHMENT_BYTES + 1)
            )
        except ActionError as e:
            messages.error(request, e.detail)
        else:
            messages.success(request, f"已上传：{att.name}")
    return redirect("records:record_detail", record.pk)


@login_required
def attachment_download(request, pk):
    att = get_object_for_user(Attachment.objects.alive().select_related("record"), pk, request.user)
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
    att = get_object_for_user(Attachment.objects.alive().select_related("record__org"), pk, request.user)
    try:
        actions.delete_attachment(att, by=request.user)
        messages.success(request, trash_message("附件", att.name))
    except ActionError as e:
        messages.error(request, e.detail)
    return redirect("records:record_detail", att.record_id)

"""Yearly archive export (档案建设规范化).

An .xlsx list, an A4 会议记录 page per record, and a ZIP of the year's attachments.
"""

import re
import tempfile
import zipfile

from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import FileResponse, Http404
from django.shortcuts import render

from core.excel import Column, Ledger, scope_name, xlsx_response
from core.scoping import get_object_for_user
from orgs.models import Person

from .choices import RECORD_TYPE_LABELS
from .models import Absence, Attachment, Record
from .querysets import visible_records
from .views import filters_from

HEADERS = [
    "日期",
    "开始时间",
    "党组织",
    "类型",
    "同时计为",
    "标题",
    "地点",
    "主持人",
    "记录人",
    "应到人数",
    "实到人数",
    "缺席人数",
    "出席率",
    "缺席人员及原因",
    "列席人员",
    "决议事项",
    "附件数",
]
# How each column is laid out in the printed 台账 (a header not listed is short text).
KINDS = {
    "日期": "date",
    "标题": "long",
    "实到人数": "int",
    "缺席人数": "int",
    "缺席人员及原因": "long",
    "决议事项": "long",
    "附件数": "int",
}
MAX_ZIP_BYTES = 2 * 1024 * 1024 * 1024


def _year_records(request, year):
    if not request.user.has_perm("records.view_records") or not 2000 <= year <= 2100:
        raise Http404
    f = filters_from(request)
    return visible_records(request.user, org=f["org"], type=f["type"], year=year), f


def _full(qs):
    return (
        qs.select_related("org", "host", "recorder")
        .prefetch_related(
            Prefetch("attendees", queryset=Person.objects.only("id", "name").order_by("name")),
            Prefetch("observers", queryset=Person.objects.only("id", "name").order_by("name")),
            Prefetch("absences", queryset=Absence.objects.select_related("person").order_by("person__name")),
            Prefetch("attachments", queryset=Attachment.objects.only("id", "record_id", "name", "kind")),
        )
        .order_by("date", "start_time", "id")
    )


@login_required
def export_page(request, year):
    qs, f = _year_records(request, year)
    return render(
        request,
        "records/export.html",
        {"year": year, "count": qs.count(), "filters": f, "query": request.GET.urlencode()},
    )


@login_required
def export_xlsx(request, year):
    qs, f = _year_records(request, year)

    def rows():
        for r in _full(qs):
            absences = list(r.absences.all())
            present = len(r.attendees.all())
            rate = Record.rate(present, len(absences))
            yield [
                r.date,
                r.start_time.strftime("%H:%M") if r.start_time else "",
                r.org.name,
                r.type_label,
                "、".join(r.also_counts_as_labels),
                r.title,
                r.place,
                r.host.name if r.host else "",
                r.recorder.name if r.recorder else "",
                present + len(absences),
                present,
                len(absences),
                f"{rate}%" if rate is not None else "",
                "；".join(f"{a.person.name}（{a.reason or '未说明'}）" for a in absences),
                "、".join(p.name for p in r.observers.all()),
                r.decisions,
                len(r.attachments.all()),
            ]

    name = f"{f['org'].name if f['org'] else '活动记录'}_{year}年档案.xlsx"
    kind = f"（{RECORD_TYPE_LABELS[f['type']]}）" if f["type"] else ""
    org = f["org"].name if f["org"] else scope_name(request.user)
    ledger = Ledger(
        name=f"{year}年活动记录",
        title=f"{org}{year}年度活动记录台账{kind}",
        columns=[Column(h, KINDS.get(h, "text")) for h in HEADERS],
        rows=rows(),
        org=org,
    )
    return xlsx_response(name, [ledger], by=request.user)


def _print_context(records):
    out = []
    for r in records:
        absences = list(r.absences.all())
        attendees = list(r.attendees.all())
        out.append(
            {
                "r": r,
                "attendees": attendees,
                "absences": absences,
                "observers": list(r.observers.all()),
                "rate": Record.rate(len(attendees), len(absences)),
                "expected": len(attendees) + len(absences),
                "attachments": list(r.attachments.all()),
            }
        )
    return out


@login_required
def export_print(request, year):
    qs, f = _year_records(request, year)
    return render(request, "records/print.html", {"items": _print_context(_full(qs)), "year": year, "filters": f})


@login_required
def record_print(request, pk):
    record = get_object_for_user(Record.objects.all(), pk, request.user)
    return render(request, "records/print.html", {"items": _print_context(_full(Record.objects.filter(pk=record.pk)))})


def _safe(text, limit=60):
    return re.sub(r'[\\/:*?"<>|\x00-\x1f]', "_", text).strip()[:limit] or "未命名"


@login_required
def export_zip(request, year):
    qs, f = _year_records(request, year)
    atts = (
        Attachment.objects.filter(record__in=qs.values("pk"))
        .select_related("record")
        .order_by("record__date", "record_id", "id")
    )
    spool = tempfile.SpooledTemporaryFile(max_size=32 * 1024 * 1024)
    total = 0
    with zipfile.ZipFile(spool, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        used = set()
        for a in atts.iterator(chunk_size=200):
            total += a.size
            if total > MAX_ZIP_BYTES:
                break
            folder = f"{a.record.date:%Y-%m-%d}_{_safe(a.record.title)}_{a.record_id}"
            name = f"{folder}/{_safe(a.name, 100)}"
            n = 1
            while name in used:
                n += 1
                name = f"{folder}/{n}_{_safe(a.name, 100)}"
            used.add(name)
            try:
                with a.file.open("rb") as fh:
                    zf.writestr(name, fh.read())
            except FileNotFoundError:
                zf.writestr(name + ".缺失.txt", "文件已不在存储中。")
        if not used:
            zf.writestr("说明.txt", f"{year}年没有附件。")
    spool.seek(0)
    label = f["org"].name if f["org"] else "活动记录"
    return FileResponse(spool, as_attachment=True, filename=f"{label}_{year}年附件.zip", content_type="application/zip")

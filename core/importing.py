"""The one Excel import flow every app uses: upload → preview with per-row errors → all-or-nothing confirm.

An app supplies `validate(upload) -> (rows, has_errors)` where rows are (row_number, data, cleaned, [errors]),
and `run(upload) -> created objects`, which re-validates the kept file and writes everything or nothing.
An import is a row (core.ImportBatch): `preview` keeps a clean upload, `confirm` claims it once under a row
lock and runs it. Pages (`two_step_import`) and the API (preview, then …/import/{id}/confirm) share it.
"""

import datetime
import decimal
import io
import uuid
from dataclasses import dataclass, field

import openpyxl
from django.contrib import messages
from django.db import transaction
from django.utils import timezone
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from .errors import ActionError, Conflict, NotFound
from .excel import (
    BOLD,
    BORDER,
    CENTER,
    COMPACT_DATE_RE,
    DATE_RE,
    HEADER_FILL,
    HEADER_FONT,
    HEADER_ROW,
    INFO_FONT,
    MAX_UPLOAD_BYTES,
    TITLE_FONT,
    TOP_LEFT,
    BytesUpload,
    cell_text,
    date_label,
    display_width,
    download,
    neutralise,
    parse_date,
    print_setup,
    read_table,
)
from .forms import with_label

EXPIRED = "导入会话已失效，请重新上传文件。"
ALREADY = "该导入已确认，请勿重复提交。"
FAILED = "该导入未能完成，请修改表格后重新上传。"
PREVIEW_LIFETIME = datetime.timedelta(hours=24)  # a preview not confirmed within a day must be uploaded again
CONFIRM_SEPARATELY = "导入需先预览、再确认：上传文件得到 import_id，再调用 …/import/{import_id}/confirm 确认导入。"


def preview(data, name, *, validate, by, kind, scope_key):
    """Validate an upload; if every row is fine, keep the file as a previewed ImportBatch. Writes nothing else.

    Returns (rows, has_errors, batch or None).
    """
    from .models import ImportBatch

    rows, has_errors = validate(BytesUpload(data, name))
    # Previews nobody confirmed in time are dropped with their files (done imports stay, emptied, as a record).
    ImportBatch.objects.filter(
        state__in=[ImportBatch.PREVIEWED, ImportBatch.FAILED], created_at__lt=timezone.now() - PREVIEW_LIFETIME
    ).delete()
    batch = None
    if not has_errors:
        batch = ImportBatch.objects.create(
            token=uuid.uuid4().hex,
            kind=kind,
            scope_key=scope_key,
            created_by=by,
            file_name=(name or "")[:255],
            data=data,
            row_count=len(rows),
        )
    return rows, has_errors, batch


def _claim(token, *, by, kind, scope_key):
    """previewed → importing, exactly once: the row lock makes a concurrent confirm wait, then see it taken."""
    from .models import ImportBatch

    token = str(token or "")
    if len(token) != 32 or not all(c in "0123456789abcdef" for c in token):
        raise NotFound(EXPIRED)
    with transaction.atomic():
        batch = (
            ImportBatch.objects.select_for_update()
            .filter(token=token, created_by=by, kind=kind, scope_key=scope_key)
            .first()
        )
        if batch is None:  # another user's import, another plan's, or none at all: the same answer
            raise NotFound(EXPIRED)
        if batch.state == ImportBatch.PREVIEWED and batch.created_at < timezone.now() - PREVIEW_LIFETIME:
            raise NotFound(EXPIRED)
        if batch.state == ImportBatch.FAILED:
            raise Conflict(FAILED)
        if batch.state != ImportBatch.PREVIEWED:
            raise Conflict(ALREADY)
        batch.state = ImportBatch.IMPORTING
        batch.save(update_fields=["state", "updated_at"])
    return batch


def confirm(token, *, by, kind, scope_key, run):
    """Claim the previewed import and run it: `run(upload)` re-validates the kept file and writes all rows or none.

    A second confirm of the same import (at once or later) raises Conflict; a failed run marks it failed.
    Returns the created objects.
    """
    from .models import ImportBatch

    batch = _claim(token, by=by, kind=kind, scope_key=scope_key)
    try:
        created = run(BytesUpload(bytes(batch.data), batch.file_name))
    except Exception as e:
        detail = e.detail if isinstance(e, ActionError) else "导入出错，未导入任何数据。"
        ImportBatch.objects.filter(pk=batch.pk).update(
            state=ImportBatch.FAILED, data=b"", result={"error": detail}, finished_at=timezone.now()
        )
        raise
    ImportBatch.objects.filter(pk=batch.pk).update(
        state=ImportBatch.DONE,
        data=b"",
        result={"count": len(created), "ids": [o.pk for o in created]},
        finished_at=timezone.now(),
    )
    return created


def two_step_import(request, *, validate, run, kind, scope_key, context):
    """Run one step of the page flow; return the created objects once confirmed, else None.

    Fills `context` for the shared template core/import.html: error, rows, has_errors, error_count, token.
    """
    if request.method != "POST":
        return None
    if request.POST.get("op") == "confirm":
        try:
            return confirm(request.POST.get("token", ""), by=request.user, kind=kind, scope_key=scope_key, run=run)
        except ActionError as e:
            messages.error(request, e.detail)
            return None
    upload = request.FILES.get("file")
    if upload is None:
        context["error"] = "请选择要上传的 .xlsx 文件。"
        return None
    data = upload.read(MAX_UPLOAD_BYTES + 1)
    try:
        rows, has_errors, batch = preview(
            data, upload.name, validate=validate, by=request.user, kind=kind, scope_key=scope_key
        )
    except ActionError as e:
        context["error"] = e.detail
        return None
    context.update(
        rows=rows,
        headers=[c.header for c in rows[0].cells] if rows and getattr(rows[0], "cells", None) else [],
        has_errors=has_errors,
        error_count=sum(1 for r in rows if r[3]),
        token=batch.token if batch else None,
    )
    return None


# ---------------------------------------------------------------- columns, rows of a preview, templates


@dataclass(frozen=True)
class ImportColumn:
    """One column of an import: the form field it fills and how the template and the preview show it.

    header: the words of the form (要求干什么 … 干到什么样子); aliases: older headers still read.
    kind: text | long | date | time | number | choice (a strict dropdown) | names (suggestions, several allowed).
    choices: {code: label} of a coded field (the dropdown lists the labels; the preview shows them).
    """

    key: str
    header: str
    required: bool = False
    kind: str = "text"
    choices: dict = field(default_factory=dict)
    aliases: tuple = ()
    hint: str = ""
    width: float | None = None

    @property
    def codes(self):
        """label → code, also accepting the code itself."""
        return {label: code for code, label in self.choices.items()} | {code: code for code in self.choices}


@dataclass
class ImportSpec:
    """The columns of one import, in template order."""

    title: str
    columns: list

    def headers(self):
        out = {}
        for c in self.columns:
            for h in (c.header, *c.aliases):
                out[h] = c.key
        return out

    def required(self):
        return [c.header for c in self.columns if c.required]

    def read(self, upload):
        """[(row_number, {key: raw cell})] of the first sheet, or Invalid for a file that cannot be used."""
        return read_table(upload, self.headers(), self.required())


@dataclass
class PreviewCell:
    key: str
    header: str
    text: str
    errors: list


@dataclass
class ImportRow:
    """One previewed row: its cells as people read them, each with the errors it caused.

    Unpacks as (number, data, cleaned, errors) — `cleaned` is None when the row has any error, `errors` lists
    every message as one line ("标签：说明").
    """

    number: int
    data: dict
    cleaned: dict | None
    errors: list
    cells: list = field(default_factory=list)  # [PreviewCell]
    row_errors: list = field(default_factory=list)  # messages that belong to no single column

    def __iter__(self):
        return iter((self.number, self.data, self.cleaned, self.errors))

    def __getitem__(self, i):
        return (self.number, self.data, self.cleaned, self.errors)[i]


def show(value, column=None):
    """A parsed value as people read it: 男, 2026年12月18日, an organisation's or people's names, 是/否."""
    if value is None or value == "":
        return ""
    if column is not None and column.choices and isinstance(value, str):
        return column.choices.get(value, value)
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, datetime.time):
        return value.strftime("%H:%M")
    if isinstance(value, datetime.date):
        return date_label(value)
    if isinstance(value, decimal.Decimal):
        return format(value.normalize(), "f")
    if hasattr(value, "all") and callable(value.all):  # a queryset of people
        value = list(value)
    if isinstance(value, list | tuple):
        return "、".join(show(v) for v in value)
    return str(getattr(value, "name", value))


def raw_text(value):
    """A cell as it was typed, for a cell whose value could not be read."""
    if isinstance(value, datetime.datetime) and (value.hour, value.minute) == (0, 0):
        value = value.date()
    if isinstance(value, datetime.date):
        return date_label(value)
    if isinstance(value, datetime.time):
        return value.strftime("%H:%M")
    return cell_text(value)


DATE_SPELLINGS = "2026-12-18、2026/12/18、2026.12.18 或 2026年12月18日"


def date_error(value):
    """What is wrong with a date cell that could not be read (None if it was read)."""
    try:
        parse_date(value)
    except ValueError:
        text = cell_text(value)
        if DATE_RE.match(text) or COMPACT_DATE_RE.match(text):
            return f"{text} 这一天不存在。"
        return f"无法识别的日期“{text}”，可写作 {DATE_SPELLINGS}。"
    return None


def make_row(spec, number, raw, data, form, extra=None, *, overrides=None):
    """Validate `data` with `form` and lay the row out for the preview.

    extra: {key: [message]} found before the form ran (an owner's name not found …); overrides: {key: [message]}
    to say instead of the form's own words for a field.
    """
    extra = {k: list(v) for k, v in (extra or {}).items() if v}
    valid = form.is_valid()
    overrides = dict(overrides or {})
    for column in spec.columns:
        if column.kind == "date" and column.key in form.errors and column.key not in overrides:
            message = date_error(raw.get(column.key))
            if message:
                overrides[column.key] = [message]
    field_errors = {k: list(v) for k, v in extra.items()}
    lines = [m for msgs in extra.values() for m in msgs]
    for key, msgs in form.errors.items():
        msgs = overrides.get(key, [str(m) for m in msgs])
        label = form.fields[key].label if key in form.fields else ""
        field_errors.setdefault(key, []).extend(msgs)
        lines += [with_label(label, m) for m in msgs]
    cleaned = getattr(form, "cleaned_data", {}) or {}
    cells, keys = [], set()
    for column in spec.columns:
        keys.add(column.key)
        errs = list(dict.fromkeys(field_errors.get(column.key, [])))
        if not errs and column.key in cleaned:
            text = show(cleaned[column.key], column)
        else:
            text = raw_text(raw.get(column.key))
        cells.append(PreviewCell(column.key, column.header, text, errs))
    row_errors = [m for k, msgs in field_errors.items() if k not in keys for m in msgs]
    lines = list(dict.fromkeys(lines))
    ok = valid and not lines
    return ImportRow(number, data, cleaned if ok else None, lines, cells, list(dict.fromkeys(row_errors)))


def add_error(row, key, message):
    """An error found after the form ran (a duplicate of another row, a number already registered)."""
    row.errors.append(message)
    row.cleaned = None
    for cell in row.cells:
        if cell.key == key:
            cell.errors.append(message)
            return
    row.row_errors.append(message)


TEMPLATE_ROWS = 1000  # rows of the template that carry the dropdowns
REQUIRED_FONT = Font(bold=True, color="C00000")
HINT = (
    "填写说明：红色列名为必填项；有下拉箭头的列请从列表中选择；日期可写作 2026-12-18、2026/12/18、"
    "2026.12.18 或 2026年12月18日，也可以直接用 Excel 的日期格式；请勿修改列名，每行一条，示例见“填写说明”表。"
)


def template_bytes(spec, *, examples=(), lists=None, title=None):
    """The download that an import reads back: title, hint, header in the form's words, dropdowns.

    lists: {key: [labels]} for dropdowns computed per user (organisations, people); coded columns bring their
    own. examples: rows (in column order) shown on the 填写说明 sheet — the data sheet itself starts empty.
    """
    lists = dict(lists or {})
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "导入数据"
    options = wb.create_sheet("选项")
    guide = wb.create_sheet("填写说明")
    wb.move_sheet(guide, offset=-1)
    n = len(spec.columns)
    last = get_column_letter(n)
    ws.append([title or spec.title])
    ws.append([HINT])
    ws.merge_cells(f"A1:{last}1")
    ws.merge_cells(f"A2:{last}2")
    ws["A1"].font = TITLE_FONT
    ws["A1"].alignment = CENTER
    ws["A2"].font = INFO_FONT
    ws["A2"].alignment = Alignment(wrap_text=True, vertical="center")
    ws.row_dimensions[1].height = 28
    ws.row_dimensions[2].height = 48
    first, end = HEADER_ROW + 1, HEADER_ROW + TEMPLATE_ROWS
    option_col = 0
    for i, column in enumerate(spec.columns, start=1):
        letter = get_column_letter(i)
        cell = ws.cell(HEADER_ROW, i, column.header)
        cell.font = REQUIRED_FONT if column.required else HEADER_FONT
        cell.fill = HEADER_FILL
        cell.border = BORDER
        cell.alignment = CENTER
        if column.hint:
            cell.comment = Comment(column.hint, "党建工作管理平台")
        sample = [display_width(column.header) + 4, *(display_width(show(e[i - 1])) + 2 for e in examples)]
        default = {"long": 30, "date": 15, "time": 9}.get(column.kind, 12)
        ws.column_dimensions[letter].width = column.width or min(max(default, *sample), 40)
        rng = f"{letter}{first}:{letter}{end}"
        # Column styles apply to what people type: dates as dates, long digit strings (ID numbers, phones) as text.
        if column.kind == "date":
            ws.column_dimensions[letter].number_format = "yyyy-mm-dd"
        elif column.kind in ("text", "long", "names", "choice"):
            ws.column_dimensions[letter].number_format = "@"
        labels = lists.get(column.key) or list(column.choices.values())
        if labels:
            option_col += 1
            ol = get_column_letter(option_col)
            options.cell(1, option_col, column.header)
            for r, label in enumerate(labels, start=2):
                options.cell(r, option_col, label)
            strict = column.kind == "choice"
            dv = DataValidation(
                type="list",
                formula1=f"=选项!${ol}$2:${ol}${len(labels) + 1}",
                allow_blank=True,
                showErrorMessage=strict,
                errorTitle="请从列表中选择",
                error=f"“{column.header}”请从下拉列表中选择。",
                showInputMessage=bool(column.hint),
                promptTitle=column.header[:32],
                prompt=column.hint[:250],
            )
            if not strict:
                dv.errorStyle = "information"
            dv.add(rng)
            ws.add_data_validation(dv)
    print_setup(ws)
    options.sheet_state = "hidden"

    guide.append(["列名", "是否必填", "怎么填"])
    for c in guide[1]:
        c.font, c.fill, c.border, c.alignment = HEADER_FONT, HEADER_FILL, BORDER, CENTER
    for column in spec.columns:
        how = column.hint
        if column.choices and column.kind == "choice":
            values = list(column.choices.values())
            listed = "可选：" + "、".join(values) if len(values) <= 12 else "从下拉列表中选择"
            how = (how + "；" if how else "") + listed
        guide.append([column.header, "必填" if column.required else "选填", how])
    guide.column_dimensions["A"].width = 18
    guide.column_dimensions["B"].width = 10
    guide.column_dimensions["C"].width = 90
    for row in guide.iter_rows(min_row=2):
        for c in row:
            c.border, c.alignment = BORDER, TOP_LEFT
    if examples:
        guide.append([])
        guide.append(["示例（照此格式填写在“导入数据”表中，不要填在本表）"])
        guide.cell(guide.max_row, 1).font = BOLD
        start = guide.max_row + 1
        guide.append([c.header for c in spec.columns])
        for e in examples:
            guide.append([neutralise(v) for v in e])
        for row in guide.iter_rows(min_row=start, max_row=guide.max_row):
            for c in row:
                c.border = BORDER
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def template_response(filename, spec, **kwargs):
    return download(filename, template_bytes(spec, **kwargs))

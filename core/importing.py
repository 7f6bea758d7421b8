"""The one Excel import flow every app uses: upload → preview with per-row errors → all-or-nothing import.

An app supplies `validate(upload) -> (rows, has_errors)` where rows are (row_number, data, cleaned, [errors])
(each laid out by `make_row`), and registers its kind (`register_kind`) with the same validation and a
`write(rows) -> created objects` that refuses rows with errors and writes all of them or none, calling `tick()`
once per row it writes.

An import is a row (core.ImportBatch): `preview` keeps a clean upload (previewed); `confirm` claims it once
under a row lock (→ queued) and starts it: up to IMPORT_INLINE_ROWS rows run at once in the request, larger
imports are handed to the task backend (core.tasks.run_import, run by `manage.py import_worker`). `run_batch`
claims it once more (→ importing), re-validates the kept file outside any transaction, then writes the rows and
moves the batch to done in one transaction, or marks it failed with the Chinese reason. `fail_stuck` gives up imports whose worker died. Pages (`two_step_import`,
then the progress page /imports/<id>/) and the API (preview, …/import/{id}/confirm, /imports/{id}) share it.
"""

import contextvars
import datetime
import decimal
import io
import logging
import time
import uuid
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from importlib import import_module

import openpyxl
from django.conf import settings
from django.contrib import messages
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connection, connections, transaction
from django.shortcuts import redirect
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

logger = logging.getLogger(__name__)

EXPIRED = "导入会话已失效，请重新上传文件。"
ALREADY = "该导入已确认，请勿重复提交。"
FAILED = "该导入未能完成，请修改表格后重新上传。"
BROKEN = "导入出错，未导入任何数据。请稍后重试；仍不成功请联系系统管理员。"
NOT_STARTED = "后台导入任务未能启动，未导入任何数据。请稍后重新上传；仍不成功请联系系统管理员。"
STUCK = "导入长时间没有进展（后台处理进程可能已停止），已中止，未导入任何数据。请重新上传文件。"
NEVER_RAN = "导入排队超过24小时仍未开始（后台处理进程未运行），已取消，未导入任何数据。请重新上传文件。"
TAKEN_AWAY = "导入已被中止，未导入任何数据。"
PREVIEW_LIFETIME = datetime.timedelta(hours=24)  # a preview not confirmed within a day must be uploaded again
QUEUE_LIFETIME = datetime.timedelta(hours=24)  # a queued import no worker started within a day is given up
CONFIRM_SEPARATELY = "导入需先预览、再确认：上传文件得到 import_id，再调用 …/import/{import_id}/confirm 确认导入。"
PROGRESS_EVERY = 1.0  # seconds between two progress reports of a running import
RECENT = 5  # confirmed imports listed on an import page


# ---------------------------------------------------------------- kinds of import


@dataclass(frozen=True)
class ImportKind:
    """What core needs to run and show one kind of import without the view that previewed it.

    validate(upload, *, by, scope_key) -> (rows, has_errors), as the preview checked them;
    write(rows, *, by, scope_key) -> created objects: refuses rows with errors, writes every row or none;
    back(scope_key, user) -> (url, name) of the page listing what was imported; again(scope_key) -> upload page url.
    """

    kind: str
    label: str  # 人员导入
    unit: str  # 人 / 个事项 / 个积分项目
    validate: object
    write: object
    back: object
    again: object


KINDS = {}


def register_kind(kind, *, label, unit, validate, write, back, again):
    KINDS[kind] = ImportKind(kind, label, unit, validate, write, back, again)


def import_kind(kind):
    """The registered kind; `<app>.importing` registers its kinds when imported (a worker imports it here)."""
    if kind not in KINDS:
        with suppress(ImportError):
            import_module(f"{kind.split('.', 1)[0]}.importing")
    return KINDS.get(kind)


# ---------------------------------------------------------------- progress of a running import

_progress = contextvars.ContextVar("import_progress", default=None)


def tick(n=1):
    """An importer wrote `n` more rows (does nothing outside a run of an ImportBatch)."""
    reporter = _progress.get()
    if reporter is not None:
        reporter.advance(written=n)


def _checked():
    """One more row re-validated (make_row calls it; nothing happens outside a run of an ImportBatch)."""
    reporter = _progress.get()
    if reporter is not None:
        reporter.advance(checked=1)


class _Progress:
    """Counts rows checked and written and reports them about once a second (it also shows the batch is
    alive: updated_at, which `fail_stuck` reads).

    Checking runs outside any transaction, so its count is saved on the import's own connection. The rows are
    written in one transaction, whose own updates nobody would see before the end: on PostgreSQL the count
    goes through a second connection that commits at once; SQLite admits one writer at a time and the import
    holds it, so there the written count appears with the result.
    """

    def __init__(self, batch):
        self.pk = batch.pk
        self.checked = 0
        self.done = 0
        self.last = time.monotonic()
        self.conn = None
        self.live = True

    def advance(self, checked=0, written=0):
        self.checked += checked
        self.done += written
        if self.live and time.monotonic() - self.last >= PROGRESS_EVERY:
            self.report()

    def report(self):
        from .models import ImportBatch

        self.last = time.monotonic()
        values = {"rows_checked": self.checked, "rows_done": self.done, "updated_at": timezone.now()}
        try:
            if not connection.in_atomic_block:
                ImportBatch.objects.filter(pk=self.pk, state=ImportBatch.IMPORTING).update(**values)
                return
            if connection.vendor != "postgresql":
                return
            if self.conn is None:
                main = connections[DEFAULT_DB_ALIAS]
                self.conn = type(main)(dict(main.settings_dict), alias="import_progress")
            table = ImportBatch._meta.db_table
            with self.conn.cursor() as cur:
                cur.execute(
                    f"UPDATE {table} SET rows_checked = %s, rows_done = %s, updated_at = %s "  # noqa: S608
                    "WHERE id = %s AND state = %s",
                    [*values.values(), self.pk, ImportBatch.IMPORTING],
                )
        except Exception:  # a lost report is no reason to stop the import
            logger.warning("import %s: progress not reported", self.pk, exc_info=True)
            self.live = False

    def close(self):
        if self.conn is not None:
            with suppress(Exception):
                self.conn.close()
            self.conn = None


@contextmanager
def _reporting(batch):
    reporter = _Progress(batch)
    token = _progress.set(reporter)
    try:
        yield reporter
    finally:
        _progress.reset(token)
        reporter.close()


# ---------------------------------------------------------------- preview, confirm, run


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


def valid_token(token):
    token = str(token or "")
    return len(token) == 32 and all(c in "0123456789abcdef" for c in token)


def _claim(token, *, by, kind, scope_key):
    """previewed → queued, exactly once: the row lock makes a concurrent confirm wait, then see it taken."""
    from .models import ImportBatch

    if not valid_token(token):
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
        batch.state = ImportBatch.QUEUED
        batch.queued_at = timezone.now()
        batch.save(update_fields=["state", "queued_at", "updated_at"])
    return batch


def confirm(token, *, by, kind, scope_key):
    """Claim the previewed import (once) and start it. Returns the batch as it stands afterwards.

    Up to IMPORT_INLINE_ROWS rows (and every import with the immediate task backend) run before this returns,
    so the batch is done or failed; larger ones are queued for the worker. A second confirm of the same import,
    at once or later, raises Conflict; another user's, or one for another plan or scheme, NotFound.
    """
    from .models import ImportBatch
    from .tasks import run_import

    batch = _claim(token, by=by, kind=kind, scope_key=scope_key)
    if batch.row_count <= settings.IMPORT_INLINE_ROWS:
        run_batch(batch.pk)
    else:
        try:
            task = run_import.enqueue(batch.pk)
        except Exception:
            logger.exception("import %s: could not be queued", batch.pk)
            _fail(batch.pk, [ImportBatch.QUEUED], NOT_STARTED, 503)
        else:
            ImportBatch.objects.filter(pk=batch.pk).update(task_id=str(task.id)[:64])
    batch.refresh_from_db()
    return batch


def _fail(pk, states, detail, status):
    """Mark the batch failed (only from one of `states`), dropping its file. Returns whether it was."""
    from .models import ImportBatch

    now = timezone.now()
    return ImportBatch.objects.filter(pk=pk, state__in=states).update(
        state=ImportBatch.FAILED,
        data=b"",
        result={"error": detail, "status": status},
        finished_at=now,
        updated_at=now,
    )


def run_batch(batch_id):
    """Run one confirmed import: queued → importing (once), then all rows and → done in one transaction,
    or → failed with the reason and nothing written. Returns the batch's new state (None if not run)."""
    from .models import ImportBatch

    fail_stuck()
    with transaction.atomic():
        batch = ImportBatch.objects.select_for_update().select_related("created_by").filter(pk=batch_id).first()
        if batch is None or batch.state != ImportBatch.QUEUED:  # run already, given up, or gone
            return None
        batch.state = ImportBatch.IMPORTING
        batch.started_at = timezone.now()
        batch.rows_checked = batch.rows_done = 0
        batch.save(update_fields=["state", "started_at", "rows_checked", "rows_done", "updated_at"])
    try:
        spec = import_kind(batch.kind)
        if spec is None:
            logger.error("import %s: no importer registered for %r", batch.pk, batch.kind)
            raise ActionError(BROKEN)
        upload = BytesUpload(bytes(batch.data), batch.file_name)
        by, key = batch.created_by, batch.scope_key
        with _reporting(batch) as reporter:
            # Checking again, outside the transaction: on SQLite the write lock is held only while writing.
            rows, _has_errors = spec.validate(upload, by=by, scope_key=key)
            reporter.report()
            with transaction.atomic():
                created = spec.write(rows, by=by, scope_key=key)
                now = timezone.now()
                finished = ImportBatch.objects.filter(pk=batch.pk, state=ImportBatch.IMPORTING).update(
                    state=ImportBatch.DONE,
                    data=b"",
                    rows_checked=len(rows),
                    rows_done=len(created),
                    result={"count": len(created), "ids": [o.pk for o in created]},
                    finished_at=now,
                    updated_at=now,
                )
                if not finished:  # given up as stuck meanwhile: its rows must not appear after all
                    raise Conflict(TAKEN_AWAY)
    except Exception as e:
        if isinstance(e, ActionError):
            detail, status = e.detail, e.status
        else:
            logger.exception("import %s (%s) failed", batch.pk, batch.kind)
            detail, status = BROKEN, 500
        _fail(batch.pk, [ImportBatch.IMPORTING], detail, status)
        return ImportBatch.FAILED
    return ImportBatch.DONE


def fail_stuck(now=None):
    """Give up imports whose worker died: importing with no sign of life for IMPORT_STUCK_MINUTES, or queued
    for a day without a worker taking them. Their transaction never committed, so nothing was written; marked
    failed they can never run (run_batch only takes queued ones, and only commits while still importing).
    Returns how many were given up."""
    from . import audit
    from .models import ImportBatch

    now = now or timezone.now()
    stale = {
        ImportBatch.IMPORTING: (now - datetime.timedelta(minutes=settings.IMPORT_STUCK_MINUTES), STUCK),
        ImportBatch.QUEUED: (now - QUEUE_LIFETIME, NEVER_RAN),
    }
    count = 0
    for state, (before, reason) in stale.items():
        for pk in ImportBatch.objects.filter(state=state, updated_at__lt=before).values_list("pk", flat=True):
            try:
                with transaction.atomic():
                    if not _fail(pk, [state], reason, 409):
                        continue
                    batch = ImportBatch.objects.get(pk=pk)
                    audit.record(
                        "import.abandoned",
                        by=None,
                        obj=batch,
                        object_repr=f"{batch.kind} {batch.file_name}",
                        after={"state": ImportBatch.FAILED, "was": state, "rows": batch.row_count},
                    )
                count += 1
            except DatabaseError:  # SQLite: a running import holds the write lock; try again next time
                logger.warning("import %s: could not be given up now", pk, exc_info=True)
    return count


def batch_for(token, user):
    """The caller's own import (any state), or NotFound: another user's looks the same as none."""
    from .models import ImportBatch

    if not valid_token(token):
        raise NotFound("未找到该导入，或您无权查看。")
    batch = ImportBatch.objects.filter(token=token, created_by=user).first()
    if batch is None:
        raise NotFound("未找到该导入，或您无权查看。")
    if batch.state in ImportBatch.RUNNING:
        if fail_stuck():
            batch.refresh_from_db()
    return batch


def status_url(batch):
    return f"/api/v1/imports/{batch.token}"


def status_out(batch):
    """The API's view of an import: state and progress (GET /imports/{import_id}, and a queued confirm)."""
    return {
        "import_id": batch.token,
        "kind": batch.kind,
        "file_name": batch.file_name,
        "state": batch.state,
        "state_label": batch.get_state_display(),
        "rows_total": batch.row_count,
        "rows_checked": batch.rows_checked,
        "rows_done": batch.rows_done,
        "imported": batch.imported,
        "ids": (batch.result or {}).get("ids", []) if batch.state == batch.DONE else [],
        "error": batch.error or None,
        "created_at": batch.created_at,
        "queued_at": batch.queued_at,
        "started_at": batch.started_at,
        "finished_at": batch.finished_at,
        "status_url": status_url(batch),
    }


def api_confirm(batch, done):
    """The API's answer to a confirm: 200 with `done(ids)` plus state when it ran already; 202 with the
    status when queued; the import's own error when it failed at once (as before there was a worker)."""
    if batch.state == batch.DONE:
        return 200, {**done(batch.result.get("ids", [])), "state": batch.state, "status_url": status_url(batch)}
    if batch.state == batch.FAILED:
        status = batch.result.get("status") or 422
        error = ActionError(batch.error)
        error.status = status
        error.code = {403: "forbidden", 404: "not_found", 409: "conflict"}.get(status, "import_failed")
        raise error
    return 202, status_out(batch)


def two_step_import(request, *, validate, kind, scope_key, context):
    """Run one step of the page flow; once confirmed, return the redirect to the import's progress page.

    Fills `context` for the shared template core/import.html: error, rows, has_errors, error_count, token,
    and recent_imports (the user's last confirmed imports of this kind into this plan, scheme or list).
    """
    from .models import ImportBatch

    context["recent_imports"] = list(
        ImportBatch.objects.filter(created_by=request.user, kind=kind, scope_key=scope_key)
        .exclude(state=ImportBatch.PREVIEWED)
        .order_by("-id")[:RECENT]
    )
    if request.method != "POST":
        return None
    if request.POST.get("op") == "confirm":
        try:
            batch = confirm(request.POST.get("token", ""), by=request.user, kind=kind, scope_key=scope_key)
        except ActionError as e:
            messages.error(request, e.detail)
            return None
        return redirect("import_progress", batch.token)
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
    _checked()
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

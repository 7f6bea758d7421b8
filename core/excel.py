"""Reading and writing .xlsx safely: size and zip-bomb limits on the way in, formula neutralising out.

Every export is laid out as a 台账 people print and file (`Ledger` / `write_table`): a title row naming the
organisation and the list, a line with the export date and who exported it, a bold frozen header that repeats
on every printed page, columns sized to their content (a Chinese character counts as two), long text wrapped,
real date cells, A4 landscape fitted to the page width.
"""

import copy
import datetime
import decimal
import io
import itertools
import re
import time
import unicodedata
import zipfile
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

import openpyxl
from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from .errors import Invalid

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 60 * 1024 * 1024  # all parts of a workbook together, once unzipped
MAX_PART_BYTES = 30 * 1024 * 1024  # one worksheet or the shared strings, once unzipped
MAX_IMPORT_COLUMNS = 500  # a sheet claiming more columns than this is no import table
MAX_CELL_CHARS = 5000
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DANGEROUS_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
TIME_FORMAT = "hh:mm"
TITLE_ROW, INFO_ROW, HEADER_ROW = 1, 2, 3  # data starts on the row after HEADER_ROW
WIDTH_SAMPLE_ROWS = 500  # column widths are fitted to the header and the first rows (exports may be 100k rows)
A4 = 9  # paperSize code of A4 in SpreadsheetML
KINDS = {"text", "long", "date", "datetime", "time", "int", "number"}


def neutralise(value):
    """Stop a spreadsheet program from executing text as a formula (CSV/formula injection)."""
    if isinstance(value, str) and value.startswith(DANGEROUS_PREFIXES):
        return "'" + value
    return value


def display_width(text):
    """Width of text in spreadsheet character cells: CJK and full-width characters count double."""
    lines = str(text).split("\n") or [""]
    return max(sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line) for line in lines)


def date_label(value):
    """2026年12月18日 — how dates are read on paper and on the pages."""
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        return f"{value.year}年{value.month}月{value.day}日 {value:%H:%M}"
    if isinstance(value, datetime.date):
        return f"{value.year}年{value.month}月{value.day}日"
    return "" if value is None else str(value)


@dataclass(frozen=True)
class Column:
    """One column of an export: its header, what it holds and (optionally) a width in character cells.

    kind: text (short, fitted to content), long (wrapped paragraphs), date, datetime (shown in Asia/Shanghai),
    time, int, number.
    """

    header: str
    kind: str = "text"
    width: float | None = None

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"unknown column kind {self.kind!r}")


@dataclass
class Ledger:
    """One sheet of an export. `rows` may be a generator; `totals` is an optional bold last row."""

    name: str
    title: str
    columns: list
    rows: object = ()
    org: str = ""
    note: str = ""
    totals: list | None = None
    widths: dict = field(default_factory=dict)

    def __post_init__(self):
        self.columns = [c if isinstance(c, Column) else Column(str(c)) for c in self.columns]


THIN = Side(style="thin", color="808080")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
TITLE_FONT = Font(size=16, bold=True)
INFO_FONT = Font(size=10, color="404040")
HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="E7E6E6")
BOLD = Font(bold=True)
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
TOP_LEFT = Alignment(horizontal="left", vertical="top", wrap_text=True)
TOP_CENTER = Alignment(horizontal="center", vertical="top", wrap_text=True)
TOP_RIGHT = Alignment(horizontal="right", vertical="top")
INFO_ALIGN = Alignment(horizontal="left", vertical="center", wrap_text=True)


def _excel_value(value, kind):
    """A Python value as the cell should hold it: local naive datetimes, plain numbers, neutralised text."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        value = value.replace(tzinfo=None, microsecond=0)
        return value.date() if kind == "date" else value
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, int | float | decimal.Decimal | datetime.date | datetime.time):
        return value
    return neutralise(str(value))


def _number_format(value, kind):
    if isinstance(value, datetime.datetime):
        return DATETIME_FORMAT
    if isinstance(value, datetime.date):
        return DATE_FORMAT
    if isinstance(value, datetime.time):
        return TIME_FORMAT
    return None


# Character cells across an A4 landscape page: about 140 fit at 100 %; fitting 180 to the width prints at ~80 %.
PAGE_BUDGET = 180


def _fit_widths(columns, sample, hints):
    """Widths that fit the content; if the page cannot hold them, the widest text columns give way first."""
    natural, floors = [], []
    for i, col in enumerate(columns):
        header = display_width(col.header)
        if col.width or hints.get(i):
            w = col.width or hints[i]
            natural.append(w)
            floors.append(w)
            continue
        fixed = {"date": 12, "datetime": 17, "time": 7}.get(col.kind)
        if fixed:
            w = max(fixed, header // 2 + 3)
            natural.append(max(fixed, header + 3))
            floors.append(w)
            continue
        longest = 0
        for row in sample:
            v = row[i] if i < len(row) else None
            if v is not None:
                longest = max(longest, display_width(date_label(v) if isinstance(v, datetime.date) else v))
        cap = 50 if col.kind == "long" else 30
        natural.append(max(min(longest + 2, cap), header + 3, 6))
        if col.kind in ("int", "number"):
            floors.append(max(longest + 2, header // 2 + 3, 6))
        else:
            floors.append(max(min(longest + 2, 16 if col.kind == "long" else 10), header // 2 + 3, 6))
    # Too wide for the page: paragraphs give way first, then the widest columns, never below their floor.
    widths = list(natural)
    for shrinkable in ({i for i, c in enumerate(columns) if c.kind == "long"}, set(range(len(columns)))):
        level = max(widths, default=0)
        while sum(widths) > PAGE_BUDGET and level > 6:
            level -= 1
            widths = [max(min(w, level), floors[i]) if i in shrinkable else w for i, w in enumerate(widths)]
    return widths


def scope_name(user):
    """The organisation an unfiltered export covers: the one subtree the user reaches, else ''."""
    from accounts import scope
    from orgs.models import Organisation

    paths = scope.business_paths(user) or scope.staff_paths(user)
    if len(paths) != 1:
        return ""
    return Organisation.objects.filter(path=paths[0]).values_list("name", flat=True).first() or ""


def write_table(ws, ledger, *, by=None, today=None):
    """Lay one Ledger out on a write-only worksheet as a printable 台账."""
    columns = ledger.columns
    n = max(len(columns), 1)
    last = get_column_letter(n)
    rows = iter(ledger.rows)
    sample = [list(r) for r in itertools.islice(rows, WIDTH_SAMPLE_ROWS)]
    for i, width in enumerate(_fit_widths(columns, sample, ledger.widths), start=1):
        ws.column_dimensions[get_column_letter(i)].width = width

    today = today or timezone.localdate()
    info = []
    if ledger.org:
        info.append(f"党组织：{ledger.org}")
    if ledger.note:
        info.append(ledger.note)
    info.append(f"导出日期：{date_label(today)}")
    if by is not None:
        info.append(f"导出人：{getattr(by, 'display_name', str(by))}")

    # Setting a style attribute makes openpyxl hash the style object and look it up in the workbook's style
    # tables: most of an export's time when done cell by cell. Each combination is registered once, on its first
    # cell, and later cells take a copy of that cell's style indexes.
    style_of: dict[tuple, Any] = {}

    def styled(value, *, font=None, alignment=None, border=None, fill=None, number_format=None):
        cell = WriteOnlyCell(ws, value=value)
        key = (id(font), id(alignment), id(border), id(fill), number_format)
        known = style_of.get(key)
        if known is not None:
            cell._style = copy.copy(known[0])
            return cell
        if font:
            cell.font = font
        if alignment:
            cell.alignment = alignment
        if border:
            cell.border = border
        if fill:
            cell.fill = fill
        if number_format:
            cell.number_format = number_format
        style_of[key] = (copy.copy(cell._style), (font, alignment, border, fill))  # held: their ids stay theirs
        return cell

    # A write-only sheet writes its properties, views (the frozen pane) and columns as the first row goes out.
    print_setup(ws)
    ws.row_dimensions[TITLE_ROW].height = 30
    info_text = "　　".join(info)
    across = sum(ws.column_dimensions[get_column_letter(i)].width for i in range(1, n + 1))
    lines = -(-display_width(info_text) // max(int(across * 0.9), 20))
    ws.row_dimensions[INFO_ROW].height = 15 * max(lines, 1)
    ws.append([styled(neutralise(ledger.title), font=TITLE_FONT, alignment=CENTER)])
    ws.append([styled(neutralise(info_text), font=INFO_FONT, alignment=INFO_ALIGN)])
    ws.append(
        [
            styled(neutralise(c.header), font=HEADER_FONT, alignment=CENTER, border=BORDER, fill=HEADER_FILL)
            for c in columns
        ]
    )
    if n > 1:
        ws.merged_cells.add(f"A{TITLE_ROW}:{last}{TITLE_ROW}")
        ws.merged_cells.add(f"A{INFO_ROW}:{last}{INFO_ROW}")

    def cells(row, font=None):
        out = []
        for i, col in enumerate(columns):
            raw = row[i] if i < len(row) else None
            value = _excel_value(raw, col.kind)
            if isinstance(value, int | float | decimal.Decimal) and not isinstance(value, bool):
                align = TOP_RIGHT
            elif col.kind in ("date", "datetime", "time", "int", "number"):
                align = TOP_CENTER
            else:
                align = TOP_LEFT
            out.append(
                styled(value, font=font, alignment=align, border=BORDER, number_format=_number_format(value, col.kind))
            )
        return out

    widths = [ws.column_dimensions[get_column_letter(i)].width or 10 for i in range(1, n + 1)]
    line = HEADER_ROW

    def append(row, font=None):
        # Neither Excel nor LibreOffice grows a row for wrapped text written by openpyxl: say how tall it is.
        nonlocal line
        line += 1
        ws.row_dimensions[line].height = row_height(row, widths)
        ws.append(cells(row, font=font))

    for row in itertools.chain(sample, rows):
        append(list(row))
    if ledger.totals is not None:
        append(list(ledger.totals), font=BOLD)


LINE_HEIGHT = 15  # pt per line of 11 pt text
MAX_ROW_HEIGHT = 409  # Excel's limit


def row_height(row, widths):
    """Points a row needs so that every wrapped cell shows all of its lines in its column's width."""
    lines = 1
    for value, width in zip(row, widths, strict=False):
        if value is None or isinstance(value, int | float | decimal.Decimal | datetime.date):
            continue
        per_line = max(int(width) - 1, 1)
        text_lines = sum(max(-(-display_width(part) // per_line), 1) for part in str(value).split("\n"))
        lines = max(lines, text_lines)
    return min(LINE_HEIGHT * lines + 3, MAX_ROW_HEIGHT)


def print_setup(ws):
    """Frozen header, A4 landscape fitted to the page width, the header repeated on every page, page numbers."""
    ws.freeze_panes = f"A{HEADER_ROW + 1}"
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    ws.page_margins.header = ws.page_margins.footer = 0.3
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"
    ws.oddFooter.center.size = 9


def _as_ledger(sheet):
    if isinstance(sheet, Ledger):
        return sheet
    title, headers, rows = sheet
    return Ledger(name=title, title=title, columns=headers, rows=rows)


def safe_sheet_name(name):
    return re.sub(r"[\[\]:*?/\\]", "_", name)[:31] or "Sheet1"


def xlsx_bytes(sheets, *, by=None, today=None):
    """sheets: [Ledger] (or legacy (title, headers, rows)) → .xlsx bytes laid out as printable 台账."""
    wb = openpyxl.Workbook(write_only=True)
    for sheet in sheets:
        ledger = _as_ledger(sheet)
        write_table(wb.create_sheet(title=safe_sheet_name(ledger.name)), ledger, by=by, today=today)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def download(filename, data):
    response = HttpResponse(data, content_type=XLSX_MIME)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


def xlsx_response(filename, sheets, *, by=None):
    return download(filename, xlsx_bytes(sheets, by=by))


class BytesUpload:
    """An uploaded file's bytes with the name it came with (what read_rows needs)."""

    def __init__(self, data, name):
        self.data, self.name, self.size = data, name, len(data)

    def read(self):
        return self.data


def read_table(upload, columns, required, *, max_rows=None):
    """read_rows for an import: the `required` headers must be there and at least one data row."""
    rows, missing = read_rows(upload, columns, max_rows=max_rows)
    missing_required = [c for c in required if c in missing]
    if missing_required:
        raise Invalid(
            f"表头缺少必需的列：{'、'.join(missing_required)}。请使用导入模板。", {"file": ["缺少必需的列。"]}
        )
    if not rows:
        raise Invalid("表格中没有数据行。", {"file": ["没有数据。"]})
    return rows


HEADER_SCAN_ROWS = 10  # the header may sit below a title and a hint line (as in the templates and exports)


def header_key(text):
    """A header cell as written by people: stray spaces, line breaks, a required mark * or （必填）."""
    text = unicodedata.normalize("NFKC", str(text or "")).replace("\n", "").replace(" ", "").replace("\u3000", "")
    return text.strip("*").replace("(必填)", "")


TOO_BIG = "表格解压后过大，疑似异常文件，已拒绝。"
PARSED_PARTS = ("xl/worksheets/", "xl/sharedStrings", "xl/workbook.xml", "xl/styles.xml")


def _check_parts(zf):
    """Refuse a zip bomb before openpyxl unzips anything: the sizes a part claims are the sizes zipfile lets out."""
    infos = zf.infolist()
    if len(infos) > 2000 or sum(i.file_size for i in infos) > MAX_UNCOMPRESSED_BYTES:
        raise Invalid(TOO_BIG, {"file": ["文件异常。"]})
    for info in infos:
        if info.filename.startswith(PARSED_PARTS) and info.file_size > MAX_PART_BYTES:
            raise Invalid(TOO_BIG, {"file": ["文件异常。"]})


def _open_workbook(upload):
    name = getattr(upload, "name", "") or ""
    if not name.lower().endswith(".xlsx"):
        raise Invalid("请上传 Excel 2007 及以上版本的 .xlsx 文件。", {"file": ["文件类型不对，只接受 .xlsx。"]})
    size = getattr(upload, "size", None)
    if size is not None and size > MAX_UPLOAD_BYTES:
        raise Invalid("文件超过5MB，请拆分后分批导入。", {"file": ["文件过大。"]})
    data = upload.read() if hasattr(upload, "read") else upload
    if len(data) > MAX_UPLOAD_BYTES:
        raise Invalid("文件超过5MB，请拆分后分批导入。", {"file": ["文件过大。"]})
    if not data:
        raise Invalid("文件是空的。", {"file": ["文件是空的。"]})
    if not data.startswith(b"PK\x03\x04"):
        raise Invalid("文件不是有效的 .xlsx 表格（可能是改了扩展名的其他文件）。", {"file": ["文件内容不是 .xlsx。"]})
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            _check_parts(zf)
        return openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Invalid:
        raise
    except Exception:
        raise Invalid("文件无法读取，请确认是用 Excel 或 WPS 保存的 .xlsx 表格。", {"file": ["文件已损坏或格式不对。"]})


def _too_many_rows(max_rows):
    return Invalid(
        f"一次最多导入{max_rows}行（空行也计算在内），请删去多余的空行或拆分后分批导入。", {"file": ["行数过多。"]}
    )


def _bounded_rows(ws, max_rows):
    """The sheet's rows, refusing a sheet that claims or holds more rows than an import may read, or reads too long.

    Every row counts, empty or not (openpyxl also pads the gaps up to the claimed dimension with empty rows),
    and the parse stops after settings.IMPORT_PARSE_SECONDS.
    """
    limit = max_rows + HEADER_SCAN_ROWS + 1
    if (ws.max_row or 0) > limit:
        raise _too_many_rows(max_rows)
    if (ws.max_column or 0) > MAX_IMPORT_COLUMNS:
        raise Invalid(f"表格超过{MAX_IMPORT_COLUMNS}列，不是导入模板，已拒绝。", {"file": ["列数过多。"]})
    budget = settings.IMPORT_PARSE_SECONDS
    deadline = time.monotonic() + budget
    width = min(ws.max_column or MAX_IMPORT_COLUMNS, MAX_IMPORT_COLUMNS)
    for count, row in enumerate(ws.iter_rows(values_only=True, max_col=width), start=1):
        if count > limit:
            raise _too_many_rows(max_rows)
        if time.monotonic() > deadline:
            raise Invalid(
                f"表格读取超过{budget}秒仍未完成，已停止。请删去多余的空行、格式或拆分后分批导入。",
                {"file": ["读取超时。"]},
            )
        yield row


def read_rows(upload, columns, *, max_rows=None):
    """Read the first sheet of an uploaded .xlsx into dicts keyed by field name.

    `columns` maps header text to field names (several headers may name one field: today's words and older
    ones). The header row is the one among the first rows that names most columns, so a title and a hint line
    above it (as in the templates) are skipped. Returns ([(row_number, {field: value})], missing headers).
    Raises Invalid (nothing read) for anything that is not a sane .xlsx.
    """
    max_rows = max_rows or settings.MAX_IMPORT_ROWS
    wanted = {header_key(h): f for h, f in columns.items()}
    wb = _open_workbook(upload)
    try:
        ws = wb.worksheets[0]
        rows = _bounded_rows(ws, max_rows)
        head = list(itertools.islice(rows, HEADER_SCAN_ROWS))
        if not head or not any(head):
            raise Invalid("表格没有表头行。", {"file": ["表格是空的。"]})
        scores = [sum(1 for v in (r or ()) if v is not None and header_key(v) in wanted) for r in head]
        at = scores.index(max(scores))
        header = [header_key(h) if h is not None else "" for h in head[at] or ()]
        index = {}
        for i, h in enumerate(header):
            if h in wanted and wanted[h] not in index:
                index[wanted[h]] = i
        missing = [h for h, f in columns.items() if f not in index]
        out: list[tuple[int, dict[str, Any]]] = []
        for n, row in enumerate(itertools.chain(head[at + 1 :], rows), start=at + 2):
            if row is None or all(v is None or str(v).strip() == "" for v in row):
                continue
            if len(out) >= max_rows:
                raise _too_many_rows(max_rows)
            record = {}
            for field_name, i in index.items():
                v = row[i] if i < len(row) else None
                if isinstance(v, str):
                    v = v.strip()
                    if len(v) > MAX_CELL_CHARS:
                        v = v[: MAX_CELL_CHARS + 1]
                record[field_name] = v
            out.append((n, record))
        return out, missing
    finally:
        wb.close()


DATE_RE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*[日号]?(?:\s+0{1,2}:00(?::00)?)?$")
COMPACT_DATE_RE = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
EXCEL_EPOCH = datetime.date(1899, 12, 30)


def parse_date(value):
    """The one reading of a date in an import: None for a blank cell, ValueError for what is not a date.

    Accepts Excel date cells, 2026-12-18, 2026/12/18, 2026.12.18, 2026年12月18日 (also with full-width
    digits or spaces), 20261218, and a bare Excel serial number (a date cell whose format was lost).
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if float(value).is_integer() and 10000 <= value <= 80000:
            return EXCEL_EPOCH + datetime.timedelta(days=int(value))
        value = cell_text(value)
    text = unicodedata.normalize("NFKC", str(value)).strip()
    m = DATE_RE.match(text) or COMPACT_DATE_RE.match(text)
    if not m:
        raise ValueError(text)
    y, mo, d = (int(x) for x in m.groups())
    return datetime.date(y, mo, d)  # ValueError for 2026-02-30


def cell_date(value):
    """A date cell as the ISO text forms accept; text that is not a date is passed on for the form to refuse."""
    try:
        parsed = parse_date(value)
    except ValueError:
        return cell_text(value)
    return parsed.isoformat() if parsed else ""


def cell_text(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        return value.strftime("%Y-%m-%d %H:%M") if (value.hour, value.minute) != (0, 0) else value.date().isoformat()
    return str(value).strip()

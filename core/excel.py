"""Reading and writing .xlsx safely: size and zip-bomb limits on the way in, formula neutralising out."""

import datetime
import io
import re
import zipfile
from urllib.parse import quote

import openpyxl
from django.conf import settings
from django.http import HttpResponse
from openpyxl.utils import get_column_letter

from .errors import Invalid

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 60 * 1024 * 1024
MAX_CELL_CHARS = 5000
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DANGEROUS_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """Stop a spreadsheet program from executing text as a formula (CSV/formula injection)."""
    if isinstance(value, str) and value.startswith(DANGEROUS_PREFIXES):
        return "'" + value
    return value


def xlsx_bytes(sheets):
    """sheets: [(title, headers, rows)] → .xlsx bytes. Every text cell is neutralised."""
    wb = openpyxl.Workbook(write_only=True)
    for title, headers, rows in sheets:
        ws = wb.create_sheet(title=title[:31])
        widths = [max(8, len(str(h)) * 2 + 2) for h in headers]
        for i, w in enumerate(widths, start=1):
            ws.column_dimensions[get_column_letter(i)].width = min(w, 40)
        ws.append([neutralise(h) for h in headers])
        for row in rows:
            ws.append([neutralise(v) for v in row])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def xlsx_response(filename, sheets):
    response = HttpResponse(xlsx_bytes(sheets), content_type=XLSX_MIME)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


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


def read_rows(upload, columns, *, max_rows=None):
    """Read the first sheet of an uploaded .xlsx into dicts keyed by field name.

    `columns` maps Chinese header text to field names. Returns ([(row_number, {field: value})], missing
    headers). Raises Invalid (nothing read) for anything that is not a sane .xlsx.
    """
    max_rows = max_rows or settings.MAX_IMPORT_ROWS
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
            total = sum(i.file_size for i in zf.infolist())
            if total > MAX_UNCOMPRESSED_BYTES or len(zf.infolist()) > 2000:
                raise Invalid("表格解压后过大，疑似异常文件，已拒绝。", {"file": ["文件异常。"]})
        wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Invalid:
        raise
    except Exception:
        raise Invalid("文件无法读取，请确认是用 Excel 或 WPS 保存的 .xlsx 表格。", {"file": ["文件已损坏或格式不对。"]})
    try:
        ws = wb.worksheets[0]
        rows = ws.iter_rows(values_only=True)
        header = next(rows, None)
        if not header:
            raise Invalid("表格没有表头行。", {"file": ["表格是空的。"]})
        header = [str(h).strip() if h is not None else "" for h in header]
        index = {}
        for i, h in enumerate(header):
            if h in columns:
                index[columns[h]] = i
        missing = [h for h, f in columns.items() if f not in index]
        out = []
        for n, row in enumerate(rows, start=2):
            if row is None or all(v is None or str(v).strip() == "" for v in row):
                continue
            if len(out) >= max_rows:
                raise Invalid(f"一次最多导入{max_rows}行，请拆分后分批导入。", {"file": ["行数过多。"]})
            record = {}
            for field, i in index.items():
                v = row[i] if i < len(row) else None
                if isinstance(v, str):
                    v = v.strip()
                    if len(v) > MAX_CELL_CHARS:
                        v = v[: MAX_CELL_CHARS + 1]
                record[field] = v
            out.append((n, record))
        return out, missing
    finally:
        wb.close()


DATE_RE = re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$")


def cell_date(value):
    """Excel dates arrive as datetimes or as text like 2021-04-16, 2021/4/16, 2021.4.16, 2021年4月16日."""
    if value in (None, ""):
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    m = DATE_RE.match(str(value).strip())
    if not m:
        return str(value)
    y, mo, d = (int(x) for x in m.groups())
    try:
        return datetime.date(y, mo, d).isoformat()
    except ValueError:
        return str(value)


def cell_text(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()

"""Excel import of scheme items: validate every row first, then create all items or none."""

from django.db import transaction

from accounts.permissions import require
from core import audit
from core.errors import Invalid
from core.excel import BytesUpload, cell_text, read_table
from core.forms import error_lines
from core.importing import load_stash, stash_upload

from .actions import MANAGE_MESSAGE, _create_item
from .choices import SUBJECT_TYPES
from .forms import ItemForm

COLUMNS = {
    "维度": "dimension",
    "项目名称": "name",
    "目标要求": "requirement",
    "考评标准": "standard",
    "分值": "points",
    "积分对象": "subject_type",
    "每周期上限": "cap",
    "数量可为小数": "allow_fraction",
}
REQUIRED_COLUMNS = ["维度", "项目名称", "分值", "积分对象"]
EXAMPLE = [
    "基础工作再提升",
    "按期召开支部党员大会",
    "每季度至少召开1次",
    "会议记录完整，每次计分",
    2,
    "党组织",
    8,
    "否",
]
_SUBJECTS = {label: code for code, label in SUBJECT_TYPES} | {"党员干部": "cadre", "组织": "org"}
_YES = {"是", "Y", "y", "yes", "1", "TRUE", "True", "true"}

__all__ = ["COLUMNS", "EXAMPLE", "import_items", "stash_upload", "validate_rows"]


def _row_data(raw):
    data = {k: cell_text(raw.get(k)) for k in ("dimension", "name", "requirement", "standard", "points", "cap")}
    text = cell_text(raw.get("subject_type"))
    data["subject_type"] = _SUBJECTS.get(text, text)
    data["allow_fraction"] = cell_text(raw.get("allow_fraction")) in _YES
    return data


def validate_rows(upload):
    """Return (rows, has_errors): rows = [(row_number, data, cleaned, [errors])]."""
    rows = read_table(upload, COLUMNS, REQUIRED_COLUMNS)
    result, seen = [], {}
    for n, raw in rows:
        data = _row_data(raw)
        form = ItemForm(data)
        errors, cleaned = [], None
        if form.is_valid():
            cleaned = form.cleaned_data
            key = (cleaned["dimension"], cleaned["name"])
            if key in seen:
                errors.append(f"与第{seen[key]}行的项目重复。")
            seen.setdefault(key, n)
        else:
            errors += error_lines(form, overrides={"subject_type": ["应为“党组织”“党务干部”或“党员”。"]})
        result.append((n, data, cleaned, errors))
    return result, any(r[3] for r in result)


def import_items(scheme, token, *, by):
    require(by, "points.manage_scheme", scheme, MANAGE_MESSAGE)
    path = load_stash(token)
    rows, has_errors = validate_rows(BytesUpload(path.read_bytes(), path.name))
    if has_errors:
        raise Invalid("表格中仍有错误，未导入任何数据。请修改后重新上传。")
    created = import_cleaned(scheme, rows, by=by)
    path.unlink(missing_ok=True)
    return created


def import_cleaned(scheme, rows, *, by):
    require(by, "points.manage_scheme", scheme, MANAGE_MESSAGE)
    if any(r[3] for r in rows):
        raise Invalid("表格中有错误，未导入任何数据。")
    with transaction.atomic():
        created = [_create_item(scheme, cleaned) for _n, _d, cleaned, _e in rows]
        audit.record("points.item.import", by=by, obj=scheme, after={"items": [i.pk for i in created]})
    return created

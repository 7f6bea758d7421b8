"""Excel import of scheme items: validate every row first, then create all items or none."""

from django.db import transaction
from django.urls import reverse

from accounts.permissions import require
from core import audit
from core.errors import Invalid
from core.excel import cell_text
from core.importing import ImportColumn, ImportSpec, add_error, make_row, register_kind, tick
from core.scoping import get_object_for_user

from .actions import MANAGE_MESSAGE, _create_item
from .choices import SUBJECT_TYPES
from .forms import ItemForm
from .models import Dimension, Scheme


def _label(key):
    return ItemForm.base_fields[key].label


_SUBJECTS = {label: code for code, label in SUBJECT_TYPES} | {"党员干部": "cadre", "组织": "org"}
YES_NO = {"1": "是", "0": "否"}
_YES = {"是", "Y", "y", "yes", "1", "TRUE", "True", "true"}

SPEC = ImportSpec(
    "积分项目导入模板",
    [
        ImportColumn("dimension", _label("dimension"), required=True, kind="names", hint="如：基础工作再提升"),
        ImportColumn("name", _label("name"), required=True, kind="long", width=26),
        ImportColumn("requirement", _label("requirement"), kind="long", width=26),
        ImportColumn("standard", _label("standard"), kind="long", width=26),
        ImportColumn("points", _label("points"), required=True, kind="number", hint="每次计多少分，如 2 或 0.5"),
        ImportColumn(
            "subject_type",
            _label("subject_type"),
            required=True,
            kind="choice",
            choices=dict(SUBJECT_TYPES),
            aliases=("对象类型",),
            hint="给谁计分：党组织、党务干部或党员",
        ),
        ImportColumn("cap", _label("cap"), kind="number", hint="同一对象本周期在该项目上最多可得的分数；留空不设上限"),
        ImportColumn(
            "allow_fraction", _label("allow_fraction"), kind="choice", choices=YES_NO, hint="申报数量可否为小数"
        ),
    ],
)
COLUMNS = SPEC.headers()
REQUIRED_COLUMNS = SPEC.required()
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

__all__ = ["COLUMNS", "EXAMPLE", "KIND", "SPEC", "import_cleaned", "scope_key", "template_kwargs", "validate_rows"]
KIND = "points.item"


def scope_key(scheme):
    return f"scheme:{scheme.pk}"


def template_kwargs(scheme=None):
    kwargs = {"examples": [EXAMPLE]}
    if scheme is not None:
        names = list(Dimension.objects.filter(scheme=scheme).values_list("name", flat=True))
        kwargs["lists"] = {"dimension": names}
        kwargs["title"] = f"积分项目导入模板：{scheme.name}"
    return kwargs


def _row_data(raw):
    data = {k: cell_text(raw.get(k)) for k in ("dimension", "name", "requirement", "standard", "points", "cap")}
    text = cell_text(raw.get("subject_type"))
    data["subject_type"] = _SUBJECTS.get(text, text)
    data["allow_fraction"] = cell_text(raw.get("allow_fraction")) in _YES
    return data


def validate_rows(upload):
    """Return (rows, has_errors): rows = [ImportRow], each unpacking as (row_number, data, cleaned, [errors])."""
    rows = SPEC.read(upload)
    result, seen = [], {}
    for n, raw in rows:
        data = _row_data(raw)
        row = make_row(
            SPEC, n, raw, data, ItemForm(data), overrides={"subject_type": ["应为“党组织”“党务干部”或“党员”。"]}
        )
        if row.cleaned is not None:
            key = (row.cleaned["dimension"], row.cleaned["name"])
            if key in seen:
                add_error(row, "name", f"与第{seen[key]}行的项目重复。")
            seen.setdefault(key, n)
        result.append(row)
    return result, any(r.errors for r in result)


def import_cleaned(scheme, rows, *, by):
    """Create the item of every validated row, or none (core.importing runs it in the import's transaction)."""
    require(by, "points.manage_scheme", scheme, MANAGE_MESSAGE)
    if any(r[3] for r in rows):
        raise Invalid("表格中仍有错误，未导入任何数据。请修改后重新上传。")
    created = []
    with transaction.atomic():
        for _n, _d, cleaned, _e in rows:
            created.append(_create_item(scheme, cleaned))
            tick()
        audit.record("points.item.import", by=by, obj=scheme, after={"items": [i.pk for i in created]})
    return created


def _scheme_pk(key):
    return int(key.removeprefix("scheme:"))


def _back(scope_key, user):
    name = Scheme.objects.visible_to(user).filter(pk=_scheme_pk(scope_key)).values_list("name", flat=True).first()
    return reverse("points:scheme_detail", args=[_scheme_pk(scope_key)]), name or "积分管理"


register_kind(
    KIND,
    label="积分项目导入",
    unit="个积分项目",
    validate=lambda upload, *, by, scope_key: validate_rows(upload),
    write=lambda rows, *, by, scope_key: import_cleaned(
        get_object_for_user(Scheme, _scheme_pk(scope_key), by), rows, by=by
    ),
    back=_back,
    again=lambda scope_key: reverse("points:item_import", args=[_scheme_pk(scope_key)]),
)

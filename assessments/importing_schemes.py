"""Excel import of a scheme's items (a 67-item 六考一评 scheme in one go): preview every row, then all or none.

Rows are checked with the item form of the page and the API; a row repeating another's 类别 and 考核内容 (in the
sheet or in the scheme already) is refused, and so is a sheet that would take the scheme's total above 100.
"""

from decimal import Decimal

from django.db import transaction
from django.urls import reverse

from core import audit
from core.errors import Invalid
from core.excel import cell_text
from core.importing import ImportColumn, ImportSpec, add_error, make_row, register_kind, tick
from core.scoping import get_object_for_user
from core.verbs import require_verb

from . import sources
from .actions_schemes import _locked_scheme, build_item, category_named, refuse_if_in_use
from .choices import Method
from .completeness import FULL_MARKS, total_of
from .forms_schemes import ItemForm
from .models import Scheme

KIND = "assessments.item"
YES = {"是", "Y", "y", "yes", "1", "TRUE", "True", "true", "√"}
YES_NO = {"1": "是", "0": "否"}


def _label(key):
    return ItemForm.base_fields[key].label


def _spec():
    return ImportSpec(
        "考核项目导入模板",
        [
            ImportColumn("category", _label("category"), required=True, kind="names", hint="如：党建、宣传、党风廉政"),
            ImportColumn("name", _label("name"), required=True, kind="long", width=30),
            ImportColumn("standard", _label("standard"), kind="long", width=36),
            ImportColumn(
                "max_points", _label("max_points"), required=True, kind="number", hint="该项满分，如 2 或 1.5"
            ),
            ImportColumn(
                "method",
                _label("method"),
                required=True,
                kind="choice",
                choices=dict(Method.choices),
                hint="怎样考核该项",
            ),
            ImportColumn("veto", _label("veto"), kind="choice", choices=YES_NO, hint="未达标时星级封顶"),
            ImportColumn(
                "veto_cap", _label("veto_cap"), kind="number", hint="一票否决项目未达标时最高可评几星，0为不评星"
            ),
            ImportColumn(
                "source",
                _label("source"),
                kind="choice",
                choices=dict(sources.choices()),
                hint="网站汇总项目按平台数据自动计分时选择；留空由考核组评分",
            ),
            ImportColumn("formula_zero", _label("formula_zero"), kind="number", hint="数据为多少时得0分；留空用默认值"),
            ImportColumn(
                "formula_full", _label("formula_full"), kind="number", hint="数据为多少时得满分；留空用默认值"
            ),
        ],
    )


SPEC = _spec()
EXAMPLE = [
    "党建",
    "三会一课",
    "按时召开支部党员大会、支委会、党小组会，按时上党课",
    2,
    "网站汇总",
    "否",
    "",
    "三会一课完成率",
    60,
    100,
]


def scope_key(scheme):
    return f"scheme:{scheme.pk}"


def _scheme_pk(key):
    return int(key.removeprefix("scheme:"))


def template_kwargs(scheme=None):
    kwargs = {"examples": [EXAMPLE]}
    if scheme is not None:
        kwargs["lists"] = {"category": list(scheme.categories.values_list("name", flat=True))}
        kwargs["title"] = f"考核项目导入模板：{scheme}"
    return kwargs


def _row_data(raw):
    data = {k: cell_text(raw.get(k)) for k in ("category", "name", "standard", "max_points", "veto_cap")}
    for key in ("formula_zero", "formula_full"):
        data[key] = cell_text(raw.get(key))
    method = cell_text(raw.get("method"))
    data["method"] = SPEC.columns[4].codes.get(method, method)
    source = cell_text(raw.get("source"))
    data["source"] = SPEC.columns[7].codes.get(source, source)
    data["veto"] = cell_text(raw.get("veto")) in YES
    return data


def validate_rows(upload, *, scheme):
    """(rows, has_errors): each row by the item form, then duplicates and the scheme's total after the import."""
    rows = SPEC.read(upload)
    existing = set(scheme.items.values_list("category__name", "name"))
    result, seen = [], {}
    for n, raw in rows:
        data = _row_data(raw)
        row = make_row(
            SPEC,
            n,
            raw,
            data,
            ItemForm(data),
            overrides={
                "method": ["应为听取汇报、查阅资料、实地查看、网站汇总、走访座谈或满意度测评之一。"],
                "source": ["没有这个数据来源，请从下拉列表中选择。"],
            },
        )
        if row.cleaned is not None:
            key = (row.cleaned["category"], row.cleaned["name"])
            if key in existing:
                add_error(row, "name", "方案中已有该类别的同名考核项目。")
            elif key in seen:
                add_error(row, "name", f"与第{seen[key]}行的考核项目重复。")
            seen.setdefault(key, n)
        result.append(row)
    total = total_after(scheme, result)
    if result and total > FULL_MARKS:
        add_error(
            result[-1],
            "max_points",
            f"导入后方案分值合计为{total.normalize():f}分，超过100分（方案现有{total_of(scheme).normalize():f}分）。",
        )
    return result, any(r.errors for r in result)


def total_after(scheme, rows):
    """The scheme's total once the rows' items are added (rows that could not be read count nothing)."""
    added = Decimal(0)
    for row in rows:
        value = (row.cleaned or {}).get("max_points")
        if value is None:
            try:
                value = Decimal(str(row[1].get("max_points") or 0))
            except ArithmeticError:
                value = Decimal(0)
        added += value if value.is_finite() else 0
    return total_of(scheme) + added


def import_cleaned(scheme, rows, *, by):
    """Create the item of every validated row, or none (core.importing runs it in the import's transaction)."""
    require_verb(by, "assessments.manage_scheme", scheme)
    if any(r[3] for r in rows):
        raise Invalid("表格中仍有错误，未导入任何数据。请修改后重新上传。")
    created = []
    with transaction.atomic():
        scheme = _locked_scheme(scheme)
        refuse_if_in_use(scheme)
        categories = {}
        for _n, _d, cleaned, _e in rows:
            name = cleaned["category"]
            if name not in categories:
                categories[name] = category_named(scheme, name)
            item = build_item(scheme, cleaned, categories[name])
            item.save()
            created.append(item)
            tick()
        audit.record(
            "assessments.item.import",
            by=by,
            obj=scheme,
            after={"items": [i.pk for i in created], "count": len(created)},
        )
    return created


def _back(key, user):
    scheme = Scheme.objects.visible_to(user).filter(pk=_scheme_pk(key)).first()
    return reverse("assessments:scheme_detail", args=[_scheme_pk(key)]), str(scheme) if scheme else "考核方案"


def _scheme_for(key, by):
    return get_object_for_user(Scheme, _scheme_pk(key), by)


register_kind(
    KIND,
    label="考核项目导入",
    unit="个考核项目",
    validate=lambda upload, *, by, scope_key: validate_rows(upload, scheme=_scheme_for(scope_key, by)),
    write=lambda rows, *, by, scope_key: import_cleaned(_scheme_for(scope_key, by), rows, by=by),
    back=_back,
    again=lambda key: reverse("assessments:item_import", args=[_scheme_pk(key)]),
)

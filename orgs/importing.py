"""Excel import of people: validate every row first, then write all rows or none."""

from django.db import transaction
from django.urls import reverse

from accounts.permissions import require
from core import audit, crypto
from core.errors import Invalid
from core.excel import cell_date, cell_text
from core.importing import ImportColumn, ImportSpec, add_error, make_row, register_kind, tick

from .actions import duplicate_id_message, save_person_fields
from .choices import CATEGORIES, EDUCATIONS, ETHNICITIES, GENDERS, STATUSES
from .forms import PersonForm
from .models import Organisation, Person

DATE_HINT = "如 1985-06-01，也可写作 1985/6/1、1985.6.1 或 1985年6月1日"
SPEC = ImportSpec(
    "人员导入模板",
    [
        ImportColumn("name", "姓名", required=True),
        ImportColumn("gender", "性别", required=True, kind="choice", choices=dict(GENDERS)),
        ImportColumn("ethnicity", "民族", kind="choice", choices={e: e for e in ETHNICITIES}, hint="留空按汉族"),
        ImportColumn("birth_date", "出生日期", kind="date", hint=DATE_HINT + "；填了身份证号可留空"),
        ImportColumn("id_number", "身份证号", hint="18位；保存后只显示脱敏号码；可留空", width=22),
        ImportColumn("phone", "联系电话", width=15),
        ImportColumn("education", "学历", kind="choice", choices=dict(EDUCATIONS)),
        ImportColumn("joined_on", "入党日期", kind="date", hint=DATE_HINT),
        ImportColumn("full_member_on", "转正日期", kind="date", hint=DATE_HINT),
        ImportColumn("category", "人员类别", kind="choice", choices=dict(CATEGORIES), hint="留空按正式党员"),
        ImportColumn("org", "所在党组织", required=True, kind="choice", hint="从列表中选择您管理的党支部"),
        ImportColumn("group", "所在党小组", kind="choice", hint="没有党小组的留空"),
    ],
)
COLUMNS = SPEC.headers()
REQUIRED_COLUMNS = SPEC.required()
_LABEL_TO_CODE = {c.key: c.codes for c in SPEC.columns if c.key in ("gender", "category", "education")}


def template_kwargs(orgs):
    """Dropdowns of the organisations and party groups the user manages, and an example in one of them."""
    names = sorted(set(orgs.exclude(kind="group").values_list("name", flat=True)))
    groups = sorted(set(orgs.filter(kind="group").values_list("name", flat=True)))
    org = names[0] if names else "第一党支部"
    example = ["张三", "男", "汉族", "1985-06-01", "", "13800000000", "大学本科", "2010-07-01", "2011-07-01"]
    return {"examples": [[*example, "正式党员", org, ""]], "lists": {"org": names, "group": groups}}


def _row_data(raw, orgs_by_name):
    data = {k: cell_text(raw.get(k)) for k in ("name", "ethnicity", "phone", "id_number")}
    for k in ("birth_date", "joined_on", "full_member_on"):
        data[k] = cell_date(raw.get(k))
    errors = {}
    for k, mapping in _LABEL_TO_CODE.items():
        text = cell_text(raw.get(k))
        if k == "category" and not text:
            text = "正式党员"
        # Accept the Chinese label (男, 正式党员 …) or the code itself; anything else fails form validation.
        data[k] = mapping.get(text, text)
    for k in ("org", "group"):
        name = cell_text(raw.get(k))
        if not name:
            data[k] = ""
            continue
        matches = orgs_by_name.get(name, [])
        if len(matches) == 1:
            data[k] = matches[0].pk
        elif len(matches) > 1:
            errors[k] = [f"组织名称“{name}”不唯一，请联系管理员。"]
            data[k] = ""
        else:
            errors[k] = [f"组织“{name}”不存在或不在您的管理范围内。"]
            data[k] = ""
    data["status"] = "active"
    return data, errors


def validate_rows(upload_or_bytes, *, orgs, by=None):
    """Return (rows, has_errors): rows = [ImportRow], each unpacking as (row_number, data, cleaned, [errors])."""
    rows = SPEC.read(upload_or_bytes)
    orgs_by_name = {}
    for o in orgs:
        orgs_by_name.setdefault(o.name, []).append(o)
    seen_ids = {}
    result = []
    for n, raw in rows:
        data, extra = _row_data(raw, orgs_by_name)
        # An organisation that was not found is told once, in its own words (not again as "请选择").
        form = PersonForm(data, orgs=orgs)
        row = make_row(SPEC, n, raw, data, form, extra, overrides={k: [] for k in extra})
        number = (row.cleaned or {}).get("id_number")
        if number:
            if number in seen_ids:
                add_error(row, "id_number", f"身份证号与第{seen_ids[number]}行重复。")
            seen_ids.setdefault(number, n)
        result.append(row)
    hashes = {crypto.blind_index(r.cleaned["id_number"]): r for r in result if r.cleaned and r.cleaned.get("id_number")}
    taken = set(Person.objects.filter(id_number_hash__in=hashes).values_list("id_number_hash", flat=True))
    for h in taken:
        add_error(hashes[h], "id_number", duplicate_id_message(by))
    return result, any(r.errors for r in result)


KIND, SCOPE = "orgs.person", "people"


def write_people(rows, *, by):
    """Create the person of every validated row, or none (core.importing runs it in the import's transaction)."""
    if any(r.errors for r in rows):
        raise Invalid("表格中仍有错误，未导入任何数据。请修改后重新上传。")
    for _n, _data, cleaned, _errors in rows:
        require(by, "orgs.add_person", cleaned["org"])
    created = []
    with transaction.atomic():
        for _n, _data, cleaned, _errors in rows:
            person = Person()
            save_person_fields(person, cleaned, by)
            created.append(person)
            audit.record("person.import", by=by, obj=person, after=audit.snapshot(person))
            tick()
    return created


register_kind(
    KIND,
    label="人员导入",
    unit="人",
    validate=lambda upload, *, by, scope_key: validate_rows(
        upload, orgs=Organisation.objects.structure_editable_by(by), by=by
    ),
    write=lambda rows, *, by, scope_key: write_people(rows, by=by),
    back=lambda scope_key, user: (reverse("person_list"), "人员管理"),
    again=lambda scope_key: reverse("person_import"),
)


STATUS_LABELS = dict(STATUSES)

"""Excel import of people: validate every row first, then write all rows or none."""

from django.db import transaction

from accounts.permissions import require
from core import audit, crypto
from core.errors import Invalid
from core.excel import BytesUpload, cell_date, cell_text, read_table
from core.forms import error_lines
from core.importing import load_stash

from .actions import duplicate_id_message, save_person_fields
from .choices import CATEGORIES, EDUCATIONS, GENDERS, STATUSES
from .forms import PersonForm
from .models import Person

COLUMNS = {
    "姓名": "name",
    "性别": "gender",
    "民族": "ethnicity",
    "出生日期": "birth_date",
    "身份证号": "id_number",
    "联系电话": "phone",
    "学历": "education",
    "入党日期": "joined_on",
    "转正日期": "full_member_on",
    "人员类别": "category",
    "所在党组织": "org",
    "所在党小组": "group",
}
REQUIRED_COLUMNS = ["姓名", "性别", "所在党组织"]
EXAMPLE = [
    "张三",
    "男",
    "汉族",
    "1985-06-01",
    "",
    "13800000000",
    "大学本科",
    "2010-07-01",
    "2011-07-01",
    "正式党员",
    "第一党支部",
    "",
]
_LABEL_TO_CODE = {
    "gender": {label: code for code, label in GENDERS},
    "category": {label: code for code, label in CATEGORIES},
    "education": {label: code for code, label in EDUCATIONS},
}


def _row_data(raw, orgs_by_name):
    data = {k: cell_text(raw.get(k)) for k in ("name", "ethnicity", "phone", "id_number")}
    for k in ("birth_date", "joined_on", "full_member_on"):
        data[k] = cell_date(raw.get(k))
    errors = []
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
            errors.append(f"组织名称“{name}”不唯一，请联系管理员。")
            data[k] = ""
        else:
            errors.append(f"组织“{name}”不存在或不在您的管理范围内。")
            data[k] = ""
    data["status"] = "active"
    return data, errors


def validate_rows(upload_or_bytes, *, orgs, by=None):
    """Return (rows, has_errors): rows = [(row_number, data, cleaned, [errors])]."""
    rows = read_table(upload_or_bytes, COLUMNS, REQUIRED_COLUMNS)
    orgs_by_name = {}
    for o in orgs:
        orgs_by_name.setdefault(o.name, []).append(o)
    seen_ids = {}
    result = []
    for n, raw in rows:
        data, errors = _row_data(raw, orgs_by_name)
        form = PersonForm(data, orgs=orgs)
        cleaned = None
        if form.is_valid():
            cleaned = form.cleaned_data
        else:
            errors += error_lines(form)
        number = (cleaned or {}).get("id_number")
        if number:
            if number in seen_ids:
                errors.append(f"身份证号与第{seen_ids[number]}行重复。")
            seen_ids.setdefault(number, n)
        result.append((n, data, cleaned, sorted(set(errors), key=errors.index)))
    hashes = {crypto.blind_index(r[2]["id_number"]): r[0] for r in result if r[2] and r[2].get("id_number")}
    taken = set(Person.objects.filter(id_number_hash__in=hashes).values_list("id_number_hash", flat=True))
    for h in taken:
        for row in result:
            if row[0] == hashes[h]:
                row[3].append(duplicate_id_message(by))
    return result, any(r[3] for r in result)


def import_people(token, *, by, orgs):
    """Re-validate the stashed file and create every person, or none."""
    path = load_stash(token)
    rows, has_errors = validate_rows(BytesUpload(path.read_bytes(), path.name), orgs=orgs, by=by)
    if has_errors:
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
    path.unlink(missing_ok=True)
    return created


STATUS_LABELS = dict(STATUSES)

"""Excel for plans: export of the 一解 and the 一表; import of items (preview, then all or nothing)."""

import datetime

from django.db import transaction

from core import audit
from core.errors import Invalid
from core.excel import BytesUpload, cell_date, cell_text, read_table
from core.forms import error_lines
from core.importing import load_stash, stash_upload  # noqa: F401  (shared stash between preview and confirm)
from orgs.models import Person

from . import reports
from .actions import _item_values, _set_owners, require_manage, sync_occurrences
from .choices import RECURRENCES
from .forms import RECORD_TYPES, ItemForm
from .models import PlanItem

COLUMNS = {
    "分类": "category",
    "工作事项": "title",
    "截止日期": "due",
    "月份": "month",
    "周期": "recurrence",
    "日": "day",
    "开始时间": "start_time",
    "地点": "place",
    "怎么干": "method",
    "完成标准": "standard",
    "责任人": "owners",
    "记录类型": "record_type",
}
REQUIRED_COLUMNS = ["分类", "工作事项"]
EXAMPLES = [
    [
        "三会一课",
        "召开支部委员会会议",
        "",
        "",
        "每月",
        10,
        "15:00",
        "三楼会议室",
        "书记主持，研究当月党建工作",
        "有会议记录、签到表",
        "",
        "支委会",
    ],
    [
        "党员教育",
        "赴章丘区三涧溪村开展党员教育",
        "2026-04-16",
        "",
        "",
        "",
        "08:30",
        "三涧溪村",
        "集体参观学习",
        "形成图文记录并报送信息",
        "",
        "",
    ],
]
_RECURRENCE = {label: code for code, label in RECURRENCES}
_RECORD_TYPE = {label: code for code, label in RECORD_TYPES}


def _time_text(value):
    if isinstance(value, datetime.time):
        return value.strftime("%H:%M")
    if isinstance(value, datetime.datetime):
        return value.strftime("%H:%M")
    return cell_text(value)


def _row_data(raw, people_by_name):
    data = {k: cell_text(raw.get(k)) for k in ("category", "title", "month", "day", "place", "method", "standard")}
    data["due"] = cell_date(raw.get("due"))
    data["start_time"] = _time_text(raw.get("start_time"))
    recurrence = cell_text(raw.get("recurrence"))
    data["recurrence"] = _RECURRENCE.get(recurrence, recurrence)
    record_type = cell_text(raw.get("record_type"))
    data["record_type"] = _RECORD_TYPE.get(record_type, record_type)
    errors, owners = [], []
    for name in [n.strip() for n in cell_text(raw.get("owners")).replace("，", "、").replace(",", "、").split("、")]:
        if not name:
            continue
        matches = people_by_name.get(name, [])
        if len(matches) == 1:
            owners.append(matches[0].pk)
        elif matches:
            errors.append(f"责任人“{name}”有重名，请导入后在系统中指派。")
        else:
            errors.append(f"责任人“{name}”不是本组织的在册人员。")
    data["owners"] = owners
    return data, errors


def validate_rows(upload, *, plan):
    """[(row_number, data, cleaned, [errors])], has_errors."""
    rows = read_table(upload, COLUMNS, REQUIRED_COLUMNS)
    people_by_name = {}
    for p in Person.objects.filter(org__path__startswith=plan.org.path).active():
        people_by_name.setdefault(p.name, []).append(p)
    result = []
    for n, raw in rows:
        data, errors = _row_data(raw, people_by_name)
        form = ItemForm(data, plan=plan)
        cleaned = None
        if form.is_valid():
            cleaned = form.cleaned_data
        else:
            errors += error_lines(form)
        result.append((n, data, cleaned, list(dict.fromkeys(errors))))
    return result, any(r[3] for r in result)


def import_items(token, *, by, plan):
    """Re-validate the stashed file and add every item, or none."""
    require_manage(by, plan.org)
    path = load_stash(token)
    rows, has_errors = validate_rows(BytesUpload(path.read_bytes(), path.name), plan=plan)
    if has_errors:
        raise Invalid("表格中仍有错误，未导入任何事项。请修改后重新上传。")
    created = []
    with transaction.atomic():
        last = plan.items.order_by("-position").values_list("position", flat=True).first() or 0
        for offset, (_n, _data, cleaned, _errors) in enumerate(rows, start=1):
            item = PlanItem.objects.create(plan=plan, position=last + offset, **_item_values(cleaned))
            _set_owners(item, cleaned.get("owners") or [], by=by)
            sync_occurrences(item)
            created.append(item)
        audit.record(
            "plan.item.import",
            by=by,
            obj=plan,
            org=plan.org,
            after={"items": [i.pk for i in created], "count": len(created)},
        )
    path.unlink(missing_ok=True)
    return created


PLAN_HEADERS = ["序号", "分类", "要求干什么", "什么时间干", "谁来干", "怎么干", "干到什么样子", "完成情况"]


def plan_sheet(plan, today):
    items = reports.items_with_people(plan)
    done = {}
    for occ in reports.occurrences(plan):
        total, finished = done.get(occ.item_id, (0, 0))
        done[occ.item_id] = (total + 1, finished + (1 if occ.completed_on else 0))
    rows = []
    for n, item in enumerate(items, start=1):
        total, finished = done.get(item.id, (0, 0))
        rows.append(
            [
                n,
                item.category,
                item.title,
                item.when_label,
                "、".join(o.person.name for o in item.ownerships.all()) or f"（{item.owner_status_label}）",
                item.method,
                item.standard,
                f"{finished}/{total}",
            ]
        )
    return [(f"{plan.year}年度工作清单（一解）", PLAN_HEADERS, rows)]


def division_sheets(plan):
    d = reports.division(plan)
    members = [[p.name, len(its), "；".join(i.title for i in its) or "（暂无分工）"] for p, its in d["members"]]
    items = [
        [i.category, i.title, "、".join(o.person.name for o in i.ownerships.all()) or f"（{i.owner_status_label}）"]
        for i in d["items"]
    ]
    return [
        ("全员分工表（一表）", ["党员", "承担事项数", "承担事项"], members),
        ("事项责任人", ["分类", "事项", "责任人"], items),
        ("未认领事项", ["分类", "事项"], [[i.category, i.title] for i in d["unclaimed"]]),
        ("暂无分工的党员", ["党员"], [[p.name] for p in d["idle"]]),
    ]

"""Excel for plans: export of the 一解 and the 一表; import of items (preview, then all or nothing)."""

import datetime

from django.db import transaction
from django.urls import reverse

from core import audit, dates
from core.errors import Invalid
from core.excel import Column, Ledger, cell_date, cell_text
from core.importing import ImportColumn, ImportSpec, make_row, register_kind, tick
from core.scoping import get_object_for_user
from orgs.models import Person

from . import reports
from .actions import _item_values, _set_owners, require_manage, sync_occurrences
from .choices import CATEGORIES, RECURRENCES
from .forms import RECORD_TYPES, ItemForm
from .models import Plan, PlanItem


def _label(key):
    return ItemForm.base_fields[key].label


SPEC = ImportSpec(
    "清单事项导入模板（一解）",
    [
        ImportColumn("category", _label("category"), required=True, kind="names", hint="如：" + "、".join(CATEGORIES)),
        ImportColumn("title", _label("title"), required=True, kind="long", aliases=("工作事项",), width=30),
        ImportColumn("due", _label("due"), kind="date", hint="在哪天前完成，如 2026-12-18；与“月份”“周期”三选一填写"),
        ImportColumn(
            "month", _label("month"), kind="number", hint="只定月份时填1到12；周期为每季度/每年时表示第几个月"
        ),
        ImportColumn(
            "recurrence",
            _label("recurrence"),
            kind="choice",
            choices=dict(RECURRENCES),
            hint="每月、每季度或每年重复的事项选择周期；不重复的留空",
        ),
        ImportColumn("day", _label("day"), kind="number", hint="周期事项在哪一天（1到31）"),
        ImportColumn("start_time", _label("start_time"), kind="time", hint="如 15:00"),
        ImportColumn("place", _label("place")),
        ImportColumn("method", _label("method"), kind="long", width=30),
        ImportColumn("standard", _label("standard"), kind="long", aliases=("完成标准",), width=30),
        ImportColumn(
            "owners",
            _label("owners"),
            kind="names",
            aliases=("谁来干",),
            hint="本组织在册人员的姓名，多人用“、”隔开；也可以导入后再认领或指派",
        ),
        ImportColumn(
            "record_type",
            _label("record_type"),
            kind="choice",
            choices=dict(RECORD_TYPES),
            aliases=("记录类型",),
            hint="会议类事项选对应的活动记录类型，开会后关联记录即完成；其他事项留空",
        ),
    ],
)
COLUMNS = SPEC.headers()
REQUIRED_COLUMNS = SPEC.required()


def examples(year, owner=""):
    """Two filled rows in template order: a monthly meeting and a dated trip."""
    return [
        ["三会一课", "召开支部委员会会议", None, None, "每月", 10, "15:00", "三楼会议室",
         "书记主持，研究当月党建工作", "有会议记录、签到表", owner, "支委会"],
        ["党员教育", "赴章丘区三涧溪村开展党员教育", datetime.date(year, 4, 16), None, None, None, "08:30",
         "三涧溪村", "集体参观学习", "形成图文记录并报送信息", owner, None],
    ]  # fmt: skip


def template_kwargs(plan=None):
    """What the template download needs: examples for the plan's year, its people as owner suggestions."""
    year = plan.year if plan else dates.today().year
    if plan is None:
        return {"examples": examples(year), "lists": {"category": CATEGORIES}}
    names = sorted(
        set(Person.objects.filter(org__path__startswith=plan.org.path).active().values_list("name", flat=True))
    )
    title = f"{plan.org.name}{plan.year}年度清单事项导入模板"
    return {
        "examples": examples(year, names[0] if names else ""),
        "lists": {"owners": names, "category": CATEGORIES},
        "title": title,
    }


_RECURRENCE = {label: code for code, label in RECURRENCES}
_RECORD_TYPE = {label: code for code, label in RECORD_TYPES}


def _time_text(value):
    if isinstance(value, datetime.time | datetime.datetime):
        return value.strftime("%H:%M")
    if isinstance(value, float) and 0 <= value < 1:  # an Excel time typed into a General cell
        minutes = round(value * 24 * 60)
        return f"{minutes // 60:02d}:{minutes % 60:02d}"
    return cell_text(value)


def _row_data(raw, people_by_name):
    data = {k: cell_text(raw.get(k)) for k in ("category", "title", "month", "day", "place", "method", "standard")}
    data["due"] = cell_date(raw.get("due"))
    data["start_time"] = _time_text(raw.get("start_time"))
    recurrence = cell_text(raw.get("recurrence"))
    data["recurrence"] = "" if recurrence == "不重复" else _RECURRENCE.get(recurrence, recurrence)
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
    return data, {"owners": errors}


def validate_rows(upload, *, plan):
    """[ImportRow] (each unpacks as row_number, data, cleaned, [errors]), has_errors."""
    rows = SPEC.read(upload)
    people_by_name = {}
    for p in Person.objects.filter(org__path__startswith=plan.org.path).active():
        people_by_name.setdefault(p.name, []).append(p)
    result = []
    for n, raw in rows:
        data, extra = _row_data(raw, people_by_name)
        result.append(make_row(SPEC, n, raw, data, ItemForm(data, plan=plan), extra))
    return result, any(r.errors for r in result)


KIND = "plans.item"


def scope_key(plan):
    return f"plan:{plan.pk}"


def write_items(rows, *, by, plan):
    """Add the item of every validated row, or none (core.importing runs it in the import's transaction)."""
    require_manage(by, plan.org)
    if any(r.errors for r in rows):
        raise Invalid("表格中仍有错误，未导入任何事项。请修改后重新上传。")
    created = []
    with transaction.atomic():
        last = plan.items.order_by("-position").values_list("position", flat=True).first() or 0
        for offset, (_n, _data, cleaned, _errors) in enumerate(rows, start=1):
            item = PlanItem.objects.create(plan=plan, position=last + offset, **_item_values(cleaned))
            _set_owners(item, cleaned.get("owners") or [], by=by)
            sync_occurrences(item)
            created.append(item)
            tick()
        audit.record(
            "plans.planitem.import",
            by=by,
            obj=plan,
            org=plan.org,
            after={"items": [i.pk for i in created], "count": len(created)},
        )
    return created


def _plan_pk(key):
    return int(key.removeprefix("plan:"))


def _plan(scope_key, by):
    return get_object_for_user(Plan.objects.select_related("org"), _plan_pk(scope_key), by)


def _back(scope_key, user):
    title = Plan.objects.visible_to(user).filter(pk=_plan_pk(scope_key)).values_list("title", flat=True).first()
    return reverse("plans:plan_detail", args=[_plan_pk(scope_key)]), title or "年度清单"


register_kind(
    KIND,
    label="清单事项导入",
    unit="个事项",
    validate=lambda upload, *, by, scope_key: validate_rows(upload, plan=_plan(scope_key, by)),
    write=lambda rows, *, by, scope_key: write_items(rows, by=by, plan=_plan(scope_key, by)),
    back=_back,
    again=lambda scope_key: reverse("plans:item_import", args=[_plan_pk(scope_key)]),
)


PLAN_COLUMNS = [
    Column("序号", "int", 6),
    Column("分类"),
    Column("要求干什么", "long"),
    Column("什么时间干"),
    Column("地点"),
    Column("谁来干"),
    Column("怎么干", "long"),
    Column("干到什么样子", "long"),
    Column("对应记录类型"),
    Column("完成情况"),
]
RECORD_TYPE_LABELS = dict(RECORD_TYPES)


def _who(item):
    """谁来干 as the 一解 page shows it: the owners, claims still waiting, or 未认领."""
    names = [o.person.name for o in item.ownerships.all()]
    names += [f"{c.person.name}（认领待确认）" for c in getattr(item, "pending_claims", [])]
    return "、".join(names) or f"（{item.owner_status_label or '未认领'}）"


def plan_sheet(plan, today):
    items = reports.items_with_people(plan)
    done = {}
    for occ in reports.occurrences(plan):
        total, finished, missed = done.get(occ.item_id, (0, 0, 0))
        done[occ.item_id] = (
            total + 1,
            finished + (1 if occ.completed_on else 0),
            missed + (1 if occ.status(today) == "missed" else 0),
        )
    rows = []
    for n, item in enumerate(items, start=1):
        total, finished, missed = done.get(item.id, (0, 0, 0))
        when = item.when_label + (f" {item.start_time:%H:%M}" if item.start_time else "")
        progress = f"已完成{finished}/{total}" + (f"，逾期{missed}" if missed else "")
        rows.append(
            [
                n,
                item.category,
                item.title,
                when,
                item.place,
                _who(item),
                item.method,
                item.standard,
                RECORD_TYPE_LABELS.get(item.record_type, item.record_type),
                progress,
            ]
        )
    return [
        Ledger(
            name="一解",
            title=f"{plan.org.name}{plan.year}年度党建工作清单（一解）",
            columns=PLAN_COLUMNS,
            rows=rows,
            org=plan.org.name,
            note=f"清单：{plan.title}" + (f"　依据：{plan.source}" if plan.source else ""),
        )
    ]


def division_sheets(plan):
    d = reports.division(plan)
    members = [[p.name, len(its), "；".join(i.title for i in its) or "（暂无分工）"] for p, its in d["members"]]
    items = [[i.category, i.title, _who(i)] for i in d["items"]]
    title = f"{plan.org.name}{plan.year}年度"
    common = {"org": plan.org.name, "note": f"清单：{plan.title}"}
    return [
        Ledger(
            "全员分工表（一表）",
            f"{title}全员分工表（一表）",
            [Column("党员"), Column("承担事项数", "int"), Column("承担事项", "long")],
            members,
            **common,
        ),
        Ledger(
            "事项责任人",
            f"{title}事项责任人",
            [Column("分类"), Column("事项", "long"), Column("责任人")],
            items,
            **common,
        ),
        Ledger(
            "未认领事项",
            f"{title}未认领事项",
            [Column("分类"), Column("事项", "long")],
            [[i.category, i.title] for i in d["unclaimed"]],
            **common,
        ),
        Ledger("暂无分工的党员", f"{title}暂无分工的党员", [Column("党员")], [[p.name] for p in d["idle"]], **common),
    ]

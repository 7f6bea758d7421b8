"""Demo data: the statistics bureau branch's 2026 list (一解一表两图一轴, seed 000), claims and a template."""

import datetime
import random

from django.db.models import Q

from core import dates
from orgs.models import Person

from . import actions
from .models import Occurrence

SOURCE = "《2026年度钢城区直部门单位党组（党委）履行机关党建主体责任清单》"
# (category, what, when, time, place, how, standard, record type)
ITEMS = [
    (
        "会务安排",
        "召开支部委员会会议",
        {"recurrence": "monthly", "day": 8},
        "15:00",
        "局三楼党员活动室",
        "书记主持，研究当月党建和业务融合工作，形成会议纪要",
        "会议记录、签到表齐全，决议事项有落实",
        "committee_meeting",
    ),
    (
        "会务安排",
        "召开支部党员大会",
        {"recurrence": "quarterly", "day": 20},
        "15:30",
        "局三楼党员活动室",
        "通报支部工作，讨论决定重要事项",
        "到会党员过半数，会议记录规范",
        "general_meeting",
    ),
    (
        "三会一课",
        "召开党小组会",
        {"recurrence": "monthly", "day": 12},
        "16:00",
        "各党小组",
        "党小组长组织学习、开展批评与自我批评",
        "每个党小组每月1次，有记录",
        "group_meeting",
    ),
    (
        "三会一课",
        "书记讲党课",
        {"recurrence": "quarterly", "day": 25},
        "15:00",
        "局三楼党员活动室",
        "支部书记围绕“东部崛起新引擎的统计力量”讲专题党课",
        "有讲稿、有记录、有照片",
        "party_lesson",
    ),
    (
        "主题党日",
        "开展主题党日活动",
        {"recurrence": "monthly", "day": 15},
        "09:00",
        "",
        "每月固定1天，集中学习、过组织生活、志愿服务",
        "活动方案、记录和图片齐全",
        "theme_day",
    ),
    (
        "党员教育",
        "赴章丘区三涧溪村开展党员教育",
        {"due": "2026-04-16"},
        "08:30",
        "章丘区三涧溪村",
        "集体参观学习乡村振兴经验，开展现场教学",
        "形成图文记录并报送党建信息",
        "education",
    ),
    (
        "党员教育",
        "专题研讨：打造“东部崛起新引擎的统计力量”",
        {"due": "2026-06-26"},
        "14:30",
        "局三楼会议室",
        "党员结合统计业务交流发言",
        "每名党员提交1篇心得",
        "study",
    ),
    (
        "宣传报道",
        "报送党建工作信息",
        {"recurrence": "monthly", "day": 25},
        "",
        "",
        "每月向区直机关工委报送1篇以上党建信息",
        "全年报送不少于12篇",
        "",
    ),
    (
        "宣传报道",
        "更新党建宣传栏",
        {"recurrence": "quarterly", "day": 10, "month": 1},
        "",
        "局一楼大厅",
        "围绕中心工作更新宣传内容",
        "内容及时、版面规范",
        "",
    ),
    (
        "廉政建设",
        "签订党风廉政建设责任书",
        {"due": "2026-03-10"},
        "",
        "",
        "局长与班子成员、班子成员与科室负责人逐级签订",
        "签订率100%",
        "",
    ),
    (
        "廉政建设",
        "开展廉政警示教育",
        {"due": "2026-07-15"},
        "09:00",
        "区廉政教育基地",
        "观看警示教育片、参观廉政教育基地",
        "全体党员参加，撰写心得",
        "education",
    ),
    (
        "组织建设",
        "收缴党费",
        {"recurrence": "monthly", "day": 5},
        "",
        "",
        "按月足额收缴，按规定上缴",
        "党费台账清楚",
        "",
    ),
    (
        "组织建设",
        "开展谈心谈话",
        {"recurrence": "yearly", "day": 30, "month": 11},
        "",
        "",
        "支委之间、支委和党员之间、党员之间每年谈心谈话",
        "覆盖全体党员，有记录",
        "talk",
    ),
    (
        "组织建设",
        "开展民主评议党员",
        {"recurrence": "yearly", "day": 20, "month": 12},
        "",
        "",
        "个人自评、党员互评、民主测评",
        "评议结果报区直机关工委",
        "democratic_review",
    ),
    (
        "组织建设",
        "召开组织生活会",
        {"recurrence": "yearly", "day": 28, "month": 12},
        "15:00",
        "局三楼党员活动室",
        "对照检查，开展批评和自我批评",
        "问题清单和整改措施明确",
        "org_life_meeting",
    ),
    (
        "档案管理",
        "党建档案整理归档",
        {"recurrence": "quarterly", "day": 28},
        "",
        "局档案室",
        "按“三会一课”、主题党日、党员教育分类归档",
        "档案完整、目录清晰",
        "",
    ),
    (
        "档案管理",
        "编印年度党建档案汇编",
        {"due": "2026-12-25"},
        "",
        "",
        "汇总全年会议纪要、活动图片和信息报道",
        "装订成册，参加全区党建档案交流",
        "",
    ),
]


def _item_data(category, title, when, time, place, method, standard, record_type):
    data = {
        "category": category,
        "title": title,
        "start_time": time,
        "place": place,
        "method": method,
        "standard": standard,
        "record_type": record_type,
    }
    data.update({k: str(v) for k, v in when.items()})
    return data


def _complete_from_records(plan, by, today, rng):
    """Link each past meeting occurrence to a record of its type in its period; notes for the rest."""
    from records.models import Record

    records = list(
        Record.objects.filter(
            Q(date__year=plan.year) | Q(for_year=plan.year), org__path__startswith=plan.org.path
        ).order_by("date")
    )
    occs = Occurrence.objects.filter(item__plan=plan, due__lte=today).select_related("item__plan__org")
    for occ in occs:
        item = occ.item
        if item.record_type:
            hit = next((r for r in records if actions.record_fulfils(r, item.record_type, occ.period)), None)
            if hit is not None:
                actions.complete_occurrence(occ, by=by, data={"record": hit.pk})
        elif rng.random() < 0.85:
            late = rng.random() < 0.15
            done_on = (
                occ.due + datetime.timedelta(days=rng.randint(1, 6))
                if late
                else occ.due - datetime.timedelta(days=rng.randint(0, 4))
            )
            actions.complete_occurrence(
                occ,
                by=by,
                data={"note": f"已按要求完成：{item.title}。", "completed_on": min(done_on, today).isoformat()},
            )


def build(world):
    from .marks import rebuild

    rebuild()  # the records' demo bulk-creates its meetings, bypassing the saves that keep the 台账汇总
    rng = random.Random(20260316)
    today = min(dates.today(), datetime.date(world.get("year", 2026), 12, 31))
    users = world["users"]
    secretary, committee_user, member = users["secretary1"], users["committee"], users.get("member1")
    branch = world["stats_branch"]
    orgs = type(branch).objects.all()
    plan = actions.create_plan(
        by=secretary,
        orgs=orgs,
        data={"org": branch.pk, "year": 2026, "title": "2026年度区统计局机关党支部党建工作清单", "source": SOURCE},
    )
    items = [actions.add_item(plan, by=secretary, data=_item_data(*row)) for row in ITEMS]

    # 一表: members claim what they know; the secretary confirms; a few remain open for the demo.
    people = list(Person.objects.filter(org=branch).active().party_members().order_by("id"))
    claimant = member.person if member and member.person_id else None
    if claimant is not None:
        for item in (items[7], items[15]):  # 信息报送 and 档案整理: 刘锋-style roles in seed 000
            claim = actions.claim_item(item, by=member, data={"note": "熟悉信息写作和档案管理"})
            actions.confirm_claim(claim, by=secretary)
        actions.claim_item(items[8], by=member, data={"note": "可以负责宣传栏"})  # left pending for the demo
    others = [p for p in people if p.pk != getattr(claimant, "pk", None)]
    for n, item in enumerate(items):
        if item in (items[7], items[8], items[15], items[16]):  # 8 pending, 16 deliberately unclaimed
            continue
        owner = others[n % len(others)] if others else None
        if owner is not None:
            actions.assign_owner(item, by=secretary, data={"person": owner.pk})
    _complete_from_records(plan, secretary, today, rng)
    actions.publish_template(plan, by=secretary)

    # 复制性强: other branches clone the template, then assign their own people.
    for other in [b for b in world["branches"] if b.pk != branch.pk][:4]:
        clone = actions.clone_plan(
            plan,
            by=committee_user,
            orgs=orgs,
            data={"org": other.pk, "year": 2026, "title": f"2026年度{other.name}党建工作清单"},
        )
        staff = list(Person.objects.filter(org=other).active().party_members().order_by("id"))
        for n, item in enumerate(clone.items.order_by("position")):
            if staff and rng.random() < 0.8:
                actions.assign_owner(item, by=committee_user, data={"person": staff[n % len(staff)].pk})
        _complete_from_records(clone, committee_user, today, rng)
    world["plans"] = {"stats_plan": plan}

"""Demo world: a district working committee (区直机关工委) with units, branches, party groups and people."""

import datetime
import random

from accounts.models import RoleAssignment, User
from core import audit

from . import idnumber
from .models import Organisation, Person, Position

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = (
    "伟 芳 娜 秀英 敏 静 丽 强 磊 军 洋 勇 艳 杰 娟 涛 明 超 秀兰 霞 平 刚 桂英 建华 晓东 海燕 志强 玉兰 文博 雪梅 "
    "建国 国庆 丽华 红梅 晓燕 立新 春雷 振华 佳琪 子涵 雨萱 浩然 宇航 欣怡 思远 明轩 婉婷 俊杰 晨曦 鹏飞 "
    "成刚 丽娟 秀梅 伟东 海涛 新民 卫东 爱华 桂芳 玉梅 金凤 永红 学军 建军 小红 宏伟 晓明 慧敏 文静"
).split()

# (unit organisation, kind, host unit, branches)
UNITS = [
    ("区统计局机关党总支", "general_branch", "钢城区统计局", ["区统计局机关党支部", "区统计局普查中心党支部"]),
    (
        "区财政局机关党委",
        "committee",
        "钢城区财政局",
        ["区财政局机关第一党支部", "区财政局机关第二党支部", "区财政局国库支付中心党支部"],
    ),
    (
        "区教育和体育局机关党委",
        "committee",
        "钢城区教育和体育局",
        ["区教体局机关党支部", "区教体局教研室党支部", "区教体局体育中心党支部"],
    ),
    ("区卫生健康局党总支", "general_branch", "钢城区卫生健康局", ["区卫健局机关党支部", "区疾控中心党支部"]),
    (
        "区住房和城乡建设局党总支",
        "general_branch",
        "钢城区住房和城乡建设局",
        ["区住建局机关党支部", "区住建局质量安全站党支部"],
    ),
    (
        "区市场监督管理局机关党委",
        "committee",
        "钢城区市场监督管理局",
        ["区市场监管局机关党支部", "区市场监管局执法大队党支部", "区市场监管局艾山所党支部"],
    ),
    (
        "区人力资源和社会保障局党总支",
        "general_branch",
        "钢城区人力资源和社会保障局",
        ["区人社局机关党支部", "区社保中心党支部"],
    ),
    ("区农业农村局党总支", "general_branch", "钢城区农业农村局", ["区农业农村局机关党支部", "区农业技术推广站党支部"]),
]
TITLES = ["书记", "组织委员", "宣传委员", "纪检委员"]
EDUCATIONS = ["postgraduate", "bachelor", "bachelor", "bachelor", "college", "secondary"]
CATEGORY_MIX = ["full"] * 12 + ["probationary", "candidate", "activist"]


def _person(rng, org, group, seq, category, used_names):
    while True:
        name = rng.choice(SURNAMES) + rng.choice(GIVEN)
        if name not in used_names:
            used_names.add(name)
            break
    gender = rng.choice(["male", "female"])
    birth = datetime.date(rng.randint(1966, 2000), rng.randint(1, 12), rng.randint(1, 28))
    # The sequence digit before the check digit is odd for men and even for women (GB 11643).
    seq3 = (seq * 2 + (1 if gender == "male" else 0)) % 1000
    joined = None
    full_on = None
    if category in ("full", "probationary"):
        joined = birth.replace(year=birth.year + rng.randint(20, 30))
        joined = min(joined, datetime.date(2025, 12, 1))
        if category == "full":
            full_on = joined.replace(year=joined.year + 1) if joined.year < 2025 else None
            if full_on is None:
                category = "probationary"
    p = Person(
        name=name,
        gender=gender,
        birth_date=birth,
        org=org,
        group=group,
        category=category,
        education=rng.choice(EDUCATIONS),
        joined_on=joined,
        full_member_on=full_on,
        phone=f"139{rng.randint(10000000, 99999999)}",
    )
    p.set_id_number(idnumber.make("370117", birth, seq3))
    return p


def _user(world, username, description, *, person=None, roles=()):
    user = User(username=username, person=person, must_change_password=False)
    user.set_password(world["password"])
    user.save()
    for role, org in roles:
        RoleAssignment.objects.create(user=user, role=role, org=org)
    world["users"][username] = user
    world["accounts"].append((username, description))
    return user


def build(world):
    rng = random.Random(20260101)
    world.setdefault("year", 2026)
    world.setdefault("users", {})
    world.setdefault("accounts", [])
    committee = Organisation.add_root(
        name="钢城区区直机关工委", kind="working_committee", unit="中共济南市钢城区委区直机关工作委员会"
    )
    units, branches, groups, people, secretaries, cadres = [], [], {}, {}, {}, []
    used_names = set()
    seq = 0
    people_to_create = []
    for unit_name, kind, host, branch_names in UNITS:
        committee.refresh_from_db()
        unit = committee.add_child(name=unit_name, kind=kind, unit=host)
        units.append(unit)
        for branch_name in branch_names:
            unit.refresh_from_db()
            branch = unit.add_child(name=branch_name, kind="branch", unit=host)
            branches.append(branch)
            groups[branch.id] = []
            for g in ("第一党小组", "第二党小组"):
                branch.refresh_from_db()
                groups[branch.id].append(branch.add_child(name=branch_name.replace("党支部", "") + g, kind="group"))
            members = []
            for i in range(15):
                seq += 1
                category = "full" if i < 4 else rng.choice(CATEGORY_MIX)
                group = groups[branch.id][i % 2] if category in ("full", "probationary") else None
                members.append(_person(rng, branch, group, seq, category, used_names))
            people[branch.id] = members
            people_to_create.extend(members)
    # The committee's own staff sit in the working committee's office branch.
    committee.refresh_from_db()
    office = committee.add_child(name="区直机关工委机关党支部", kind="branch", unit="区直机关工委")
    branches.append(office)
    groups[office.id] = []
    office_people = []
    for _ in range(6):
        seq += 1
        office_people.append(_person(rng, office, None, seq, "full", used_names))
    people[office.id] = office_people
    people_to_create.extend(office_people)
    Person.objects.bulk_create(people_to_create)
    # bulk_create skips save(): fill the pinyin initials the list filter needs.
    for p in people_to_create:
        p.save(update_fields=["name_initials"])

    for branch in branches:
        members = people[branch.id]
        secretaries[branch.id] = members[0]
        for title, person in zip(TITLES, members, strict=False):
            Position.objects.create(org=branch, person=person, title=title, started_on=datetime.date(2024, 1, 8))
            cadres.append(person)
        for group, leader in zip(groups[branch.id], members[4:6], strict=False):
            Position.objects.create(org=group, person=leader, title="党小组长", started_on=datetime.date(2024, 1, 8))
            cadres.append(leader)

    stats_branch = branches[0]
    other_branch = branches[3]
    world.update(
        committee=committee,
        office_people=office_people,  # the committee's own staff: modules give some of them their accounts
        units=units,
        branches=branches,
        groups=groups,
        people=people,
        secretaries=secretaries,
        cadres=cadres,
        stats_branch=stats_branch,
    )
    u = world["users"]
    _user(world, "sysadmin", "系统管理员（账号与组织架构，无业务权限）", roles=[("sysadmin", None)])
    _user(world, "secadmin", "安全管理员（授予和撤销角色）", roles=[("secadmin", None)])
    _user(world, "auditor", "审计管理员（只读审计日志）", roles=[("auditor", None)])
    _user(
        world,
        "committee",
        f"工委党务管理员（{committee.name}全部组织）",
        person=office_people[0],
        roles=[("org_admin", committee)],
    )
    _user(
        world,
        "secretary1",
        f"党务管理员（{stats_branch.name}，支部书记）",
        person=secretaries[stats_branch.id],
        roles=[("org_admin", stats_branch)],
    )
    _user(
        world,
        "secretary2",
        f"党务管理员（{other_branch.name}，支部书记）",
        person=secretaries[other_branch.id],
        roles=[("org_admin", other_branch)],
    )
    _user(
        world,
        "member1",
        f"党员（{stats_branch.name}）",
        person=people[stats_branch.id][6],
        roles=[("member", stats_branch)],
    )
    _user(
        world,
        "member2",
        f"党员（{other_branch.name}）",
        person=people[other_branch.id][6],
        roles=[("member", other_branch)],
    )
    # ---- teams ----
    from . import demo_teams

    demo_teams.build(world)
    audit.record(
        "demo.load",
        by=None,
        org=committee,
        object_type="demo",
        object_repr=f"演示数据：{len(branches)}个党支部，{len(people_to_create)}人",
        after={"orgs": Organisation.objects.count(), "people": len(people_to_create), "users": len(u)},
    )

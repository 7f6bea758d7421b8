"""Demo data: the 2026 积分制 scheme of seed 002 (6 dimensions, 23 items) and Jan–Nov declarations, all
made through the real actions so the review trail, ledger and audit log look exactly as in production."""

import datetime
import random

from accounts.models import RoleAssignment, User
from accounts.roles import ROLE_LABELS

from . import actions, publicity
from .choices import APPROVED, LEVEL_ROLES
from .models import Declaration

SCHEME_NAME = "2026年机关党建高质量发展动态化积分制管理办法（试行）"
# (dimension, item, 目标要求, 考评标准, points, subject type, cap per cycle, quantity may be fractional)
ITEMS = [
    (
        "基础工作再提升",
        "规范落实“三会一课”制度",
        "按期召开支部党员大会、支委会、党小组会，按时上好党课",
        "每季度全部按期落实计2分，记录完整规范",
        2,
        "org",
        8,
        False,
    ),
    (
        "基础工作再提升",
        "高质量开展主题党日活动",
        "每月固定一天开展主题党日，主题鲜明、形式多样",
        "每开展1次且有活动记录计1分",
        1,
        "org",
        12,
        False,
    ),
    (
        "基础工作再提升",
        "规范召开组织生活会和民主评议党员",
        "年度组织生活会会前准备充分，批评和自我批评有辣味",
        "按要求召开并报送材料计3分",
        3,
        "org",
        3,
        False,
    ),
    (
        "基础工作再提升",
        "党建档案资料规范完整",
        "党建档案分类归档、及时更新",
        "经工委检查档案规范计2分",
        2,
        "org",
        2,
        False,
    ),
    (
        "基础工作再提升",
        "党费收缴使用管理规范",
        "按月足额交纳党费，收缴台账清晰",
        "每季度无欠交计1分",
        1,
        "org",
        4,
        False,
    ),
    (
        "阵地建设再提级",
        "建设标准化党员活动室",
        "活动室做到有场所、有标识、有制度、有设施、有资料",
        "经验收达标计5分",
        5,
        "org",
        5,
        False,
    ),
    (
        "阵地建设再提级",
        "打造党建文化阵地",
        "建设党建文化长廊、党员先锋墙等特色阵地",
        "每建成1处计4分",
        4,
        "org",
        8,
        False,
    ),
    (
        "阵地建设再提级",
        "党建信息在区级以上媒体刊发",
        "及时总结报送党建工作动态",
        "每刊发1篇计2分",
        2,
        "org",
        None,
        False,
    ),
    (
        "阵地建设再提级",
        "运用线上阵地开展学习",
        "通过“学习强国”等平台常态化学习",
        "每月学习达标计1分",
        1,
        "member",
        6,
        False,
    ),
    ("队伍建设再提质", "书记讲专题党课", "支部书记每年至少讲1次专题党课", "每讲1次计3分", 3, "cadre", 12, False),
    (
        "队伍建设再提质",
        "党务干部参加业务培训",
        "积极参加各级党务业务培训",
        "每培训1天计2分（可按半天计）",
        2,
        "cadre",
        10,
        True,
    ),
    (
        "队伍建设再提质",
        "党务干部调研报告或理论文章获采用",
        "围绕机关党建开展调研、撰写文章",
        "每篇获区级以上采用计4分",
        4,
        "cadre",
        None,
        False,
    ),
    (
        "队伍建设再提质",
        "发展党员工作规范有序",
        "严格落实发展党员工作程序",
        "每发展1名党员程序规范计2分",
        2,
        "org",
        None,
        False,
    ),
    (
        "队伍建设再提质",
        "党员参加集中学习培训",
        "按要求参加集中学习和专题培训",
        "每参加1天计1分（可按半天计）",
        1,
        "member",
        10,
        True,
    ),
    ("创新工作再突破", "创建党建特色品牌", "结合业务打造“一支部一品牌”", "品牌获工委认定计10分", 10, "org", 10, False),
    (
        "创新工作再突破",
        "党建与业务融合项目取得成效",
        "以党建项目推动中心工作",
        "项目通过验收计6分",
        6,
        "org",
        None,
        False,
    ),
    ("创新工作再突破", "党建工作经验在区级以上推广", "及时提炼特色做法", "每推广1项计5分", 5, "org", None, False),
    (
        "创新工作再突破",
        "党务干部创新工作法获评",
        "总结形成可复制的工作法",
        "获评区级以上优秀工作法计5分",
        5,
        "cadre",
        None,
        False,
    ),
    (
        "典型培育更用心",
        "获评先进基层党组织",
        "争创先进党支部、过硬党支部",
        "获区级以上表彰计10分",
        10,
        "org",
        None,
        False,
    ),
    ("典型培育更用心", "选树“党员先锋岗”", "党员立足岗位争当先锋", "每季度获评1次计3分", 3, "member", 6, False),
    ("典型培育更用心", "先进典型事迹被上级宣传", "深入挖掘身边典型", "每被区级以上宣传1次计4分", 4, "org", None, False),
    ("榜样带动更有力", "党员参加志愿服务", "积极参加社区报到和志愿服务", "每参加1次计1分", 1, "member", 12, False),
    (
        "榜样带动更有力",
        "党员在急难险重任务中发挥模范作用",
        "在防汛、疫情防控等任务中冲锋在前",
        "经单位党组织认定每次计5分",
        5,
        "member",
        None,
        False,
    ),
]


def _reviewers(world):
    """The committee's three points reviewers (三级审核), from its own staff (a world that has them keeps them)."""
    for level, role in LEVEL_ROLES.items():
        if role in world["users"]:
            continue
        user = User(username=role, person=world["office_people"][level], must_change_password=False)
        user.set_password(world["password"])
        user.save()
        RoleAssignment.objects.create(user=user, role=role, org=world["committee"])
        world["users"][user.username] = user
        world["accounts"].append((user.username, f"积分{ROLE_LABELS[role]}"))


def _branch_admin(world, branch, index):
    """The branch's 党务管理员 account; one is created (linked to the secretary if she has no account yet)
    when the demo world has none. Existing accounts are never given new roles here."""
    for user in world["users"].values():
        if any(a.role == "org_admin" and a.org_id == branch.pk for a in RoleAssignment.objects.filter(user=user)):
            return user
    secretary = world.get("secretaries", {}).get(branch.pk)
    if secretary is None or User.objects.filter(person=secretary).exists():
        # Her account serves another purpose (e.g. the committee's staff): the branch's other cadre
        # (组织委员, 宣传委员 …) or else its first full member keeps the branch's books.
        secretary = _branch_cadre_without_account(branch)
    user = User(username=f"branch{index:02d}", person=secretary, must_change_password=False)
    user.set_password(world["password"])
    user.save()
    RoleAssignment.objects.create(user=user, role="org_admin", org=branch)
    world["users"][user.username] = user
    return user


def _branch_cadre_without_account(branch):
    from orgs.models import Person

    people = Person.objects.filter(org=branch, category="full", user__isnull=True)
    return people.filter(positions__org=branch).order_by("id").first() or people.order_by("id").first()


def _declare(by, item, *, day, quantity=1, org=None, person=None, description="", submit=True):
    data = {
        "item": item.pk,
        "quantity": str(quantity),
        "occurred_on": day.isoformat(),
        "description": description,
        "subject_org": org.pk if org is not None else "",
        "subject_person": person.pk if person else "",
    }
    decl = actions.create_declaration(by=by, data=data)
    if submit:
        decl = actions.submit_declaration(decl, by=by)
    return decl


def _review_to(decl, reviewers, levels, *, decision="approve", comment=""):
    for level in range(1, levels + 1):
        last = level == levels
        decl = actions.review_declaration(
            decl,
            by=reviewers[level],
            data={"decision": decision if last else "approve", "comment": comment if last else "材料齐全，同意"},
        )
    return decl


def build(world):
    rng = random.Random(2026)
    _reviewers(world)
    users = world["users"]
    committee_admin = users["committee"]
    reviewers = {level: users[f"reviewer_l{level}"] for level in (1, 2, 3)}
    year = world.get("year", 2026)
    scheme = actions.create_scheme(
        by=committee_admin,
        data={
            "org": world["committee"].pk,
            "year": year,
            "name": SCHEME_NAME,
            "full_marks": "100",
            "linkage_every": "10",
            "linkage_mode": "per_person",
        },
    )
    items = []
    for dim, name, requirement, standard, points, subject, cap, fraction in ITEMS:
        items.append(
            actions.add_item(
                scheme,
                by=committee_admin,
                data={
                    "dimension": dim,
                    "name": name,
                    "requirement": requirement,
                    "standard": standard,
                    "points": points,
                    "subject_type": subject,
                    "cap": cap or "",
                    "allow_fraction": fraction,
                },
            )
        )
    org_items = [i for i in items if i.subject_type == "org"]
    member_items = [i for i in items if i.subject_type == "member"]
    cadre_items = [i for i in items if i.subject_type == "cadre"]
    cadres = set(p.pk for p in world.get("cadres", []))
    # A reviewer never reviews her own points, so the reviewers' own people get no declarations here.
    reviewer_people = {u.person_id for u in reviewers.values() if u.person_id}

    branches = list(world["branches"])
    created_admins = []
    for index, branch in enumerate(branches, start=1):
        admin = _branch_admin(world, branch, index)
        if admin.username.startswith("branch"):
            created_admins.append(admin.username)
        activity = rng.uniform(0.3, 1.0)  # some branches are far busier than others: the ranking spreads out
        for month in range(1, 11):
            if rng.random() > activity:
                continue
            item = rng.choice(org_items)
            day = datetime.date(year, month, rng.randint(1, 28))
            qty = 1 if item.points >= 5 else rng.randint(1, 2)
            decl = _declare(
                admin,
                item,
                day=day,
                quantity=qty,
                org=branch,
                description=f"{branch.name}{month}月{item.name}，相关记录已归档。",
            )
            _review_to(decl, reviewers, 3 if month <= 9 else rng.choice([1, 2]))
        people = [
            p
            for p in world["people"].get(branch.pk, [])
            if p.is_party_member and p.status == "active" and p.pk not in reviewer_people
        ]
        for person in rng.sample(people, min(len(people), 4)):
            is_cadre = person.pk in cadres
            pool = cadre_items if is_cadre else member_items
            for _ in range(rng.randint(1, 4)):
                item = rng.choice(pool)
                day = datetime.date(year, rng.randint(1, 10), rng.randint(1, 28))
                qty = rng.choice([1, 1, 2, 3]) if item.points <= 2 else 1
                decl = _declare(
                    admin, item, day=day, quantity=qty, person=person, description=f"{person.name}：{item.name}"
                )
                if day.month <= 9:
                    _review_to(decl, reviewers, 3)

    # A returned and a rejected declaration, so the trail shows both outcomes.
    stats = world.get("stats_branch") or branches[0]
    sec1 = users.get("secretary1") or _branch_admin(world, stats, 0)
    returned = _declare(
        sec1,
        org_items[7],
        day=datetime.date(year, 10, 15),
        org=stats,
        description="在《钢城新闻》刊发统计局党建工作动态1篇",
    )
    _review_to(returned, reviewers, 1, decision="return", comment="请补充刊发版面截图作为佐证")
    rejected = _declare(sec1, org_items[-1], day=datetime.date(year, 8, 20), org=stats, description="申报上级宣传")
    _review_to(rejected, reviewers, 2, decision="reject", comment="经核实为单位内部宣传，不符合考评标准")
    # 双向确认: the committee records an item for the statistics branch, waiting for its confirmation.
    _declare(
        committee_admin,
        org_items[3],
        day=datetime.date(year, 11, 10),
        org=stats,
        description="工委11月检查，统计局党支部档案规范",
    )
    # A member declares for herself (draft and submitted).
    member1 = users.get("member1")
    if member1 is not None and member1.person_id and member1.person.is_party_member:
        _declare(
            member1,
            member_items[-2],
            day=datetime.date(year, 11, 8),
            person=member1.person,
            description="参加社区“双报到”志愿服务",
            submit=True,
        )

    # The 1–10月 organisation ranking frozen and published for five working days.
    if Declaration.objects.filter(scheme=scheme, state=APPROVED).exists():
        pub = publicity.freeze(
            scheme,
            by=committee_admin,
            data={
                "subject_type": "org",
                "until": datetime.date(year, 10, 31).isoformat(),
                "title": f"{year}年1-10月党组织积分排名",
                "objection_days": "5",
            },
        )
        publicity.publish(pub, by=committee_admin)

    if created_admins:
        world.setdefault("accounts", []).append(
            (
                f"{created_admins[0]}…{created_admins[-1]}",
                "其他各党支部的党务管理员，积分申报与单位确认（没有 branch01、branch04：这两个支部由 secretary1、secretary2 负责）",
            )
        )
    world["points_scheme"] = scheme
    return scheme

"""Demo data: categories (seeds 003, 004, 001), settings, a catalogue and ~25 projects across tiers and states,
linked to the feedback demo's problem list (问题清单); expenses come from demo_budget."""

import datetime

from accounts.models import RoleAssignment, User
from orgs.models import Person

from . import actions, demo_exec
from .choices import CategoryKind
from .models import Category, ProjectSettings

SEED_003 = [
    ("基础规范", CategoryKind.STANDARD),
    ("服务关怀", CategoryKind.STANDARD),
    ("创新探索", CategoryKind.STANDARD),
    ("主题实践", CategoryKind.STANDARD),
    ("精品党建", CategoryKind.STANDARD),
]
SEED_004 = [(n, CategoryKind.STANDARD) for n in ("服务民生", "学习教育", "党员管理", "纪律作风", "业务规范")]
SEED_001 = [("考核类", CategoryKind.ASSESSED), ("试点类", CategoryKind.PILOT), ("创新类", CategoryKind.RESEARCH)]

# (category, title, tier, content, measures)
CATALOGUE = [
    (
        "基础规范",
        "“三会一课”标准化建设",
        "general",
        "对照组织生活制度，规范会议程序、记录和档案。",
        "制定流程图和记录模板；每季度交叉检查一次。",
    ),
    (
        "服务关怀",
        "困难党员结对关怀",
        "micro",
        "支部党员与困难党员、老党员结对，常态化走访。",
        "建立结对台账；重要节日上门走访；帮办实事。",
    ),
    (
        "创新探索",
        "党员“1+N”帮扶法",
        "key",
        "1名党员骨干带动N名青年干部，在业务难点上结对攻关。",
        "签订帮扶协议；每月交流；年底评选优秀帮扶对子。",
    ),
    (
        "主题实践",
        "党员“亮身份、显作用、树形象”",
        "general",
        "党员在岗位上亮明身份、作出承诺、接受监督。",
        "设立党员先锋岗；公开承诺；季度点评。",
    ),
    (
        "精品党建",
        "党建品牌培育工程",
        "key",
        "提炼支部特色做法，形成可复制推广的党建品牌。",
        "明确品牌名称和口号；总结案例；组织经验交流。",
    ),
    (
        "服务民生",
        "在职党员进社区",
        "general",
        "在职党员到居住地社区报到，认领服务岗位。",
        "建立报到台账；每月参加一次社区志愿服务。",
    ),
    (
        "学习教育",
        "“学习强国”学用竞赛",
        "micro",
        "以赛促学，提升党员理论学习的覆盖面和实效。",
        "按月通报积分；组织知识竞赛。",
    ),
    (
        "试点类",
        "机关党建与业务“双融合”试点",
        "key",
        "探索党建与业务同谋划、同部署、同考核。",
        "确定融合指标；试点先行；形成调研报告。",
    ),
]

PROJECTS = [
    # (branch index, catalogue index or None, title, slogan, tier, target state)
    (0, 2, "统计数据质量“1+N”攻坚", "数据真一分，决策准十分", "key", "accepted"),
    (0, 3, "普查一线党旗红", "亮身份、当先锋、保质量", "general", "in_progress"),
    (0, None, "统计法治宣传进企业", "依法统计，诚信为本", "micro", "approved"),
    (0, 0, "支部“三会一课”标准化", "规范是底线，落实见成效", "general", "submitted"),
    (0, 1, "老党员“暖心行动”", "组织在身边，关怀常相伴", "micro", "draft"),
    (0, 4, "“统计先锋”党建品牌", "统计为民，先锋在前", "key", "returned"),
    (3, 5, "在职党员进社区“七彩心桥”", "居民有所呼，党员有所应", "general", "closing_requested"),
    (3, None, "业务窗口党员示范岗", "一个党员一面旗", "general", "in_progress"),
    (3, 7, "党建业务“双融合”试点", "同谋划、同推进、同考核", "key", "submitted"),
    (3, None, "青年理论学习小组", "学思践悟，青春建功", "micro", "draft"),
    (3, 6, "“学习强国”学用竞赛", "比学赶超，学以致用", "micro", "approved"),
    (0, None, "统计服务“最多跑一次”", "让数据多跑路，让企业少跑腿", "general", "rejected"),
    (3, None, "廉洁文化进机关", "清风润心，廉洁从业", "general", "not_accepted"),
    (0, None, "数据安全党员责任区", "守好数据安全每一道关", "micro", "in_progress"),
    (3, None, "支部档案数字化", "一档一码，随查随用", "micro", "accepted"),
]

# Projects of other branches (seeds 003 and 004 name them): (branch index, catalogue index or None, title, slogan,
# tier, target state). Their admins are the branchNN accounts of the points demo.
MORE_PROJECTS = [
    (1, 3, "普查一线“党员先锋岗”", "亮身份、显作用、树形象", "general", "in_progress"),
    (1, None, "“指尖课堂”微党课", "指尖上的学习，身边的课堂", "micro", "accepted"),
    (2, 5, "“小物业、大民生”党建联建", "小物业连着大民生", "key", "in_progress"),
    (2, None, "“会长热线”服务企业", "一个电话，服务到家", "micro", "submitted"),
    (4, None, "“一票直达”国库支付", "资金直达，服务直通", "general", "closing_requested"),
    (4, 1, "“银发先锋大课堂”", "银发余热，先锋本色", "micro", "approved"),
    (5, 5, "在职党员进社区“志愿公社”", "报到即服务，服务见实效", "general", "in_progress"),
    (5, None, "“先锋书房”阅读分享", "书香润初心", "micro", "draft"),
    (6, 0, "教研室“标准化、特色化”支部建设", "规范是底线，特色是亮点", "general", "returned"),
    (7, None, "“党建+安全”校园体育场馆", "安全无小事，党员站前排", "general", "rejected"),
    (6, 7, "教研与党建“双融合”试点", "同谋划、同部署、同考核", "key", "in_progress"),  # 试点类: 创新资助
]
# A project's problems (问题清单), by a phrase of the problem's title; acceptance closes them.
PROBLEM_LINKS = {
    "统计数据质量“1+N”攻坚": "缺乏总结提炼",
    "“统计先锋”党建品牌": "缺乏总结提炼",
    "在职党员进社区“七彩心桥”": "居民需求清单",
    "普查一线党旗红": "居民需求清单",
    "“小物业、大民生”党建联建": "物业服务纠纷",
    "在职党员进社区“志愿公社”": "作用发挥不明显",
}

CRITERIA = "完成进度 30\n质量标准 30\n群众满意度 40"


def _admin_of(branch):
    """The account administering `branch` (the points demo's branchNN; None: no project for it)."""
    grant = RoleAssignment.objects.filter(role="org_admin", org=branch).select_related("user").order_by("id").first()
    return grant.user if grant else None


def _problems(by, title):
    from feedback.models import Problem

    phrase = PROBLEM_LINKS.get(title)
    if not phrase:
        return []
    return list(
        Problem.objects.visible_to(by)
        .exclude(state="closed")
        .filter(title__contains=phrase)
        .values_list("pk", flat=True)[:1]
    )


def _categories(committee, names):
    for n, (name, kind) in enumerate(names):
        Category.objects.get_or_create(committee=committee, name=name, defaults={"kind": kind, "position": n})


def build(world):
    users = world["users"]
    committee_user, root = users["committee"], world["committee"]
    units = [u for u in world["units"] if u.kind == "committee"]
    _categories(root, SEED_003)
    if units:
        _categories(units[0], SEED_004)
    if len(units) > 1:
        _categories(units[1], SEED_001)
    ProjectSettings.objects.update_or_create(
        committee=root, defaults={"approval_tiers": ["key", "general"], "approval_levels": 1}
    )
    entries = []
    for cat_name, title, tier, content, measures in CATALOGUE:
        category = Category.objects.filter(name=cat_name).first()
        data = {"category": category.pk, "title": title, "tier": tier, "content": content, "measures": measures}
        entries.append(actions.add_entry(by=committee_user, data=data))

    # A mentor of the working committee's pool (导师帮带): an office cadre with the mentor role only.
    mentor_person = world["office_people"][5]
    mentor = User(username="mentor1", person=mentor_person, must_change_password=False)
    mentor.set_password(world["password"])
    mentor.save()
    RoleAssignment.objects.create(user=mentor, role="mentor", org=root)
    users["mentor1"] = mentor
    world["accounts"].append(("mentor1", f"导师（{mentor_person.name}，只看所帮带的项目）"))

    branches = world["branches"]
    admins = {0: users["secretary1"], 3: users["secretary2"]}
    for b, *_rest in MORE_PROJECTS:
        if b < len(branches) and b not in admins:
            admins[b] = _admin_of(branches[b])
    year = world.get("year", 2026)
    planned = PROJECTS + [p for p in MORE_PROJECTS if p[0] < len(branches) and admins.get(p[0])]
    for n, (b, entry_no, title, slogan, tier, target) in enumerate(planned):
        branch, by = branches[b], admins[b]
        people = list(Person.objects.filter(org=branch, status="active").order_by("id"))
        entry = entries[entry_no] if entry_no is not None else None
        if entry is not None and not branch.path.startswith(entry.category.committee.path):
            entry = None  # another committee's catalogue (seed 004's or 001's set)
        start = datetime.date(year, 1 + n % 6, 1)
        data = {
            "org": branch.pk,
            "title": title,
            "slogan": slogan,
            "brand": slogan.split("，")[0] if tier == "key" else "",
            "tier": tier,
            "category": entry.category_id
            if entry
            else Category.objects.filter(committee=root).order_by("position")[n % 5].pk,
            "problem": "群众反映办事环节多、回应慢，党员作用发挥不够明显。",
            "content": entry.content if entry else f"围绕“{title}”，聚焦中心工作中的短板，组织党员攻坚。",
            "measures": entry.measures if entry else "成立攻坚小组；制定任务清单；每月调度一次。",
            "progress_plan": "第一阶段调研选题；第二阶段组织实施；第三阶段总结验收。",
            "start": start.isoformat(),
            "end": datetime.date(year, 12, 20).isoformat(),
            "quality_standard": "任务按期完成，台账资料齐全，群众满意率不低于80%。",
            "expected_goal": "破解一类难题，形成一项可复制的工作机制。",
            "owner": people[1].pk,
            "liaison_leader": people[0].pk,
            "team": [p.pk for p in people[2:6]],
            "mentors": [mentor_person.pk] if n % 3 == 0 else [],
            "budget": str(2000 * (3 if tier == "key" else 1 if tier == "general" else 0.5)),
            "criteria": CRITERIA,
            "problems": _problems(by, title),
        }
        if target == "draft":
            data.update(budget="", criteria="")  # a draft still missing part of "1+5"
        project = actions.create_project(by=by, data=data, entry=entry)
        _advance(project, target, by=by, committee=committee_user)
    demo_exec.build(world)  # exec: tasks, baselines, progress reports

    from . import demo_budget

    demo_budget.build(world)

    from . import demo_superv

    demo_superv.build(world)  # superv: supervision groups, inspections, a random sample, the mentor pool
    from . import demo_public  # public: 四公开, surveys, acceptance, awards

    demo_public.build(world)


PATHS = {
    "draft": [],
    "submitted": ["submit"],
    "returned": ["submit", "return"],
    "rejected": ["submit", "reject"],
    "approved": ["submit", "approve"],
    "in_progress": ["submit", "approve", "start"],
    "closing_requested": ["submit", "approve", "start", "request_closing"],
    "accepted": ["submit", "approve", "start", "request_closing", "accept"],
    "not_accepted": ["submit", "approve", "start", "request_closing", "fail"],
}
COMMENTS = {
    "return": "预期目标不够具体，请补充可量化的指标后重新申报。",
    "reject": "与已立项项目内容重复，建议并入相关项目。",
    "approve": "同意立项。",
    "accept": "目标达成，台账齐全，同意结题。",
    "fail": "主要任务未按期完成，群众满意率未达到要求。",
    "request_closing": "各项任务已完成，申请结题验收。",
}
BY_COMMITTEE = {"approve", "return", "reject", "accept", "fail", "file"}


def _advance(project, target, *, by, committee):
    from .config import needs_approval

    for step in PATHS[target]:
        if step == "approve" and not needs_approval(project):
            step = "file"
        user = committee if step in BY_COMMITTEE else by
        project = actions.transition(project, step, by=user, comment=COMMENTS.get(step, ""))

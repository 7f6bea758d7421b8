"""Demo records: a year (January to November 2026) of 三会一课, 主题党日 and other activities per branch.

Most branches keep every obligation; a few miss some (a skipped 支委会, a quarter without 党课, a group
that did not meet) so the compliance views have something to show. The statistics bureau branch also has
the events of seed article 000: the 党员教育 trip to 章丘区三涧溪村 and the meeting that set out to
打造“东部崛起新引擎的统计力量”.
"""

import datetime
import random

from core import dates

from .choices import ANNUAL_TYPES, default_for_year
from .models import Absence, Record

PLACES = ["机关三楼会议室", "党员活动室", "局二楼小会议室", "党建活动中心"]
REASONS = ["出差", "病假", "外出培训", "事假", "下乡调研", "值班", "参加区里会议"]

COMMITTEE_TOPICS = {
    1: (
        "研究年度党建工作清单",
        "研究制定2026年度党建工作清单，逐项明确要求干什么、什么时间干、谁来干、怎么干、干到什么样子，"
        "形成全员分工表初稿，提交支部党员大会审议。",
        "年度党建工作清单和全员分工表提交党员大会审议。",
    ),
    2: (
        "部署节日期间党风廉政建设",
        "传达上级关于春节期间党风廉政建设的通知，重申中央八项规定精神，要求党员干部严守纪律，坚决防止节日腐败。",
        "春节前开展一次廉政提醒谈话。",
    ),
    3: (
        "研究学雷锋志愿服务安排",
        "研究“学雷锋”志愿服务月活动安排，确定到联系社区开展便民服务，同时部署一季度党员学习任务。",
        "3月中旬组织党员志愿者到联系社区开展服务。",
    ),
    4: (
        "研究革命传统教育活动",
        "研究清明节革命传统教育安排和第二季度党员教育计划，确定组织党员到红色教育基地参观学习。",
        "4月组织一次党员教育现场教学。",
    ),
    5: (
        "研究发展党员工作",
        "听取入党申请人培养情况汇报，经讨论确定两名同志为入党积极分子，明确培养联系人。",
        "确定入党积极分子并指定培养联系人。",
    ),
    6: (
        "研究七一系列活动",
        "研究庆祝建党纪念日系列活动方案，讨论推荐优秀共产党员人选，安排上半年党建工作总结。",
        "七一前开展一次主题党日并推荐表彰人选。",
    ),
    7: (
        "总结上半年党建工作",
        "对照年度清单逐项检查上半年完成情况，分析存在的问题，对未完成事项明确责任人和完成时限。",
        "未完成事项8月底前全部补齐。",
    ),
    8: (
        "研究党员管理和党费收缴",
        "通报上半年党费收缴情况，研究流动党员管理和党员信息核对工作。",
        "9月前完成党员信息核对。",
    ),
    9: (
        "研究意识形态工作",
        "分析本单位意识形态工作形势，部署国庆期间安全稳定和廉洁过节工作。",
        "国庆前开展廉洁过节提醒。",
    ),
    10: (
        "研究确定发展对象",
        "讨论入党积极分子培养考察情况，确定一名同志为发展对象，安排政治审查和集中培训。",
        "报上级党组织备案并开展政治审查。",
    ),
    11: (
        "研究组织生活会准备工作",
        "研究年度组织生活会和民主评议党员的准备工作，安排征求意见和谈心谈话。",
        "11月底前完成征求意见和谈心谈话。",
    ),
}
GENERAL_TOPICS = {
    1: (
        "第一季度支部党员大会",
        "审议通过2026年度党建工作清单和全员分工表，每名党员认领至少一项工作。",
        "全员分工表经表决通过，即日起执行。",
    ),
    2: (
        "第二季度支部党员大会",
        "通报党员发展情况，学习党章有关党员权利和义务的规定，讨论党员先锋岗设置。",
        "设立党员先锋岗三个。",
    ),
    3: ("第三季度支部党员大会", "总结上半年工作，表彰优秀共产党员，部署下半年重点任务。", "表彰决定予以公布。"),
    4: (
        "第四季度支部党员大会",
        "讨论预备党员转正事项，通报全年党建工作完成情况，收缴党费。",
        "同意预备党员按期转正，报上级党组织审批。",
    ),
}
GROUP_TOPICS = [
    "学习《中国共产党章程》总纲，交流学习体会",
    "学习《中国共产党纪律处分条例》，结合岗位谈认识",
    "学习习近平新时代中国特色社会主义思想专题摘编",
    "交流在业务工作中发挥党员先锋模范作用的做法",
    "学习全国两会精神",
    "学习《中国共产党支部工作条例（试行）》",
    "观看专题片并交流观后感",
    "学习党的二十届四中全会精神",
    "讨论如何做好本组联系群众工作",
    "学习身边先进典型事迹",
    "学习防汛救灾和安全生产有关要求",
    "交流学习强国平台学习情况",
]
LESSONS = {
    1: ("书记讲党课：学习党章，做合格党员", "书记从入党初心讲起，结合本单位实际讲解党员的义务和权利。"),
    2: ("专题党课：以过硬作风推动工作落实", "围绕作风建设讲授专题党课，列举身边正反两方面事例。"),
    3: ("专题党课：学习贯彻党的创新理论", "系统讲解党的创新理论的核心要义，谈如何转化为推动工作的实际成效。"),
    4: ("书记讲党课：学习贯彻全会精神", "结合全会精神谈本单位明年的工作思路和党员的责任。"),
}
THEME_DAYS = {
    1: ("主题党日：重温入党誓词", "全体党员面向党旗重温入党誓词，交流新年工作打算。"),
    2: ("主题党日：学习全国两会精神", "集中学习政府工作报告，谈体会、找差距。"),
    3: ("主题党日：学雷锋志愿服务", "党员到联系社区开展义务清扫、政策宣传等志愿服务。"),
    4: ("主题党日：清明缅怀革命先烈", "到烈士陵园敬献花篮，缅怀革命先烈。"),
    5: ("主题党日：走进莱芜战役纪念馆", "参观莱芜战役纪念馆，接受革命传统教育。"),
    6: ("主题党日：七一重温入党初心", "开展“重温入党初心”活动，为党员过政治生日。"),
    7: ("主题党日：党员进社区", "到社区报到，认领服务岗位，为居民办实事。"),
    8: ("主题党日：八一慰问退役军人", "走访慰问单位退役军人，传承拥军优属传统。"),
    9: ("主题党日：喜迎国庆", "开展国庆主题学习，唱红歌、讲党史故事。"),
    10: ("主题党日：重阳敬老", "走访看望老党员，听老党员讲入党故事。"),
    11: ("主题党日：宪法宣传", "开展宪法和统计法治宣传，发放宣传材料。"),
}
# Branch index → obligations it missed, e.g. ("committee_meeting", 8) = no 支委会 in August.
GAPS = {
    4: [("committee_meeting", 8), ("theme_day", 7)],
    7: [("party_lesson", 3), ("group_meeting", 9)],
    11: [("committee_meeting", 5), ("committee_meeting", 6), ("general_meeting", 2)],
    15: [("theme_day", 10), ("group_meeting", 10), ("party_lesson", 4)],
}


def _date(rng, year, month, lo, hi, today):
    d = datetime.date(year, month, rng.randint(lo, hi))
    return d if d <= today else None


class _Builder:
    def __init__(self, world, rng, today):
        self.world, self.rng, self.today = world, rng, today
        self.records, self.people_of, self.absences = [], {}, []

    def add(
        self,
        org,
        type,
        date,
        title,
        content,
        decisions="",
        *,
        people,
        host,
        recorder,
        also=(),
        place=None,
        observers=(),
        for_year=None,
    ):
        """`people` are the expected (party members, or the committee); `observers` sit in (列席)."""
        if date is None:
            return None
        rng = self.rng
        present, absent = [], []
        for p in people:
            (absent if rng.random() < 0.08 else present).append(p)
        minutes = (
            (f"会议由{host.name}主持，应到{len(people)}人，实到{len(present)}人。" if people else "")
            + (f"{'、'.join(p.name for p in observers)}列席会议。" if observers else "")
            + content
        )
        if {type, *also} & ANNUAL_TYPES:
            for_year = for_year or default_for_year(date)
        r = Record(
            org=org,
            type=type,
            also_counts_as=list(also),
            title=title,
            date=date,
            start_time=datetime.time(rng.choice([9, 10, 14, 15]), rng.choice([0, 30])),
            place=place or rng.choice(PLACES),
            host=host,
            recorder=recorder,
            content=minutes,
            decisions=decisions,
            for_year=for_year,
        )
        r.counts_as_key = "," + ",".join([type, *also]) + ","  # bulk_create skips save()
        self.records.append(r)
        self.people_of[id(r)] = (present, [(p, rng.choice(REASONS)) for p in absent], list(observers))
        return r

    def flush(self):
        Record.objects.bulk_create(self.records, batch_size=500)
        through, sitting_in = Record.attendees.through, Record.observers.through
        links, observer_links, absences = [], [], []
        for r in self.records:
            present, absent, observers = self.people_of[id(r)]
            links += [through(record_id=r.pk, person_id=p.pk) for p in present]
            observer_links += [sitting_in(record_id=r.pk, person_id=p.pk) for p in observers]
            absences += [Absence(record=r, person=p, reason=reason) for p, reason in absent]
        through.objects.bulk_create(links, batch_size=2000)
        sitting_in.objects.bulk_create(observer_links, batch_size=2000)
        Absence.objects.bulk_create(absences, batch_size=2000)
        return len(self.records)


def _branch_year(b, branch, idx, year):
    world, rng = b.world, b.rng
    people = [p for p in world["people"][branch.id] if p.category in ("full", "probationary")]
    # 发展对象 and 积极分子 sit in (列席) when the meeting discusses Party membership (Q2, Q4).
    on_the_way = [p for p in world["people"][branch.id] if p.category in ("candidate", "activist")]
    host = world["secretaries"][branch.id]
    recorder = world["people"][branch.id][1]
    gaps = set(GAPS.get(idx, []))
    last_month = b.today.month if b.today.year == year else 12
    for month in range(1, last_month + 1):
        quarter = (month - 1) // 3 + 1
        if ("committee_meeting", month) not in gaps:
            title, content, decision = COMMITTEE_TOPICS.get(month, COMMITTEE_TOPICS[11])
            committee = people[:4]
            b.add(
                branch,
                "committee_meeting",
                _date(rng, year, month, 3, 9, b.today),
                f"{month}月份支委会：{title}",
                content,
                decision,
                people=committee,
                host=host,
                recorder=recorder,
            )
        if ("theme_day", month) not in gaps and month in THEME_DAYS:
            title, content = THEME_DAYS[month]
            also = ["party_lesson"] if (idx % 5 == 2 and month == 6) else []
            b.add(
                branch,
                "theme_day",
                _date(rng, year, month, 15, 25, b.today),
                title,
                content,
                people=people,
                host=host,
                recorder=recorder,
                also=also,
            )
        for g_i, group in enumerate(world["groups"].get(branch.id, [])):
            if ("group_meeting", month) in gaps and g_i == 1:
                continue
            members = [p for p in people if p.group_id == group.id]
            topic = GROUP_TOPICS[(month + g_i) % len(GROUP_TOPICS)]
            leader = members[0] if members else host
            b.add(
                group,
                "group_meeting",
                _date(rng, year, month, 10, 20, b.today),
                f"{group.name}{month}月学习会",
                f"{topic}。大家结合各自岗位逐一发言。",
                people=members,
                host=leader,
                recorder=leader,
            )
        if month in (1, 5, 8, 11) and ("party_lesson", quarter) not in gaps and not (idx % 5 == 2 and quarter == 2):
            title, content = LESSONS[quarter]
            b.add(
                branch,
                "party_lesson",
                _date(rng, year, month, 20, 27, b.today),
                title,
                content,
                people=people,
                host=host,
                recorder=recorder,
            )
        if month in (1, 4, 7, 10) and ("general_meeting", quarter) not in gaps:
            title, content, decision = GENERAL_TOPICS[quarter]
            b.add(
                branch,
                "general_meeting",
                _date(rng, year, month, 10, 14, b.today),
                title,
                content,
                decision,
                people=people,
                host=host,
                recorder=recorder,
                observers=on_the_way if quarter in (2, 4) else (),
            )
    if idx % 3 != 1:
        b.add(
            branch,
            "org_life_meeting",
            _date(rng, year, 2, 20, 27, b.today),
            f"{year - 1}年度组织生活会",
            "会前广泛征求意见，开展谈心谈话；会上书记代表支委会作检视剖析，党员逐一开展批评与自我批评，"
            "并开展民主评议党员。",
            "形成问题清单和整改措施清单，三个月内完成整改。",
            people=people,
            host=host,
            recorder=recorder,
            also=["democratic_review"],
            for_year=year - 1,
        )


def _stats_branch_extras(b, branch, year):
    world = b.world
    people = [p for p in world["people"][branch.id] if p.category in ("full", "probationary")]
    host, recorder = world["secretaries"][branch.id], world["people"][branch.id][1]
    b.add(
        branch,
        "education",
        datetime.date(year, 4, 16),
        "赴章丘区三涧溪村开展党员教育",
        "全体党员乘车前往章丘区三涧溪村，参观乡村振兴展厅，听村党委书记介绍抓党建促振兴的做法，"
        "在村史馆重温入党誓词。返程途中大家交流体会，表示要把三涧溪的经验用到统计服务中。",
        "每名党员撰写一篇学习体会，宣传委员负责编发简报。",
        people=people,
        host=host,
        recorder=recorder,
        place="章丘区三涧溪村",
    )
    b.add(
        branch,
        "committee_meeting",
        datetime.date(year, 3, 27),
        "支委会：研究统计服务全区发展",
        "会议学习区委全会精神。书记指出，要立足统计职能，发挥数据优势，打造“东部崛起新引擎的统计力量”，"
        "围绕重点项目和产业运行加强监测分析，每月形成一期专题分析报告。",
        "成立专题分析小组，书记任组长。",
        people=people[:4],
        host=host,
        recorder=recorder,
    )
    b.add(
        branch,
        "other",
        datetime.date(year, 9, 24),
        "参加全区党建档案资料交流学习会",
        "支部在全区党建档案资料交流学习会上介绍党建路径化管理模式，展示“一解一表两图一轴”和规范化的档案资料，"
        "受到与会单位好评。",
        people=people[:3],
        host=host,
        recorder=recorder,
        place="区委党校",
    )
    b.add(
        branch,
        "symposium",
        datetime.date(year, 5, 21),
        "市统计局机关党委来支部调研座谈",
        "市统计局机关党委来支部调研党建路径化管理模式，支部介绍全员分工表和月度备忘图的做法，双方座谈交流。",
        people=people[:5],
        host=host,
        recorder=recorder,
    )
    b.add(
        branch,
        "volunteer",
        datetime.date(year, 3, 14),
        "学雷锋志愿服务：统计法进社区",
        "党员志愿者到艾山街道社区开展统计法宣传，解答居民关于人口抽样调查的疑问。",
        people=people[:6],
        host=host,
        recorder=recorder,
        place="艾山街道社区",
    )


def build(world):
    rng = random.Random(20260416)
    year = world.get("year", 2026)
    today = min(dates.today(), datetime.date(year, 11, 20))
    if today.year < year:
        today = datetime.date(year, 11, 20)
    b = _Builder(world, rng, today)
    for idx, branch in enumerate(world["branches"]):
        _branch_year(b, branch, idx, year)
    _stats_branch_extras(b, world["stats_branch"], year)
    b.flush()  # bulk-created: the search module indexes them when it rebuilds its index after every demo
    world["records"] = b.records
    # ---- talks ----
    from . import demo_talks

    demo_talks.build(world, today)

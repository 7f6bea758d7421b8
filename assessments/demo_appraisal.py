"""Demo data of 民主评议党员 (`build(world)`; the lead wires it into the module's demo): in the 统计局 branch,
last year's appraisal closed with its grades (优秀 within one third, a 基本合格 and a 不合格 in 限期改正), this
year's in 党员互评 with most self-evaluations filed and some mutual grades given, and the members' 公开承诺 of
both years."""

import datetime
import random

from django.utils import timezone

from core.dates import today

from . import actions_appraisal as actions
from .choices_appraisal import APPRAISED_CATEGORIES, Grade

PLEDGES = [
    "带头学习党的创新理论，全年完成32学时网络学院学习，撰写心得体会2篇。",
    "严把统计数据质量关，全年所负责专业数据差错率为零。",
    "每季度参加1次社区志愿服务，联系帮扶1户困难群众。",
    "按时足额交纳党费，按时参加组织生活，当好党员先锋岗。",
    "结合“我为群众办实事”，为企业上门解读统计政策不少于4次。",
    "做好支部宣传报道，全年报送党建信息不少于6篇。",
]
SELF = [
    "一年来，能够认真学习党的理论，按时参加“三会一课”和主题党日，工作中坚持依法统计、依法治统，"
    "较好完成了年初公开承诺。不足是理论学习深度不够，下一步将加强系统学习。",
    "本人认真履行党员义务，按时交纳党费，积极参加志愿服务；在统计调查工作中坚持实事求是，"
    "但在创新工作方法上还有差距，今后将主动作为、提升本领。",
    "对照党员标准和公开承诺，完成了全年学习任务和业务目标，参加社区报到活动5次。"
    "存在的问题是联系群众还不够经常，今后要多到基层一线去。",
]


def _grade_plan(people):
    """Grades for last year: 优秀 for a third of them (rounded down), one 基本合格, one 不合格, the rest 合格."""
    limit = len(people) // 3
    grades = {}
    for i, p in enumerate(people):
        if i < limit:
            grades[p.pk] = Grade.EXCELLENT
        elif i == len(people) - 1 and len(people) > 3:
            grades[p.pk] = Grade.UNQUALIFIED
        elif i == len(people) - 2 and len(people) > 4:
            grades[p.pk] = Grade.BASIC
        else:
            grades[p.pk] = Grade.QUALIFIED
    return grades


def build(world):
    rng = random.Random(20261201)
    year = world.get("year", 2026)
    branch = world["stats_branch"]
    secretary = world["users"]["secretary1"]
    members = [p for p in world["people"][branch.id] if p.category in APPRAISED_CATEGORIES]
    now = today()
    # 公开承诺 of last year and this, entered by the branch (the members' accounts mostly do not exist).
    for y in (year - 1, year):
        for i, person in enumerate(members):
            actions.save_pledge(
                by=secretary, data={"person": person.pk, "year": y, "content": PLEDGES[(i + y) % len(PLEDGES)]}
            )
    # Last year's appraisal, closed (held in the first quarter of this year, as the regulation allows).
    last = actions.open_appraisal(
        by=secretary,
        data={"org": branch.pk, "year": year - 1, "note": "结合年度组织生活会开展，党员大会集中评议。"},
    )
    for p in last.participants.all():
        last.participants.filter(pk=p.pk).update(
            self_text=SELF[p.pk % len(SELF)], self_grade=Grade.QUALIFIED, self_at=timezone.now()
        )
    for step in ("start_mutual", "start_appraisal", "start_decision"):
        last = actions.transition(last, step, by=secretary)
    grades = _grade_plan(members)
    deadline = (now + datetime.timedelta(days=90)).isoformat()
    entries = []
    for person in members:
        entry = {"person": person.pk, "grade": grades[person.pk], "reason": ""}
        if grades[person.pk] == Grade.UNQUALIFIED:
            entry.update(reason="全年3次无故不参加组织生活，未按期交纳党费。限期3个月改正。", rectify_by=deadline)
        elif grades[person.pk] == Grade.BASIC:
            entry["reason"] = "参加组织生活不够经常，公开承诺完成不够好。"
        entries.append(entry)
    actions.save_grades(last, by=secretary, entries=entries)
    actions.transition(last, "close", by=secretary)
    # This year's, in 党员互评: most have evaluated themselves, a few have graded the others.
    current = actions.open_appraisal(
        by=secretary,
        data={
            "org": branch.pk,
            "year": year,
            "self_due": (now - datetime.timedelta(days=3)).isoformat(),
            "mutual_due": (now + datetime.timedelta(days=10)).isoformat(),
            "note": "12月上旬个人自评，中旬党员互评和民主测评，下旬召开党员大会评定。",
        },
    )
    participants = list(current.participants.all())
    for i, p in enumerate(participants):
        if i < len(participants) - 2:
            current.participants.filter(pk=p.pk).update(
                self_text=SELF[i % len(SELF)], self_grade=Grade.QUALIFIED, self_at=timezone.now()
            )
    current = actions.transition(current, "start_mutual", by=secretary)
    from .models_appraisal import MutualGrade

    for rater in participants[:4]:
        MutualGrade.objects.bulk_create(
            [
                MutualGrade(
                    appraisal=current,
                    rater=rater,
                    ratee=p,
                    grade=Grade.EXCELLENT if rng.random() < 0.25 else Grade.QUALIFIED,
                )
                for p in participants
                if p.pk != rater.pk
            ]
        )
    world["appraisals"] = [last, current]
    return world["appraisals"]

"""Demo data of the rounds part: the 工委's 2026 quarterly rounds of its “六考一评” scheme.

`build(world, scheme)` (the scheme from the schemes part's demo; the lead wires the order in apps.py): two
assessors (考核组成员 `kaohe1`, `kaohe2`), three closed quarters (Q1–Q3) whose targets filed and submitted their
self-checks and were scored by both assessors — left in review for the results part (demo_results) — and an open
Q4 in its self-check stage with some self-checks submitted, one kept as a draft and the rest still to come.

The rounds, their stages and the self-checks go through the actions. The panel's scores (two assessors × 67
items × the targets × three quarters, several thousand cells) are written in bulk with one audit event per
assessor and target, as an assessor filling her grid would leave them; a reason comes with every deduction.
"""

import datetime
import random
from decimal import Decimal

from django.db import transaction

from accounts.models import RoleAssignment, User
from core import audit
from orgs.models import Person

from . import actions_rounds as actions
from .models import Score

TARGETS = 8  # the first branches of the 工委's units are assessed in the demo
PRACTICES = [
    "坚持“三会一课”制度，每月第一个工作日召开支委会，每月开展主题党日，季度党课由书记带头讲。",
    "以“党建+业务”双融双促为抓手，党员领办攻坚项目，设立党员先锋岗和责任区。",
    "建立党员积分台账，积分与评先树优挂钩，每季度公示一次。",
]
HIGHLIGHTS = [
    "打造“红色统计”党建品牌，形成“一支部一品牌”工作格局。",
    "开展“我为群众办实事”实践活动，办结民生实事12件。",
    "党员志愿服务队常态化进社区，累计服务时长300余小时。",
]
PROBLEMS = [
    "理论学习形式较为单一，青年党员参与积极性有待提高。",
    "支部活动记录不够规范，个别会议记录要素不全。",
    "党建与业务融合的载体还不够多，品牌影响力有待提升。",
]
PLANS = [
    "下季度开展专题读书班，用好网络学院，推行“微党课”轮讲。",
    "规范台账资料，落实会议记录“一会一档”。",
    "围绕中心工作再谋划一批党员攻坚项目。",
]
REASONS = [
    "会议记录要素不全",
    "佐证材料不够完整",
    "未按时报送",
    "活动开展次数不足",
    "台账更新不及时",
    "群众满意度测评略低",
]
QUARTERS = [
    ("2026Q1", datetime.date(2026, 4, 10)),
    ("2026Q2", datetime.date(2026, 7, 10)),
    ("2026Q3", datetime.date(2026, 10, 12)),
    ("2026Q4", datetime.date(2026, 12, 15)),
]


def _assessor(world, username, person, label):
    users = world["users"]
    if username in users:
        return users[username]
    user = User(username=username, person=person, must_change_password=False)
    user.set_password(world["password"])
    user.save()
    RoleAssignment.objects.create(user=user, role="assessor", org=world["committee"])
    users[username] = user
    world["accounts"].append((username, label))
    return user


def _assessors(world, targets):
    """kaohe1 from the 工委's own staff (when one has no account yet), kaohe2 — and kaohe1 otherwise — cadres
    of units that are not assessed in the demo (抽调), so nobody scores her own branch."""
    office = [p for p in world.get("office_people", []) if not User.objects.filter(person=p).exists()]
    others = list(
        Person.objects.filter(category="full", user__isnull=True, org__kind="branch")
        .exclude(org_id__in=[t.pk for t in targets])
        .exclude(org__name__contains="工委")
        .order_by("-org__path", "id")[:2]
    )
    people = (office[:1] + others)[:2]
    people += [None] * (2 - len(people))
    return [
        _assessor(world, "kaohe1", people[0], "考核组成员（工委考核组，为季度考核评分）"),
        _assessor(world, "kaohe2", people[1], "考核组成员（抽调的考核组成员，为季度考核评分）"),
    ]


def _branch_admin(branch):
    found = RoleAssignment.objects.filter(role="org_admin", org=branch).select_related("user").order_by("id").first()
    return found.user if found else None


def _file_selfcheck(r, org, items, rng, *, submit=True):
    admin = _branch_admin(org)
    if admin is None:
        return None
    scores = {}
    for item in items:
        deduction = Decimal(0)
        if rng.random() < 0.12 and item.max_points >= 1:
            deduction = min(item.max_points, Decimal(rng.choice([1, 1, 2])) / 2)
        scores[str(item.pk)] = item.max_points - deduction
    sections = {
        "practices": rng.choice(PRACTICES),
        "highlights": rng.choice(HIGHLIGHTS),
        "problems": rng.choice(PROBLEMS),
        "plans": rng.choice(PLANS),
    }
    known = {s["key"] for s in r.scheme.selfcheck_sections}
    sections = {k: v for k, v in sections.items() if k in known}
    return actions.save_selfcheck(r, org, by=admin, data=None, sections=sections, scores=scores, submit=submit)


# The one 一票否决 of the demo: in the second quarter, the fourth target (a safety incident on its watch).
VETOED = ("2026Q2", 3)
VETO_REASON = "本季度辖区发生一起安全生产责任事故，按方案一票否决。"


def _score_round(r, targets, items, assessors, rng, standings, vetoed):
    """Both assessors' points for every cell: each target keeps its standing from round to round (with some
    drift, so stars rise and fall), each assessor her own hand."""
    rows = []
    for org in targets:
        standing = max(0.01, standings[org.pk] + rng.uniform(-0.07, 0.07))  # how often it loses points
        for assessor in assessors:
            strict = rng.uniform(0.8, 1.2)
            cells = []
            for item in items:
                points, reason = item.max_points, ""
                if item.veto:  # 一票否决 is a decision, not chance: the demo plants one (VETOED) below
                    if (r.period, org.pk) == vetoed:
                        points, reason = item.max_points - min(item.max_points, Decimal(1)), VETO_REASON
                elif item.max_points > 0 and rng.random() < standing * strict:
                    lost = min(item.max_points, Decimal(rng.choice([1, 1, 2, 3])) / 2)
                    points, reason = item.max_points - lost, rng.choice(REASONS)
                cells.append(Score(round=r, org=org, item=item, assessor=assessor, points=points, reason=reason))
            rows += cells
            audit.record(
                "assessments.score.save",
                by=assessor,
                obj=r,
                org=org,
                after={"org": org.pk, "cells": len(cells), "deductions": sum(1 for c in cells if c.reason)},
            )
    Score.objects.bulk_create(rows)


def build(world, scheme=None):
    """The rounds of `scheme` (default: `world["assessment_scheme"]`); returns them, Q1 first."""
    scheme = scheme or world.get("assessment_scheme")
    if scheme is None:
        return []
    rng = random.Random(20260401)
    committee_user = world["users"]["committee"]
    targets = [b for b in world["branches"] if b.get_parent() and b.get_parent().pk != world["committee"].pk][:TARGETS]
    assessors = _assessors(world, targets)
    items = list(scheme.items.order_by("category__position", "category_id", "position", "id"))
    # From branches that lose a point now and then (five stars) to ones that lose one in every third item (three).
    standings = {t.pk: rng.uniform(0.03, 0.38) for t in targets}
    rounds = []
    with transaction.atomic():
        for n, (period, due) in enumerate(QUARTERS):
            r = actions.create_round(
                scheme,
                by=committee_user,
                data={
                    "kind": "quarter",
                    "period": period,
                    "targets": [t.pk for t in targets],
                    "assessors": [a.pk for a in assessors],
                    "selfcheck_due": due.isoformat(),
                },
            )
            r = actions.transition_round(r, "open", by=committee_user)
            last = n == len(QUARTERS) - 1
            for i, org in enumerate(targets):
                if last and i >= TARGETS // 2:
                    break  # Q4: the other half have not filed yet
                _file_selfcheck(r, org, items, rng, submit=not (last and i == TARGETS // 2 - 1))
            if not last:
                r = actions.transition_round(r, "start_scoring", by=committee_user)
                _score_round(r, targets, items, assessors, rng, standings, (VETOED[0], targets[VETOED[1]].pk))
                r = actions.transition_round(r, "finish_scoring", by=committee_user)
            rounds.append(r)
    world["assessment_rounds"] = rounds
    return rounds

"""Demo of 群众测评: the third quarter's 群众满意度测评 of the Q3 round's targets, closed with its votes (so the
scheme's 满意度测评 item 职工满意度 has data for Q3 — the demo points it at the measure `assessments.satisfaction`),
a closed 星级党支部群众评议 of Q3's star branches (shown on their pages), and this month's 明星党员群众评议, open,
with a batch of printed codes.

`build(world)` runs after the results' demo (it needs the Q3 round and its stars).
"""

import datetime
import random

from django.db import transaction

from . import actions_mass as actions
from .models import Item
from .models_mass import MassCode, MassKind, MassRating, MassState, MassSurvey, MassVote

R = MassRating
# Weights of the ratings a demo vote draws, best first.
SATISFACTION_WEIGHTS = {R.SATISFIED: 70, R.BASIC: 22, R.DISSATISFIED: 8}
STAR_WEIGHTS = {R.GOOD: 64, R.FAIR: 28, R.AVERAGE: 6, R.POOR: 2}
COMMENTS = [
    "服务态度好，办事效率高。",
    "希望多组织进社区的志愿服务。",
    "党员带头作用明显。",
    "公开栏信息更新不够及时。",
]


def _vote(survey, weights, rng, n_codes, closed_on):
    """Cast n ballots of the survey directly (the demo tells a past quarter): each uses one code."""
    subjects = list(survey.subjects.all())
    codes = actions.issue_codes(survey, by=survey.created_by, data={"count": n_codes})
    votes = []
    for code in codes[: n_codes - n_codes // 6]:  # about one slip in six is never used
        for s in subjects:
            if rng.random() < 0.08:
                continue  # a voter who does not know this subject leaves it out
            rating = rng.choices(list(weights), weights=list(weights.values()))[0]
            comment = rng.choice(COMMENTS) if rng.random() < 0.1 else ""
            votes.append(MassVote(survey=survey, subject=s, rating=rating, comment=comment, created_on=closed_on))
        code.used_on = closed_on
    MassCode.objects.bulk_update(codes, ["used_on"])
    MassVote.objects.bulk_create(votes)


def _closed(survey, on):
    MassSurvey.objects.filter(pk=survey.pk).update(state=MassState.CLOSED, closed_on=on)


def build(world):
    rounds = world.get("assessment_rounds") or []
    q3 = next((r for r in rounds if r.period.endswith("Q3")), None)
    if q3 is None:
        return None
    admin = world["users"]["committee"]
    committee = world["committee"]
    rng = random.Random(20260928)
    with transaction.atomic():
        # 职工满意度 (满意度测评) is scored from the surveys: the scheme sheet leaves its source empty.
        Item.objects.filter(scheme=q3.scheme, name="职工满意度").update(
            source="assessments.satisfaction", formula={"zero": "60", "full": "100"}
        )
        sat = actions.create_survey(
            by=admin,
            data={
                "org": committee.pk,
                "kind": MassKind.SATISFACTION,
                "round": q3.pk,
                "title": "2026年第三季度群众满意度测评",
                "intro": "请对各党支部第三季度的服务群众、作风建设情况作出评价。",
                "opens": "2026-09-15",
                "closes": "2026-09-28",
            },
        )
        actions.add_subjects(sat, by=admin, data={"source": "targets"})
        actions.transition(sat, "open", by=admin)
        _vote(sat, SATISFACTION_WEIGHTS, rng, 36, datetime.date(2026, 9, 28))
        _closed(sat, datetime.date(2026, 9, 28))

        star = actions.create_survey(
            by=admin,
            data={
                "org": committee.pk,
                "kind": MassKind.STAR_ORG,
                "round": q3.pk,
                "title": "2026年第三季度星级党支部群众评议",
                "opens": "2026-10-20",
                "closes": "2026-10-30",
            },
        )
        actions.add_subjects(star, by=admin, data={"source": "stars", "min_stars": 4})
        actions.transition(star, "open", by=admin)
        _vote(star, STAR_WEIGHTS, rng, 24, datetime.date(2026, 10, 30))
        _closed(star, datetime.date(2026, 10, 30))

        members = actions.create_survey(
            by=admin,
            data={
                "org": committee.pk,
                "kind": MassKind.STAR_MEMBER,
                "title": "2026年度明星党员群众评议",
                "intro": "请对以下明星党员候选人作出评价，不了解的可以不评。",
                "opens": "2026-11-25",
                "closes": "2026-12-20",
            },
        )
        people = actions.subject_people(members, admin).filter(org__in=q3.targets.all())
        chosen = [p.pk for p in people[:60:8]]
        from django.utils.datastructures import MultiValueDict

        actions.add_subjects(members, by=admin, data=MultiValueDict({"source": ["people"], "people": chosen}))
        actions.transition(members, "open", by=admin)
        actions.issue_codes(members, by=admin, data={"count": 42})
    for s in (sat, star, members):
        s.refresh_from_db()
    world["mass_surveys"] = [sat, star, members]
    return world["mass_surveys"]

"""Demo of 表彰: the working committee's award types with seed 001's quotas (32 四优共产党员, 5 优秀党务工作者,
12 先进党小组, 3 四强党支部, 3 四好班子), last year's awards announced after their 公示 (so the people's and the
organisations' pages show them and the 表彰决定 prints), and this year's nominations under review."""

import contextlib
import datetime

from . import actions_awards, workflows_awards

QUOTAS = {"四优共产党员": 32, "优秀党务工作者": 5, "先进党小组": 12, "四强党支部": 3, "四好班子": 3}
REASONS = {
    "四优共产党员": "立足岗位攻坚克难，带头完成急难险重任务，群众评价好。",
    "优秀党务工作者": "规范落实“三会一课”，支部台账齐全，组织生活质量明显提升。",
    "先进党小组": "组织生活规范，党员作用发挥明显，带动班组完成年度任务。",
    "四强党支部": "政治功能强、支部班子强、党员队伍强、作用发挥强，年度考核位居前列。",
}


@contextlib.contextmanager
def _clock(day):
    """The 公示's clock set to `day` while last year's awards are built (history, not today's work)."""
    real = workflows_awards.today
    workflows_awards.today = lambda: day
    try:
        yield
    finally:
        workflows_awards.today = real


def _approved(n, reviewers):
    for level in (1, 2, 3):
        n = actions_awards.transition_nomination(n, "approve", by=reviewers[level], comment="同意")
    return n


def build(world):
    users, committee = world["users"], world["committee"]
    admin = users["committee"]
    reviewers = {level: users[f"reviewer_l{level}"] for level in (1, 2, 3)}
    types = {t.name: t for t in actions_awards.add_common_types(committee, by=admin)}
    for name, quota in QUOTAS.items():
        t = types[name]
        data = {f: getattr(t, f) for f in actions_awards.TYPE_FIELDS} | {"quota": quota}
        types[name] = actions_awards.update_type(t, by=admin, data=data)

    branches = list(world["branches"])
    people, secretaries = world["people"], world["secretaries"]
    reviewer_people = {u.person_id for u in reviewers.values()}
    year = world.get("year", 2026) - 1
    plan = []  # (type, person|None, org)
    for branch in branches[:4]:
        member = next(p for p in people[branch.id][7:] if p.pk not in reviewer_people)
        plan.append(("四优共产党员", member, branch))
    plan.append(("优秀党务工作者", secretaries[branches[1].id], branches[1]))
    groups = [g for branch in branches[:2] for g in world["groups"][branch.id]][:2]
    plan += [("先进党小组", None, g) for g in groups]
    plan.append(("四强党支部", None, branches[0]))

    def nominate(name, person, org, year, by):
        data = {"award_type": types[name].pk, "year": year, "reason": REASONS[name], "source": "manual"}
        data |= {"person": person.pk} if person else {"org": org.pk}
        return actions_awards.create_nomination(by=by, data=data)

    for name, person, org in plan:
        n = nominate(name, person, org, year, admin)
        _approved(actions_awards.transition_nomination(n, "submit", by=admin), reviewers)
    with _clock(datetime.date(year + 1, 1, 5)):
        pub = actions_awards.freeze_publicity(committee, by=admin, data={"year": year, "objection_days": 5})
        pub = actions_awards.publish_publicity(pub, by=admin)
    with _clock(datetime.date(year + 1, 1, 13)):
        actions_awards.announce_publicity(pub, by=admin)

    # This year: the stats branch nominates a member (at the second review level) and drafts a 先进党小组.
    secretary = users["secretary1"]
    stats = world["stats_branch"]
    member = next(p for p in people[stats.id][8:] if p.pk not in reviewer_people)
    n = nominate("四优共产党员", member, stats, year + 1, secretary)
    n = actions_awards.transition_nomination(n, "submit", by=secretary)
    actions_awards.transition_nomination(n, "approve", by=reviewers[1], comment="事迹突出，同意")
    if world["groups"].get(stats.id):
        nominate("先进党小组", None, world["groups"][stats.id][0], year + 1, secretary)
    world["award_publicity"] = pub

"""The demo builder runs through the real actions on a small world shaped like the demo world."""

from core.testing import PASSWORD, make_user
from points import demo
from points.models import Declaration, LedgerEntry, Publicity, Scheme
from points.rankings import ranking


def test_demo_builds_the_seed_scheme_and_a_year_of_reviewed_declarations(world):
    users = {
        "committee": world.users["committee_admin"],
        "secretary1": world.users["branch_secretary"],
        "member1": world.users["branch_member"],
    }
    for level in (1, 2, 3):
        users[f"reviewer_l{level}"] = make_user(f"reviewer_l{level}", roles=[(f"reviewer_l{level}", world.committee)])
    people = world.people
    demo_world = {
        "password": PASSWORD,
        "year": 2026,
        "committee": world.committee,
        "branches": [world.branch_a, world.branch_b],
        "people": {world.branch_a.pk: [people["secretary"], people["member"]], world.branch_b.pk: [people["outsider"]]},
        "secretaries": {world.branch_a.pk: people["secretary"], world.branch_b.pk: people["outsider"]},
        "cadres": [],
        "stats_branch": world.branch_a,
        "users": users,
        "accounts": [],
    }
    scheme = demo.build(demo_world)
    scheme = Scheme.objects.get(pk=scheme.pk)
    assert [d.name for d in scheme.dimensions.all()] == [
        "基础工作再提升",
        "阵地建设再提级",
        "队伍建设再提质",
        "创新工作再突破",
        "典型培育更用心",
        "榜样带动更有力",
    ]
    assert scheme.items.count() == 23
    assert LedgerEntry.objects.filter(scheme=scheme).count() == Declaration.objects.filter(state="approved").count() > 0
    states = set(Declaration.objects.values_list("state", flat=True))
    assert {"approved", "returned", "rejected", "awaiting_confirmation"} <= states
    assert ranking(scheme, "org")[0].normalized == 100
    assert Publicity.objects.get().state == "published"

"""Demo of 班组/科室: the teams of two host units (钢城区统计局, 钢城区财政局) with their people and the party groups
covering them; one team has no Party member (党员空白班组), one is covered by no party group."""

from .choices import PARTY_CATEGORIES
from .models import Person
from .models_teams import Team

# (name, kind, front line, how many people, Party members wanted?, covered?)
TEAMS = {
    0: [  # 区统计局机关党总支 (钢城区统计局)
        ("综合科", "section", False, 4, True, True),
        ("普查一组", "team", True, 6, True, True),
        ("普查二组", "team", True, 6, True, True),
        ("数据采集组", "team", True, 3, False, True),  # the blank team: only people on the way to membership
    ],
    1: [  # 区财政局机关党委 (钢城区财政局)
        ("预算科", "section", False, 5, True, True),
        ("国库支付一组", "team", True, 7, True, True),
        ("国库支付二组", "team", True, 6, True, False),  # no party group covers it
        ("票据服务组", "team", True, 5, True, True),
    ],
}


def build(world):
    units, branches, groups, people = world["units"], world["branches"], world["groups"], world["people"]
    made = []
    for unit_index, specs in TEAMS.items():
        unit = units[unit_index]
        unit_branches = [b for b in branches if b.path.startswith(unit.path)]
        pool = [p for b in unit_branches for p in people[b.id]]
        party = [p for p in pool if p.category in PARTY_CATEGORIES]
        others = [p for p in pool if p.category not in PARTY_CATEGORIES]
        unit_groups = [g for b in unit_branches for g in groups[b.id]]
        # The blank team's people are set aside first, so the members' teams cannot use them up.
        blank_size = sum(spec[3] for spec in specs if not spec[4])
        blank_pool, others[:] = others[:blank_size], others[blank_size:]
        for n, (name, kind, front_line, size, with_party, covered) in enumerate(specs):
            team = Team.objects.create(org=unit, name=name, kind=kind, front_line=front_line)
            source = party if with_party else blank_pool
            chosen, source[:] = source[:size], source[size:]
            if with_party and others:  # a non-member or two work beside the members
                chosen.append(others.pop(0))
            Person.objects.filter(pk__in=[p.pk for p in chosen]).update(team=team)
            for p in chosen:
                p.team = team
            if covered and unit_groups:
                team.groups.set([unit_groups[n % len(unit_groups)]])
            made.append(team)
    world["teams"] = made
    return made

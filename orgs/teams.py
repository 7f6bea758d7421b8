"""班组覆盖: which teams of a subtree have no Party member (党员空白班组), which no party group covers, and the
share of Party members among the people of the front-line teams against seed 001's 10 % target.

"Workers" are the active people the register places in a team, whatever their category (正式党员 … 群众): the
register holds everyone a unit puts in a team, so the share is Party members (正式 + 预备) over all of them.
Every figure comes from one grouped query over the subtree's path prefix (plus one for the groups' names)."""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q
from django.urls import reverse

from .choices import PARTY_CATEGORIES
from .models_teams import Team

# Seed 001 (煤矿): 一线职工中党员比例不低于 10 %.
FRONT_LINE_TARGET = Decimal("10")
ACTIVE = Q(people__status="active")


@dataclass
class Coverage:
    teams: list
    front_people: int = 0
    front_party: int = 0
    target: Decimal = FRONT_LINE_TARGET
    units: list = field(default_factory=list)  # [(host organisation, [teams])]

    @property
    def blank(self):
        """党员空白班组: teams without an active Party member (an empty team too)."""
        return [t for t in self.teams if t.n_party == 0]

    @property
    def uncovered(self):
        return [t for t in self.teams if t.n_groups == 0]

    @property
    def share(self):
        """Party members among the people of the front-line teams, in per cent (one decimal); None without any."""
        if not self.front_people:
            return None
        return (Decimal(100 * self.front_party) / self.front_people).quantize(Decimal("0.1"), ROUND_HALF_UP)

    @property
    def meets_target(self):
        return self.share is not None and self.share >= self.target


def annotated(qs):
    return qs.select_related("org").annotate(
        n_people=Count("people", filter=ACTIVE, distinct=True),
        n_party=Count("people", filter=ACTIVE & Q(people__category__in=PARTY_CATEGORIES), distinct=True),
        n_groups=Count("groups", distinct=True),
    )


def coverage(org, *, user=None, with_groups=True):
    """The coverage of the teams kept in `org`'s subtree (those `user` may see, when given)."""
    qs = Team.objects.visible_to(user) if user is not None else Team.objects.all()
    teams = list(annotated(qs.filter(org__path__startswith=org.path)).order_by("org__path", "name", "id"))
    if with_groups and teams:
        names: dict[int, list] = {t.pk: [] for t in teams}
        links = Team.groups.through.objects.filter(team_id__in=names).select_related("organisation")
        for link in links.order_by("organisation__path"):
            names[link.team_id].append(link.organisation)
        for t in teams:
            t.covering = names[t.pk]
    cov = Coverage(teams=teams)
    for t in teams:
        t.url = reverse("team_detail", args=[t.pk])
        if t.front_line:
            cov.front_people += t.n_people
            cov.front_party += t.n_party
        if not cov.units or cov.units[-1][0].pk != t.org_id:
            cov.units.append((t.org, []))
        cov.units[-1][1].append(t)
    return cov


def status_of(cov):
    """Red below the front-line target; amber when it is met but a team is blank or uncovered; green otherwise."""
    if cov.share is not None and not cov.meets_target:
        return "red"
    if cov.blank or cov.uncovered:
        return "amber"
    return "green"


def team_coverage(user, org, today):
    """驾驶舱 widget `orgs.team_coverage` (Interface 1): the front-line share, one row per blank or uncovered team
    (linked to the team's page). None when the subtree keeps no teams. Two queries whatever the subtree's size."""
    cov = coverage(org, with_groups=False)
    if not cov.teams:
        return None
    items = []
    for t in cov.teams:
        problems = (["党员空白"] if t.n_party == 0 else []) + (["无党小组覆盖"] if t.n_groups == 0 else [])
        if problems:
            items.append(
                {
                    "org": {"id": t.org_id, "name": t.org.unit or t.org.name},
                    "label": f"{t.name}（{'、'.join(problems)}）",
                    "value": t.n_people,
                    "status": "red" if t.n_party == 0 else "amber",
                    "url": t.url,
                }
            )
    share = cov.share
    return {
        "key": "orgs.team_coverage",
        "title": "班组党员覆盖",
        "value": float(share) if share is not None else None,
        "unit": "%",
        "status": status_of(cov),
        "note": (
            f"一线班组党员占比（目标 {cov.target:.0f}%）；{len(cov.teams)} 个班组/科室，"
            f"党员空白 {len(cov.blank)} 个，无党小组覆盖 {len(cov.uncovered)} 个"
        ),
        "items": items,
    }


def coverage_of_team(team):
    """One team's figures (its page)."""
    t = annotated(Team.objects.filter(pk=team.pk)).get()
    t.covering = list(team.groups.order_by("path"))
    return t

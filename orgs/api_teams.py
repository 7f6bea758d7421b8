"""REST API of 班组/科室 (API.md "Organisations and people"): teams, their people and covering party groups, and
the coverage of a subtree. Reads go through `visible_to`; writes call orgs/actions_teams.py."""

from django.db.models import Prefetch
from ninja import Field, Router, Schema

from core.api import AUTH, Id, ListOut, Page, PageSize, Ref, form_data, paginate
from core.scoping import get_object_for_user
from core.verbs import require_verb

from . import actions_teams as actions
from . import teams
from .models import Organisation
from .models_teams import Team

router = Router(tags=["组织与人员"], auth=AUTH)


class TeamIn(Schema):
    org: Id
    name: str = Field(..., max_length=100)
    kind: str = Field("team", max_length=10)
    front_line: bool = False


class TeamPatch(Schema):
    name: str | None = Field(None, max_length=100)
    kind: str | None = Field(None, max_length=10)
    front_line: bool | None = None


class TeamOut(Schema):
    id: int
    org: Ref
    unit: str
    name: str
    kind: str  # team | section
    front_line: bool
    people: int
    party_members: int
    groups: list[Ref]


class PeopleIn(Schema):
    people: list[Id] = Field(..., max_length=500)


class GroupsIn(Schema):
    groups: list[Id] = Field(..., max_length=500)


class TeamRef(Schema):
    id: int
    name: str
    org: Ref
    people: int
    party_members: int


class FrontLineOut(Schema):
    people: int
    party_members: int
    share: float | None  # per cent, one decimal
    target: float


class CoverageOut(Schema):
    org: Ref
    teams: int
    blank: list[TeamRef]
    uncovered: list[TeamRef]
    front_line: FrontLineOut


def _out(t):
    return {
        "id": t.pk,
        "org": {"id": t.org_id, "name": t.org.name},
        "unit": t.org.unit,
        "name": t.name,
        "kind": t.kind,
        "front_line": t.front_line,
        "people": t.n_people,
        "party_members": t.n_party,
        "groups": [{"id": g.pk, "name": g.name} for g in t.groups.all()],
    }


def _annotated(user):
    groups = Prefetch("groups", queryset=Organisation.objects.order_by("path"))
    return teams.annotated(Team.objects.visible_to(user)).prefetch_related(groups)


def _one(user, pk):
    return _out(get_object_for_user(Team, pk, user, queryset=_annotated(user)))


@router.get("/teams", response=ListOut[TeamOut])
def list_teams(request, org: Id | None = None, page: Page = 1, page_size: PageSize = 50):
    require_verb(request.auth, "orgs.view_teams")
    qs = _annotated(request.auth).order_by("org__path", "name", "id")
    if org is not None:
        root = get_object_for_user(Organisation, org, request.auth)
        qs = qs.filter(org__path__startswith=root.path)
    return paginate(qs, page, page_size, _out)


@router.get("/teams/coverage", response=CoverageOut)
def team_coverage(request, org: Id):
    require_verb(request.auth, "orgs.view_teams")
    root = get_object_for_user(Organisation, org, request.auth)
    cov = teams.coverage(root, user=request.auth, with_groups=False)

    def ref(t):
        return {
            "id": t.pk,
            "name": t.name,
            "org": {"id": t.org_id, "name": t.org.name},
            "people": t.n_people,
            "party_members": t.n_party,
        }

    return {
        "org": {"id": root.pk, "name": root.name},
        "teams": len(cov.teams),
        "blank": [ref(t) for t in cov.blank],
        "uncovered": [ref(t) for t in cov.uncovered],
        "front_line": {
            "people": cov.front_people,
            "party_members": cov.front_party,
            "share": float(cov.share) if cov.share is not None else None,
            "target": float(cov.target),
        },
    }


@router.post("/teams", response={201: TeamOut})
def create_team(request, payload: TeamIn):
    team = actions.create_team(by=request.auth, data=form_data(payload, exclude_unset=False))
    return 201, _one(request.auth, team.pk)


@router.get("/teams/{team_id}", response=TeamOut)
def get_team(request, team_id: Id):
    return _one(request.auth, team_id)


@router.patch("/teams/{team_id}", response=TeamOut)
def patch_team(request, team_id: Id, payload: TeamPatch):
    team = get_object_for_user(Team, team_id, request.auth)
    data = {k: v for k, v in payload.dict(exclude_unset=True).items() if v is not None}
    actions.update_team(team, by=request.auth, data=data)
    return _one(request.auth, team.pk)


@router.post("/teams/{team_id}/people", response=TeamOut)
def add_people(request, team_id: Id, payload: PeopleIn):
    team = get_object_for_user(Team, team_id, request.auth)
    actions.add_team_people(team, by=request.auth, data={"people": payload.people})
    return _one(request.auth, team.pk)


@router.put("/teams/{team_id}/groups", response=TeamOut)
def set_groups(request, team_id: Id, payload: GroupsIn):
    team = get_object_for_user(Team, team_id, request.auth)
    actions.set_team_groups(team, by=request.auth, data={"groups": payload.groups})
    return _one(request.auth, team.pk)

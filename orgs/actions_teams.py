"""Writes on 班组/科室: each checks `orgs.manage_teams`, validates through a form, runs in one transaction and is
audited. The people and party groups offered are those of the team's host-unit organisation subtree."""

from django.db import IntegrityError, transaction

from core import audit
from core.errors import Invalid
from core.forms import validate
from core.verbs import require_verb

from .forms_teams import PersonTeamForm, TeamForm, TeamGroupsForm, TeamPeopleForm
from .models import Organisation, Person
from .models_teams import Team

NAME_TAKEN = "该党组织下已有同名的班组/科室。"


def team_orgs(user):
    """Where the user may keep teams: the organisations she administers, party groups excepted."""
    return Organisation.objects.administered_by(user).exclude(kind="group")


def team_people(team):
    """Who may join the team: the active people of its organisation's subtree."""
    return Person.objects.active().filter(org__path__startswith=team.org.path)


def team_groups(team):
    """The party groups that may cover the team: those of its organisation's subtree."""
    return Organisation.objects.filter(path__startswith=team.org.path, kind="group")


def _snapshot(team):
    return {
        **audit.snapshot(team, ["name", "kind", "front_line"]),
        "org": team.org_id,
        "groups": sorted(team.groups.values_list("pk", flat=True)) if team.pk else [],
    }


def _save(team, by):
    try:
        with transaction.atomic():
            team.save()
    except IntegrityError:
        raise Invalid(NAME_TAKEN, {"name": [NAME_TAKEN]}) from None


def create_team(*, by, data):
    require_verb(by, "orgs.manage_teams")
    cleaned = validate(TeamForm(data, orgs=team_orgs(by)))
    require_verb(by, "orgs.manage_teams", cleaned["org"])
    with transaction.atomic():
        team = Team(org=cleaned["org"], name=cleaned["name"], kind=cleaned["kind"], front_line=cleaned["front_line"])
        _save(team, by)
        audit.record("orgs.team.create", by=by, obj=team, org=team.org, after=_snapshot(team))
    return team


def team_form_data(team):
    return {"org": team.org_id, "name": team.name, "kind": team.kind, "front_line": team.front_line}


def update_team(team, *, by, data):
    """Change name, kind or 一线; the organisation stays (the people and groups belong to its subtree)."""
    require_verb(by, "orgs.manage_teams", team)
    # A missing key keeps its value (the API's PATCH); the page always sends all three (an unticked box as "").
    merged = {**team_form_data(team), **{k: v for k, v in data.items() if k in ("name", "kind", "front_line")}}
    if "org" in data and str(data["org"]) not in ("", str(team.org_id)):
        raise Invalid("班组/科室不能改到其他党组织下。", {"org": ["班组/科室不能改到其他党组织下。"]})
    cleaned = validate(TeamForm(merged, orgs=Organisation.objects.filter(pk=team.org_id)))
    with transaction.atomic():
        team = Team.objects.select_for_update().get(pk=team.pk)
        before = _snapshot(team)
        team.name, team.kind, team.front_line = cleaned["name"], cleaned["kind"], cleaned["front_line"]
        _save(team, by)
        audit.record("orgs.team.update", by=by, obj=team, org=team.org, before=before, after=_snapshot(team))
    return team


def delete_team(team, *, by):
    """Delete a team: its people stay in the register without a team, its coverage goes with it."""
    require_verb(by, "orgs.manage_teams", team)
    with transaction.atomic():
        team = Team.objects.select_for_update().get(pk=team.pk)
        before = {**_snapshot(team), "people": sorted(team.people.values_list("pk", flat=True))}
        org, repr_ = team.org, str(team)
        Person.objects.filter(team=team).update(team=None)
        audit.record("orgs.team.delete", by=by, obj=team, org=org, before=before, object_repr=repr_)
        team.delete()
    return org


def add_team_people(team, *, by, data):
    """Put people into the team (moving them out of any other team: one team each)."""
    require_verb(by, "orgs.manage_teams", team)
    cleaned = validate(TeamPeopleForm(data, people=team_people(team)))
    people = list(cleaned["people"])
    with transaction.atomic():
        moved = [
            {"person": p.pk, "from": p.team_id}
            for p in Person.objects.select_for_update().filter(pk__in=[p.pk for p in people])
        ]
        Person.objects.filter(pk__in=[p.pk for p in people]).update(team=team)
        audit.record(
            "orgs.team.assign",
            by=by,
            obj=team,
            org=team.org,
            before={"people": moved},
            after={"team": team.pk, "people": sorted(p.pk for p in people)},
        )
    return people


def set_person_team(person, *, by, data, teams):
    """Put one person into a team, or out of any (a blank choice); the team must be of her organisations."""
    require_verb(by, "orgs.manage_teams")
    cleaned = validate(PersonTeamForm(data, teams=teams))
    team = cleaned["team"]
    require_verb(by, "orgs.manage_teams", team or person.team or person.org)
    if team is not None and not person.org.path.startswith(team.org.path):
        message = "该人员不在这个班组/科室所属党组织的范围内。"
        raise Invalid(message, {"team": [message]})
    if person.team_id and team is None:
        require_verb(by, "orgs.manage_teams", person.team)
    with transaction.atomic():
        person = Person.objects.select_for_update().get(pk=person.pk)
        before = {"team": person.team_id}
        person.team = team
        person.save(update_fields=["team", "updated_at"])
        audit.record(
            "orgs.person.team", by=by, obj=person, org=person.org, before=before, after={"team": team and team.pk}
        )
    return person


def set_team_groups(team, *, by, data):
    """Which party groups cover the team (the coverage editor)."""
    require_verb(by, "orgs.manage_teams", team)
    cleaned = validate(TeamGroupsForm(data, groups=team_groups(team)))
    with transaction.atomic():
        team = Team.objects.select_for_update().get(pk=team.pk)
        before = _snapshot(team)
        team.groups.set(cleaned["groups"])
        audit.record("orgs.team.cover", by=by, obj=team, org=team.org, before=before, after=_snapshot(team))
    return team

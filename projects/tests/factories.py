"""Projects for tests: a complete charter (五个明确 and 1+5 filled) for an organisation, through the actions."""

import itertools

from core.testing import make_person, make_user
from projects import actions
from projects.models import Category, ProjectSettings

CRITERIA = "完成进度 30\n质量标准 30\n群众满意度 40"


def category(committee, name="服务关怀", kind="standard"):
    return Category.objects.get_or_create(committee=committee, name=name, defaults={"kind": kind})[0]


_SEQ = itertools.count(100)


def team(org, n=2, seq=None):
    """Two people of `org` (made once per organisation, then reused)."""
    from orgs.models import Person

    have = list(Person.objects.filter(org=org, name__startswith="队员").order_by("id")[:n])
    while len(have) < n:
        have.append(_person(org, f"队员{org.pk}{len(have)}"))
    return have


def _person(org, name, **extra):
    """A person with an ID number no living person holds (tests roll back and re-make people many times)."""
    from django.db import IntegrityError, transaction

    while True:
        try:
            with transaction.atomic():
                return make_person(org, name, seq=100 + next(_SEQ) % 899, **extra)
        except IntegrityError:
            continue


def charter(world, org=None, **overrides):
    """Form data of a complete charter for `org` (branch A by default)."""
    org = org or world.branch_a
    people = team(org)
    data = {
        "org": org.pk,
        "title": "在职党员进社区",
        "slogan": "居民有所呼，党员有所应",
        "brand": "七彩心桥",
        "tier": "general",
        "category": category(world.committee).pk,
        "problem": "社区服务力量不足，居民诉求回应慢。",
        "content": "组织在职党员到社区报到，认领服务岗位。",
        "measures": "建立报到台账；每月参加一次志愿服务。",
        "progress_plan": "3月报到，4至10月服务，11月总结。",
        "start": "2026-03-01",
        "end": "2026-11-30",
        "quality_standard": "报到率100%，服务台账齐全。",
        "expected_goal": "每名党员全年服务不少于12次。",
        "owner": people[0].pk,
        "liaison_leader": world.people["secretary"].pk if org == world.branch_a else people[1].pk,
        "team": [p.pk for p in people],
        "budget": "5000",
        "criteria": CRITERIA,
    }
    data.update(overrides)
    return data


def make_project(world, by=None, org=None, **overrides):
    return actions.create_project(by=by or world.users["branch_secretary"], data=charter(world, org, **overrides))


def mentor(world, name="周导师", org=None, username="mentor_a"):
    person = _person(org or world.committee, name, gender="female")
    return make_user(username, person=person, roles=[("mentor", world.committee)])


def settings(world, **values):
    return ProjectSettings.objects.update_or_create(committee=world.committee, defaults=values)[0]

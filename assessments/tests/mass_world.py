"""Builders for the mass part's tests: a survey of the committee over branches A and B (or members), opened, with
codes; votes cast through the public mechanism (assessments/mass.py), as a voter would."""

import datetime

from django.utils.datastructures import MultiValueDict

from core.dates import today
from core.testing import make_user
from orgs.models import Organisation

from .. import actions_mass as actions
from .. import mass


def survey_data(world, **extra):
    start = today()
    return {
        "org": world.committee.pk,
        "kind": "satisfaction",
        "title": "2026年第四季度群众满意度测评",
        "opens": (start - datetime.timedelta(days=1)).isoformat(),
        "closes": (start + datetime.timedelta(days=10)).isoformat(),
        **extra,
    }


def make_survey(world, *, kind="satisfaction", subjects=None, people=None, open_=True, codes=0, **extra):
    admin = world.users["committee_admin"]
    s = actions.create_survey(by=admin, data=survey_data(world, kind=kind, **extra))
    if people is not None:
        data = MultiValueDict({"source": ["people"], "people": [str(p.pk) for p in people]})
    else:
        orgs = subjects if subjects is not None else [world.branch_a, world.branch_b]
        data = MultiValueDict({"source": ["orgs"], "orgs": [str(o.pk) for o in orgs]})
    actions.add_subjects(s, by=admin, data=data)
    if open_:
        s = actions.transition(s, "open", by=admin)
    made = actions.issue_codes(s, by=admin, data={"count": codes}) if codes else []
    return s, [c.code for c in made]


def vote(code, ratings, *, address="10.0.0.1"):
    """ratings: {subject: rating} or {subject: (rating, comment)}."""
    votes = []
    for subject, value in ratings.items():
        rating, comment = value if isinstance(value, tuple) else (value, "")
        votes.append({"subject": subject.pk, "rating": rating, "comment": comment})
    return mass.cast(code, votes=votes, client_address=address)


def far_committee():
    """Another 工委 with its own 党务管理员 (the scope boundary)."""
    far = Organisation.add_root(name="外区直机关工委", kind="working_committee", unit="外区委")
    branch = far.add_child(name="外区第一党支部", kind="branch", unit="外区")
    far.refresh_from_db()
    return far, branch, make_user("far_admin", roles=[("org_admin", far)])

"""Every persona × every state of the declaration, publicity and objection workflows: `run()` succeeds exactly
when `available()` lists the transition, and the page's `data-transition` buttons are exactly that list."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from core.testing import make_person, make_user, workflow_mismatches
from orgs.models import Organisation
from points import publicity
from points.choices import DeclarationState, PublicityState
from points.models import Declaration, Item, Objection, Publicity, Review
from points.workflows import DECLARATION

TODAY = datetime.date(2026, 7, 1)


@pytest.fixture
def people(world, reviewers):
    """The personas, each logged in once (a session made inside a rolled-back savepoint would vanish)."""
    subject = make_person(world.branch_a, "赵强", seq=21)
    other_committee = Organisation.add_root(name="另一个工委", kind="working_committee")
    users = {
        "declarant member": world.users["branch_member"],
        "unit admin": world.users["branch_secretary"],
        "committee admin": world.users["committee_admin"],
        "reviewer L1": reviewers[1],
        "reviewer L2": reviewers[2],
        "reviewer L3": reviewers[3],
        # Holds levels 1 and 2 and made the level-1 decision of every declaration past level 1.
        "reviewer at two levels": make_user(
            "two_levels", roles=[("reviewer_l1", world.committee), ("reviewer_l2", world.committee)]
        ),
        # A level-1 reviewer whose own points are declared by her branch: never reviews them.
        "subject person": make_user(
            "subject", person=subject, roles=[("reviewer_l1", world.committee), ("member", world.branch_a)]
        ),
        "another branch's admin": world.users["outsider"],
        "another committee's admin": make_user("other_admin", roles=[("org_admin", other_committee)]),
        "sysadmin": world.users["sysadmin"],
        "secadmin": world.users["secadmin"],
        "auditor": world.users["auditor"],
    }
    clients = {}
    for user in users.values():
        clients[user.pk] = Client()
        clients[user.pk].force_login(user)
    return users, clients


def _page(clients, url):
    def render(obj, user):
        response = clients[user.pk].get(url(obj))
        assert response.status_code in (200, 403, 404), response.status_code
        return response.content.decode()

    return render


# ---------------------------------------------------------------- declarations

# Whom each kind of declaration is for and who entered it.
KINDS = {
    "the unit's entry for a member": ("unit admin", "member_item", "subject person", False),
    "a member for herself": ("declarant member", "member_item", "declarant member", False),
    "the committee's entry for a branch": ("committee admin", "org_item", None, True),
}
PAST_LEVELS = {
    DeclarationState.PENDING_L2: 1,
    DeclarationState.PENDING_L3: 2,
    DeclarationState.APPROVED: 3,
}


def _declaration_maker(world, scheme, users, kind):
    declarant, item_key, subject, confirm = KINDS[kind]
    item = Item.objects.get(pk=scheme[item_key])
    person = users[subject].person if subject else None
    deciders = {1: users["reviewer at two levels"], 2: users["reviewer L2"], 3: users["reviewer L3"]}

    def make(state):
        decl = Declaration.objects.create(
            scheme=item.scheme,
            item=item,
            subject_type=item.subject_type,
            subject_org=person.org if person else world.branch_a,
            subject_person=person,
            points=item.points,
            occurred_on=datetime.date(2026, 3, 1),
            state=state,
            declared_by=users[declarant],
            needs_unit_confirmation=confirm,
        )
        for level in range(1, PAST_LEVELS.get(state, 0) + 1):
            Review.objects.create(
                declaration=decl,
                level=level,
                action="approve",
                by=deciders[level],
                from_state=f"pending_l{level}",
                to_state=f"pending_l{level + 1}" if level < 3 else "approved",
            )
        return decl

    return make


@pytest.mark.parametrize("kind", list(KINDS))
def test_declaration_workflow_pages_and_runs_agree(world, scheme, people, kind):
    users, clients = people
    problems = workflow_mismatches(
        DECLARATION,
        states=list(DeclarationState),
        make=_declaration_maker(world, scheme, users, kind),
        personas=users,
        data=lambda name, obj: {"comment": "理由已写明"},
        page=_page(clients, lambda decl: f"/points/declarations/{decl.pk}/"),
    )
    assert problems == []


REVIEWING = ["approve", "return", "reject"]


def expected_declaration_actions(kind, state):
    """Who may do what, in plain terms: {persona: transitions}; everyone else nothing."""
    declarant, _item, subject, _confirm = KINDS[kind]
    if state in (DeclarationState.DRAFT, DeclarationState.RETURNED):
        return {declarant: ["submit"]}  # only the declarant submits (again)
    if state == DeclarationState.AWAITING_CONFIRMATION:
        # The subject unit's admin confirms, unless she entered it herself.
        return {} if declarant == "unit admin" else {"unit admin": ["confirm", "dispute"]}
    reviewers = {
        DeclarationState.PENDING_L1: ["reviewer L1", "reviewer at two levels", "subject person"],
        # The two-level reviewer decided at level 1 of every declaration past it: level 2 is not hers.
        DeclarationState.PENDING_L2: ["reviewer L2"],
        DeclarationState.PENDING_L3: ["reviewer L3"],
    }.get(state, [])
    # Never the declarant, never the person the points are for.
    return {who: REVIEWING for who in reviewers if who not in (declarant, subject)}


@pytest.mark.parametrize("kind", list(KINDS))
def test_who_may_do_what_in_each_state(world, scheme, people, kind):
    users, _clients = people
    make = _declaration_maker(world, scheme, users, kind)
    for state in DeclarationState:
        decl = make(state)
        found = {who: [t.name for t in DECLARATION.available(decl, user)] for who, user in users.items()}
        assert {who: names for who, names in found.items() if names} == expected_declaration_actions(kind, state), (
            kind,
            state,
        )


# ---------------------------------------------------------------- publicity and objections

PUBLICITY_STATES = [
    "frozen",
    "in the objection period",
    "over, an objection unanswered",
    "over, all answered",
    "announced",
]


def _publicity_maker(world, scheme, users):
    def make(state):
        published = state != "frozen"
        over = state.startswith("over") or state == "announced"
        pub = Publicity.objects.create(
            scheme_id=scheme["id"],
            subject_type="org",
            until=datetime.date(2026, 5, 31),
            title="2026年1-5月党组织积分排名",
            snapshot=[],
            state=PublicityState.PUBLISHED if published else PublicityState.FROZEN,
            published_on=TODAY - datetime.timedelta(days=20 if over else 1) if published else None,
            objection_deadline=TODAY - datetime.timedelta(days=10 if over else -5) if published else None,
            created_by=users["committee admin"],
        )
        if state == "announced":
            pub.state, pub.announced_on = PublicityState.ANNOUNCED, TODAY
            pub.save()
        if published and state != "in the objection period":
            answered = state != "over, an objection unanswered"
            Objection.objects.create(
                publicity=pub,
                raised_by=users["declarant member"],
                content="第1名的计分有误",
                answer="已核实，计分无误" if answered else "",
                answered_by=users["committee admin"] if answered else None,
                answered_at=timezone.now() if answered else None,
            )
        return pub

    return make


@pytest.fixture
def frozen_clock(monkeypatch):
    monkeypatch.setattr(publicity, "today", lambda: TODAY)


def test_publicity_workflow_pages_and_runs_agree(world, scheme, people, frozen_clock):
    users, clients = people
    problems = workflow_mismatches(
        publicity.PUBLICITY,
        states=PUBLICITY_STATES,
        make=_publicity_maker(world, scheme, users),
        personas=users,
        page=_page(clients, lambda pub: f"/points/publicity/{pub.pk}/"),
    )
    assert problems == []


OBJECTION_STATES = {
    "open": "over, an objection unanswered",
    "answered": "over, all answered",
    "closed": "announced",
}


def test_objection_workflow_pages_and_runs_agree(world, scheme, people, frozen_clock):
    users, clients = people
    make_publicity = _publicity_maker(world, scheme, users)

    def make(state):
        return make_publicity(OBJECTION_STATES[state]).objections.get()

    problems = workflow_mismatches(
        publicity.OBJECTION,
        states=list(OBJECTION_STATES),
        make=make,
        personas=users,
        data=lambda name, obj: {"answer": "已核实，计分无误"},
        page=_page(clients, lambda o: f"/points/publicity/{o.publicity_id}/"),
    )
    assert problems == []


def test_who_may_publish_announce_and_answer(world, scheme, people, frozen_clock):
    users, _clients = people
    make = _publicity_maker(world, scheme, users)
    expected = {"frozen": ["publish"], "over, all answered": ["announce"]}
    answerable = {"over, an objection unanswered", "over, all answered"}
    for state in PUBLICITY_STATES:
        pub = make(state)
        found = {who: [t.name for t in publicity.PUBLICITY.available(pub, user)] for who, user in users.items()}
        want = {"committee admin": expected[state]} if state in expected else {}
        assert {who: names for who, names in found.items() if names} == want, state
        for objection in pub.objections.all():
            found = {who: [t.name for t in publicity.OBJECTION.available(objection, u)] for who, u in users.items()}
            want = {"committee admin": ["answer"]} if state in answerable else {}
            assert {who: names for who, names in found.items() if names} == want, state

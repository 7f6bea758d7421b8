"""Reviews waiting are reminded on the spot: a transition that puts an object at a level of its approval chain
notifies that level's reviewers (the chain's own rule decides who may review; no module named in core)."""

from core.testing import make_person, make_user
from notices.models import Delivery, Message
from points.tests.conftest import declare


def _scheme(api, world):
    client = api(world.users["committee_admin"])
    scheme = client.post("points/schemes", {"org": world.committee.id, "year": 2026, "name": "积分制管理办法"}).json()
    item = client.post(
        f"points/schemes/{scheme['id']}/items",
        {"dimension": "基础工作再提升", "name": "规范开展主题党日", "points": 5, "subject_type": "org"},
    )
    return item.json()["id"]


def test_a_submitted_declaration_reminds_its_first_level_reviewers_then_the_next(
    world, api, django_capture_on_commit_callbacks
):
    reviewers = {
        n: make_user(
            f"rev{n}",
            person=make_person(world.committee, f"审核人{n}", seq=20 + n),
            roles=[(f"reviewer_l{n}", world.committee)],
        )
        for n in (1, 2, 3)
    }
    unlinked = make_user("rev1b", roles=[("reviewer_l1", world.committee)])  # no person: no one to remind
    elsewhere = make_user(
        "rev1c", person=make_person(world.branch_b, "别处审核人", seq=30), roles=[("reviewer_l1", world.branch_b)]
    )
    item = _scheme(api, world)
    with django_capture_on_commit_callbacks(execute=True):
        decl = declare(
            api(world.users["branch_secretary"]), item=item, subject_org=world.branch_a.id, occurred_on="2026-03-01"
        )
    waiting = Message.objects.filter(key__startswith=f"review.points.declaration.{decl}.1.")
    assert [m.person.name for m in waiting] == ["审核人1"]
    assert waiting[0].title.startswith("待审核：") and "一级审核" in waiting[0].body
    assert not Message.objects.filter(person=elsewhere.person).exists() and unlinked.person is None

    with django_capture_on_commit_callbacks(execute=True):
        r = api(reviewers[1]).post(f"points/declarations/{decl}/review", {"decision": "approve"})
    assert r.status_code == 200, r.content
    assert [m.person.name for m in Message.objects.filter(key__startswith=f"review.points.declaration.{decl}.2.")] == [
        "审核人2"
    ]
    with django_capture_on_commit_callbacks(execute=True):
        approve_all_from_two(api, reviewers, decl)
    assert Delivery.objects.filter(key__contains=f".{decl}.").count() == 3  # one per level; the approval reminds no one


def approve_all_from_two(api, reviewers, decl):
    for level in (2, 3):
        assert (
            api(reviewers[level]).post(f"points/declarations/{decl}/review", {"decision": "approve"}).status_code == 200
        )

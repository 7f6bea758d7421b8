"""Races between real connections, on SQLite (a file database, IMMEDIATE transactions) and PostgreSQL alike:
the winner's change is made once, the loser gets a Chinese 409 or its own success, never a 500."""

import threading

import pytest
from django.db import OperationalError, connection

from core import audit
from core.testing import ApiClient, build_world, make_person, make_user

pytestmark = pytest.mark.django_db(transaction=True)


def race(*calls):
    """Run the calls at the same moment, each in its own thread with its own database connection."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(i, call):
        try:
            barrier.wait(timeout=10)
            results[i] = call()
        except Exception as e:  # a crash in a thread must fail the test, not vanish
            results[i] = e
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return results


def _statuses(responses):
    assert all(hasattr(r, "status_code") for r in responses), responses
    assert all(r.status_code < 500 for r in responses), [(r.status_code, r.content[:200]) for r in responses]
    return sorted(r.status_code for r in responses)


@pytest.fixture
def points_world():
    world = build_world()
    committee = world.committee
    reviewers = {
        level: [make_user(f"r{level}{x}", roles=[(f"reviewer_l{level}", committee)]) for x in "ab"]
        for level in (1, 2, 3)
    }
    admin = ApiClient(world.users["committee_admin"])
    scheme = admin.post("points/schemes", {"org": committee.id, "year": 2026, "name": "并发测试"}).json()
    item = admin.post(
        f"points/schemes/{scheme['id']}/items",
        {"dimension": "基础工作再提升", "name": "主题党日", "points": 5, "subject_type": "org"},
    ).json()
    secretary = ApiClient(world.users["branch_secretary"])

    def declare():
        r = secretary.post(
            "points/declarations",
            {"item": item["id"], "subject_org": world.branch_a.id, "quantity": 1, "occurred_on": "2026-03-01"},
        )
        assert r.status_code == 201, r.content
        assert secretary.post(f"points/declarations/{r.json()['id']}/submit").status_code == 200
        return r.json()["id"]

    return world, reviewers, declare


def test_two_reviewers_giving_the_final_approval_of_one_declaration(points_world):
    from points.models import Declaration, LedgerEntry

    _world, reviewers, declare = points_world
    pk = declare()
    for level in (1, 2):
        r = ApiClient(reviewers[level][0]).post(f"points/declarations/{pk}/review", {"decision": "approve"})
        assert r.status_code == 200, r.content
    a, b = (ApiClient(u) for u in reviewers[3])
    responses = race(*(lambda c=c: c.post(f"points/declarations/{pk}/review", {"decision": "approve"}) for c in (a, b)))
    assert _statuses(responses) == [200, 409]
    assert "不能审核" in next(r for r in responses if r.status_code == 409).json()["detail"]
    assert Declaration.objects.get(pk=pk).state == "approved"
    assert LedgerEntry.objects.filter(declaration_id=pk).count() == 1


def test_two_reviewers_batch_approving_the_same_declarations(points_world):
    from points.models import Declaration

    _world, reviewers, declare = points_world
    ids = [declare() for _ in range(3)]
    a, b = (ApiClient(u) for u in reviewers[1])
    responses = race(*(lambda c=c: c.post("points/reviews/batch", {"declarations": ids}) for c in (a, b)))
    assert _statuses(responses) == [200, 200]
    assert sum(r.json()["approved"] for r in responses) == 3  # each declaration approved exactly once
    for pk in ids:
        assert Declaration.objects.get(pk=pk).reviews.filter(level=1).count() == 1


@pytest.fixture
def plans_world():
    from plans.tests.factories import add_item, make_plan

    world = build_world()
    plan = make_plan(world.users["branch_secretary"], world.branch_a)
    item = add_item(world.users["branch_secretary"], plan, "宣传报道信息报送", category="宣传报道", month=6)
    second = make_user(
        "member_a2", person=make_person(world.branch_a, "周敏", seq=9), roles=[("member", world.branch_a)]
    )
    return world, item, second


def test_two_members_claiming_one_item_both_succeed(plans_world):
    from plans.models import Claim

    world, item, second = plans_world
    clients = [ApiClient(world.users["branch_member"]), ApiClient(second)]
    responses = race(*(lambda c=c: c.post(f"plan-items/{item.id}/claims", {"note": "我来"}) for c in clients))
    assert _statuses(responses) == [201, 201]
    assert Claim.objects.filter(item=item, state="pending").count() == 2


def test_two_admins_confirming_one_claim(plans_world):
    from plans.models import Claim, ItemOwner

    world, item, _second = plans_world
    claim = ApiClient(world.users["branch_member"]).post(f"plan-items/{item.id}/claims").json()["id"]
    admins = [ApiClient(world.users["branch_secretary"]), ApiClient(world.users["committee_admin"])]
    responses = race(*(lambda c=c: c.post(f"claims/{claim}/confirm") for c in admins))
    assert _statuses(responses) == [200, 409]
    assert "不能重复处理" in next(r for r in responses if r.status_code == 409).json()["detail"]
    assert Claim.objects.get(pk=claim).state == "confirmed"
    assert ItemOwner.objects.filter(item=item).count() == 1


def test_concurrent_writers_keep_one_chain_and_ordered_checkpoints(plans_world):
    """Eight processes' worth of writers: every event is chained once and the checkpoint file stays valid."""
    from core import checkpoints

    world, _item, second = plans_world
    readers = [ApiClient(u) for u in (world.users["branch_member"], second)]
    calls = [lambda c=c: c.get("plans") for c in readers]
    calls += [lambda i=i: audit.record(f"test.race.{i}", by=None) for i in range(8)]
    results = race(*calls)
    assert _statuses(results[:2]) == [200, 200]
    assert all(isinstance(e, audit.AuditEvent) for e in results[2:]), results[2:]
    report = audit.verify()
    assert report.ok, report.problems
    lines, problems = checkpoints.load()
    assert not problems
    ids = [cp["last_id"] for cp in lines]
    assert ids == sorted(ids) and ids[-1] == audit.AuditEvent.objects.order_by("-id").first().id


def test_a_lost_race_answers_409_on_the_api_and_the_pages(monkeypatch):
    """When the database gives up waiting (SQLite's busy timeout, a PostgreSQL lock or serialization
    failure), the one handler for the API and the one middleware for pages answer 409 in Chinese."""
    from django.test import Client

    from plans import actions
    from plans.tests.factories import add_item, make_plan

    world = build_world()
    secretary = world.users["branch_secretary"]
    item = add_item(secretary, make_plan(secretary, world.branch_a), month=6)

    def locked(*args, **kwargs):
        raise OperationalError("database is locked")

    monkeypatch.setattr(actions, "claim_item", locked)
    r = ApiClient(world.users["branch_member"]).post(f"plan-items/{item.id}/claims")
    assert r.status_code == 409 and "请刷新后重试" in r.json()["detail"]
    page = Client()
    page.force_login(world.users["branch_member"])
    back = f"http://testserver/plans/{item.plan_id}/"
    r = page.post(f"/plans/items/{item.id}/claim/", HTTP_REFERER=back)
    assert r.status_code == 409
    html = r.content.decode()
    assert "请刷新后重试" in html and back in html

    def broken(*args, **kwargs):
        raise OperationalError("no such table: plans_claim")

    monkeypatch.setattr(actions, "claim_item", broken)
    r = ApiClient(world.users["branch_member"]).post(f"plan-items/{item.id}/claims")
    assert r.status_code == 500  # a real fault stays a fault


def test_a_burst_of_public_suggestions_cannot_slip_past_the_rate_limit(settings):
    """Six parallel posts from one address against a limit of two: two stored, four refused with 429."""
    from django.test import Client

    from feedback.models import Feedback

    settings.FEEDBACK_RATE_LIMITS = ((2, 600),)
    world = build_world()
    body = {"org": world.branch_a.pk, "content": "建议社区增设老年助餐点。"}

    def post():
        return Client(REMOTE_ADDR="198.51.100.9").post("/api/v1/feedback", body, content_type="application/json")

    statuses = _statuses(race(*(post for _ in range(6))))
    assert statuses == [201, 201, 429, 429, 429, 429]
    assert Feedback.objects.count() == 2


def test_a_burst_of_survey_answers_cannot_slip_past_the_rate_limit(settings):
    """The project survey's limit (the same mechanism, core/ratelimit.py): six parallel answers, a limit of two."""
    from django.test import Client

    from projects.models import SurveyResponse
    from projects.tests.factories_public import disclose, project_in

    settings.PROJECT_SURVEY_RATE_LIMITS = ((2, 600),)
    world = build_world()
    token = disclose(world, project_in(world, "in_progress"))

    def post():
        return Client(REMOTE_ADDR="198.51.100.10").post(
            f"/api/v1/public/projects/{token}/survey-responses",
            {"rating": "satisfied"},
            content_type="application/json",
        )

    statuses = _statuses(race(*(post for _ in range(6))))
    assert statuses == [201, 201, 429, 429, 429, 429]
    assert SurveyResponse.objects.count() == 2


def test_the_lock_helper_refuses_to_run_outside_a_transaction():
    from core import locks

    with pytest.raises(RuntimeError):
        locks.hold("x")
    assert locks.lock_id("feedback-client:a") == locks.lock_id("feedback-client:a") != locks.lock_id("b")

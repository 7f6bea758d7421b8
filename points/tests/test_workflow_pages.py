"""What the workflows change for a user: pages and the API's `actions` offer exactly what would succeed, the
review log keeps from/to states, and a subject one may not declare for answers like a missing one."""

import datetime
import importlib

import pytest
from django.test import Client

from core.models import AuditEvent
from core.testing import make_user, transitions_shown
from points import publicity
from points.models import Declaration, Objection, Review

from .conftest import approve_all, declare


def login(user):
    c = Client()
    c.force_login(user)
    return c


def _pending(world, scheme, api, branch_secretary):
    return declare(
        api(branch_secretary), item=scheme["org_item"], subject_org=world.branch_a.id, occurred_on="2026-03-01"
    )


def test_a_reviewer_who_approved_at_level_one_is_offered_nothing_at_level_two(
    world, scheme, api, branch_secretary, reviewers
):
    both = make_user("two_levels", roles=[("reviewer_l1", world.committee), ("reviewer_l2", world.committee)])
    pk = _pending(world, scheme, api, branch_secretary)
    c = login(both)
    page = c.get(f"/points/declarations/{pk}/").content.decode()
    assert transitions_shown(page) == ["approve", "reject", "return"] and "一级审核（科长）" in page
    c.post(f"/points/declarations/{pk}/review/", {"decision": "approve"})
    assert Declaration.objects.get(pk=pk).state == "pending_l2"

    page = c.get(f"/points/declarations/{pk}/").content.decode()
    assert 'data-testid="review-form"' not in page and transitions_shown(page) == []
    assert api(both).get(f"points/declarations/{pk}").json()["actions"] == []
    # Her level-2 queue lists it, without a box to tick, and says why.
    queue = c.get("/points/reviews/?level=2").content.decode()
    assert f'value="{pk}"' not in queue and "不可审核" in queue and "不同的审核人" in queue
    assert "队列中没有您可审核的申报" in queue  # and nothing to approve in bulk
    # The level-2 reviewer who has not decided yet is offered the review.
    assert api(reviewers[2]).get(f"points/declarations/{pk}").json()["actions"] == ["approve", "return", "reject"]


def test_the_api_lists_what_each_caller_may_do_next(world, scheme, api, branch_secretary, committee_admin, reviewers):
    client = api(branch_secretary)
    r = client.post(
        "points/declarations",
        {"item": scheme["org_item"], "subject_org": world.branch_a.id, "occurred_on": "2026-03-01"},
    )
    decl = r.json()
    assert r.status_code == 201 and decl["actions"] == ["submit"]
    assert api(committee_admin).get(f"points/declarations/{decl['id']}").json()["actions"] == []
    after = client.post(f"points/declarations/{decl['id']}/submit").json()
    assert after["state"] == "pending_l1" and after["actions"] == []
    listed = api(reviewers[1]).get("points/reviews/queue", {"level": 1}).json()["items"]
    assert [(d["id"], d["actions"]) for d in listed] == [(decl["id"], ["approve", "return", "reject"])]
    assert api(reviewers[2]).get("points/declarations").json()["items"][0]["actions"] == []


def test_the_review_log_keeps_from_to_and_the_api_its_old_field_names(
    world, scheme, api, committee_admin, branch_secretary, reviewers
):
    pk = declare(api(committee_admin), item=scheme["org_item"], subject_org=world.branch_a.id, occurred_on="2026-03-01")
    api(branch_secretary).post(f"points/declarations/{pk}/confirm", {"decision": "confirm", "comment": "属实"})
    approve_all(api, reviewers, pk)
    rows = list(Review.objects.filter(declaration_id=pk).values_list("level", "action", "from_state", "to_state"))
    assert rows == [
        (0, "confirm", "awaiting_confirmation", "pending_l1"),
        (1, "approve", "pending_l1", "pending_l2"),
        (2, "approve", "pending_l2", "pending_l3"),
        (3, "approve", "pending_l3", "approved"),
    ]
    reviews = api(committee_admin).get(f"points/declarations/{pk}").json()["reviews"]
    assert set(reviews[0]) == {"level", "decision", "comment", "reviewer", "created_at"}
    assert (reviews[0]["decision"], reviews[0]["reviewer"], reviews[0]["comment"]) == (
        "confirm",
        branch_secretary.pk,
        "属实",
    )
    assert [r["reviewer"] for r in reviews[1:]] == [reviewers[n].pk for n in (1, 2, 3)]


def test_a_dispute_is_logged_as_the_units_return_with_its_reason(world, scheme, api, committee_admin, branch_secretary):
    pk = declare(api(committee_admin), item=scheme["org_item"], subject_org=world.branch_a.id, occurred_on="2026-03-01")
    c = login(branch_secretary)
    page = c.get(f"/points/declarations/{pk}/").content.decode()
    assert transitions_shown(page) == ["confirm", "dispute"]
    c.post(f"/points/declarations/{pk}/confirm/", {"decision": "dispute", "comment": "本支部未开展该活动"})
    decl = Declaration.objects.get(pk=pk)
    assert decl.state == "returned" and decl.last_comment == "本支部未开展该活动"
    assert list(decl.reviews.values_list("level", "action", "to_state")) == [(0, "return", "returned")]
    page = c.get(f"/points/declarations/{pk}/").content.decode()
    assert "有异议，退回" in page and "本支部未开展该活动" in page
    # The committee that entered it edits and submits it again.
    assert transitions_shown(login(committee_admin).get(f"/points/declarations/{pk}/").content.decode()) == ["submit"]


def test_audit_codes_follow_app_model_verb_and_read_in_chinese(
    world, scheme, api, branch_secretary, reviewers, auditor
):
    pk = _pending(world, scheme, api, branch_secretary)
    approve_all(api, reviewers, pk)
    codes = list(
        AuditEvent.objects.filter(object_id=str(pk), object_type="points.Declaration")
        .order_by("id")
        .values_list("action")
    )
    assert [c for (c,) in codes] == [
        "points.declaration.create",
        "points.declaration.submit",
        "points.declaration.approve",
        "points.declaration.approve",
        "points.declaration.approve",
    ]
    final = AuditEvent.objects.filter(action="points.declaration.approve").latest("pk")
    assert final.after["level"] == 3 and final.after["entry"] and final.after["state"] == "approved"
    assert AuditEvent.objects.filter(action="points.declaration.approve").order_by("id").first().after["entry"] is None
    page = login(auditor).get("/audit/", {"action": "points.declaration.approve"}).content.decode()
    assert "审核通过积分申报" in page


def test_events_written_under_the_old_codes_keep_their_labels():
    from core import audit

    for code in ("points.declare", "points.review.approve", "points.review.return", "points.review.reject"):
        assert audit.label(code) != code


def test_declaring_for_another_branch_on_the_page_is_like_declaring_for_nobody(world, scheme, branch_secretary):
    c = login(branch_secretary)
    url = f"/points/declarations/new/?scheme={scheme['id']}"
    data = {"item": scheme["org_item"], "quantity": "1", "occurred_on": "2026-03-01", "op": "save"}
    foreign = c.post(url, {**data, "subject_org": world.branch_b.pk})
    unknown = c.post(url, {**data, "subject_org": 999999})
    assert foreign.status_code == unknown.status_code == 404
    for r in (foreign, unknown):
        assert "党组织不存在，或不在您可申报积分的范围内。" in r.content.decode()
        assert 'data-testid="declaration-form"' in r.content.decode()  # the form comes back refilled
    assert not Declaration.objects.exists()


def test_a_member_declaring_for_her_branch_gets_the_same_404_as_for_a_missing_one(world, scheme, api, branch_member):
    client = api(branch_member)
    body = {"item": scheme["org_item"], "occurred_on": "2026-03-01"}
    own_branch = client.post("points/declarations", {**body, "subject_org": world.branch_a.id})
    missing = client.post("points/declarations", {**body, "subject_org": 999999})
    assert own_branch.status_code == missing.status_code == 404 and own_branch.json() == missing.json()
    assert not Declaration.objects.exists()


def test_the_declaration_form_offers_exactly_whom_the_user_may_declare_for(
    world, scheme, branch_secretary, committee_admin
):
    form = login(branch_secretary).get("/points/declarations/new/").context["form"]
    assert list(form.fields["subject_org"].queryset) == [world.branch_a]  # not its 党小组, not another branch
    assert {p.name for p in form.fields["subject_person"].queryset} == {"王秀英", "李娜"}
    form = login(committee_admin).get("/points/declarations/new/").context["form"]
    assert set(form.fields["subject_org"].queryset) == {world.branch_a, world.branch_b}


def test_the_review_migration_fills_from_and_to_as_the_old_decisions_moved():
    states_of = importlib.import_module("points.migrations.0003_review_is_a_transition_log").states_of
    assert states_of(0, "confirm") == ("awaiting_confirmation", "pending_l1")
    assert states_of(0, "return") == ("awaiting_confirmation", "returned")
    assert states_of(1, "approve") == ("pending_l1", "pending_l2")
    assert states_of(3, "approve") == ("pending_l3", "approved")
    assert states_of(2, "reject") == ("pending_l2", "rejected")
    assert states_of(2, "return") == ("pending_l2", "returned")


# ---------------------------------------------------------------- publicity


@pytest.fixture
def published(world, scheme, api, committee_admin, branch_secretary, branch_member, reviewers, monkeypatch):
    approve_all(api, reviewers, _pending(world, scheme, api, branch_secretary))
    r = api(committee_admin).post(
        "points/publicities", {"scheme": scheme["id"], "subject_type": "org", "until": "2026-05-31"}
    )
    pid = r.json()["id"]
    assert r.json()["actions"] == ["publish"]
    monkeypatch.setattr(publicity, "today", lambda: datetime.date(2026, 9, 30))
    api(committee_admin).post(f"points/publicities/{pid}/publish")
    api(branch_member).post(f"points/publicities/{pid}/objections", {"content": "计分有误"})
    return pid


def test_only_the_committee_is_offered_announce_and_answer(
    published, api, committee_admin, branch_secretary, monkeypatch
):
    admin_page = login(committee_admin).get(f"/points/publicity/{published}/").content.decode()
    # 正式公布 is shown disabled with announce's own reason: not an offered action.
    assert transitions_shown(admin_page) == ["answer"] and "公示期至10月12日结束" in admin_page
    branch_page = login(branch_secretary).get(f"/points/publicity/{published}/").content.decode()
    assert transitions_shown(branch_page) == [] and "正式公布" not in branch_page
    body = api(branch_secretary).get(f"points/publicities/{published}").json()
    assert body["actions"] == [] and body["objections"][0]["actions"] == []
    assert api(committee_admin).get(f"points/publicities/{published}").json()["objections"][0]["actions"] == ["answer"]


def test_an_answer_can_be_corrected_until_the_result_is_announced(published, committee_admin, monkeypatch):
    c = login(committee_admin)
    objection = Objection.objects.get()
    c.post(f"/points/objections/{objection.pk}/answer/", {"answer": "已核实"})
    page = c.get(f"/points/publicity/{published}/").content.decode()
    assert "修改答复" in page and transitions_shown(page) == ["answer"]
    c.post(f"/points/objections/{objection.pk}/answer/", {"answer": "已核实，6月活动计入下一期"})
    objection.refresh_from_db()
    assert objection.answer == "已核实，6月活动计入下一期"
    monkeypatch.setattr(publicity, "today", lambda: datetime.date(2026, 10, 13))
    c.post(f"/points/publicity/{published}/announce/")
    page = c.get(f"/points/publicity/{published}/").content.decode()
    assert "已公布" in page and "修改答复" not in page and transitions_shown(page) == []
    r = c.post(f"/points/objections/{objection.pk}/answer/", {"answer": "再改"}, follow=True)
    assert "结果已公布，不能再答复。" in r.content.decode()


def test_publishing_keeps_the_ranking_snapshot_out_of_the_audit_log(published):
    event = AuditEvent.objects.get(action="points.publicity.publish")
    assert "snapshot" not in event.before and "snapshot" not in event.after
    assert (event.before["state"], event.after["state"]) == ("frozen", "published")
    assert event.after["objection_deadline"] == "2026-10-12"


def test_verbs_asked_without_an_object_answer_no(world):
    """`{% has_perm "points.confirm_declaration" user %}` with nothing to confirm is a plain no, not an error."""
    user = world.users["branch_secretary"]
    assert not user.has_perm("points.confirm_declaration")
    assert not user.has_perm("points.declare_for")

"""The feedback channel: the public side (no login), the organisations' handling, limits, scope."""

import datetime

import pytest
from django.test import Client

from core.errors import Forbidden
from core.testing import ApiClient
from feedback import actions, ratelimit
from feedback.choices import FeedbackState
from feedback.models import Feedback, FeedbackSettings
from feedback.tests.conftest import submit


def test_anyone_leaves_a_suggestion_without_login_and_gets_a_code(world, public):
    r = public.post(
        "feedback", {"org": world.branch_a.pk, "content": "建议社区增设老年助餐点。", "phone": "13963471258"}
    )
    assert r.status_code == 201, r.json()
    body = r.json()
    item = Feedback.objects.get(pk=body["id"])
    assert body["code"] == item.code and len(item.code) >= 16
    assert item.state == FeedbackState.SUBMITTED and item.handler == world.branch_a
    # The phone is kept encrypted with its masked form; never in the clear.
    assert item.phone_masked == "139****1258" and "13963471258" not in item.phone_encrypted
    assert item.get_phone() == "13963471258"
    assert item.due_on is not None and item.due_on > item.created_at.date()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"content": "字" * 2001}, "content"),
        ({"content": "太短"}, "content"),
        ({"phone": "12345"}, "phone"),
        ({"phone": "1396347125x"}, "phone"),
        ({"contact_name": "名" * 31}, "contact_name"),
        ({"org": 2**53 - 1}, "org"),
    ],
)
def test_bad_input_is_refused_in_chinese_and_nothing_is_saved(world, public, body, field):
    r = public.post("feedback", {"org": world.branch_a.pk, "content": "建议社区增设老年助餐点。", **body})
    assert r.status_code == 422, r.json()
    assert field in r.json()["errors"] and r.json()["detail"]
    assert not Feedback.objects.exists()


def test_a_party_group_keeps_no_channel(world, public):
    r = public.post("feedback", {"org": world.group_a1.pk, "content": "建议社区增设老年助餐点。"})
    assert r.status_code == 422 and "org" in r.json()["errors"]


def test_the_public_channel_is_rate_limited_per_client_address(world, settings, monkeypatch):
    settings.FEEDBACK_RATE_LIMITS = ((2, 600),)
    one, other = Client(REMOTE_ADDR="198.51.100.1"), Client(REMOTE_ADDR="198.51.100.2")
    body = {"org": world.branch_a.pk, "content": "建议社区增设老年助餐点。"}

    def post(client):
        return client.post("/api/v1/feedback", body, content_type="application/json")

    assert [post(one).status_code for _ in range(2)] == [201, 201]
    refused = post(one)
    assert refused.status_code == 429 and "过于频繁" in refused.json()["detail"]
    assert Feedback.objects.count() == 2
    assert post(other).status_code == 201  # another address is not held back
    later = ratelimit.now() + datetime.timedelta(minutes=11)
    monkeypatch.setattr(ratelimit, "now", lambda: later)
    assert post(one).status_code == 201


def test_the_writer_follows_it_by_code_without_personal_data(item, public):
    r = public.get(f"feedback/by-code/{item.code}")
    assert r.status_code == 200
    body = r.json()
    assert body["state"] == "submitted" and body["org"]["name"] == "统计局第一党支部"
    text = r.content.decode()
    assert "王阿姨" not in text and "1258" not in text and "contact" not in text


@pytest.mark.parametrize("code", ["short", "x" * 33, "A" * 16, "../../etc"])
def test_a_wrong_code_answers_404(item, public, code):
    assert public.get(f"feedback/by-code/{code}").status_code == 404
    assert public.post(f"feedback/by-code/{code}/rating", {"rating": 5}).status_code == 404


def test_accept_answer_and_rate_by_code(item, branch_secretary, public):
    api = ApiClient(branch_secretary)
    r = api.post(f"feedback/{item.pk}/transition", {"action": "accept"})
    assert r.status_code == 200 and r.json()["state"] == "accepted"
    assert set(r.json()["actions"]) == {"forward", "answer"}
    # Too early to rate.
    assert public.post(f"feedback/by-code/{item.code}/rating", {"rating": 5}).status_code == 409
    r = api.post(f"feedback/{item.pk}/transition", {"action": "answer", "answer": "已协调物业更换楼道灯。"})
    assert r.status_code == 200 and r.json()["state"] == "answered" and r.json()["due_on"] is None
    r = public.post(f"feedback/by-code/{item.code}/rating", {"rating": 6})
    assert r.status_code == 422
    r = public.post(f"feedback/by-code/{item.code}/rating", {"rating": 5, "comment": "第二天就修好了"})
    assert r.status_code == 200 and r.json()["state"] == "rated" and r.json()["rating_label"] == "非常满意"
    again = public.post(f"feedback/by-code/{item.code}/rating", {"rating": 1})
    assert again.status_code == 409 and "已评价" in again.json()["detail"]
    item.refresh_from_db()
    assert item.rating == 5 and item.rating_comment == "第二天就修好了"


def test_an_unknown_action_is_422_and_a_wrong_state_409(item, branch_secretary):
    api = ApiClient(branch_secretary)
    r = api.post(f"feedback/{item.pk}/transition", {"action": "approve"})
    assert r.status_code == 422 and "没有这项操作" in r.json()["detail"]
    r = api.post(f"feedback/{item.pk}/transition", {"action": "answer", "answer": "已处理。"})
    assert r.status_code == 409
    item.refresh_from_db()
    assert item.state == FeedbackState.SUBMITTED


def test_an_answer_needs_text_and_closing_unaccepted_needs_a_reason(item, branch_secretary):
    api = ApiClient(branch_secretary)
    r = api.post(f"feedback/{item.pk}/transition", {"action": "close"})
    assert r.status_code == 422 and "reason" in r.json()["errors"]
    api.post(f"feedback/{item.pk}/transition", {"action": "accept"})
    r = api.post(f"feedback/{item.pk}/transition", {"action": "answer", "answer": " "})
    assert r.status_code == 422 and "answer" in r.json()["errors"]
    r = api.post(f"feedback/{item.pk}/transition", {"action": "answer", "answer": "好" * 2001})
    assert r.status_code == 422


def test_forwarding_hands_it_to_the_organisation_that_must_act(world, item, branch_secretary, outsider):
    mine, theirs = ApiClient(branch_secretary), ApiClient(outsider)
    assert theirs.get(f"feedback/{item.pk}").status_code == 404  # another branch: not hers yet
    mine.post(f"feedback/{item.pk}/transition", {"action": "accept"})
    r = mine.post(f"feedback/{item.pk}/transition", {"action": "forward", "org": world.group_a1.pk})
    assert r.status_code == 422 and "org" in r.json()["errors"]  # a party group does not act
    r = mine.post(f"feedback/{item.pk}/transition", {"action": "forward", "org": world.branch_a.pk})
    assert r.status_code == 422  # already the handler
    r = mine.post(
        f"feedback/{item.pk}/transition", {"action": "forward", "org": world.branch_b.pk, "note": "属财政局职责"}
    )
    assert r.status_code == 200 and r.json()["handler"] == world.branch_b.pk and r.json()["actions"] == []
    # Now the other branch answers it, and the branch it was addressed to may only read.
    assert mine.post(f"feedback/{item.pk}/transition", {"action": "answer", "answer": "已办。"}).status_code == 403
    r = theirs.post(f"feedback/{item.pk}/transition", {"action": "answer", "answer": "已补发。"})
    assert r.status_code == 200 and r.json()["state"] == "answered"


def test_another_branch_and_members_and_system_roles_cannot_reach_it(item, outsider, branch_member, sysadmin):
    for user in (outsider, branch_member):
        api = ApiClient(user)
        assert api.get(f"feedback/{item.pk}").status_code == 404
        assert api.post(f"feedback/{item.pk}/transition", {"action": "accept"}).status_code == 404
        assert api.post(f"feedback/{item.pk}/problem").status_code == 404
        assert api.get("feedback").json()["count"] == 0
    assert ApiClient(sysadmin).post(f"feedback/{item.pk}/transition", {"action": "accept"}).status_code == 404
    item.refresh_from_db()
    assert item.state == FeedbackState.SUBMITTED


def test_overdue_items_are_flagged_and_filtered(item, world, branch_secretary, committee_admin):
    other = submit(world.branch_a, address="192.0.2.11")
    Feedback.objects.filter(pk=item.pk).update(due_on=datetime.date(2020, 1, 2))
    api = ApiClient(committee_admin)
    rows = {i["id"]: i["overdue"] for i in api.get("feedback").json()["items"]}
    assert rows == {item.pk: True, other.pk: False}
    assert [i["id"] for i in api.get("feedback", {"overdue": "true"}).json()["items"]] == [item.pk]
    c = Client()
    c.force_login(branch_secretary)
    page = c.get("/feedback/").content.decode()
    assert page.count('data-testid="overdue"') == 1


def test_step_limits_are_working_days_set_per_committee(world, committee_admin, branch_secretary, monkeypatch):
    from feedback import limits

    monkeypatch.setattr(actions, "today", lambda: datetime.date(2026, 9, 29))  # a Tuesday before National Day
    item = submit(world.branch_a)
    # 受理 within 2 working days counted from the next day: 9-30, then 10-8 after the holiday.
    assert item.due_on == datetime.date(2026, 10, 8)
    monkeypatch.setattr(actions, "today", lambda: datetime.date(2026, 9, 30))
    assert submit(world.branch_a, address="192.0.2.12").due_on == datetime.date(2026, 10, 9)
    with pytest.raises(Forbidden):
        actions.save_limits(world.committee, by=branch_secretary, data={"accept_days": 5, "answer_days": 10})
    actions.save_limits(world.committee, by=committee_admin, data={"accept_days": 5, "answer_days": 15})
    assert FeedbackSettings.objects.get(org=world.committee).accept_days == 5
    assert limits.limits_for(world.branch_a).accept_days == 5
    # 5 working days from 10-1: 10-8, 10-9, 10-10 (a Saturday made a workday, 调休), 10-12, 10-13.
    assert submit(world.branch_a, address="192.0.2.13").due_on == datetime.date(2026, 10, 13)
    # Accepting starts the 办结 limit.
    api = ApiClient(branch_secretary)
    assert api.post(f"feedback/{item.pk}/transition", {"action": "accept"}).json()["due_on"] is not None


def test_the_handling_admins_get_to_dos_counted_like_their_entries(
    world, item, branch_secretary, outsider, committee_admin, branch_member
):
    from core.dates import today as now
    from feedback import todos

    problem = actions.create_problem(
        by=committee_admin,
        data={"org": world.committee.pk, "title": "在职党员作用发挥不明显", "source": "survey"},
        orgs=type(world.committee).objects.all(),
    )
    entries = todos.items(branch_secretary, now())
    assert [(e.label, e.due) for e in entries] == [("待受理意见建议", item.due_on), ("待认领问题", None)]
    assert todos.count(branch_secretary, now()) == sum(e.count for e in entries) == 2
    # The other branch has no suggestion to handle, but may claim the committee's problem.
    assert [e.label for e in todos.items(outsider, now())] == ["待认领问题"] and todos.count(outsider, now()) == 1
    assert todos.items(branch_member, now()) == [] and todos.count(branch_member, now()) == 0
    actions.claim_problem(problem, by=outsider)
    assert todos.count(outsider, now()) == 0

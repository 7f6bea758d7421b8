"""The pages: the public ones without login (CSRF, refill, no personal data on the board), the admin list with
a pinned query count, the detail's transitions, and each workflow's consistency (core.testing)."""

import pytest
from django.test import Client

from core.testing import make_person, make_user, workflow_mismatches
from feedback import actions, workflows
from feedback.choices import FeedbackState, ProblemState
from feedback.models import Feedback, Problem
from feedback.tests.conftest import submit


def test_the_public_page_needs_no_login_and_leaves_a_suggestion(world):
    c = Client(REMOTE_ADDR="203.0.113.5")
    r = c.get(f"/xinqiao/?org={world.branch_a.pk}")
    assert r.status_code == 200 and "七彩心桥" in r.content.decode()
    r = c.post(
        "/xinqiao/", {"org": world.branch_a.pk, "content": "建议在社区增设老年助餐点。", "phone": "139-6347-1258"}
    )
    assert r.status_code == 302
    item = Feedback.objects.get()
    assert item.phone_masked == "139****1258"
    page = c.get(r["Location"]).content.decode()
    assert item.code in page and "提交成功" in page
    # The code stays valid; the success note is shown once.
    assert "提交成功" not in c.get(r["Location"]).content.decode()


def test_a_refused_public_form_is_refilled_and_saves_nothing(world):
    c = Client(REMOTE_ADDR="203.0.113.6")
    r = c.post("/xinqiao/", {"org": world.branch_a.pk, "content": "建议在社区增设老年助餐点。", "phone": "12345"})
    page = r.content.decode()
    assert r.status_code == 200 and "建议在社区增设老年助餐点。" in page and "联系电话应为11位手机号码" in page
    assert not Feedback.objects.exists()


def test_the_public_form_is_csrf_protected(world):
    c = Client(enforce_csrf_checks=True)
    r = c.post("/xinqiao/", {"org": world.branch_a.pk, "content": "建议在社区增设老年助餐点。"})
    assert r.status_code == 403 and not Feedback.objects.exists()


def test_the_rate_limit_is_told_on_the_page(world, settings):
    settings.FEEDBACK_RATE_LIMITS = ((1, 600),)
    c = Client(REMOTE_ADDR="203.0.113.7")
    data = {"org": world.branch_a.pk, "content": "建议在社区增设老年助餐点。"}
    assert c.post("/xinqiao/", data).status_code == 302
    r = c.post("/xinqiao/", data)
    assert r.status_code == 200 and "提交过于频繁" in r.content.decode()
    assert Feedback.objects.count() == 1


def test_the_writer_rates_on_the_follow_up_page(answered):
    c = Client()
    page = c.get(f"/xinqiao/track/{answered.code}/").content.decode()
    assert "已协调物业更换。" in page and 'data-testid="rating-form"' in page
    r = c.post(f"/xinqiao/track/{answered.code}/", {"rating": "9"})
    assert r.status_code == 200 and "满意程度" in r.content.decode()
    assert c.post(f"/xinqiao/track/{answered.code}/", {"rating": "4", "comment": "很及时"}).status_code == 302
    answered.refresh_from_db()
    assert answered.state == FeedbackState.RATED and answered.rating == 4
    assert c.get("/xinqiao/track/nosuchcode123/").status_code == 404


def test_the_board_shows_answers_without_personal_data(world, answered, branch_secretary):
    hidden = submit(
        world.branch_a,
        content="请勿公开：我家门口的问题。",
        address="192.0.2.40",
        contact_name="赵敏",
        phone="13800001111",
    )
    actions.transition_feedback(hidden, "accept", by=branch_secretary)
    hidden.refresh_from_db()
    actions.transition_feedback(hidden, "answer", by=branch_secretary, data={"answer": "已上门处理。"})  # not public
    waiting = submit(world.branch_a, content="尚未答复的留言内容。", address="192.0.2.41")
    page = Client().get("/xinqiao/board/").content.decode()
    assert "小区3号楼楼道灯坏了两周" in page and "已协调物业更换。" in page
    for private in ("王阿姨", "1258", "139", "赵敏", "请勿公开", "尚未答复", answered.code, waiting.code):
        assert private not in page, private


def test_the_feedback_list_keeps_a_pinned_query_count(world, committee_admin, django_assert_max_num_queries):
    for n in range(12):
        item = submit(world.branch_a if n % 2 else world.branch_b, address=f"192.0.2.{100 + n}")
        if n % 3 == 0:
            actions.transition_feedback(item, "accept", by=committee_admin)
    c = Client()
    c.force_login(committee_admin)
    c.get("/feedback/")  # warm the session and the role cache paths
    # +1: 网络学院's to-do badge (one UNION of its parts)
    # +1: 通知公告's to-do badge (one UNION of its parts)
    with django_assert_max_num_queries(22):
        r = c.get("/feedback/")
    assert r.status_code == 200 and r.content.decode().count("data-feedback=") == 12
    from core.testing import ApiClient

    api = ApiClient(committee_admin)
    with django_assert_max_num_queries(8):
        assert api.get("feedback").json()["count"] == 12


def test_the_problem_list_keeps_a_pinned_query_count(world, committee_admin, django_assert_max_num_queries):
    orgs = type(world.committee).objects.all()
    for n in range(8):
        p = actions.create_problem(
            by=committee_admin,
            orgs=orgs,
            data={"org": world.committee.pk, "title": f"问题{n}", "source": "visit", "shared": "on"},
        )
        actions.claim_problem(p, by=committee_admin, data={"org": world.branch_a.pk})
    c = Client()
    c.force_login(committee_admin)
    c.get("/problems/")
    # +1: 网络学院's to-do badge (one UNION of its parts)
    # +1: 通知公告's to-do badge (one UNION of its parts)
    with django_assert_max_num_queries(23):
        r = c.get("/problems/")
    assert r.content.decode().count("data-problem=") == 8


# ---- workflow consistency ----------------------------------------------------------------------------


@pytest.fixture
def personas(world):
    u = world.users
    return {
        "branch_admin": u["branch_secretary"],
        "committee_admin": u["committee_admin"],
        "member": u["branch_member"],
        "other_admin": u["outsider"],
        "other_member": make_user(
            "member_b", person=make_person(world.branch_b, "孙强", seq=14), roles=[("member", world.branch_b)]
        ),
        "sysadmin": u["sysadmin"],
        "secadmin": u["secadmin"],
        "auditor": u["auditor"],
    }


def page(url):
    def render(obj, user):
        c = Client()
        c.force_login(user)
        return c.get(url(obj)).content.decode()

    return render


def test_the_feedback_workflow_is_consistent_everywhere(world, personas):
    admin = personas["branch_admin"]
    counter = iter(range(1000))

    def make(state):
        item = submit(world.branch_a, address=f"10.9.{next(counter)}.1")
        steps = {
            FeedbackState.ACCEPTED: ["accept"],
            FeedbackState.FORWARDED: ["accept", "forward"],
            FeedbackState.ANSWERED: ["accept", "answer"],
            FeedbackState.RATED: ["accept", "answer"],
            FeedbackState.CLOSED: ["close"],
        }.get(state, [])
        data = {
            "forward": {"org": world.committee.pk},
            "answer": {"answer": "已处理。"},
            "close": {"reason": "重复留言"},
        }
        for step in steps:
            item.refresh_from_db()
            actions.transition_feedback(
                item,
                step,
                by=admin,
                data=data.get(step, {}),
            )
        if state == FeedbackState.RATED:
            actions.rate_by_code(item.code, data={"rating": 5})
        return Feedback.objects.select_related("org", "handler").get(pk=item.pk)

    def data(name, item):
        return {
            "forward": {"org": world.branch_b.pk if item.handler_id != world.branch_b.pk else world.branch_a.pk},
            "answer": {"answer": "已处理完毕。", "public": "on"},
            "close": {"reason": "重复留言"},
        }.get(name, {})

    problems = workflow_mismatches(
        workflows.FEEDBACK,
        states=list(FeedbackState),
        make=make,
        personas=personas,
        data=data,
        page=page(lambda i: f"/feedback/{i.pk}/"),
    )
    assert problems == []


def test_the_problem_workflow_is_consistent_everywhere(world, personas):
    committee = personas["committee_admin"]
    orgs = type(world.committee).objects.all()

    def make(state):
        p = actions.create_problem(
            by=committee, orgs=orgs, data={"org": world.branch_a.pk, "title": "楼道灯长期不亮", "source": "visit"}
        )
        if state in (ProblemState.CLAIMED, ProblemState.CLOSED):
            actions.claim_problem(p, by=personas["branch_admin"])
        if state == ProblemState.CLOSED:
            p.refresh_from_db()
            actions.close_problem(p, committee, "已解决")
        return Problem.objects.select_related("org", "raised_to").get(pk=p.pk)

    problems = workflow_mismatches(
        workflows.PROBLEM,
        states=list(ProblemState),
        make=make,
        personas=personas,
        data=lambda name, p: {"reason": "已解决"} if name == "close" else {},
        page=page(lambda p: f"/problems/{p.pk}/"),
    )
    assert problems == []

"""Exam results on the person's page and through the API: her handed-in attempts with score and pass, shown to
herself and to the 党务管理员 of the exam's organisation; a branch admin below the exam's organisation does not read
them, and a person outside the reader's scope answers 404 like a missing one."""

import pytest

from learning.tests.test_exams_api import exam_body, key_in_her_letters, make_bank, start

from .extras_helpers import page_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def handed_in(world, api, committee_admin, branch_member):
    make_bank(world.committee)
    exam = api(committee_admin).post("learning/exams", exam_body(world.committee, title="党章知识测试"))
    assert exam.status_code == 201, exam.content
    attempt = start(api, branch_member, exam.json()["id"]).json()
    answers = {str(q["id"]): key_in_her_letters(q) for q in attempt["questions"]}
    assert api(branch_member).put(f"learning/attempts/{attempt['id']}/answers", {"answers": answers}).status_code == 200
    r = api(branch_member).post(f"learning/attempts/{attempt['id']}/submit")
    assert r.status_code == 200 and r.json()["passed"] is True, r.content
    second = start(api, branch_member, exam.json()["id"]).json()  # still answering: not a result yet
    return attempt, second


def test_she_and_the_committee_read_her_results(world, api, handed_in, branch_member, committee_admin):
    attempt, second = handed_in
    member = world.people["member"]
    for user in (branch_member, committee_admin):
        r = api(user).get(f"learning/people/{member.pk}/exam-results")
        assert r.status_code == 200, r.content
        items = r.json()["items"]
        assert [(i["attempt"], i["exam"]["name"], i["score"], i["total"], i["passed"]) for i in items] == [
            (attempt["id"], "党章知识测试", "12.0", "12.0", True)
        ]
        html = page_client(user).get(f"/people/{member.pk}/").content.decode()
        assert "网上考试" in html and "党章知识测试" in html and "12.0分（满分12.0分）· 通过" in html
        assert f"/learning/attempts/{attempt['id']}/" in html and f"/learning/attempts/{second['id']}/" not in html


def test_a_branch_admin_below_the_exam_does_not_see_them_and_outsiders_get_404(
    world, api, handed_in, branch_secretary, outsider, auditor
):
    member = world.people["member"]
    r = api(branch_secretary).get(f"learning/people/{member.pk}/exam-results")
    assert r.status_code == 200 and r.json() == {"count": 0, "items": []}  # the committee's exam is above her
    assert "党章知识测试" not in page_client(branch_secretary).get(f"/people/{member.pk}/").content.decode()
    assert api(outsider).get(f"learning/people/{member.pk}/exam-results").status_code == 404
    assert api(outsider).get("learning/people/999999/exam-results").status_code == 404
    assert page_client(outsider).get(f"/people/{member.pk}/").status_code == 404
    assert api(auditor).get(f"learning/people/{member.pk}/exam-results").status_code in (403, 404)


def test_a_plain_member_does_not_read_another_members_results(world, api, handed_in):
    from core.testing import make_person, make_user

    other = make_user(
        "member_a2", person=make_person(world.branch_a, "周敏", seq=70), roles=[("member", world.branch_a)]
    )
    assert api(other).get(f"learning/people/{world.people['member'].pk}/exam-results").status_code == 404

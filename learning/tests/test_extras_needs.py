"""需求调查: a committee asks its subtree's members, each answers once (again replaces hers), the committee reads
the counts per option; closed surveys refuse answers; other trees see nothing."""

import datetime

import pytest

from core import dates
from core.testing import make_person, make_user
from learning.models import NeedsAnswer
from orgs.models import Organisation

from .extras_helpers import page_client

pytestmark = pytest.mark.django_db


def _body(world, **over):
    return {
        "org": world.committee.pk,
        "title": "2026年度党员学习需求调查",
        "topics": ["党章党规", "党史学习", "业务能力"],
        "formats": ["专题讲座", "线上微课"],
        "closes": (dates.today() + datetime.timedelta(days=14)).isoformat(),
        **over,
    }


@pytest.fixture
def survey(world, api, committee_admin):
    r = api(committee_admin).post("learning/needs-surveys", _body(world))
    assert r.status_code == 201, r.content
    return r.json()


def test_members_answer_once_and_the_committee_reads_the_counts(world, api, survey, committee_admin, branch_member):
    url = f"learning/needs-surveys/{survey['id']}"
    r = api(branch_member).post(
        f"{url}/answers", {"topics": ["党章党规", "党史学习"], "formats": ["线上微课"], "comment": "希望多些案例"}
    )
    assert r.status_code == 201 and r.json()["answered"] and r.json()["my_answer"]["formats"] == ["线上微课"]
    r = api(branch_member).post(f"{url}/answers", {"topics": ["党章党规"], "formats": ["专题讲座"]})
    assert r.status_code == 201 and NeedsAnswer.objects.count() == 1  # one answer per member, replaced
    api(committee_admin).post(f"{url}/answers", {"topics": ["党章党规"], "formats": ["专题讲座"]})
    res = api(committee_admin).get(f"{url}/results").json()
    assert res["answers"] == 2
    assert res["topics"] == [
        {"option": "党章党规", "count": 2},
        {"option": "党史学习", "count": 0},
        {"option": "业务能力", "count": 0},
    ]
    assert res["formats"][0] == {"option": "专题讲座", "count": 2} and res["comments"] == []
    assert api(branch_member).get(f"{url}/results").status_code == 403


def test_bad_answers_and_bad_surveys_are_refused(world, api, survey, committee_admin, branch_member):
    url = f"learning/needs-surveys/{survey['id']}/answers"
    r = api(branch_member).post(url, {"topics": ["别的"], "formats": ["线上微课"]})
    assert r.status_code == 422 and "不是调查的选项" in r.json()["detail"]
    r = api(branch_member).post(url, {"topics": [], "formats": ["线上微课"]})
    assert r.status_code == 422 and "请至少选择一项" in r.json()["detail"]
    r = api(committee_admin).post("learning/needs-surveys", _body(world, topics=["只有一项"]))
    assert r.status_code == 422 and "至少填写两项" in r.json()["detail"]
    r = api(committee_admin).post("learning/needs-surveys", _body(world, closes="2020-01-01"))
    assert r.status_code == 422 and "截止日期" in r.json()["detail"]
    r = api(committee_admin).post("learning/needs-surveys", _body(world, org=world.branch_a.pk))
    assert r.status_code == 422 and "未找到该党组织" in r.json()["detail"]  # a branch does not run surveys
    assert api(branch_member).post("learning/needs-surveys", _body(world)).status_code == 422


def test_a_closed_survey_refuses_answers(world, api, survey, committee_admin, branch_member):
    url = f"learning/needs-surveys/{survey['id']}"
    assert api(branch_member).post(f"{url}/transitions/close").status_code == 403
    r = api(committee_admin).post(f"{url}/transitions/close")
    assert r.status_code == 200 and r.json()["state"] == "closed"
    r = api(branch_member).post(f"{url}/answers", {"topics": ["党章党规"], "formats": ["线上微课"]})
    assert r.status_code == 409 and "已结束" in r.json()["detail"]


def test_another_tree_neither_sees_nor_answers_it(world, api, survey):
    root = Organisation.add_root(name="另一个工委", kind="working_committee")
    far = root.add_child(name="远方党支部", kind="branch")
    stranger = make_user("stranger", person=make_person(far, "陈远", seq=40), roles=[("org_admin", far)])
    url = f"learning/needs-surveys/{survey['id']}"
    assert api(stranger).get(url).status_code == 404
    assert api(stranger).post(f"{url}/answers", {"topics": ["党章党规"], "formats": ["线上微课"]}).status_code == 404
    assert api(stranger).get("learning/needs-surveys").json()["count"] == 0
    assert page_client(stranger).get(f"/learning/needs/{survey['id']}/").status_code == 404


def test_the_pages_answer_and_show_the_chart_with_pinned_queries(
    world, api, survey, committee_admin, branch_member, django_assert_max_num_queries
):
    c = page_client(branch_member)
    for i in range(3):
        api(committee_admin).post("learning/needs-surveys", _body(world, title=f"专题调查{i}"))
    with django_assert_max_num_queries(20):  # one query for the surveys, however many
        assert "去填写" in c.get("/learning/needs/").content.decode()
    r = c.post(f"/learning/needs/{survey['id']}/", {"topics": ["党史学习"], "formats": ["专题讲座"], "comment": "好"})
    assert r.status_code == 302
    page = c.get(f"/learning/needs/{survey['id']}/").content.decode()
    assert "您已于" in page and 'value="党史学习" style="width: 1.4rem; height: 1.4rem" checked' in page
    refused = c.post(f"/learning/needs/{survey['id']}/", {"formats": ["专题讲座"]})
    assert refused.status_code == 200 and "请至少选择一项想学的内容" in refused.content.decode()
    admin = page_client(committee_admin)
    with django_assert_max_num_queries(22):  # the layout's (sidebar, to-dos) and three of the results
        page = admin.get(f"/learning/needs/{survey['id']}/results/").content.decode()
    assert 'id="needs-data"' in page and "echarts.min.js" in page and "已有 1 名党员填写" in page
    assert page_client(branch_member).get(f"/learning/needs/{survey['id']}/results/").status_code == 403

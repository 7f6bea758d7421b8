"""The project's links (item 2 and 13): problems it breaks (closed by its acceptance), records, point
declarations citing it, the search index, the cockpit widget and the results the assessment module reads."""

import datetime

import pytest

from feedback import actions as feedback_actions
from feedback.choices import ProblemState
from feedback.models import Problem
from orgs.models import Organisation
from projects import actions, cockpit, results
from projects.models import Project, ProjectCitation, ProjectRecord
from projects.tests.factories import make_project
from projects.tests.test_budget import running
from records.tests.factories import make_record


def problem(world, org=None, title="物业服务纠纷反复出现"):
    org = org or world.branch_a
    by = world.users["committee_admin"]
    return feedback_actions.create_problem(
        by=by, data={"org": org.pk, "title": title, "source": "visit"}, orgs=Organisation.objects.all()
    )


@pytest.fixture
def secretary_api(api, branch_secretary):
    return api(branch_secretary)


def api_body(world, **extra):
    from projects.tests.test_api import api_charter

    return api_charter(world, **extra)


def test_a_charter_names_the_problems_it_breaks_and_the_problem_shows_it(world, secretary_api):
    mine = problem(world)
    created = secretary_api.post("projects", api_body(world, problems=[mine.pk]))
    assert created.status_code == 201, created.json()
    assert created.json()["problems"] == [mine.pk]
    assert secretary_api.get(f"problems/{mine.pk}").json()["projects"] == [created.json()["id"]]
    pid = created.json()["id"]
    other = problem(world, title="在职党员作用发挥不明显")
    r = secretary_api.patch(f"projects/{pid}", {"problems": [mine.pk, other.pk]})
    assert r.status_code == 200 and sorted(r.json()["problems"]) == sorted([mine.pk, other.pk])
    assert secretary_api.patch(f"projects/{pid}", {"problems": []}).json()["problems"] == []


def test_a_problem_the_user_cannot_see_is_refused_like_a_missing_one(world, secretary_api):
    foreign = problem(world, org=world.branch_b, title="财政局的问题")
    r = secretary_api.post("projects", api_body(world, title="越界项目", problems=[foreign.pk]))
    assert r.status_code == 404 and "财政局" not in r.json()["detail"]
    r = secretary_api.post("projects", api_body(world, title="不存在的问题", problems=[987654]))
    assert r.status_code == 404
    assert not Project.objects.exists()
    project = make_project(world)
    r = secretary_api.patch(f"projects/{project.pk}", {"problems": [foreign.pk]})
    assert r.status_code == 404 and not project.problems.exists()
    assert secretary_api.post("projects", api_body(world, problems=["一"])).status_code == 422


def test_the_charter_page_refuses_a_foreign_problem_and_keeps_the_form(world, client, branch_secretary):
    from projects.tests.factories import charter

    foreign = problem(world, org=world.branch_b, title="财政局的问题")
    client.force_login(branch_secretary)
    r = client.post("/projects/new/", {**charter(world, title="页面项目"), "problems": [foreign.pk]})
    body = r.content.decode()  # refused naming nothing, the form refilled, nothing saved
    assert r.status_code == 200 and "未找到该对象，或您无权访问" in body and "财政局的问题" not in body
    assert 'value="页面项目"' in body and not Project.objects.exists()
    mine = problem(world)
    r = client.get(f"/projects/new/?problem={mine.pk}")
    assert r.status_code == 200 and f'value="{mine.pk}" selected' in r.content.decode()
    assert client.get(f"/projects/new/?problem={foreign.pk}").status_code == 404


def test_an_accepted_project_closes_its_problems(world, committee_admin, django_capture_on_commit_callbacks):
    first, second = problem(world), problem(world, title="共性问题：社区服务力量不足")
    project = running(world, problems=[first.pk, second.pk])
    project = actions.transition(project, "request_closing", by=world.users["branch_secretary"])
    other = running(world, title="另一个项目", problems=[first.pk])
    with django_capture_on_commit_callbacks(execute=True):
        actions.transition(project, "accept", by=committee_admin, comment="目标达成")
    for p in (first, second):
        p.refresh_from_db()
        assert p.state == ProblemState.CLOSED and "验收通过" in p.close_reason
    # a project that is not accepted closes nothing
    third = problem(world, title="未解决的问题")
    failed = running(world, title="验收未通过的项目", problems=[third.pk])
    failed = actions.transition(failed, "request_closing", by=world.users["branch_secretary"])
    with django_capture_on_commit_callbacks(execute=True):
        actions.transition(failed, "fail", by=committee_admin, comment="主要任务未完成")
    third.refresh_from_db()
    assert third.state != ProblemState.CLOSED
    assert other.state == "in_progress"


def test_a_project_is_found_by_search(world, api, branch_secretary, outsider):
    make_project(world, title="物业党建联建", slogan="小物业连着大民生")
    r = api(branch_secretary).get("search", {"q": "物业党建联建"})
    items = [i for i in r.json()["items"] if i["kind"] == "project"]
    assert items and items[0]["title"] == "物业党建联建"
    assert not [i for i in api(outsider).get("search", {"q": "物业党建联建"}).json()["items"] if i["kind"] == "project"]


def test_records_belong_to_a_project_and_show_on_its_page(world, secretary_api, client, branch_secretary):
    project = running(world)
    record = make_record(world.branch_a, "在职党员进社区志愿服务", date="2026-04-12")
    foreign = make_record(world.branch_b, "财政局主题党日")
    r = secretary_api.post(f"projects/{project.pk}/records", {"record": record.pk})
    assert r.status_code == 201 and r.json()["title"] == "在职党员进社区志愿服务"
    assert secretary_api.post(f"projects/{project.pk}/records", {"record": record.pk}).status_code == 409
    assert secretary_api.post(f"projects/{project.pk}/records", {"record": foreign.pk}).status_code == 404
    assert [x["id"] for x in secretary_api.get(f"projects/{project.pk}/records").json()["items"]] == [record.pk]
    client.force_login(branch_secretary)
    page = client.get(f"/projects/{project.pk}/").content.decode()
    assert "在职党员进社区志愿服务" in page and 'data-testid="project-records"' in page
    assert secretary_api.delete(f"projects/{project.pk}/records/{record.pk}").status_code == 204
    assert not ProjectRecord.objects.exists()


def test_a_point_declaration_cites_a_project_as_evidence(world, secretary_api, api, committee_admin):
    from points import actions as points_actions

    scheme = points_actions.create_scheme(
        by=committee_admin,
        data={
            "org": world.committee.pk,
            "year": 2026,
            "name": "2026年积分办法",
            "full_marks": 100,
            "linkage_every": 10,
            "linkage_mode": "per_person",
        },
    )
    item = points_actions.add_item(
        scheme,
        by=committee_admin,
        data={"dimension": "创新工作", "name": "党建项目", "points": 5, "subject_type": "org"},
    )
    decl = points_actions.create_declaration(
        by=world.users["branch_secretary"],
        data={"item": item.pk, "subject_org": world.branch_a.pk, "quantity": "1", "occurred_on": "2026-03-01"},
    )
    project = running(world)
    r = secretary_api.post(f"projects/{project.pk}/citations", {"declaration": decl.pk})
    assert r.status_code == 201 and r.json()["item"] == "党建项目"
    assert secretary_api.post(f"projects/{project.pk}/citations", {"declaration": decl.pk}).status_code == 409
    assert [c["declaration"] for c in secretary_api.get(f"projects/{project.pk}/citations").json()["items"]] == [
        decl.pk
    ]
    r = api(committee_admin).post(f"projects/{project.pk}/citations", {"declaration": decl.pk})
    assert r.status_code in (403, 409)  # not the declarant (or already cited): refused either way
    second = make_project(world, title="另一个项目")
    r = api(committee_admin).post(f"projects/{second.pk}/citations", {"declaration": decl.pk})
    assert r.status_code == 403 and "申报人" in r.json()["detail"]
    assert ProjectCitation.objects.count() == 1


def test_the_cockpit_widget_counts_projects_by_state_and_tier_and_the_overdue(world, committee_admin, outsider):
    make_project(world, tier="key")
    late = running(world, title="逾期项目", start="2026-01-01", end="2026-02-01")
    w = cockpit.overview(committee_admin, world.committee, datetime.date(2026, 6, 1))
    items = {(i["group"], i["code"]): i["value"] for i in w["items"]}
    assert w["value"] == 2 and items[("state", "draft")] == 1 and items[("state", "in_progress")] == 1
    assert items[("tier", "key")] == 1 and items[("overdue", "overdue")] == 1 and w["status"] == "red"
    assert late.state == "in_progress"
    assert cockpit.overview(outsider, world.branch_b, datetime.date(2026, 6, 1)) is None
    assert cockpit.overview(committee_admin, world.branch_b, datetime.date(2026, 6, 1)) is None  # not in its subtree
    from core import modules

    assert "projects.overview" in [x.key for x in modules.cockpit_widgets()]


def test_the_cockpit_satisfaction_pools_the_survey_answers_of_the_subtree_per_branch(world, committee_admin, outsider):
    from projects.metrics_public import pooled_satisfaction
    from projects.models import SurveyResponse

    today = datetime.date(2026, 6, 1)
    a = make_project(world, start="2026-03-01", end="2026-11-30")
    b = make_project(world, by=outsider, org=world.branch_b, start="2026-03-01", end="2026-11-30")
    assert cockpit.satisfaction(committee_admin, world.committee, today) is None  # no answers yet
    SurveyResponse.objects.create(project=a, rating="satisfied", count=3)
    SurveyResponse.objects.create(project=a, rating="dissatisfied", count=1)
    SurveyResponse.objects.create(project=b, rating="basically_satisfied", count=1)
    w = cockpit.satisfaction(committee_admin, world.committee, today)
    assert w["value"] == float(pooled_satisfaction([a, b])) == 80.0 and w["unit"] == "%"
    rows = {i["org"]["id"]: i["value"] for i in w["items"]}
    assert rows == {world.branch_a.pk: 75, world.branch_b.pk: 100}
    assert cockpit.satisfaction(outsider, world.branch_b, today)["value"] == 100


def test_results_per_organisation_and_year(world, committee_admin):
    make_project(world)
    done = running(world, title="已验收项目")
    done = actions.transition(done, "request_closing", by=world.users["branch_secretary"])
    actions.transition(done, "accept", by=committee_admin)
    make_project(world, title="明年的项目", start="2027-03-01", end="2027-10-01")
    [a, b] = results.org_results([world.branch_a, world.branch_b], 2026)
    assert (a.projects, a.accepted, a.acceptance_rate) == (2, 1, 100.0)
    assert a.as_dict()["mean_score"] is None and a.as_dict()["satisfaction"] is None  # no panel, no survey yet
    assert (b.projects, b.accepted, b.acceptance_rate) == (0, 0, None)
    from projects.tests.factories_public import enter

    enter(world, done, satisfied=2, basically_satisfied=1, dissatisfied=1)  # paper answers: 75%
    assert str(results.org_results([world.branch_a], 2026)[0].as_dict()["satisfaction"]) == "75.0"
    assert Problem.objects.count() == 0


def test_a_closed_problem_is_offered_only_to_the_charter_that_names_it(world, secretary_api, committee_admin):
    closed = problem(world, title="已销号的问题")
    project = make_project(world, problems=[closed.pk])
    feedback_actions.close_problem(closed, committee_admin, "已整改")
    r = secretary_api.patch(f"projects/{project.pk}", {"slogan": "新口号"})
    assert r.status_code == 200 and r.json()["problems"] == [closed.pk]
    assert secretary_api.post("projects", api_body(world, title="新项目", problems=[closed.pk])).status_code == 404


def test_the_problem_page_lists_only_the_projects_the_reader_sees(world, client, outsider, branch_secretary):
    shared = problem(world, org=world.committee, title="共性问题：社区服务力量不足")  # both branches see it
    make_project(world, title="统计局的项目", problems=[shared.pk])
    make_project(world, org=world.branch_b, by=outsider, title="财政局的项目", problems=[shared.pk])
    client.force_login(outsider)
    body = client.get(f"/problems/{shared.pk}/").content.decode()
    assert "财政局的项目" in body and "统计局的项目" not in body
    client.force_login(branch_secretary)
    body = client.get(f"/problems/{shared.pk}/").content.decode()
    assert "统计局的项目" in body and "财政局的项目" not in body

"""结题/验收: the closing report (with evidence, with the closing request), the panel the committee assigns, the
scorers who see the project while on it, the mean weighted score, the decision and the 验收表 print."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from core.testing import make_person, make_user
from projects.models import ClosingReport, Project, Score, Scorer
from projects.tests.factories_public import advance, project_in

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
RESULTS = "对照预期目标：在职党员全部报到，人均服务14次，超过12次的目标。"


@pytest.fixture
def experts(world):
    """Two people of branch B with accounts (优秀书记 and a member): candidates for the panel of branch A's project."""
    a = make_user("expert_a", person=make_person(world.branch_b, "孙静", seq=21), roles=[("member", world.branch_b)])
    b = make_user("expert_b", person=make_person(world.branch_b, "赵刚", seq=22), roles=[("member", world.branch_b)])
    return a, b


def criteria_ids(project):
    return list(project.criteria.order_by("position").values_list("pk", flat=True))


def test_closing_report_then_request_closing_in_one_step(world, api, branch_secretary):
    project = project_in(world, "in_progress")
    s = api(branch_secretary)
    r = s.put(f"projects/{project.pk}/closing-report", {"results": RESULTS, "goal_met": "met", "request_closing": True})
    assert r.status_code == 200, r.json()
    assert Project.objects.get(pk=project.pk).state == "closing_requested"
    assert s.get(f"projects/{project.pk}/closing-report").json()["results"] == RESULTS
    c = Client(REMOTE_ADDR="127.0.0.1")
    from accounts.models import ApiToken

    up = c.post(
        f"/api/v1/projects/{project.pk}/closing-report/evidence",
        {"file": SimpleUploadedFile("服务台账.png", PNG)},
        HTTP_AUTHORIZATION=f"Bearer {ApiToken.issue(branch_secretary)}",
    )
    assert up.status_code == 201 and up.json()["name"] == "服务台账.png"


def test_closing_report_refusals(world, api, branch_secretary, branch_member, committee_admin, outsider):
    project = project_in(world, "approved")
    s = api(branch_secretary)
    early = s.put(f"projects/{project.pk}/closing-report", {"results": RESULTS})
    assert early.status_code == 403 and "实施中" in early.json()["detail"]
    project = advance(world, project, "in_progress")
    short = s.put(f"projects/{project.pk}/closing-report", {"results": "完成了"})
    assert short.status_code == 422 and "至少要写10个字" in short.json()["detail"]
    assert api(branch_member).put(f"projects/{project.pk}/closing-report", {"results": RESULTS}).status_code == 403
    assert api(outsider).put(f"projects/{project.pk}/closing-report", {"results": RESULTS}).status_code == 404
    assert not ClosingReport.objects.exists()


def test_closing_report_page_with_a_bad_file_saves_nothing(world, client, branch_secretary):
    project = project_in(world, "in_progress")
    client.force_login(branch_secretary)
    bad = SimpleUploadedFile("照片.png", b"not an image at all")
    r = client.post(
        f"/projects/{project.pk}/closing-report/",
        {"results": RESULTS, "goal_met": "met", "op": "close", "files": [bad]},
    )
    assert r.status_code == 200 and "内容不是允许的类型" in r.content.decode()
    assert RESULTS in r.content.decode()  # refilled
    assert not ClosingReport.objects.exists() and Project.objects.get(pk=project.pk).state == "in_progress"
    good = SimpleUploadedFile("照片.png", PNG)
    r = client.post(
        f"/projects/{project.pk}/closing-report/",
        {"results": RESULTS, "goal_met": "met", "op": "close", "files": [good]},
    )
    assert r.status_code == 302
    assert Project.objects.get(pk=project.pk).state == "closing_requested"
    assert ClosingReport.objects.get().evidence.get().name == "照片.png"


def test_the_panel_is_assigned_by_the_committee_scores_and_the_mean_is_weighted(
    world, api, branch_secretary, committee_admin, experts
):
    project = project_in(world, "in_progress")
    a, b = experts
    committee = api(committee_admin)
    # The branch cannot pick its own panel; nobody of the project's own organisation may sit on it.
    refused = api(branch_secretary).post(f"projects/{project.pk}/scorers", {"person": a.person_id})
    assert refused.status_code == 403 and "上级党组织" in refused.json()["detail"]
    own = committee.post(f"projects/{project.pk}/scorers", {"person": world.people["member"].pk})
    assert own.status_code == 422 and "不属于项目所在党组织" in own.json()["detail"]
    # Before joining, expert A does not see the project; on the panel she does.
    assert api(a).get(f"projects/{project.pk}").status_code == 404
    for person in (a.person_id, b.person_id):
        assert committee.post(f"projects/{project.pk}/scorers", {"person": person}).status_code == 201
    twice = committee.post(f"projects/{project.pk}/scorers", {"person": a.person_id})
    assert twice.status_code == 422 and "已在验收评审组中" in twice.json()["detail"]
    assert api(a).get(f"projects/{project.pk}").status_code == 200
    ids = criteria_ids(project)  # 完成进度 30, 质量标准 30, 群众满意度 40

    early = api(a).put(f"projects/{project.pk}/scores", {"scores": [{"criterion": i, "score": 90} for i in ids]})
    assert early.status_code == 403 and "申请结题后" in early.json()["detail"]
    project = advance(world, project, "closing_requested")

    missing = api(a).put(f"projects/{project.pk}/scores", {"scores": [{"criterion": ids[0], "score": 90}]})
    assert missing.status_code == 422
    too_high = api(a).put(f"projects/{project.pk}/scores", {"scores": [{"criterion": i, "score": 101} for i in ids]})
    assert too_high.status_code == 422
    assert not Score.objects.exists()

    ok = api(a).put(
        f"projects/{project.pk}/scores",
        {
            "scores": [
                {"criterion": ids[0], "score": 90},
                {"criterion": ids[1], "score": 80},
                {"criterion": ids[2], "score": 100},
            ]
        },
    )
    assert ok.status_code == 200, ok.json()
    assert ok.json()["mean_score"] == "91.0"  # 90×.3 + 80×.3 + 100×.4
    b_scores = [{"criterion": i, "score": 80} for i in ids]
    body = api(b).put(f"projects/{project.pk}/scores", {"scores": b_scores, "comment": "台账齐全"}).json()
    assert body["mean_score"] == "85.5"
    assert [p["weighted"] for p in body["panel"]] == ["91.0", "80.0"]
    # A non-member of the panel may not score; the branch's admin neither.
    assert api(branch_secretary).put(f"projects/{project.pk}/scores", {"scores": b_scores}).status_code == 403

    # The committee decides through the workflow; scores are closed afterwards, the recorded mean stays.
    decided = committee.post(f"projects/{project.pk}/transition", {"action": "accept", "comment": "同意结题"})
    assert decided.status_code == 200 and decided.json()["state"] == "accepted"
    late = api(b).put(f"projects/{project.pk}/scores", {"scores": [{"criterion": i, "score": 10} for i in ids]})
    assert late.status_code == 403
    assert committee.get(f"projects/{project.pk}/acceptance").json()["mean_score"] == "85.5"
    from projects import results

    # The assessment module reads the same figure per organisation and year.
    assert str(results.org_results([world.branch_a], project.start.year)[0].as_dict()["mean_score"]) == "85.5"
    assert committee.post(f"projects/{project.pk}/scorers", {"person": a.person_id}).status_code == 403


def test_removed_from_the_panel_she_no_longer_sees_the_project(world, api, committee_admin, experts):
    project = project_in(world, "closing_requested")
    a, _ = experts
    committee = api(committee_admin)
    committee.post(f"projects/{project.pk}/scorers", {"person": a.person_id})
    seat = Scorer.objects.get()
    assert api(a).get(f"projects/{project.pk}").status_code == 200
    assert committee.call("delete", f"projects/{project.pk}/scorers/{seat.pk}").status_code == 200
    assert api(a).get(f"projects/{project.pk}").status_code == 404


def test_the_score_page_and_the_acceptance_print(world, client, api, committee_admin, experts):
    project = project_in(world, "closing_requested")
    a, _ = experts
    api(committee_admin).post(f"projects/{project.pk}/scorers", {"person": a.person_id})
    ids = criteria_ids(project)
    client.force_login(a)
    bad = client.post(f"/projects/{project.pk}/score/", {f"c{ids[0]}": "abc", f"c{ids[1]}": "80", f"c{ids[2]}": "90"})
    assert bad.status_code == 200 and not Score.objects.exists()
    r = client.post(f"/projects/{project.pk}/score/", {f"c{i}": "80" for i in ids} | {"comment": "同意"})
    assert r.status_code == 302 and Score.objects.count() == 3
    api(committee_admin).post(f"projects/{project.pk}/transition", {"action": "accept", "comment": "同意结题"})
    client.force_login(committee_admin)
    html = client.get(f"/projects/{project.pk}/acceptance/print/").content.decode()
    assert "党建工作项目验收表" in html and "孙静" in html and "80.0" in html and "验收通过" in html
    detail = client.get(f"/projects/{project.pk}/").content.decode()
    assert 'data-testid="mean-score"' in detail and "80.0" in detail


def test_a_panel_member_has_a_scoring_to_do_until_she_scores(world, api, committee_admin, experts):
    from core.dates import today
    from projects import todos

    project = project_in(world, "in_progress")
    a, b = experts
    for person in (a.person_id, b.person_id):
        api(committee_admin).post(f"projects/{project.pk}/scorers", {"person": person})
    assert todos.count(a, today()) == 0 and todos.items(a, today()) == []  # not before closing is requested
    advance(world, project, "closing_requested")
    items = todos.items(a, today())
    assert [(i.kind, i.text) for i in items] == [("projects.score", f"{project.org.name}：{project.title}")]
    assert todos.count(a, today()) == 1
    scores = [{"criterion": i, "score": 90} for i in criteria_ids(project)]
    assert api(a).put(f"projects/{project.pk}/scores", {"scores": scores}).status_code == 200
    assert todos.items(a, today()) == [] and todos.count(a, today()) == 0
    assert todos.count(b, today()) == 1  # the other member has not scored yet
    # The committee's own to-do (结题待验收) is unchanged by the panel.
    kinds = [i.kind for i in todos.items(committee_admin, today())]
    assert "projects.acceptance" in kinds and "projects.score" not in kinds

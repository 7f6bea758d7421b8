"""The project API (API.md "Projects"): the charter, submit's 422, approval from above, 409/422, scope."""

import pytest

from projects.models import Project, ProjectLog
from projects.tests.factories import charter, make_project, mentor, settings, team


def api_charter(world, **overrides):
    """The charter as an API body (assessment_mechanism as criteria with weights)."""
    data = charter(world)
    data.pop("criteria")
    body = {
        **data,
        "assessment_mechanism": [
            {"name": "完成进度", "weight": 30},
            {"name": "质量标准", "weight": 30},
            {"name": "群众满意度", "weight": 40},
        ],
    }
    body.update(overrides)
    return body


@pytest.fixture
def secretary_api(api, branch_secretary):
    return api(branch_secretary)


@pytest.fixture
def committee_api(api, committee_admin):
    return api(committee_admin)


def test_an_incomplete_charter_is_refused_naming_each_missing_item(world, secretary_api):
    body = api_charter(world, owner=None, budget=None, assessment_mechanism=[])
    created = secretary_api.post("projects", body)
    assert created.status_code == 201, created.json()
    project = created.json()
    assert project["state"] == "draft" and project["actions"] == ["submit"]
    r = secretary_api.post(f"projects/{project['id']}/transition", {"action": "submit"})
    assert r.status_code == 422
    body = r.json()
    for label in ("责任人", "项目经费", "考核机制"):
        assert label in body["detail"], body["detail"]
    assert {"owner", "budget", "assessment_mechanism"} <= set(body["errors"])
    assert "五个明确" in body["detail"] and "1+5" in body["detail"]
    assert "包联领导" not in body["detail"]  # what is filled is not named
    assert Project.objects.get(pk=project["id"]).state == "draft"
    assert not ProjectLog.objects.filter(project_id=project["id"]).exists()


def test_a_complete_charter_is_submitted_and_approved_by_the_committee_not_the_branch(
    world, secretary_api, committee_api
):
    project = secretary_api.post("projects", api_charter(world)).json()
    pid = project["id"]
    assert project["assessment_mechanism"][2] == {"name": "群众满意度", "weight": 40}
    submitted = secretary_api.post(f"projects/{pid}/transition", {"action": "submit"})
    assert submitted.status_code == 200 and submitted.json()["state"] == "submitted"
    assert submitted.json()["actions"] == []  # the branch waits for its committee
    own = secretary_api.post(f"projects/{pid}/transition", {"action": "approve", "comment": "同意"})
    assert own.status_code == 403 and "上级党组织" in own.json()["detail"]
    assert committee_api.get(f"projects/{pid}").json()["actions"] == ["approve", "return", "reject"]
    approved = committee_api.post(f"projects/{pid}/transition", {"action": "approve", "comment": "同意立项"})
    assert approved.status_code == 200 and approved.json()["state"] == "approved"
    log = approved.json()["log"]
    assert [(e["action"], e["level"]) for e in log] == [("submit", 0), ("approve", 1)]
    assert log[1]["comment"] == "同意立项" and log[1]["by"] == world.users["committee_admin"].pk


def test_accepting_before_a_closing_request_is_409_and_the_lifecycle_runs_to_acceptance(
    world, secretary_api, committee_api
):
    pid = secretary_api.post("projects", api_charter(world)).json()["id"]
    secretary_api.post(f"projects/{pid}/transition", {"action": "submit"})
    committee_api.post(f"projects/{pid}/transition", {"action": "approve"})
    early = committee_api.post(f"projects/{pid}/transition", {"action": "accept"})
    assert early.status_code == 409 and "申请结题" in early.json()["detail"]
    assert secretary_api.post(f"projects/{pid}/transition", {"action": "start"}).json()["state"] == "in_progress"
    closing = secretary_api.post(f"projects/{pid}/transition", {"action": "request_closing", "comment": "已完成"})
    assert closing.json()["state"] == "closing_requested"
    own = secretary_api.post(f"projects/{pid}/transition", {"action": "accept"})
    assert own.status_code == 403
    assert committee_api.post(f"projects/{pid}/transition", {"action": "fail"}).status_code == 422  # a reason
    done = committee_api.post(f"projects/{pid}/transition", {"action": "accept", "comment": "目标达成"})
    assert done.json()["state"] == "accepted" and done.json()["actions"] == []


def test_an_unknown_action_is_422_and_a_wrong_state_409(world, secretary_api):
    pid = secretary_api.post("projects", api_charter(world)).json()["id"]
    r = secretary_api.post(f"projects/{pid}/transition", {"action": "publish"})
    assert r.status_code == 422 and "publish" in r.json()["detail"]
    assert secretary_api.post(f"projects/{pid}/transition", {"action": "start"}).status_code == 409


def test_return_needs_a_reason_and_the_owner_revises_and_resubmits(world, secretary_api, committee_api):
    pid = secretary_api.post("projects", api_charter(world)).json()["id"]
    secretary_api.post(f"projects/{pid}/transition", {"action": "submit"})
    bare = committee_api.post(f"projects/{pid}/transition", {"action": "return"})
    assert bare.status_code == 422 and "理由" in bare.json()["detail"]
    back = committee_api.post(f"projects/{pid}/transition", {"action": "return", "comment": "目标不够具体"})
    assert back.json()["state"] == "returned" and back.json()["last_comment"] == "目标不够具体"
    patched = secretary_api.patch(f"projects/{pid}", {"expected_goal": "全年服务不少于600人次。"})
    assert patched.status_code == 200 and patched.json()["expected_goal"] == "全年服务不少于600人次。"
    assert patched.json()["team"] and patched.json()["budget"] == "5000.00"  # the rest is kept
    assert secretary_api.post(f"projects/{pid}/transition", {"action": "submit"}).json()["state"] == "submitted"


def test_a_filed_only_tier_is_filed_not_approved(world, secretary_api, committee_api):
    settings(world, approval_tiers=["key"])
    pid = secretary_api.post("projects", api_charter(world, tier="micro")).json()["id"]
    secretary_api.post(f"projects/{pid}/transition", {"action": "submit"})
    assert committee_api.get(f"projects/{pid}").json()["actions"] == ["return", "reject", "file"]
    assert committee_api.post(f"projects/{pid}/transition", {"action": "approve"}).status_code == 409
    filed = committee_api.post(f"projects/{pid}/transition", {"action": "file", "comment": "已备案"}).json()
    assert filed["state"] == "approved" and filed["filed"] is True


def test_two_approval_levels_need_two_different_people_above(world, secretary_api, committee_api, api):
    from core.testing import make_user

    settings(world, approval_tiers=["key", "general"], approval_levels=2)
    pid = secretary_api.post("projects", api_charter(world)).json()["id"]
    secretary_api.post(f"projects/{pid}/transition", {"action": "submit"})
    first = committee_api.post(f"projects/{pid}/transition", {"action": "approve"}).json()
    assert first["state"] == "reviewing_l2" and first["actions"] == []
    again = committee_api.post(f"projects/{pid}/transition", {"action": "approve"})
    assert again.status_code == 403 and "不同的人" in again.json()["detail"]
    deputy = make_user("committee2", roles=[("org_admin", world.committee)])
    assert api(deputy).post(f"projects/{pid}/transition", {"action": "approve"}).json()["state"] == "approved"


def test_another_branch_gets_404_everywhere(world, secretary_api, api, outsider):
    pid = secretary_api.post("projects", api_charter(world)).json()["id"]
    other = api(outsider)
    assert other.get(f"projects/{pid}").status_code == 404
    assert other.patch(f"projects/{pid}", {"title": "改"}).status_code == 404
    assert other.post(f"projects/{pid}/transition", {"action": "submit"}).status_code == 404
    assert other.post(f"projects/{pid}/transition", {"action": "nonsense"}).status_code == 404
    assert other.get("projects").json()["count"] == 0
    assert other.get("projects", {"org": world.branch_a.pk}).status_code == 404
    # Nor can she create one for branch A.
    assert other.post("projects", api_charter(world)).status_code == 422


def test_a_mentor_sees_only_her_projects(world, secretary_api, api):
    her = mentor(world)
    mine = secretary_api.post("projects", api_charter(world, mentors=[her.person_id])).json()
    other = secretary_api.post("projects", api_charter(world, title="党员示范岗")).json()
    client = api(her)
    listed = client.get("projects").json()
    assert [p["id"] for p in listed["items"]] == [mine["id"]]
    assert client.get(f"projects/{mine['id']}").json()["actions"] == []  # she reads, she does not decide
    assert client.get(f"projects/{other['id']}").status_code == 404
    assert client.post(f"projects/{mine['id']}/transition", {"action": "submit"}).status_code == 403
    # Nothing else of the organisation: its records, plans and people are out of her reach.
    assert client.get("records").json()["count"] == 0
    assert client.get(f"people/{world.people['member'].pk}").status_code == 404


@pytest.mark.parametrize(
    ("overrides", "field", "words"),
    [
        ({"start": "2026-05-01", "end": "2026-04-01"}, "end", "不能早于开始日期"),
        ({"budget": "20000000"}, "budget", "不能超过"),
        ({"budget": "-1"}, "budget", "负数"),
        (
            {"assessment_mechanism": [{"name": "完成进度", "weight": 50}, {"name": "满意度", "weight": 40}]},
            "criteria",
            "合计须为100",
        ),
        ({"title": "   "}, "title", "项目名称"),
    ],
)
def test_bad_input_is_refused_with_the_field_named(world, secretary_api, overrides, field, words):
    r = secretary_api.post("projects", api_charter(world, **overrides))
    assert r.status_code == 422, r.json()
    assert field in r.json()["errors"] and words in " ".join(r.json()["errors"][field])
    assert not Project.objects.exists()


def test_people_from_elsewhere_and_mentors_without_the_role_are_refused(world, secretary_api):
    foreign = team(world.branch_b, n=1)[0]
    r = secretary_api.post("projects", api_charter(world, team=[foreign.pk]))
    assert r.status_code == 422 and "team" in r.json()["errors"]
    plain = world.people["member"]
    r = secretary_api.post("projects", api_charter(world, mentors=[plain.pk]))
    assert r.status_code == 422 and "mentors" in r.json()["errors"]
    r = secretary_api.post("projects", {**api_charter(world), "assessment_mechanism": [{"name": "x", "weight": 0}]})
    assert r.status_code == 422


def test_a_project_started_from_a_catalogue_entry_copies_content_and_measures(world, committee_api, secretary_api):
    from projects.tests.factories import category

    cat = category(world.committee, "主题实践")
    entry = committee_api.post(
        "project-catalogue",
        {
            "category": cat.pk,
            "title": "党员“亮身份、显作用、树形象”",
            "content": "党员亮明身份",
            "measures": "设立先锋岗",
        },
    )
    assert entry.status_code == 201
    body = api_charter(world)
    for key in ("content", "measures", "category"):
        body.pop(key)
    made = secretary_api.post("projects", {**body, "entry": entry.json()["id"]}).json()
    assert "id" in made, made
    assert (made["content"], made["measures"], made["category"], made["entry"]) == (
        "党员亮明身份",
        "设立先锋岗",
        cat.pk,
        entry.json()["id"],
    )
    # The branch may use the catalogue but not add to it.
    refused = secretary_api.post(
        "project-catalogue", {"category": cat.pk, "title": "x", "content": "x", "measures": "x"}
    )
    assert refused.status_code == 422


def test_settings_are_the_committees(world, committee_api, secretary_api):
    org = world.committee.pk
    assert committee_api.get(f"orgs/{org}/project-settings").json()["approval_tiers"] == ["key", "general"]
    saved = committee_api.put(f"orgs/{org}/project-settings", {"approval_tiers": ["key"], "approval_levels": 2})
    assert saved.status_code == 200 and saved.json()["approval_levels"] == 2
    assert secretary_api.put(f"orgs/{world.branch_a.pk}/project-settings", {"approval_levels": 1}).status_code == 403
    assert committee_api.put(f"orgs/{org}/project-settings", {"approval_levels": 4}).status_code == 422


def test_the_audit_log_names_each_transition(world, branch_secretary):
    from core import audit

    project = make_project(world)
    from projects import actions

    actions.transition(project, "submit", by=branch_secretary)
    assert audit.label("projects.project.submit") == "申报立项项目"
    assert audit.label("projects.project.create") == "创建党建项目"

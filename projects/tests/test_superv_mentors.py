"""导师帮带 through the API: the committee's mentor pool (its grant of the mentor role), one-to-one assignment,
comments on the charter through the registry of commentable subjects; a mentor sees only her projects."""

import pytest

from accounts.models import RoleAssignment
from core.testing import make_person, make_user
from projects import commentable
from projects.models import MentorComment, MentorProfile
from projects.tests.factories import make_project
from projects.tests.superv_factories import running


@pytest.fixture
def expert(world):
    person = make_person(world.committee, "孙专家", gender="female", seq=31)
    return make_user("expert", person=person)


def pool(api, admin, world, user, **extra):
    body = {"committee": world.committee.pk, "person": user.person_id, "kind": "expert", "field": "物业管理"}
    return api(admin).post("mentor-profiles", {**body, "expertise": "物业党建联建", **extra})


def test_joining_the_pool_grants_the_mentor_role_and_leaving_revokes_it(world, api, committee_admin, expert):
    r = pool(api, committee_admin, world, expert)
    assert r.status_code == 201, r.json()
    assert r.json()["kind_label"] == "专家人才" and r.json()["field"] == "物业管理"
    grant = RoleAssignment.objects.get(user=expert, role="mentor")
    assert grant.org == world.committee and grant.granted_by == committee_admin
    again = pool(api, committee_admin, world, expert)
    assert again.status_code == 422 and "已在导师库中" in again.json()["detail"]
    gone = api(committee_admin).delete(f"mentor-profiles/{r.json()['id']}")
    assert gone.status_code == 200 and not gone.json()["active"]
    assert not RoleAssignment.objects.filter(user=expert, role="mentor").exists()


def test_pool_refusals(world, api, committee_admin, branch_secretary, expert):
    assert pool(api, branch_secretary, world, expert).status_code == 404  # the committee is above her
    no_account = make_person(world.committee, "钱无号", seq=32)
    r = api(committee_admin).post(
        "mentor-profiles", {"committee": world.committee.pk, "person": no_account.pk, "kind": "leader"}
    )
    assert r.status_code == 422 and "登录账号" in r.json()["detail"]
    outside = api(committee_admin).post(
        "mentor-profiles", {"committee": world.committee.pk, "person": 99999, "kind": "leader"}
    )
    assert outside.status_code == 422
    assert not MentorProfile.objects.exists()


def test_assignment_comments_and_what_a_mentor_sees(world, api, committee_admin, expert, branch_secretary):
    profile = pool(api, committee_admin, world, expert).json()
    mine, other = running(world), make_project(world, title="别的项目")
    r = api(branch_secretary).put(f"projects/{mine.pk}/mentor", {"profile": profile["id"]})
    assert r.status_code == 200 and r.json()["mentors"] == [expert.person_id]
    her = api(expert)
    assert [p["id"] for p in her.get("projects").json()["items"]] == [mine.pk]
    assert her.get(f"projects/{other.pk}").status_code == 404
    assert her.get("mentor-profiles").json()["count"] == 0 and her.get("supervision-groups").json()["count"] == 0
    said = her.post(f"projects/{mine.pk}/comments", {"kind": "charter", "text": "预期目标请量化到户数。"})
    assert said.status_code == 201 and said.json()["object_label"] == f"立项表：{mine.title}"
    assert her.post(f"projects/{other.pk}/comments", {"text": "x"}).status_code == 404
    assert her.post(f"projects/{mine.pk}/comments", {"kind": "budget", "text": "x"}).status_code == 422
    assert her.post(f"projects/{mine.pk}/comments", {"text": "  "}).status_code == 422
    refused = api(branch_secretary).post(f"projects/{mine.pk}/comments", {"text": "自己评"})
    assert refused.status_code == 403 and "导师" in refused.json()["detail"]
    seen = api(branch_secretary).get(f"projects/{mine.pk}/comments").json()
    assert [c["text"] for c in seen["items"]] == ["预期目标请量化到户数。"]
    assert api(world.users["outsider"]).get(f"projects/{mine.pk}/comments").status_code == 404
    # Still mentoring a running project: she cannot leave the pool until replaced.
    busy = api(committee_admin).delete(f"mentor-profiles/{profile['id']}")
    assert busy.status_code == 409 and mine.title in busy.json()["detail"]
    assert api(branch_secretary).put(f"projects/{mine.pk}/mentor", {"profile": None}).json()["mentors"] == []
    assert her.get(f"projects/{mine.pk}").status_code == 404
    assert MentorComment.objects.count() == 1


def test_assignment_refusals(world, api, committee_admin, expert):
    profile = pool(api, committee_admin, world, expert).json()
    project = running(world)
    member = api(world.users["branch_member"])
    assert member.put(f"projects/{project.pk}/mentor", {"profile": profile["id"]}).status_code == 403
    assert (
        api(world.users["outsider"]).put(f"projects/{project.pk}/mentor", {"profile": profile["id"]}).status_code == 404
    )
    bad = api(committee_admin).put(f"projects/{project.pk}/mentor", {"profile": 999999})
    assert bad.status_code == 422 and "导师库" in bad.json()["detail"]
    assert list(project.mentors.all()) == []


def test_a_registered_subject_kind_is_commentable(world, api, committee_admin, expert):
    from core.errors import NotFound

    profile = pool(api, committee_admin, world, expert).json()
    project = running(world)
    api(committee_admin).put(f"projects/{project.pk}/mentor", {"profile": profile["id"]})

    def find(p, pk):
        if pk != 7:
            raise NotFound()
        return type("Task", (), {"pk": 7, "title": "入户走访"})()

    registered = commentable.SUBJECTS.get("task")
    commentable.commentable("task", "任务", find=find, describe=lambda t: f"任务：{t.title}")
    try:
        r = api(expert).post(f"projects/{project.pk}/comments", {"kind": "task", "object_id": 7, "text": "走访要留痕"})
        assert r.status_code == 201 and r.json()["object_label"] == "任务：入户走访" and r.json()["object_id"] == 7
        missing = api(expert).post(f"projects/{project.pk}/comments", {"kind": "task", "object_id": 8, "text": "x"})
        assert missing.status_code == 404
    finally:
        commentable.SUBJECTS["task"] = registered


def test_a_mentor_comments_on_a_task_and_a_report_of_her_project_and_nothing_else(
    world, api, client, committee_admin, branch_secretary, expert
):
    from django.test import Client

    from projects import actions_exec

    profile = pool(api, committee_admin, world, expert).json()
    project = running(world)
    api(committee_admin).put(f"projects/{project.pk}/mentor", {"profile": profile["id"]})
    task = actions_exec.create_task(
        project, by=branch_secretary, data={"title": "入户走访", "start": str(project.start), "end": str(project.start)}
    )
    report = actions_exec.save_report(project, by=branch_secretary, data={"month": "2026-03", "summary": "走访32户。"})
    other = running(world, title="另一个项目")
    foreign = actions_exec.create_task(
        other, by=branch_secretary, data={"title": "别的任务", "start": str(other.start), "end": str(other.start)}
    )

    mentor = Client()
    mentor.force_login(expert)
    page = mentor.get(f"/projects/{project.pk}/").content.decode()
    assert f'value="task:{task.pk}"' in page and f'value="report:{report.pk}"' in page and "任务：入户走访" in page
    r = mentor.post(f"/projects/{project.pk}/comments/", {"about": f"task:{task.pk}", "text": "走访要留下记录"})
    assert r.status_code == 302
    assert MentorComment.objects.get(object_id=task.pk).object_label == "任务：入户走访"
    r = api(expert).post(f"projects/{project.pk}/comments", {"kind": "report", "object_id": report.pk, "text": "好"})
    assert r.status_code == 201 and r.json()["object_label"] == "进度报告：2026年03月"
    # A task of another project is missing for this project, exactly like an unknown id.
    for object_id in (foreign.pk, 999999):
        r = api(expert).post(f"projects/{project.pk}/comments", {"kind": "task", "object_id": object_id, "text": "x"})
        assert r.status_code == 404
    assert MentorComment.objects.count() == 2

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

    commentable.commentable("task", "任务", find=find, describe=lambda t: f"任务：{t.title}")
    try:
        r = api(expert).post(f"projects/{project.pk}/comments", {"kind": "task", "object_id": 7, "text": "走访要留痕"})
        assert r.status_code == 201 and r.json()["object_label"] == "任务：入户走访" and r.json()["object_id"] == 7
        missing = api(expert).post(f"projects/{project.pk}/comments", {"kind": "task", "object_id": 8, "text": "x"})
        assert missing.status_code == 404
    finally:
        commentable.SUBJECTS.pop("task", None)

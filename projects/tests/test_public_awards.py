"""层层打擂: ranking, nomination of accepted eligible projects, the committee's decision on the shared workflow,
申报区级示范项目 decided one level up, the award on the project and organisation pages, cases for 经验交流."""

import pytest
from django.test import Client

from core.testing import make_person, make_user, workflow_mismatches
from projects import actions, actions_public
from projects.models import Award, AwardState, Project
from projects.tests.factories import make_project
from projects.tests.factories_public import enter, project_in
from projects.workflows_public import AWARD

CITATION = "以“七彩心桥”为载体，建立居民诉求receipt台账，形成可复制的社区服务机制。"


def accepted(world, **overrides):
    project = project_in(world, "in_progress", **overrides)
    enter(world, project, satisfied=9, basically_satisfied=1)
    from projects.tests.factories_public import advance

    return advance(world, project, "accepted")


def test_only_accepted_eligible_projects_are_nominated_with_every_reason_named(world, api, committee_admin):
    c = api(committee_admin)
    running = project_in(world, "in_progress")
    r = c.post("project-awards", {"project": running.pk, "kind": "top10", "citation": CITATION})
    assert r.status_code == 409 and "验收通过后" in r.json()["detail"]
    low = project_in(world, "in_progress")
    enter(world, low, satisfied=7, basically_satisfied=2, dissatisfied=3)
    from projects.tests.factories_public import advance

    low = advance(world, low, "accepted")
    r = c.post("project-awards", {"project": low.pk, "kind": "top10", "citation": CITATION})
    assert r.status_code == 422 and "群众满意率低：满意率 75.0%" in r.json()["detail"]
    short = c.post("project-awards", {"project": accepted(world).pk, "kind": "top10", "citation": "好"})
    assert short.status_code == 422
    bad_kind = c.post("project-awards", {"project": low.pk, "kind": "best", "citation": CITATION})
    assert bad_kind.status_code == 422
    assert not Award.objects.exists()


def test_the_committee_nominates_and_approves_and_the_award_is_shown_and_published(
    world, api, client, committee_admin, branch_secretary, branch_member, outsider
):
    project = accepted(world)
    refused = api(branch_secretary).post(
        "project-awards", {"project": project.pk, "kind": "top10", "citation": CITATION}
    )
    assert refused.status_code == 403 and "党委（工委）" in refused.json()["detail"]
    c = api(committee_admin)
    award = c.post("project-awards", {"project": project.pk, "kind": "top10", "citation": CITATION})
    assert award.status_code == 201, award.json()
    award = award.json()
    assert award["state"] == "nominated" and award["actions"] == ["approve", "decline", "withdraw"]
    again = c.post("project-awards", {"project": project.pk, "kind": "top10", "citation": CITATION})
    assert again.status_code == 409
    # A pending nomination is not shown to another branch; once approved it is published to the whole tree.
    assert api(outsider).get("project-awards").json()["count"] == 0
    # The branch cannot decide its own award; an unknown action is 422.
    assert (
        api(branch_secretary).post(f"project-awards/{award['id']}/transition", {"action": "approve"}).status_code == 403
    )
    assert c.post(f"project-awards/{award['id']}/transition", {"action": "crown"}).status_code == 422
    done = c.post(f"project-awards/{award['id']}/transition", {"action": "approve", "comment": "党委会研究通过"})
    assert done.status_code == 200 and done.json()["state"] == "approved"
    assert c.post(f"project-awards/{award['id']}/transition", {"action": "approve"}).status_code == 409

    # The award shows on the project page, the public page and the organisation's page; the case is published
    # to the committee's tree (a member of another branch reads the case, not the project).
    client.force_login(branch_secretary)
    assert "十佳项目" in client.get(f"/projects/{project.pk}/").content.decode()
    assert "十佳项目" in client.get(f"/projects/orgs/{world.branch_a.pk}/honours/").content.decode()
    org_page = client.get(f"/orgs/{world.branch_a.pk}/").content.decode()
    assert "项目荣誉" in org_page
    assert f"十佳项目：{project.title}" in org_page
    token = actions_public.save_disclosure(project, by=branch_secretary, data={"progress": "", "effect": ""})
    assert "十佳项目" in Client().get(f"/gongkai/{token.token}/").content.decode()
    assert api(outsider).get("project-awards").json()["count"] == 1
    cases = api(outsider).get("project-cases").json()
    assert [x["title"] for x in cases["items"]] == [project.title]
    assert api(outsider).get(f"projects/{project.pk}").status_code == 404
    client.force_login(outsider)
    assert CITATION in client.get("/projects/cases/").content.decode()
    # Another branch's page shows no honours panel (its projects won nothing).
    assert "项目荣誉" not in client.get(f"/orgs/{world.branch_b.pk}/").content.decode()


def test_the_demonstration_list_is_decided_one_level_up(world, api, committee_admin):
    """申报区级示范项目: a 机关党委's project is nominated by it and decided by the 工委 above."""
    unit = world.committee.add_child(name="统计局机关党委", kind="committee", unit="测试区统计局")
    branch = unit.add_child(name="统计局第三党支部", kind="branch", unit="测试区统计局")
    unit_admin = make_user("unit_admin", person=make_person(unit, "高峰", seq=31), roles=[("org_admin", unit)])
    branch_admin = make_user("branch_c", person=make_person(branch, "钱敏", seq=32), roles=[("org_admin", branch)])
    from projects.tests.factories import settings

    settings(world, approval_tiers=["key", "general"])
    import datetime

    from core.dates import today

    project = make_project(world, by=branch_admin, org=branch, end=(today() + datetime.timedelta(days=30)).isoformat())
    for step, by in (("submit", branch_admin), ("approve", unit_admin), ("start", branch_admin)):
        actions.transition(project, step, by=by, comment="同意")
        project = Project.objects.get(pk=project.pk)
    for _ in range(5):
        actions_public.enter_response(project, by=branch_admin, data={"rating": "satisfied"})
    for step, by in (("request_closing", branch_admin), ("accept", unit_admin)):
        actions.transition(project, step, by=by, comment="同意")
        project = Project.objects.get(pk=project.pk)
    body = {"project": project.pk, "kind": "demo", "citation": CITATION}
    nominated = api(unit_admin).post("project-awards", body).json()
    assert nominated["decider_name"] == world.committee.name and nominated["actions"] == ["withdraw"]
    top = api(unit_admin).post("project-awards", {**body, "kind": "top10"}).json()
    assert top["decider_name"] == unit.name and "approve" in top["actions"]
    refused = api(unit_admin).post(f"project-awards/{nominated['id']}/transition", {"action": "approve"})
    assert refused.status_code == 403 and "审定人" in refused.json()["detail"]
    ok = api(committee_admin).post(f"project-awards/{nominated['id']}/transition", {"action": "approve"})
    assert ok.status_code == 200 and ok.json()["state"] == "approved"


def test_ranking_by_score_then_satisfaction_with_the_ineligible_last(world, api, committee_admin):
    high = accepted(world, title="高分项目")
    low_sat = project_in(world, "in_progress", title="满意率低")
    enter(world, low_sat, satisfied=1, dissatisfied=3)
    from projects.tests.factories_public import advance

    advance(world, low_sat, "accepted")
    other = accepted(world, title="满意率稍低")
    enter(world, other, dissatisfied=1)  # 10/11
    rows = api(committee_admin).get("project-ranking").json()["items"]
    assert [r["title"] for r in rows] == ["高分项目", "满意率稍低", "满意率低"]
    assert rows[2]["eligible"] is False and "群众满意率低" in rows[2]["reasons"][0]
    assert high.pk == rows[0]["project"]


def test_decline_and_withdraw_need_a_reason(world, api, committee_admin):
    project = accepted(world)
    c = api(committee_admin)
    award = c.post("project-awards", {"project": project.pk, "kind": "fine", "citation": CITATION}).json()
    r = c.post(f"project-awards/{award['id']}/transition", {"action": "decline", "comment": ""})
    assert r.status_code == 422 and Award.objects.get().state == "nominated"
    r = c.post(f"project-awards/{award['id']}/transition", {"action": "withdraw", "comment": "材料不全，下次再报"})
    assert r.status_code == 200 and r.json()["state"] == "withdrawn"
    # A withdrawn nomination may be made again.
    assert c.post("project-awards", {"project": project.pk, "kind": "fine", "citation": CITATION}).status_code == 201


# ---------------------------------------------------------------- the award workflow is consistent everywhere


@pytest.fixture
def personas(world):
    u = world.users
    return {
        "committee_admin": u["committee_admin"],
        "deputy": make_user(
            "committee2", person=make_person(world.committee, "陈静", seq=13), roles=[("org_admin", world.committee)]
        ),
        "branch_admin": u["branch_secretary"],
        "member": u["branch_member"],
        "other_admin": u["outsider"],
        "sysadmin": u["sysadmin"],
        "auditor": u["auditor"],
    }


def test_the_award_workflow_is_consistent_everywhere(world, personas):
    base = accepted(world)

    def make(state):
        award = actions_public.nominate(
            base, by=personas["committee_admin"], data={"kind": "top10", "citation": CITATION}
        )
        if state != AwardState.NOMINATED:
            name = {"approved": "approve", "declined": "decline", "withdrawn": "withdraw"}[state]
            actions_public.transition_award(award, name, by=personas["committee_admin"], data={"reason": "理由"})
        return Award.objects.select_related("project__org", "decider", "committee").get(pk=award.pk)

    def page(award, user):
        c = Client()
        c.force_login(user)
        return c.get("/projects/awards/").content.decode()

    problems = workflow_mismatches(
        AWARD,
        states=list(AwardState),
        make=make,
        personas=personas,
        data=lambda name, a: {"comment": "同意", "reason": "理由"},
        page=page,
    )
    assert problems == []


def test_pinned_query_counts_of_the_awards_and_cases_pages(
    world, client, committee_admin, django_assert_max_num_queries
):
    """The ranking fetches satisfaction, scores and settings once for all rows; the eligibility registry still asks
    each project's acceptance date (one query a row, eligibility.accepted_on), so the count is pinned for 3 rows."""
    for n in range(3):
        project = accepted(world, title=f"项目{n}")
        award = actions_public.nominate(project, by=committee_admin, data={"kind": "top10", "citation": CITATION})
        actions_public.transition_award(award, "approve", by=committee_admin, data={"comment": "同意"})
    client.force_login(committee_admin)
    # +1: 网络学院's to-do badge (one UNION of its parts)
    # +1: 通知公告's to-do badge (one UNION of its parts)
    with django_assert_max_num_queries(33):
        assert client.get("/projects/awards/").status_code == 200
    # +1: 网络学院's to-do badge (one UNION of its parts)
    # +1: 通知公告's to-do badge (one UNION of its parts)
    with django_assert_max_num_queries(20):  # the layout's own (sidebar, to-dos) and one for the cases
        r = client.get("/projects/cases/")
    assert r.content.decode().count('data-testid="case"') == 3

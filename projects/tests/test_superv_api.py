"""Supervision (台账式督查) through the API: inspections of four kinds, findings and their rectification to
closure, overdue flags and the 措施不力 eligibility reason, the reproducible random sample, groups; scope."""

import pytest

from core.models import AuditEvent
from core.testing import make_person, make_user
from projects import actions_superv, eligibility
from projects.models import Finding, Inspection, InspectionSample, SupervisionGroup
from projects.tests.factories import make_project, mentor
from projects.tests.superv_factories import days, inspect, running


@pytest.fixture
def project(world):
    return running(world)


def body(**overrides):
    data = {
        "kind": "regular",
        "date": days(-3),
        "summary": "检查了任务台账和活动记录。",
        "findings": [{"text": "群众知晓率不高", "deadline": days(20)}, {"text": "宣传栏更新及时"}],
    }
    data.update(overrides)
    return data


def test_the_committee_records_an_inspection_with_a_finding_to_rectify(world, api, committee_admin, project):
    r = api(committee_admin).post(f"projects/{project.pk}/inspections", body())
    assert r.status_code == 201, r.json()
    out = r.json()
    assert out["kind_label"] == "定期检查" and out["inspector"] == world.people["staff"].pk
    rect, plain = out["findings"]
    assert rect["rectification"] and rect["state"] == "open" and not rect["overdue"]
    assert not plain["rectification"] and plain["state"] == "none" and plain["actions"] == []
    assert rect["actions"] == []  # the committee does not report for the branch… (it closes)
    listed = api(world.users["branch_secretary"]).get(f"projects/{project.pk}/inspections").json()
    assert listed["count"] == 1 and listed["items"][0]["findings"][0]["actions"] == ["report"]
    assert AuditEvent.objects.filter(action="projects.inspection.create", object_id=str(out["id"])).exists()


@pytest.mark.parametrize("kind", ["phone", "regular", "area"])
def test_each_kind_but_random_is_recorded_directly(world, api, committee_admin, project, kind):
    r = api(committee_admin).post(f"projects/{project.pk}/inspections", body(kind=kind))
    assert r.status_code == 201 and r.json()["kind"] == kind


def test_a_random_inspection_is_refused_without_a_sample(api, committee_admin, project):
    r = api(committee_admin).post(f"projects/{project.pk}/inspections", body(kind="random"))
    assert r.status_code == 422 and "抽取样本" in r.json()["detail"]
    assert not Inspection.objects.exists()


def test_rectification_is_reported_by_the_branch_and_closed_by_the_committee(world, api, committee_admin, project):
    finding = inspect(world, project).findings.get()
    branch = api(world.users["branch_secretary"])
    committee = api(committee_admin)
    # The committee cannot close what was not reported; the branch cannot close at all.
    assert committee.post(f"findings/{finding.pk}/transition", {"action": "close"}).status_code == 409
    missing = branch.post(f"findings/{finding.pk}/transition", {"action": "report"})
    assert missing.status_code == 422 and "整改情况" in missing.json()["detail"]
    r = branch.post(f"findings/{finding.pk}/transition", {"action": "report", "report": "已补齐台账。"})
    assert r.status_code == 200 and r.json()["state"] == "reported"
    refused = branch.post(f"findings/{finding.pk}/transition", {"action": "close"})
    assert refused.status_code == 403 and "销号" in refused.json()["detail"]
    assert committee.post(f"findings/{finding.pk}/transition", {"action": "frobnicate"}).status_code == 422
    no_reason = committee.post(f"findings/{finding.pk}/transition", {"action": "reopen"})
    assert no_reason.status_code == 422
    back = committee.post(f"findings/{finding.pk}/transition", {"action": "reopen", "comment": "台账仍缺三月份"})
    assert back.json()["state"] == "open" and back.json()["last_comment"] == "台账仍缺三月份"
    branch.post(f"findings/{finding.pk}/transition", {"action": "report", "report": "三月份已补。"})
    closed = committee.post(f"findings/{finding.pk}/transition", {"action": "close", "comment": "同意销号"})
    assert closed.status_code == 200 and closed.json()["state"] == "closed"
    assert [e.action for e in Finding.objects.get(pk=finding.pk).log.order_by("at", "id")] == [
        "report",
        "reopen",
        "report",
        "close",
    ]


def test_an_overdue_rectification_costs_the_eligibility_and_closing_it_restores_it(world, api, project):
    finding = inspect(world, project, findings=[("党员先锋岗未挂牌", days(-1))]).findings.get()
    reasons = eligibility.reasons(project)
    overdue = [r for r in reasons if r.startswith("措施不力：整改事项逾期未完成")]
    assert len(overdue) == 1 and "党员先锋岗未挂牌" in overdue[0] and "整改时限" in overdue[0]
    got = api(world.users["branch_secretary"]).get("findings", {"overdue": "true"}).json()
    assert [f["id"] for f in got["items"]] == [finding.pk] and got["items"][0]["overdue"]
    actions_superv.transition_finding(finding, "report", by=world.users["branch_secretary"], data={"report": "已挂牌"})
    assert not [r for r in eligibility.reasons(project) if r.startswith("措施不力")]


def test_a_deadline_before_the_inspection_and_a_future_date_are_refused(api, committee_admin, project):
    c = api(committee_admin)
    early = c.post(f"projects/{project.pk}/inspections", body(findings=[{"text": "问题", "deadline": days(-30)}]))
    assert early.status_code == 422 and "整改时限不能早于检查日期" in early.json()["detail"]
    future = c.post(f"projects/{project.pk}/inspections", body(date=days(2)))
    assert future.status_code == 422 and "检查日期不能晚于今天" in future.json()["detail"]
    blank = c.post(f"projects/{project.pk}/inspections", body(summary="   "))
    assert blank.status_code == 422
    assert not Inspection.objects.exists()


def test_only_the_organisations_above_or_the_supervising_leader_inspect(world, api, project):
    own = api(world.users["branch_secretary"]).post(f"projects/{project.pk}/inspections", body())
    assert own.status_code == 403 and "上级党组织" in own.json()["detail"]
    assert api(world.users["branch_member"]).post(f"projects/{project.pk}/inspections", body()).status_code == 403
    # A supervising leader (no admin role) inspects the projects of her group and reads them through it.
    leader_person = make_person(world.committee, "赵督导", seq=21)
    leader = make_user("leader", person=leader_person)
    assert api(leader).post(f"projects/{project.pk}/inspections", body()).status_code == 404
    SupervisionGroup.objects.create(
        committee=world.committee, name="第一片区", kind="area", leader=leader_person
    ).projects.add(project)
    r = api(leader).post(f"projects/{project.pk}/inspections", body(kind="area"))
    assert r.status_code == 201 and r.json()["inspector"] == leader_person.pk


def test_a_draft_is_not_inspected(world, api, committee_admin):
    draft = make_project(world)
    r = api(committee_admin).post(f"projects/{draft.pk}/inspections", body())
    assert r.status_code == 409 and "立项后" in r.json()["detail"]


def test_another_branch_gets_404_and_a_mentor_reads_only_her_projects(world, api, project, outsider):
    inspection = inspect(world, project)
    finding = inspection.findings.get()
    far = api(outsider)
    for path in (f"projects/{project.pk}/inspections", f"inspections/{inspection.pk}"):
        assert far.get(path).status_code == 404
    assert far.post(f"findings/{finding.pk}/transition", {"action": "report", "report": "x"}).status_code == 404
    assert far.get("inspections").json()["count"] == 0 and far.get("findings").json()["count"] == 0
    her = mentor(world)
    project.mentors.add(her.person)
    other = running(world, title="另一个项目")
    inspect(world, other)
    seen = api(her).get("inspections").json()
    assert [i["project"] for i in seen["items"]] == [project.pk]
    assert api(her).get(f"projects/{other.pk}/inspections").status_code == 404
    assert api(her).post(f"findings/{finding.pk}/transition", {"action": "report", "report": "x"}).status_code == 403


def test_the_random_sample_is_reproducible_and_audited(world, api, committee_admin):
    projects = [running(world, title=f"项目{n}") for n in range(6)]
    make_project(world, title="草稿不入样本")
    r = api(committee_admin).post("inspection-samples", {"committee": world.committee.pk, "size": 3})
    assert r.status_code == 201, r.json()
    out = r.json()
    assert out["population"] == sorted(p.pk for p in projects)
    assert len(out["drawn"]) == 3 and set(out["drawn"]) <= set(out["population"])
    assert actions_superv.pick(out["population"], out["seed"], 3) == out["drawn"]  # same seed → same sample
    event = AuditEvent.objects.get(action="projects.sample.draw")
    assert event.after["seed"] == out["seed"] and event.after["drawn"] == out["drawn"]
    pending = Inspection.objects.filter(sample_id=out["id"])
    assert sorted(pending.values_list("project_id", flat=True)) == out["drawn"]
    assert set(pending.values_list("kind", "state")) == {("random", "pending")}
    # The drawn inspection is filled in once.
    first = pending.first()
    filled = api(committee_admin).patch(
        f"inspections/{first.pk}",
        {"date": days(-1), "summary": "现场察看。", "findings": [{"text": "档案未归档", "deadline": days(5)}]},
    )
    assert filled.status_code == 200 and filled.json()["state"] == "done" and filled.json()["kind"] == "random"
    again = api(committee_admin).patch(f"inspections/{first.pk}", {"date": days(-1), "summary": "再填"})
    assert again.status_code == 409


def test_sample_refusals(world, api, committee_admin, branch_secretary):
    assert (
        api(committee_admin).post("inspection-samples", {"committee": world.committee.pk, "size": 2}).status_code == 409
    )
    running(world)
    assert (
        api(branch_secretary).post("inspection-samples", {"committee": world.committee.pk, "size": 1}).status_code
        == 403
    )
    assert (
        api(committee_admin).post("inspection-samples", {"committee": world.committee.pk, "size": 0}).status_code == 422
    )
    assert not InspectionSample.objects.exists()


def test_seeded_draws_differ_by_seed_but_repeat_for_one(world):
    ids = list(range(1, 40))
    assert actions_superv.pick(ids, 7, 5) == actions_superv.pick(list(reversed(ids)), 7, 5)
    assert len({tuple(actions_superv.pick(ids, s, 5)) for s in range(20)}) > 1


def test_supervision_groups_by_the_committee(world, api, committee_admin, branch_secretary, project):
    leader = world.people["staff"]
    payload = {"committee": world.committee.pk, "name": "第一片区", "leader": leader.pk, "projects": [project.pk]}
    assert api(branch_secretary).post("supervision-groups", payload).status_code == 404  # not her committee
    r = api(committee_admin).post("supervision-groups", payload)
    assert r.status_code == 201 and r.json()["projects"] == [project.pk] and r.json()["kind_label"] == "分片督导"
    dup = api(committee_admin).post("supervision-groups", payload)
    assert dup.status_code == 422 and "已存在" in dup.json()["detail"]
    stranger = api(committee_admin).post("supervision-groups", {**payload, "name": "二片", "leader": 999999})
    assert stranger.status_code == 422
    gid = r.json()["id"]
    patched = api(committee_admin).patch(f"supervision-groups/{gid}", {"kind": "liaison", "projects": []})
    assert patched.json()["kind"] == "liaison" and patched.json()["projects"] == []

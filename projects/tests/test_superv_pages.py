"""Pages of supervision and mentors: the ledger (filters, pinned queries, export), the inspection form (refill on
refusal), the rectification list's buttons, the random sample, groups, the mentor pool, the project panel."""

from django.test import Client

from core.dates import today
from core.testing import assert_printable_ledger, load_sheet, make_person, make_user, table_rows
from projects import actions_superv
from projects.models import Finding, Inspection, InspectionSample, MentorComment, MentorProfile, SupervisionGroup
from projects.tests.superv_factories import days, inspect, running


def login(user):
    c = Client()
    c.force_login(user)
    return c


def test_the_ledger_filters_and_its_query_count_is_pinned(world, committee_admin, django_assert_max_num_queries):
    c = login(committee_admin)
    project = running(world)
    inspect(world, project, findings=[("宣传栏未更新", days(-1))])
    # +1: 网络学院's to-do badge (one UNION of its parts)
    # +1: 通知公告's to-do badge (one UNION of its parts)
    with django_assert_max_num_queries(23):  # the sidebar's to-do counts included
        r = c.get("/projects/inspections/")
    assert (
        r.status_code == 200
        and "宣传栏未更新" in r.content.decode()
        and 'data-testid="overdue-badge"' in r.content.decode()
    )
    for n in range(5):
        inspect(world, running(world, title=f"项目{n}"), kind="phone", findings=[(f"问题{n}", days(3)), ("其他", None)])
    # +1: 网络学院's to-do badge (one UNION of its parts)
    # +1: 通知公告's to-do badge (one UNION of its parts)
    with django_assert_max_num_queries(23):  # flat in the number of inspections and findings
        r = c.get("/projects/inspections/?kind=phone")
    body = r.content.decode()
    assert body.count('data-testid="inspection-row"') == 5 and "宣传栏未更新" not in body
    overdue = c.get("/projects/inspections/?overdue=1").content.decode()
    assert overdue.count('data-testid="inspection-row"') == 1
    assert c.get("/projects/inspections/?kind=bogus&org=99999999999999999999").status_code == 200


def test_the_ledger_exports_to_xlsx(world, committee_admin):
    inspect(world, running(world), findings=[("台账不全", days(5)), ("无需整改的提醒", None)])
    r = login(committee_admin).get("/projects/inspections/export.xlsx")
    assert r.status_code == 200
    assert_printable_ledger(load_sheet(r.content), title_has=("督查台账",))
    rows = table_rows(r.content)
    assert rows[0][:3] == ["党组织", "项目名称", "督查方式"]
    assert [row[6] for row in rows[1:]] == ["台账不全", "无需整改的提醒"] and rows[1][8] == "整改中"


def test_an_inspection_is_recorded_on_the_page_and_a_refusal_refills_it(world, committee_admin):
    project = running(world)
    c = login(committee_admin)
    url = f"/projects/{project.pk}/inspections/new/"
    assert c.get(url).status_code == 200
    bad = {"kind": "regular", "date": days(-2), "summary": "检查活动记录", "finding_1": "", "deadline_1": days(3)}
    r = c.post(url, bad)
    assert r.status_code == 200 and "请写明发现的问题" in r.content.decode() and "检查活动记录" in r.content.decode()
    assert not Inspection.objects.exists()
    good = {**bad, "finding_1": "党员先锋岗未挂牌"}
    r = c.post(url, good)
    assert r.status_code == 302 and Finding.objects.get().state == "open"
    assert login(world.users["branch_secretary"]).get(url).status_code == 404  # the branch does not inspect itself


def test_the_rectification_page_reports_and_closes(
    world, committee_admin, branch_secretary, django_assert_max_num_queries
):
    finding = inspect(world, running(world)).findings.get()
    branch, committee = login(branch_secretary), login(committee_admin)
    for n in range(4):
        inspect(world, running(world, title=f"项目{n}"), findings=[(f"问题{n}", days(n - 2))])
    with django_assert_max_num_queries(22):  # flat in the number of rectifications (the to-do counts included)
        assert committee.get("/projects/rectifications/").content.decode().count('data-testid="rectification"') == 5
    page = branch.get("/projects/rectifications/").content.decode()
    assert 'data-transition="report"' in page and 'data-transition="close"' not in page
    branch.post(f"/projects/findings/{finding.pk}/transition/report/", {"report": "已补齐"})
    page = committee.get("/projects/rectifications/?state=reported").content.decode()
    assert 'data-transition="close"' in page and 'data-transition="reopen"' in page and "已补齐" in page
    r = branch.post(f"/projects/findings/{finding.pk}/transition/close/", {}, follow=True)
    assert "销号" in r.content.decode() and Finding.objects.get(pk=finding.pk).state == "reported"
    committee.post(f"/projects/findings/{finding.pk}/transition/close/", {"comment": "同意"})
    assert Finding.objects.get(pk=finding.pk).state == "closed"


def test_the_sample_page_draws_and_lists_the_seed(world, committee_admin, branch_secretary):
    for n in range(3):
        running(world, title=f"项目{n}")
    c = login(committee_admin)
    r = c.post("/projects/inspections/sample/", {"committee": world.committee.pk, "size": 2}, follow=True)
    sample = InspectionSample.objects.get()
    assert str(sample.seed) in r.content.decode() and len(sample.drawn) == 2
    bad = c.post("/projects/inspections/sample/", {"committee": world.committee.pk, "size": 99})
    assert bad.status_code == 200 and "抽取数量应在1到50之间" in bad.content.decode()
    assert InspectionSample.objects.count() == 1
    assert login(branch_secretary).get("/projects/inspections/sample/").status_code == 404
    pending = Inspection.objects.filter(sample=sample).first()
    fill = f"/projects/inspections/{pending.pk}/fill/"
    assert c.post(fill, {"date": days(0), "summary": "现场察看"}).status_code == 302
    assert Inspection.objects.get(pk=pending.pk).state == "done"
    assert c.get(fill).status_code == 404  # filled once


def test_groups_are_created_and_edited_by_the_committee(world, committee_admin, branch_secretary):
    project = running(world)
    c = login(committee_admin)
    data = {"name": "第一片区", "kind": "area", "leader": world.people["staff"].pk, "projects": [project.pk]}
    assert c.post("/projects/supervision-groups/new/", data).status_code == 302
    group = SupervisionGroup.objects.get()
    assert list(group.projects.all()) == [project]
    r = c.post(f"/projects/supervision-groups/{group.pk}/edit/", {**data, "name": ""})
    assert r.status_code == 200 and SupervisionGroup.objects.get().name == "第一片区"
    assert login(branch_secretary).get("/projects/supervision-groups/new/").status_code == 404
    assert "第一片区" in c.get("/projects/supervision-groups/").content.decode()


def test_the_mentor_pool_page_and_the_project_panel(world, committee_admin, branch_secretary):
    person = make_person(world.committee, "孙专家", gender="female", seq=31)
    expert = make_user("expert", person=person)
    c = login(committee_admin)
    r = c.post(
        "/projects/mentors/",
        {"committee": world.committee.pk, "person": person.pk, "kind": "expert", "field": "物业管理"},
    )
    assert r.status_code == 302
    profile = MentorProfile.objects.get()
    assert "孙专家" in c.get("/projects/mentors/?kind=expert").content.decode()
    assert login(branch_secretary).get("/projects/mentors/").status_code == 404
    project = running(world)
    branch = login(branch_secretary)
    page = branch.get(f"/projects/{project.pk}/").content.decode()
    assert 'data-testid="mentor-assign"' in page and 'data-testid="comment-form"' not in page
    branch.post(f"/projects/{project.pk}/mentor/", {"profile": profile.pk})
    her = login(expert)
    page = her.get(f"/projects/{project.pk}/").content.decode()
    assert 'data-testid="comment-form"' in page and 'data-testid="mentor-assign"' not in page
    her.post(f"/projects/{project.pk}/comments/", {"kind": "charter", "text": "口号再凝练一些"})
    assert MentorComment.objects.get().text == "口号再凝练一些"
    assert "口号再凝练一些" in branch.get(f"/projects/{project.pk}/").content.decode()
    assert her.get("/projects/inspections/").status_code == 200
    assert her.get("/projects/mentors/").status_code == 404


def test_overdue_rectifications_are_to_dos_of_the_branch_and_the_committee(world, committee_admin, branch_secretary):
    from core import todos

    project = running(world)
    finding = inspect(world, project, findings=[("档案未归档", days(-2))]).findings.get()
    mine = [i for p in todos.PROVIDERS if p.group == "projects" for i in p.items(branch_secretary, today())]
    late = [i for i in mine if i.kind == "projects.rectification"]
    assert len(late) == 1 and late[0].due < today() and "档案未归档" in late[0].text
    committee_items = [i for p in todos.PROVIDERS if p.group == "projects" for i in p.items(committee_admin, today())]
    assert [i.kind for i in committee_items if "rectification" in i.kind] == ["projects.rectification_overdue"]
    for user in (branch_secretary, committee_admin):
        provider = next(p for p in todos.PROVIDERS if p.group == "projects")
        items = provider.items(user, today())
        assert provider.count(user, today()) == sum(i.count for i in items)
    actions_superv.transition_finding(finding, "report", by=branch_secretary, data={"report": "已归档"})
    provider = next(p for p in todos.PROVIDERS if p.group == "projects")
    assert [i.kind for i in provider.items(committee_admin, today())] == ["projects.rectification_close"]
    assert provider.count(branch_secretary, today()) == 0

"""Execution pages: the Gantt page and its plain task list, task forms (push, dependencies with lags), the
owner's progress, reports with photos, the 进度表 print, the tasks export and import, late-task to-dos."""

import datetime
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from core.models import ImportBatch
from projects import actions, actions_exec, todos
from projects.demo_exec import png
from projects.models import ProgressReport, Task, TaskDependency
from projects.tests.factories import make_project, mentor


@pytest.fixture
def project(world):
    return make_project(world)


def task(project, by, title, start, end, deps=(), **extra):
    data = {"title": title, "start": start, "end": end, **extra}
    for d in deps:
        data[f"pred_{d.pk}"] = True
    return actions_exec.create_task(project, by=by, data=data)


def chain(project, by, n=3):
    made = []
    for i in range(n):
        day = datetime.date(2026, 3, 2) + datetime.timedelta(days=3 * i)
        made.append(
            task(
                project, by, f"任务{i + 1}", day.isoformat(), (day + datetime.timedelta(days=2)).isoformat(), made[-1:]
            )
        )
    return made


def go(world, project, *steps):
    for step in steps:
        by = world.users["committee_admin"] if step == "approve" else world.users["branch_secretary"]
        project = actions.transition(project, step, by=by)
    return project


def test_the_schedule_page_shows_the_chart_and_the_task_list(world, client, project, branch_secretary):
    chain(project, branch_secretary)
    client.force_login(branch_secretary)
    r = client.get(f"/projects/{project.pk}/schedule/")
    html = r.content.decode()
    assert r.status_code == 200
    assert f'data-src="/api/v1/projects/{project.pk}/tasks"' in html and 'data-update="/api/v1/tasks/{id}"' in html
    assert html.count('data-testid="task-row"') == 3 and "添加任务" in html
    assert "前置：任务2" in html  # the plain list names each predecessor
    detail = client.get(f"/projects/{project.pk}/").content.decode()
    assert f"/projects/{project.pk}/schedule/" in detail and "3项任务" in detail


def test_a_mentor_reads_the_schedule_without_editing_and_another_branch_gets_404(
    world, client, branch_secretary, outsider
):
    her = mentor(world)
    project = make_project(world, mentors=[her.person_id])
    chain(project, branch_secretary, 2)
    client.force_login(her)
    html = client.get(f"/projects/{project.pk}/schedule/").content.decode()
    assert "data-readonly" in html and "添加任务" not in html and 'data-testid="task-edit"' not in html
    assert client.get(f"/projects/{project.pk}/tasks/new/").status_code == 404
    client.force_login(outsider)
    for url in (
        f"/projects/{project.pk}/schedule/",
        f"/projects/{project.pk}/schedule/print/",
        f"/projects/{project.pk}/tasks/export.xlsx",
        f"/projects/{project.pk}/reports/",
        f"/projects/tasks/{Task.objects.first().pk}/edit/",
    ):
        assert client.get(url).status_code == 404, url


def test_the_schedule_page_has_a_pinned_query_count(
    world, client, project, branch_secretary, django_assert_max_num_queries
):
    chain(project, branch_secretary, 3)
    client.force_login(branch_secretary)
    with django_assert_max_num_queries(30):  # the sidebar's to-do counts included; flat in the number of tasks
        assert client.get(f"/projects/{project.pk}/schedule/").status_code == 200
    chain(project, branch_secretary, 1)
    more = [
        task(project, branch_secretary, f"后续{i}", "2026-05-01", "2026-05-03", owner=world.people["secretary"].pk)
        for i in range(20)
    ]
    assert len(more) == 20
    with django_assert_max_num_queries(30):
        assert client.get(f"/projects/{project.pk}/schedule/").status_code == 200


def test_a_task_is_added_with_a_lagged_dependency_from_the_form(client, project, branch_secretary):
    (first,) = chain(project, branch_secretary, 1)
    client.force_login(branch_secretary)
    page = client.get(f"/projects/{project.pk}/tasks/new/").content.decode()
    assert f'name="pred_{first.pk}"' in page and f'name="lag_{first.pk}"' in page
    data = {
        "title": "建立台账",
        "start": "2026-03-07",
        "end": "2026-03-10",
        f"pred_{first.pk}": "on",
        f"lag_{first.pk}": "2",
    }
    r = client.post(f"/projects/{project.pk}/tasks/new/", data)
    assert r.status_code == 302
    made = Task.objects.get(title="建立台账")
    assert list(TaskDependency.objects.filter(task=made).values_list("predecessor", "lag")) == [(first.pk, 2)]


def test_a_refused_task_form_is_shown_again_filled_and_saves_nothing(client, project, branch_secretary):
    (first,) = chain(project, branch_secretary, 1)
    client.force_login(branch_secretary)
    data = {"title": "建立台账", "start": "2026-03-03", "end": "2026-03-10", f"pred_{first.pk}": "on"}
    r = client.post(f"/projects/{project.pk}/tasks/new/", data)
    html = r.content.decode()
    assert r.status_code == 200 and "不能早于前置任务「任务1」完成后开始" in html
    assert 'value="建立台账"' in html and 'value="2026-03-03"' in html
    assert not Task.objects.filter(title="建立台账").exists()


def test_the_edit_form_pushes_dependants_when_asked(client, project, branch_secretary):
    a, b, c = chain(project, branch_secretary)
    client.force_login(branch_secretary)
    page = client.get(f"/projects/tasks/{a.pk}/edit/").content.decode()
    assert 'value="2026-03-02"' in page  # ISO dates round-trip
    data = {"title": a.title, "start": "2026-03-04", "end": "2026-03-06", "progress": "0"}
    refused = client.post(f"/projects/tasks/{a.pk}/edit/", data)
    assert refused.status_code == 200 and "顺延后续任务" in refused.content.decode()
    assert client.post(f"/projects/tasks/{a.pk}/edit/", {**data, "push": "on"}).status_code == 302
    b.refresh_from_db(), c.refresh_from_db()
    assert (b.start, c.start) == (datetime.date(2026, 3, 7), datetime.date(2026, 3, 10))


def test_the_task_owner_updates_her_progress_on_the_page(world, client, project, branch_secretary, branch_member):
    mine = task(project, branch_secretary, "入户走访", "2026-03-02", "2026-03-04", owner=world.people["member"].pk)
    theirs = task(project, branch_secretary, "建立台账", "2026-03-05", "2026-03-09")
    go(world, project, "submit", "approve")
    client.force_login(branch_member)
    html = client.get(f"/projects/{project.pk}/schedule/").content.decode()
    assert f"/projects/tasks/{mine.pk}/progress/" in html and f"/projects/tasks/{theirs.pk}/progress/" not in html
    client.post(f"/projects/tasks/{mine.pk}/progress/", {"progress": "60"})
    client.post(f"/projects/tasks/{theirs.pk}/progress/", {"progress": "60"})
    mine.refresh_from_db(), theirs.refresh_from_db()
    assert (mine.progress, theirs.progress) == (60, 0)


def test_deleting_a_task_from_the_page(client, project, branch_secretary):
    _a, b, c = chain(project, branch_secretary)
    client.force_login(branch_secretary)
    assert client.post(f"/projects/tasks/{b.pk}/delete/").status_code == 302
    assert list(Task.objects.values_list("title", flat=True)) == ["任务1", "任务3"]
    assert not TaskDependency.objects.filter(task=c).exists()


def test_a_report_with_photos_from_the_page_and_a_refused_file(world, client, project, branch_secretary):
    go(world, project, "submit", "approve", "start")
    client.force_login(branch_secretary)
    bad = client.post(
        f"/projects/{project.pk}/reports/new/",
        {"month": "2026-03", "summary": "走访32户", "photos": [SimpleUploadedFile("签到表.pdf", b"%PDF-1.4 ...")]},
    )
    assert bad.status_code == 200 and "只能上传照片" in bad.content.decode() and "走访32户" in bad.content.decode()
    assert not ProgressReport.objects.exists()
    ok = client.post(
        f"/projects/{project.pk}/reports/new/",
        {
            "month": "2026-03",
            "summary": "走访32户",
            "photos": [SimpleUploadedFile("a.png", png()), SimpleUploadedFile("b.png", png())],
        },
    )
    assert ok.status_code == 302
    report = ProgressReport.objects.get()
    assert report.month == datetime.date(2026, 3, 1) and report.photos.count() == 2
    html = client.get(f"/projects/{project.pk}/reports/").content.decode()
    assert "2026年3月进度报告" in html and html.count("/projects/report-photos/") == 4  # link and image each


def test_the_schedule_print_draws_bars_and_baselines(
    world, client, project, branch_secretary, django_capture_on_commit_callbacks
):
    chain(project, branch_secretary)
    with django_capture_on_commit_callbacks(execute=True):
        go(world, project, "submit", "approve")
    client.force_login(branch_secretary)
    html = client.get(f"/projects/{project.pk}/schedule/print/").content.decode()
    assert "党建工作项目进度表" in html and "@page { size: A4 landscape" in html
    assert html.count('data-testid="print-row"') == 3 and html.count('class="base"') == 3
    assert "3月" in html and "11月" in html  # the month scale spans the project


def test_the_tasks_export(world, client, project, branch_secretary):
    _a, _b, _c = chain(project, branch_secretary)
    client.force_login(branch_secretary)
    r = client.get(f"/projects/{project.pk}/tasks/export.xlsx")
    assert r.status_code == 200 and r["Content-Type"].startswith("application/vnd.openxmlformats")
    ws = openpyxl.load_workbook(io.BytesIO(b"".join(r.streaming_content) if r.streaming else r.content)).active
    cells = [c for row in ws.iter_rows(values_only=True) for c in row if c is not None]
    assert "任务2" in cells and "任务1" in cells and "前置任务" in cells


def _xlsx(*rows):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["任务名称", "上级任务", "负责人", "开始日期", "结束日期", "进度（%）", "里程碑", "前置任务"])
    for row in rows:
        ws.append(list(row))
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_tasks_are_imported_all_or_nothing_after_a_preview(world, client, project, branch_secretary):
    (_existing,) = chain(project, branch_secretary, 1)
    client.force_login(branch_secretary)
    url = f"/projects/{project.pk}/tasks/import/"
    assert client.get(url).status_code == 200
    assert client.get(f"/projects/{project.pk}/tasks/import/template.xlsx").status_code == 200
    bad = _xlsx(
        ["组织实施", "", "", "2026-03-05", "2026-04-30", "", "", ""],
        ["党员认岗", "组织实施", "王秀英", "2026-03-05", "2026-03-20", 10, "", "任务1"],
        ["集中攻坚", "组织实施", "", "2026-03-21", "2026-04-30", "", "", "宣传发动"],
    )
    r = client.post(url, {"file": SimpleUploadedFile("tasks.xlsx", bad)})
    html = r.content.decode()
    assert "前置任务“宣传发动”不是本项目已有的任务" in html and 'value="confirm"' not in html
    good = _xlsx(
        ["组织实施", "", "", "2026-03-05", "2026-04-30", "", "", ""],
        ["党员认岗", "组织实施", "王秀英", "2026-03-05", "2026-03-20", 10, "", "任务1"],
        ["集中攻坚", "组织实施", "", "2026-03-23", "2026-04-30", "", "", "党员认岗（间隔2天）"],
        ["方案审定", "", "", "2026-05-01", "", "", "是", "集中攻坚"],
    )
    r = client.post(url, {"file": SimpleUploadedFile("tasks.xlsx", good)})
    assert 'value="confirm"' in r.content.decode()
    assert Task.objects.count() == 1  # the preview writes nothing
    token = ImportBatch.objects.get(state=ImportBatch.PREVIEWED).token
    done = client.post(url, {"op": "confirm", "token": token})
    assert done.status_code == 302
    made = {t.title: t for t in Task.objects.all()}
    assert set(made) == {"任务1", "组织实施", "党员认岗", "集中攻坚", "方案审定"}
    assert made["党员认岗"].parent == made["组织实施"] and made["党员认岗"].owner == world.people["secretary"]
    assert made["方案审定"].milestone and made["方案审定"].end == datetime.date(2026, 5, 1)
    deps = set(TaskDependency.objects.values_list("task__title", "predecessor__title", "lag"))
    assert deps == {("党员认岗", "任务1", 0), ("集中攻坚", "党员认岗", 2), ("方案审定", "集中攻坚", 0)}
    assert client.post(url, {"op": "confirm", "token": token}).status_code == 200  # once only
    assert Task.objects.count() == 5


def test_an_import_breaking_the_schedule_is_refused_whole(client, project, branch_secretary):
    chain(project, branch_secretary, 1)
    client.force_login(branch_secretary)
    rows = _xlsx(
        ["走访", "", "", "2026-03-03", "2026-03-06", "", "", "任务1"],
        ["总结", "", "", "2026-11-20", "2026-12-10", "", "", ""],
    )
    html = client.post(
        f"/projects/{project.pk}/tasks/import/", {"file": SimpleUploadedFile("t.xlsx", rows)}
    ).content.decode()
    assert "不能早于前置任务「任务1」完成后开始" in html and "超出项目起止日期" in html
    assert Task.objects.count() == 1 and not ImportBatch.objects.filter(state=ImportBatch.PREVIEWED).exists()


# ---------------------------------------------------------------- late tasks in the to-do inbox


def test_late_tasks_go_to_their_owner_and_the_projects_owner(
    world, branch_secretary, branch_member, django_assert_max_num_queries
):
    project = make_project(world, owner=world.people["secretary"].pk)
    late = task(project, branch_secretary, "入户走访", "2026-03-02", "2026-03-10", owner=world.people["member"].pk)
    summary = task(project, branch_secretary, "组织实施", "2026-03-11", "2026-04-30")
    task(project, branch_secretary, "党员认岗", "2026-03-11", "2026-03-20", parent=summary.pk, progress=100)
    task(project, branch_secretary, "集中攻坚", "2026-03-21", "2026-04-30", parent=summary.pk)
    task(project, branch_secretary, "总结", "2026-11-01", "2026-11-20")
    today = datetime.date(2026, 4, 1)
    assert todos.items(branch_member, today) == [] or all(
        i.kind != "projects.late_task" for i in todos.items(branch_member, today)
    )
    go(world, project, "submit", "approve", "start")
    mine = [i for i in todos.items(branch_member, today) if i.kind == "projects.late_task"]
    assert [i.text for i in mine] == [f"{project.title}：入户走访"] and mine[0].due == datetime.date(2026, 3, 10)
    theirs = [i.text for i in todos.items(branch_secretary, today) if i.kind == "projects.late_task"]
    assert theirs == [f"{project.title}：入户走访"]  # the summary and the tasks not yet due are not late
    for user in (branch_member, branch_secretary):
        with django_assert_max_num_queries(1):
            n = todos.count(user, today)
        assert n == sum(i.count for i in todos.items(user, today))
    actions_exec.set_progress(late, by=branch_secretary, data={"progress": 100})
    assert todos.count(branch_member, today) == 0

"""Execution through the API: tasks (validation, dependencies, push, baseline, critical path), progress,
progress reports with photos, and who may read and write them."""

import datetime

import pytest
from django.test import Client

from accounts.models import ApiToken
from core.models import AuditEvent
from projects import actions
from projects.demo_exec import png
from projects.models import ProgressReport, ReportPhoto, Task, TaskDependency
from projects.tests.factories import make_project, mentor


@pytest.fixture
def project(world):
    return make_project(world)


@pytest.fixture
def sec(api, branch_secretary):
    return api(branch_secretary)


def approve(world, project, capture, start=False):
    """申报 → 审批通过 (→ 启动实施), running the after-commit receivers (the baseline)."""
    with capture(execute=True):
        actions.transition(project, "submit", by=world.users["branch_secretary"])
        actions.transition(project, "approve", by=world.users["committee_admin"])
        if start:
            actions.transition(project, "start", by=world.users["branch_secretary"])
    project.refresh_from_db()
    return project


def add(client, project, title, start, end, deps=(), **extra):
    body = {"title": title, "start": start, "end": end, "depends_on": list(deps), **extra}
    r = client.post(f"projects/{project.pk}/tasks", body)
    assert r.status_code == 201, r.json()
    return r.json()


def diamond(client, project):
    """S → A (14 days) → E and S → B (5 days) → E."""
    s = add(client, project, "入户走访", "2026-03-02", "2026-03-04")
    a = add(client, project, "建立问题清单", "2026-03-05", "2026-03-18", [s["id"]])
    b = add(client, project, "宣传发动", "2026-03-05", "2026-03-09", [s["id"]])
    e = add(client, project, "立项评审", "2026-03-19", "2026-03-20", [a["id"], b["id"]])
    return s, a, b, e


def rows(client, project):
    r = client.get(f"projects/{project.pk}/tasks")
    assert r.status_code == 200, r.json()
    return {row["title"]: row for row in r.json()["items"]}


def test_the_critical_path_of_a_diamond_is_its_longer_branch(world, sec, project):
    _s, a, b, _e = diamond(sec, project)
    got = rows(sec, project)
    assert [t for t, row in got.items() if row["critical"]] == ["入户走访", "建立问题清单", "立项评审"]
    assert got["宣传发动"]["critical"] is False and got["宣传发动"]["float"] == 9
    assert got["立项评审"]["depends_on"] == [a["id"], b["id"]]
    assert got["立项评审"]["dependencies"] == [{"id": a["id"], "lag": 0}, {"id": b["id"], "lag": 0}]
    assert got["入户走访"]["baseline"] is None and got["入户走访"]["slip"] is None  # not approved yet


def test_a_task_ending_before_it_starts_is_refused(sec, project):
    r = sec.post(f"projects/{project.pk}/tasks", {"title": "入户走访", "start": "2026-03-10", "end": "2026-03-02"})
    assert r.status_code == 422
    assert "结束日期" in r.json()["detail"] and "早于开始日期" in r.json()["detail"]
    assert not Task.objects.exists()


def test_a_dependency_cycle_is_refused_and_nothing_changes(sec, project):
    s, a, _b, _e = diamond(sec, project)
    r = sec.patch(f"tasks/{s['id']}", {"depends_on": [a["id"]]})
    assert r.status_code == 422
    assert "依赖关系形成循环" in r.json()["detail"]
    assert not TaskDependency.objects.filter(task_id=s["id"]).exists()


def test_a_task_outside_the_projects_dates_is_refused(sec, project):
    r = sec.post(f"projects/{project.pk}/tasks", {"title": "总结", "start": "2026-11-20", "end": "2026-12-05"})
    assert r.status_code == 422
    assert "超出项目起止日期（2026年3月1日至2026年11月30日）" in r.json()["detail"]
    assert not Task.objects.exists()


def test_a_start_before_the_predecessors_end_plus_lag_is_refused(sec, project):
    s = add(sec, project, "入户走访", "2026-03-02", "2026-03-04")
    body = {"title": "建台账", "start": "2026-03-06", "end": "2026-03-09", "dependencies": [{"id": s["id"], "lag": 2}]}
    r = sec.post(f"projects/{project.pk}/tasks", body)
    assert r.status_code == 422
    assert "不能早于前置任务「入户走访」完成（间隔2天）后开始：最早2026年3月7日" in r.json()["detail"]
    ok = sec.post(f"projects/{project.pk}/tasks", {**body, "start": "2026-03-07"})
    assert ok.status_code == 201 and ok.json()["dependencies"] == [{"id": s["id"], "lag": 2}]


def test_moving_a_task_later_pushes_its_dependants_only_when_asked(sec, project):
    _s, a, _b, e = diamond(sec, project)
    later = {"start": "2026-03-07", "end": "2026-03-20"}  # A two days later
    refused = sec.patch(f"tasks/{a['id']}", later)
    assert refused.status_code == 422
    assert "「立项评审」不能早于前置任务「建立问题清单」完成后开始" in refused.json()["detail"]
    assert "顺延后续任务" in refused.json()["detail"]
    assert Task.objects.get(pk=a["id"]).start == datetime.date(2026, 3, 5)

    moved = sec.patch(f"tasks/{a['id']}", {**later, "push": True})
    assert moved.status_code == 200, moved.json()
    got = rows(sec, project)
    assert (got["建立问题清单"]["start"], got["建立问题清单"]["end"]) == ("2026-03-07", "2026-03-20")
    assert (got["立项评审"]["start"], got["立项评审"]["end"]) == ("2026-03-21", "2026-03-22")  # pushed, same length
    assert got["宣传发动"]["start"] == "2026-03-05"  # not a dependant: stays
    event = AuditEvent.objects.filter(action="projects.task.update").latest("id")
    assert event.after["pushed"] == [[e["id"], "2026-03-21", "2026-03-22"]]


def test_a_push_that_would_leave_the_project_is_refused_whole(sec, project):
    s = add(sec, project, "调研", "2026-11-01", "2026-11-20")
    t = add(sec, project, "总结", "2026-11-21", "2026-11-30", [s["id"]])
    r = sec.patch(f"tasks/{s['id']}", {"start": "2026-11-05", "end": "2026-11-24", "push": True})
    assert r.status_code == 422
    assert "「总结」超出项目起止日期" in r.json()["detail"]
    assert str(t["id"]) in r.json()["errors"]
    assert Task.objects.get(pk=s["id"]).end == datetime.date(2026, 11, 20)


def test_the_baseline_is_frozen_at_approval_and_slip_is_measured_against_it(
    world, sec, project, django_capture_on_commit_callbacks
):
    _s, a, b, _e = diamond(sec, project)
    approve(world, project, django_capture_on_commit_callbacks, start=True)
    frozen = Task.objects.get(pk=a["id"])
    assert (frozen.baseline_start, frozen.baseline_end) == (frozen.start, frozen.end)
    later = add(sec, project, "经验交流", "2026-04-01", "2026-04-02")
    assert later["baseline"] is None and later["slip"] is None  # added after approval: no baseline
    sec.patch(f"tasks/{b['id']}", {"start": "2026-03-05", "end": "2026-03-12"})
    got = rows(sec, project)
    assert got["宣传发动"]["slip"] == 3 and got["宣传发动"]["baseline"] == {"start": "2026-03-05", "end": "2026-03-09"}
    assert got["建立问题清单"]["slip"] == 0
    assert AuditEvent.objects.filter(action="projects.task.baseline", after__tasks=4).exists()


def test_summaries_cover_their_children_and_carry_their_progress(sec, project):
    parent = add(sec, project, "组织实施", "2026-04-01", "2026-04-30")
    sec_child = {"parent": parent["id"]}
    add(sec, project, "党员认岗", "2026-04-01", "2026-04-10", progress=100, **sec_child)
    add(sec, project, "集中攻坚", "2026-04-11", "2026-04-30", progress=50, **sec_child)
    outside = sec.post(
        f"projects/{project.pk}/tasks",
        {"title": "越界", "start": "2026-04-20", "end": "2026-05-10", "parent": parent["id"]},
    )
    assert outside.status_code == 422 and "超出上级任务「组织实施」的时间范围" in outside.json()["detail"]
    got = rows(sec, project)
    assert list(got) == ["组织实施", "党员认岗", "集中攻坚"] and got["集中攻坚"]["depth"] == 1
    assert got["组织实施"]["summary"] is True and got["组织实施"]["progress"] == 67  # (10×100 + 20×50) / 30
    on_summary = sec.post(
        f"projects/{project.pk}/tasks",
        {"title": "验收", "start": "2026-05-01", "end": "2026-05-02", "depends_on": [parent["id"]]},
    )
    assert on_summary.status_code == 422 and "含有下级任务" in on_summary.json()["detail"]


def test_deleting_a_task_removes_its_subtasks_and_dependencies(sec, project):
    _s, a, b, e = diamond(sec, project)
    assert sec.call("delete", f"tasks/{a['id']}").status_code == 204
    assert set(rows(sec, project)) == {"入户走访", "宣传发动", "立项评审"}
    assert list(TaskDependency.objects.filter(task_id=e["id"]).values_list("predecessor_id", flat=True)) == [b["id"]]


def test_a_milestone_lasts_its_day(sec, project):
    s = add(sec, project, "方案审定", "2026-03-10", None, milestone=True)
    assert (s["start"], s["end"], s["milestone"]) == ("2026-03-10", "2026-03-10", True)
    t = sec.post(
        f"projects/{project.pk}/tasks",
        {"title": "实施", "start": "2026-03-10", "end": "2026-03-12", "depends_on": [s["id"]]},
    )
    assert t.status_code == 422 and "最早2026年3月11日" in t.json()["detail"]


@pytest.mark.parametrize(
    "body, words",
    [
        ({"title": "走访", "start": "三月一日", "end": "2026-03-02"}, "日期"),
        ({"title": "走访", "start": "2026-02-30", "end": "2026-03-02"}, "日期"),
        ({"title": "走访", "start": "2026-03-01", "end": "2026-03-02", "progress": 101}, "100"),
        ({"title": "走访", "start": "2026-03-01", "end": "2026-03-02", "progress": "很多"}, ""),
        ({"title": "走访", "start": "2026-03-01", "end": "2026-03-02", "parent": 2**60}, ""),
        ({"title": "走访", "start": "2026-03-01", "end": "2026-03-02", "depends_on": [10**30]}, ""),
        ({"title": "走访", "start": "2026-03-01", "end": "2026-03-02", "dependencies": [{"id": 1, "lag": 10**6}]}, ""),
        ({"title": "走" * 101, "start": "2026-03-01", "end": "2026-03-02"}, ""),
        ({"title": "走访", "start": "9999-03-01", "end": "9999-03-02"}, "2000年至2100年"),
        ({"title": "", "start": "2026-03-01", "end": "2026-03-02"}, "任务名称"),
        ({"title": "走访", "start": "2026-03-01"}, "结束日期"),
        ({"title": "走访", "start": "2026-03-01", "end": "2026-03-02", "depends_on": [2**53 - 1]}, "前置任务不存在"),
    ],
)
def test_bad_input_is_refused_in_chinese_and_saves_nothing(sec, project, body, words):
    r = sec.post(f"projects/{project.pk}/tasks", body)
    assert r.status_code == 422, r.content
    assert words in r.json()["detail"]
    assert not Task.objects.exists()


def test_a_predecessor_of_another_project_is_refused_like_a_missing_one(world, sec, project):
    other = make_project(world, title="另一个项目")
    theirs = add(sec, other, "入户走访", "2026-03-02", "2026-03-04")
    r = sec.post(
        f"projects/{project.pk}/tasks",
        {"title": "x", "start": "2026-03-05", "end": "2026-03-06", "depends_on": [theirs["id"]]},
    )
    missing = sec.post(
        f"projects/{project.pk}/tasks",
        {"title": "x", "start": "2026-03-05", "end": "2026-03-06", "depends_on": [2**53 - 1]},
    )
    assert r.status_code == 422 and r.json() == missing.json()


def test_empty_patch_and_tasks_of_a_charter_without_dates_are_refused(world, sec):
    s = add(sec, make_project(world), "入户走访", "2026-03-02", "2026-03-04")
    assert sec.patch(f"tasks/{s['id']}", {}).status_code == 422
    undated = make_project(world, start="", end="")
    r = sec.post(f"projects/{undated.pk}/tasks", {"title": "走访", "start": "2026-03-01", "end": "2026-03-02"})
    assert r.status_code == 422 and "请先在立项表中填写项目的开始日期和完成时限" in r.json()["detail"]


def test_tasks_are_frozen_while_under_review_and_after_closing(world, sec, project):
    s = add(sec, project, "入户走访", "2026-03-02", "2026-03-04")
    actions.transition(project, "submit", by=world.users["branch_secretary"])
    r = sec.post(f"projects/{project.pk}/tasks", {"title": "x", "start": "2026-03-05", "end": "2026-03-06"})
    assert r.status_code == 409 and "已申报待审批" in r.json()["detail"]
    assert sec.patch(f"tasks/{s['id']}", {"title": "改"}).status_code == 409
    assert sec.call("delete", f"tasks/{s['id']}").status_code == 409


# ---------------------------------------------------------------- who may


def test_the_task_owner_reports_her_own_progress_and_nothing_else(
    world, api, sec, project, branch_member, django_capture_on_commit_callbacks
):
    mine = add(sec, project, "入户走访", "2026-03-02", "2026-03-04", owner=world.people["member"].pk)
    theirs = add(sec, project, "建台账", "2026-03-05", "2026-03-09")
    member = api(branch_member)
    assert member.patch(f"tasks/{mine['id']}", {"progress": 40}).status_code == 409  # not approved yet
    approve(world, project, django_capture_on_commit_callbacks)
    ok = member.patch(f"tasks/{mine['id']}", {"progress": 40})
    assert ok.status_code == 200 and ok.json()["progress"] == 40
    for refused in (
        member.patch(f"tasks/{mine['id']}", {"end": "2026-03-05"}),
        member.patch(f"tasks/{theirs['id']}", {"progress": 10}),
        member.post(f"projects/{project.pk}/tasks", {"title": "x", "start": "2026-03-05", "end": "2026-03-06"}),
        member.call("delete", f"tasks/{mine['id']}"),
    ):
        assert refused.status_code == 403, refused.json()
    assert "任务负责人" in member.patch(f"tasks/{theirs['id']}", {"progress": 10}).json()["detail"]
    assert Task.objects.get(pk=theirs["id"]).progress == 0


def test_a_mentor_reads_her_projects_tasks_and_reports_and_writes_nothing(world, api, sec):
    her = mentor(world)
    project = make_project(world, mentors=[her.person_id])
    s = add(sec, project, "入户走访", "2026-03-02", "2026-03-04")
    m = api(her)
    assert m.get(f"projects/{project.pk}/tasks").json()["count"] == 1
    assert m.get(f"tasks/{s['id']}").status_code == 200
    assert m.get(f"projects/{project.pk}/reports").status_code == 200
    assert m.patch(f"tasks/{s['id']}", {"title": "改"}).status_code == 403
    assert (
        m.post(f"projects/{project.pk}/tasks", {"title": "x", "start": "2026-03-05", "end": "2026-03-06"}).status_code
        == 403
    )
    not_hers = make_project(world, title="别的项目")
    assert m.get(f"projects/{not_hers.pk}/tasks").status_code == 404


def test_another_branch_gets_404_everywhere(world, api, sec, project, outsider):
    s = add(sec, project, "入户走访", "2026-03-02", "2026-03-04")
    o = api(outsider)
    missing = o.get("tasks/999999").json()
    for r in (
        o.get(f"projects/{project.pk}/tasks"),
        o.post(f"projects/{project.pk}/tasks", {"title": "x", "start": "2026-03-05", "end": "2026-03-06"}),
        o.get(f"tasks/{s['id']}"),
        o.patch(f"tasks/{s['id']}", {"progress": 50}),
        o.call("delete", f"tasks/{s['id']}"),
        o.get(f"projects/{project.pk}/reports"),
        o.post(f"projects/{project.pk}/reports", {"month": "2026-03", "summary": "x"}),
    ):
        assert r.status_code == 404 and r.json() == missing
    assert Task.objects.get(pk=s["id"]).progress == 0


def test_system_roles_write_no_task(api, project, sysadmin, auditor, sec):
    s = add(sec, project, "入户走访", "2026-03-02", "2026-03-04")
    for user in (sysadmin, auditor):
        r = api(user).patch(f"tasks/{s['id']}", {"title": "改"})
        assert r.status_code in (403, 404)


# ---------------------------------------------------------------- progress reports


def upload(user, report_id, name, data):
    c = Client(REMOTE_ADDR="127.0.0.1")
    from django.core.files.uploadedfile import SimpleUploadedFile

    return c.post(
        f"/api/v1/progress-reports/{report_id}/photos",
        {"file": SimpleUploadedFile(name, data)},
        HTTP_AUTHORIZATION=f"Bearer {ApiToken.issue(user)}",
    )


def test_a_monthly_report_with_a_photo(world, sec, project, branch_secretary, django_capture_on_commit_callbacks):
    approve(world, project, django_capture_on_commit_callbacks)
    r = sec.post(
        f"projects/{project.pk}/reports", {"month": "2026-03", "summary": "走访32户。", "problems": "参与不均"}
    )
    assert r.status_code == 201, r.json()
    report = r.json()
    assert report["month"] == "2026-03" and report["photos"] == []
    photo = upload(branch_secretary, report["id"], "现场.jpg", png())  # a PNG named .jpg: kept as .png
    assert photo.status_code == 201, photo.json()
    stored = photo.json()["photos"][0]
    assert stored["name"] == "现场.png" and stored["content_type"] == "image/png"
    c = Client()
    c.force_login(branch_secretary)
    got = c.get(stored["url"])
    assert got.status_code == 200 and got["Content-Type"] == "image/png"
    listed = sec.get(f"projects/{project.pk}/reports").json()
    assert listed["count"] == 1 and len(listed["items"][0]["photos"]) == 1
    patched = sec.patch(f"progress-reports/{report['id']}", {"next_steps": "集中攻坚"})
    assert patched.status_code == 200 and patched.json()["summary"] == "走访32户。"


def test_report_refusals(world, api, sec, project, branch_secretary, branch_member, django_capture_on_commit_callbacks):
    draft = sec.post(f"projects/{project.pk}/reports", {"month": "2026-03", "summary": "x"})
    assert draft.status_code == 409 and "立项后" in draft.json()["detail"]
    approve(world, project, django_capture_on_commit_callbacks)
    report = sec.post(f"projects/{project.pk}/reports", {"month": "2026-03", "summary": "走访"}).json()
    twice = sec.post(f"projects/{project.pk}/reports", {"month": "2026-03", "summary": "再报"})
    assert twice.status_code == 422 and "该月的进度报告已经填报" in twice.json()["detail"]
    for month in ("2026-13", "三月", "9999-01", ""):
        bad = sec.post(f"projects/{project.pk}/reports", {"month": month, "summary": "x"})
        assert bad.status_code == 422, month
    pdf = upload(branch_secretary, report["id"], "照片.pdf", b"%PDF-1.4\n%...")
    assert pdf.status_code == 422 and "只能上传照片" in pdf.json()["detail"]
    disguised = upload(branch_secretary, report["id"], "照片.png", b"not an image at all")
    assert disguised.status_code == 422 and "改扩展名无效" in disguised.json()["detail"]
    assert upload(branch_member, report["id"], "现场.png", png()).status_code == 403
    member = api(branch_member)
    assert member.post(f"projects/{project.pk}/reports", {"month": "2026-04", "summary": "x"}).status_code == 403
    assert ProgressReport.objects.count() == 1 and not ReportPhoto.objects.exists()


# ---------------------------------------------------------------- query counts


def test_the_gantt_data_endpoint_has_a_pinned_query_count(world, sec, project, django_assert_max_num_queries):
    _s, _a, _b, e = diamond(sec, project)
    with django_assert_max_num_queries(8):
        assert sec.get(f"projects/{project.pk}/tasks").status_code == 200
    prev = e
    for n in range(20):
        prev = add(
            sec,
            project,
            f"任务{n}",
            f"2026-04-{n + 1:02d}",
            f"2026-04-{n + 1:02d}",
            [prev["id"]],
            owner=world.people["secretary"].pk,
        )
    with django_assert_max_num_queries(8):
        r = sec.get(f"projects/{project.pk}/tasks")
    assert r.json()["count"] == 24


def _tasks_xlsx(*rows):
    import io

    import openpyxl

    wb = openpyxl.Workbook()
    wb.active.append(["任务名称", "开始日期", "结束日期", "前置任务"])
    for row in rows:
        wb.active.append(list(row))
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_tasks_are_imported_through_the_api_after_a_preview(world, sec, project, branch_secretary):
    from django.core.files.uploadedfile import SimpleUploadedFile

    c = Client(REMOTE_ADDR="127.0.0.1")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {ApiToken.issue(branch_secretary)}"}
    url = f"/api/v1/projects/{project.pk}/tasks/import"
    bad = _tasks_xlsx(["走访", "2026-03-02", "2026-03-01", ""])
    r = c.post(url, {"file": SimpleUploadedFile("t.xlsx", bad)}, **auth)
    assert r.status_code == 422 and any("第2行" in m and "早于开始日期" in m for m in r.json()["errors"]["file"])
    good = _tasks_xlsx(["走访", "2026-03-02", "2026-03-04", ""], ["建台账", "2026-03-05", "2026-03-09", "走访"])
    preview = c.post(url, {"file": SimpleUploadedFile("t.xlsx", good)}, **auth).json()
    assert preview["imported"] == 0 and not Task.objects.exists()
    done = c.post(f"{url}/{preview['import_id']}/confirm", **auth)
    assert done.status_code == 200 and done.json()["imported"] == 2
    assert list(TaskDependency.objects.values_list("task__title", "predecessor__title")) == [("建台账", "走访")]
    assert c.post(f"{url}/{preview['import_id']}/confirm", **auth).status_code == 409

"""Large imports run as a background task: confirming queues the batch once, the worker imports it all or
nothing, its progress and result are shown to its uploader only, and a batch whose worker died is given up."""

import datetime
from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from core import importing
from core.models import AuditEvent, ImportBatch
from core.testing import ApiClient, build_world, make_person
from core.tests.test_imports import NUMBER, ROW, _confirm_url, _preview, _xlsx
from core.tests.test_races import race
from orgs.models import Person
from points.models import Item

ROWS = [ROW, ["基础工作再提升", "报送调研", 2, "党组织"], ["基础工作再提升", "报送简报", 1, "党组织"]]
PEOPLE_HEADER = ["姓名", "性别", "身份证号", "所在党组织"]


@pytest.fixture
def queued(settings):
    """The production set-up: the database task backend, and every import (however small) goes to it."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.IMPORT_INLINE_ROWS = 0


def work():
    """What `manage.py import_worker` does in production, until the queue is empty. (Between tasks the worker
    closes stale connections; here that one connection holds the test's transaction, so it stays open.)"""
    with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
        call_command("import_worker", "--batch", "--no-startup-delay", "--no-reload", "--interval", "0", verbosity=0)


def _status(client, import_id):
    return client.get(f"imports/{import_id}")


def _scheme_items(scheme_id):
    return list(Item.objects.filter(scheme_id=scheme_id).order_by("pk").values_list("name", flat=True))


def test_a_confirm_queues_the_import_once_and_the_worker_imports_every_row(queued, scheme, committee_admin):
    client = ApiClient(committee_admin)
    before = _scheme_items(scheme["id"])
    import_id = _preview(client, scheme["id"], _xlsx(*ROWS)).json()["import_id"]

    r = client.post(_confirm_url(scheme["id"], import_id))
    assert r.status_code == 202, r.content
    body = r.json()
    assert body["import_id"] == import_id and body["state"] == "queued" and body["state_label"] == "排队中"
    assert (body["rows_done"], body["rows_total"]) == (0, 3)
    assert body["status_url"] == f"/api/v1/imports/{import_id}"
    assert _scheme_items(scheme["id"]) == before  # nothing is written inside the request
    assert DBTaskResult.objects.count() == 1

    again = client.post(_confirm_url(scheme["id"], import_id))
    assert again.status_code == 409 and again.json()["detail"] == "该导入已确认，请勿重复提交。"
    assert DBTaskResult.objects.count() == 1  # queued once

    work()
    assert _scheme_items(scheme["id"]) == [*before, "报送信息", "报送调研", "报送简报"]
    status = client.client.get(body["status_url"], **client._headers()).json()
    assert status["state"] == "done" and status["imported"] == 3
    assert (status["rows_checked"], status["rows_done"], status["rows_total"]) == (3, 3, 3) and status["error"] is None
    assert status["started_at"] and status["finished_at"] and status["finished_at"] >= status["started_at"]
    assert status["ids"] == list(
        Item.objects.filter(name__startswith="报送").order_by("pk").values_list("pk", flat=True)
    )
    batch = ImportBatch.objects.get(token=import_id)
    assert batch.task_id == str(DBTaskResult.objects.get().id) and bytes(batch.data) == b""

    work()  # the queue is empty: a second worker pass imports nothing again
    assert len(_scheme_items(scheme["id"])) == len(before) + 3
    assert client.post(_confirm_url(scheme["id"], import_id)).status_code == 409


def test_a_task_delivered_twice_runs_the_import_once(queued, scheme, committee_admin):
    client = ApiClient(committee_admin)
    import_id = _preview(client, scheme["id"], _xlsx(*ROWS)).json()["import_id"]
    client.post(_confirm_url(scheme["id"], import_id))
    batch = ImportBatch.objects.get(token=import_id)
    assert importing.run_batch(batch.pk) == "done"
    assert importing.run_batch(batch.pk) is None  # done already: the second delivery does nothing
    work()  # and so does the queued task itself
    assert Item.objects.filter(scheme_id=scheme["id"], name="报送信息").count() == 1


def test_small_imports_run_in_the_request_and_large_ones_are_queued(settings, scheme, committee_admin):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.IMPORT_INLINE_ROWS = 2
    client = ApiClient(committee_admin)
    small = _preview(client, scheme["id"], _xlsx(*ROWS[:2])).json()["import_id"]
    r = client.post(_confirm_url(scheme["id"], small))
    assert r.status_code == 200 and r.json()["count"] == 2 and r.json()["state"] == "done"
    assert [i["name"] for i in r.json()["items"]] == ["报送信息", "报送调研"]
    assert not DBTaskResult.objects.exists()
    large = _preview(client, scheme["id"], _xlsx(["基础工作再提升", "甲", 1, "党组织"], *ROWS[1:])).json()
    assert client.post(_confirm_url(scheme["id"], large["import_id"])).status_code == 202
    assert DBTaskResult.objects.count() == 1 and not Item.objects.filter(name="甲").exists()


@pytest.mark.django_db(transaction=True)
def test_two_confirms_at_once_queue_the_import_once(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.IMPORT_INLINE_ROWS = 0
    world = build_world()
    admin = ApiClient(world.users["committee_admin"])
    scheme = admin.post("points/schemes", {"org": world.committee.id, "year": 2026, "name": "并发排队"}).json()
    import_id = _preview(admin, scheme["id"], _xlsx(*ROWS)).json()["import_id"]
    clients = [ApiClient(world.users["committee_admin"]) for _ in range(2)]
    responses = race(*(lambda c=c: c.post(_confirm_url(scheme["id"], import_id)) for c in clients))
    assert sorted(r.status_code for r in responses) == [202, 409], [r.content for r in responses]
    assert DBTaskResult.objects.count() == 1
    work()
    assert Item.objects.filter(scheme_id=scheme["id"], name="报送信息").count() == 1


# ---------------------------------------------------------------- failures: nothing written, the reason told


def _people_file(*rows):
    return _xlsx(*rows, header=PEOPLE_HEADER)


def _page_preview(c, data):
    return c.post("/people/import/", {"file": SimpleUploadedFile("p.xlsx", data)}).context["token"]


def test_a_row_that_fails_when_the_worker_runs_marks_the_import_failed_and_writes_nothing(
    queued, world, branch_secretary
):
    c = Client()
    c.force_login(branch_secretary)
    token = _page_preview(
        c, _people_file(["周强", "男", "", "统计局第一党支部"], ["吴芳", "女", NUMBER, "统计局第一党支部"])
    )
    r = c.post("/people/import/", {"op": "confirm", "token": token})
    assert r.status_code == 302 and r.url == f"/imports/{token}/"
    make_person(world.branch_a, "吴芳二", seq=20)  # the same ID number registered while the import waited
    events = AuditEvent.objects.count()
    work()
    assert not Person.objects.filter(name__in=["周强", "吴芳"]).exists()  # the good row was not written either
    assert AuditEvent.objects.count() == events
    batch = ImportBatch.objects.get(token=token)
    assert batch.state == "failed" and bytes(batch.data) == b"" and batch.rows_done == 0
    page = c.get(f"/imports/{token}/").content.decode()
    assert "导入失败。" in page and "表格中仍有错误，未导入任何数据。请修改后重新上传。" in page
    assert 'http-equiv="refresh"' not in page and 'href="/people/import/"' in page  # 重新上传
    status = ApiClient(branch_secretary).get(f"imports/{token}").json()
    assert status["state"] == "failed" and status["error"] == "表格中仍有错误，未导入任何数据。请修改后重新上传。"
    assert status["imported"] is None


def test_an_error_in_the_middle_of_writing_rolls_back_the_rows_already_written(queued, scheme, committee_admin):
    from points import importing as points_importing

    real = points_importing._create_item
    calls = []

    def third_row_breaks(scheme_obj, cleaned):
        calls.append(cleaned["name"])
        if len(calls) == 3:
            raise RuntimeError("disk full")
        return real(scheme_obj, cleaned)

    client = ApiClient(committee_admin)
    before = _scheme_items(scheme["id"])
    import_id = _preview(client, scheme["id"], _xlsx(*ROWS)).json()["import_id"]
    client.post(_confirm_url(scheme["id"], import_id))
    with mock.patch.object(points_importing, "_create_item", third_row_breaks):
        work()
    assert calls == ["报送信息", "报送调研", "报送简报"]  # two rows were written before the third failed …
    assert _scheme_items(scheme["id"]) == before  # … and rolled back with it
    status = _status(client, import_id).json()
    assert status["state"] == "failed" and status["error"] == importing.BROKEN
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"  # the task itself finished: it recorded the failure


def test_a_small_import_that_fails_at_once_answers_its_error_over_the_api(world, branch_secretary):
    from plans.tests.factories import make_plan
    from plans.tests.test_templates_and_excel import _xlsx as plan_xlsx

    plan = make_plan(branch_secretary, world.branch_a)
    client = ApiClient(branch_secretary)
    data = plan_xlsx([["廉政建设", "开展廉政警示教育", "2026-06-18", None, None, None, None, None, None, "李娜"]])
    r = client.client.post(
        f"/api/v1/plans/{plan.id}/import", {"file": SimpleUploadedFile("items.xlsx", data)}, **client._headers()
    )
    import_id = r.json()["import_id"]
    Person.objects.filter(name="李娜").update(status="transferred_out")  # the owner left the branch meanwhile
    r = client.post(f"plans/{plan.id}/import/{import_id}/confirm")
    assert r.status_code == 422 and r.json()["detail"] == "表格中仍有错误，未导入任何事项。请修改后重新上传。"
    assert not plan.items.filter(title="开展廉政警示教育").exists()
    status = client.get(f"imports/{import_id}").json()
    assert status["state"] == "failed" and status["error"] == r.json()["detail"]
    assert client.post(f"plans/{plan.id}/import/{import_id}/confirm").status_code == 409


# ---------------------------------------------------------------- a worker that died


def _stick(token, *, state="importing", minutes=31):
    """The batch as a worker that died while running it leaves it: claimed, silent since `minutes` ago."""
    ImportBatch.objects.filter(token=token).update(
        state=state,
        started_at=timezone.now() - datetime.timedelta(minutes=minutes),
        updated_at=timezone.now() - datetime.timedelta(minutes=minutes),
    )


def test_an_import_stuck_by_a_dead_worker_is_given_up_and_never_runs_afterwards(
    queued, scheme, committee_admin, capsys
):
    client = ApiClient(committee_admin)
    before = _scheme_items(scheme["id"])
    stuck = _preview(client, scheme["id"], _xlsx(*ROWS)).json()["import_id"]
    client.post(_confirm_url(scheme["id"], stuck))
    _stick(stuck)
    alive = _preview(client, scheme["id"], _xlsx(["基础工作再提升", "乙", 1, "党组织"])).json()["import_id"]
    client.post(_confirm_url(scheme["id"], alive))
    _stick(alive, minutes=5)  # running, but heard from recently

    call_command("imports_cleanup")
    assert "已中止 1 个无进展的导入。" in capsys.readouterr().out
    batch = ImportBatch.objects.get(token=stuck)
    assert batch.state == "failed" and batch.error == importing.STUCK and bytes(batch.data) == b""
    assert ImportBatch.objects.get(token=alive).state == "importing"
    event = AuditEvent.objects.filter(action="import.abandoned").get()
    assert event.actor is None and event.after["was"] == "importing"

    work()  # the dead worker's task, delivered again, finds the batch given up
    assert importing.run_batch(batch.pk) is None
    assert _scheme_items(scheme["id"]) == before
    call_command("imports_cleanup")
    assert "没有无进展的导入。" in capsys.readouterr().out


def test_the_worker_gives_up_stuck_imports_as_it_starts(queued, scheme, committee_admin):
    client = ApiClient(committee_admin)
    import_id = _preview(client, scheme["id"], _xlsx(*ROWS)).json()["import_id"]
    client.post(_confirm_url(scheme["id"], import_id))
    _stick(import_id)
    DBTaskResult.objects.all().delete()  # the dead worker's task is gone: only the start-up check can find it
    work()
    assert ImportBatch.objects.get(token=import_id).error == importing.STUCK


def test_an_import_queued_for_a_day_without_a_worker_is_given_up(queued, scheme, committee_admin):
    client = ApiClient(committee_admin)
    import_id = _preview(client, scheme["id"], _xlsx(*ROWS)).json()["import_id"]
    client.post(_confirm_url(scheme["id"], import_id))
    _stick(import_id, state="queued", minutes=60 * 23)
    assert _status(client, import_id).json()["state"] == "queued"  # within the day it waits
    _stick(import_id, state="queued", minutes=60 * 25)
    status = _status(client, import_id).json()  # looking at it is enough to find out
    assert status["state"] == "failed" and status["error"] == importing.NEVER_RAN
    work()
    assert not Item.objects.filter(name="报送调研").exists()


def test_an_import_given_up_while_it_still_runs_commits_nothing(queued, scheme, committee_admin):
    """The worker was only slow: cleanup (another process) marks it failed before it finishes; its rows,
    written in the same transaction as the move to done, are rolled back rather than appearing afterwards."""
    from points import importing as points_importing

    real = points_importing._create_item

    def slow_then_given_up(scheme_obj, cleaned):
        ImportBatch.objects.filter(state="importing").update(
            state="failed", result={"error": importing.STUCK, "status": 409}
        )
        return real(scheme_obj, cleaned)

    client = ApiClient(committee_admin)
    before = _scheme_items(scheme["id"])
    import_id = _preview(client, scheme["id"], _xlsx(*ROWS)).json()["import_id"]
    client.post(_confirm_url(scheme["id"], import_id))
    with mock.patch.object(points_importing, "_create_item", slow_then_given_up):
        work()
    assert _scheme_items(scheme["id"]) == before
    # Here the "other process" shares the import's connection, so its mark is rolled back too and the import
    # records why it stopped; on two connections the cleanup's own reason stays. Either way: failed, nothing in.
    batch = ImportBatch.objects.get(token=import_id)
    assert batch.state == "failed" and batch.error == importing.TAKEN_AWAY


# ---------------------------------------------------------------- the progress page and the status, scoped


def test_the_progress_page_refreshes_while_queued_then_shows_the_result(queued, scheme, committee_admin):
    c = Client()
    c.force_login(committee_admin)
    url = f"/points/schemes/{scheme['id']}/import/"
    token = c.post(url, {"file": SimpleUploadedFile("items.xlsx", _xlsx(*ROWS))}).context["token"]
    r = c.post(url, {"op": "confirm", "token": token}, follow=True)
    assert r.redirect_chain == [(f"/imports/{token}/", 302)]
    page = r.content.decode()
    assert '<meta http-equiv="refresh" content="2">' in page
    assert "进度" in page and "排队中" in page and "已检查 0 行，已写入 0 行，共 3 行（0%）" in page
    assert 'role="progressbar"' in page and 'aria-valuenow="0"' in page
    # The import page lists it, so a user who left can come back to it.
    assert f'href="/imports/{token}/"' in c.get(url).content.decode()

    work()
    page = c.get(f"/imports/{token}/").content.decode()
    assert (
        "已导入 3 个积分项目。" in page
        and "已检查 3 行，已写入 3 行，共 3 行（100%）" in page
        and 'aria-valuenow="100"' in page
    )
    assert 'http-equiv="refresh"' not in page
    assert f'href="/points/schemes/{scheme["id"]}/"' in page  # back to the scheme


def test_the_progress_page_shows_the_count_while_importing(queued, scheme, committee_admin):
    client = ApiClient(committee_admin)
    import_id = _preview(client, scheme["id"], _xlsx(*ROWS)).json()["import_id"]
    client.post(_confirm_url(scheme["id"], import_id))
    running = ImportBatch.objects.filter(token=import_id)
    running.update(state="importing", rows_checked=2, started_at=timezone.now())
    c = Client()
    c.force_login(committee_admin)
    page = c.get(f"/imports/{import_id}/").content.decode()
    assert "导入中" in page and "已检查 2 行，已写入 0 行，共 3 行（33%）" in page and "正在逐行检查" in page
    assert 'http-equiv="refresh"' in page
    running.update(rows_checked=3, rows_done=2)
    page = c.get(f"/imports/{import_id}/").content.decode()
    assert "已检查 3 行，已写入 2 行，共 3 行（83%）" in page and "检查通过，正在写入" in page
    status = _status(client, import_id).json()
    assert (status["state"], status["rows_checked"], status["rows_done"], status["rows_total"]) == (
        "importing",
        3,
        2,
        3,
    )


def test_only_the_uploader_sees_an_imports_progress(queued, world, scheme, committee_admin):
    client = ApiClient(committee_admin)
    import_id = _preview(client, scheme["id"], _xlsx(*ROWS)).json()["import_id"]
    client.post(_confirm_url(scheme["id"], import_id))
    for name in ("branch_secretary", "outsider", "sysadmin", "auditor"):
        user = world.users[name]
        r = ApiClient(user).get(f"imports/{import_id}")
        assert r.status_code == 404 and r.json()["detail"] == "未找到该导入，或您无权查看。", name
        c = Client()
        c.force_login(user)
        assert c.get(f"/imports/{import_id}/").status_code == 404, name
    for bad in ("0" * 32, "not-an-id", "F" * 32):
        assert client.get(f"imports/{bad}").status_code == 404
    assert client.get(f"imports/{import_id}").status_code == 200
    assert Client().get(f"/imports/{import_id}/").status_code == 302  # to the login page


@pytest.mark.django_db(transaction=True)
def test_progress_is_seen_while_the_import_runs(settings):
    """Rows are checked again outside any transaction, so their count is seen at once. All rows are written in
    one transaction, yet on PostgreSQL others see the written count grow (a second connection reports it);
    SQLite has one writer, the import, so there it appears with the result."""
    from django.db import connection

    from points import importing as points_importing

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.IMPORT_INLINE_ROWS = 0
    world = build_world()
    admin = ApiClient(world.users["committee_admin"])
    scheme = admin.post("points/schemes", {"org": world.committee.id, "year": 2026, "name": "进度"}).json()
    import_id = _preview(admin, scheme["id"], _xlsx(*ROWS)).json()["import_id"]
    admin.post(_confirm_url(scheme["id"], import_id))
    real, seen = points_importing._create_item, []

    def watch(scheme_obj, cleaned):
        # Inside the import's transaction: what has been committed about the batch so far.
        seen.append(ImportBatch.objects.values_list("rows_checked", "rows_done").get(token=import_id))
        return real(scheme_obj, cleaned)

    with mock.patch.object(points_importing, "_create_item", watch), mock.patch.object(importing, "PROGRESS_EVERY", 0):
        work()
    written = [0, 1, 2] if connection.vendor == "postgresql" else [0, 0, 0]
    assert seen == [(3, n) for n in written]
    assert ImportBatch.objects.values_list("rows_checked", "rows_done").get(token=import_id) == (3, 3)

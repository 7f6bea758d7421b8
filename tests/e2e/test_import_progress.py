"""A large import as its uploader lives it: confirm, watch the progress page refresh itself while the worker
runs, read the result; on a phone and on a desktop, with nothing wider than the screen."""

import io
import os
from unittest import mock

import openpyxl
import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from orgs.models import Person

SHOTS = os.environ.get("SHOTS_DIR")  # set to keep screenshots of the progress page for a human look


def _shot(page, name):
    if SHOTS:
        os.makedirs(SHOTS, exist_ok=True)
        page.screenshot(path=os.path.join(SHOTS, f"{name}.png"), full_page=True)


def _people(n):
    wb = openpyxl.Workbook()
    wb.active.append(["姓名", "性别", "所在党组织"])
    for i in range(n):
        wb.active.append([f"导入测试{i:02d}", "男" if i % 2 else "女", "统计局第一党支部"])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _work():
    with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
        call_command("import_worker", "--batch", "--no-startup-delay", "--no-reload", "--interval", "0", verbosity=0)


@pytest.mark.parametrize("width", [375, 1280])
def test_a_queued_import_shows_its_progress_then_its_result(e2e_world, page, login, settings, tmp_path, width):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.IMPORT_INLINE_ROWS = 10
    page.set_viewport_size({"width": width, "height": 900})
    login("secretary_a")
    path = tmp_path / "people.xlsx"
    path.write_bytes(_people(12))
    page.goto(page.base + "/people/import/")
    page.set_input_files("input[type=file]", str(path))
    page.click("text=上传并预览")
    page.click("button:has-text('确认导入 12 人')")

    progress = page.locator("[data-testid=import-progress]")
    expect(progress).to_have_attribute("data-state", "queued")
    assert "/imports/" in page.url
    expect(page.locator(".page-title").first).to_have_text("人员导入")
    expect(page.locator("[data-testid=import-state]")).to_have_text("排队中")
    expect(page.locator("[data-testid=import-count]")).to_have_text("已检查 0 行，已写入 0 行，共 12 行（0%）")
    expect(page.locator("[data-testid=import-bar]")).to_be_visible()
    assert page.evaluate("document.scrollingElement.scrollWidth") <= width
    assert Person.objects.filter(name__startswith="导入测试").count() == 0
    _shot(page, f"import-queued-{width}")

    _work()
    # No click: the page refreshes itself and lands on the result.
    expect(page.locator("[data-testid=import-result]")).to_have_text("已导入 12 人。", timeout=8_000)
    expect(page.locator("[data-testid=import-count]")).to_have_text("已检查 12 行，已写入 12 行，共 12 行（100%）")
    assert page.locator("meta[http-equiv=refresh]").count() == 0
    assert page.evaluate("document.scrollingElement.scrollWidth") <= width
    back = page.locator("[data-testid=import-back]")
    box = back.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= width
    _shot(page, f"import-done-{width}")
    assert Person.objects.filter(name__startswith="导入测试").count() == 12

    back.click()
    page.wait_for_load_state("domcontentloaded")
    assert page.url.endswith("/people/")
    page.goto(page.base + "/people/import/")
    expect(page.locator("[data-testid=recent-import]").first).to_contain_text("已导入 12 行")
    assert page.evaluate("document.scrollingElement.scrollWidth") <= width
    _shot(page, f"import-page-recent-{width}")


def test_a_failed_import_tells_why_and_offers_a_new_upload(e2e_world, page, login, settings, tmp_path):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.IMPORT_INLINE_ROWS = 0
    page.set_viewport_size({"width": 375, "height": 800})
    login("secretary_a")
    path = tmp_path / "people.xlsx"
    path.write_bytes(_people(3))
    page.goto(page.base + "/people/import/")
    page.set_input_files("input[type=file]", str(path))
    page.click("text=上传并预览")
    page.click("button:has-text('确认导入 3 人')")
    expect(page.locator("[data-testid=import-progress]")).to_have_attribute("data-state", "queued")
    # The branch the rows name is renamed before the worker gets to them.
    type(e2e_world.branch_a).objects.filter(pk=e2e_world.branch_a.pk).update(name="统计局机关第一党支部")
    _work()
    error = page.locator("[data-testid=import-error]")
    expect(error).to_contain_text("表格中仍有错误，未导入任何数据。请修改后重新上传。", timeout=8_000)
    assert error.inner_text().startswith("导入失败。")
    expect(page.locator("[data-testid=import-state]")).to_have_text("导入失败")
    _shot(page, "import-failed-375")
    page.click("[data-testid=import-again]")
    page.wait_for_load_state("domcontentloaded")
    assert page.url.endswith("/people/import/")
    assert Person.objects.filter(name__startswith="导入测试").count() == 0

"""Browser flow of the 回收站: a delete asks first naming what goes, 取消 keeps it, the admin restores it."""

import datetime
import os

from playwright.sync_api import expect

from plans.models import PlanItem
from plans.tests.factories import add_item, make_plan

SHOTS = os.environ.get("SHOTS_DIR")  # set to keep screenshots of the dialog and the bin for a human look


def _shot(page, name):
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"{name}.png"), full_page=True)


def test_delete_asks_first_then_the_admin_restores_from_the_bin(e2e_world, page, login):
    admin = e2e_world.users["branch_secretary"]
    plan = make_plan(admin, e2e_world.branch_a)
    item = add_item(
        admin,
        plan,
        "赴章丘区三涧溪村开展党员教育",
        category="党员教育",
        due=datetime.date(2026, 4, 16),
        owners=[e2e_world.people["member"].id],
    )
    login("secretary_a")
    page.goto(f"{page.base}/plans/items/{item.pk}/edit/")

    # The dialog names the item and what goes with it; 取消 has the focus and keeps everything.
    page.click("button:has-text('删除该事项')")
    dialog = page.locator("[data-testid=confirm-modal]")
    dialog.wait_for(state="visible")
    text = dialog.inner_text()
    assert "删除事项《赴章丘区三涧溪村开展党员教育》？" in text
    assert "1个时间节点" in text and "1名责任人的分工" in text and "30天内可由本组织党务管理员恢复" in text
    expect(dialog.locator("button:has-text('取消')")).to_be_focused()
    _shot(page, "delete-dialog")
    dialog.locator("button:has-text('取消')").click()
    dialog.wait_for(state="hidden")
    assert page.url.endswith(f"/plans/items/{item.pk}/edit/")
    assert PlanItem.objects.filter(pk=item.pk).exists()
    # Esc keeps it too.
    page.click("button:has-text('删除该事项')")
    expect(dialog.locator("button:has-text('取消')")).to_be_focused()
    page.keyboard.press("Escape")
    dialog.wait_for(state="hidden")
    assert PlanItem.objects.filter(pk=item.pk).exists()

    # Confirmed, it leaves the plan and goes to the bin.
    page.click("button:has-text('删除该事项')")
    dialog.wait_for(state="visible")
    dialog.locator("button:has-text('删除')").click()
    page.wait_for_url(f"{page.base}/plans/{plan.pk}/")
    assert "已将事项《赴章丘区三涧溪村开展党员教育》移入回收站" in page.content()
    assert page.locator("[data-testid=item-row]").count() == 0
    assert PlanItem.objects.deleted().filter(pk=item.pk).exists()

    # The committee's admin (who manages the branch) restores it from the bin, again after confirming.
    page.context.clear_cookies()
    login("committee")
    page.goto(f"{page.base}/recycle-bin/")
    entry = page.locator("[data-testid=bin-entry]", has_text="赴章丘区三涧溪村开展党员教育")
    assert "清单事项" in entry.inner_text() and "统计局第一党支部" in entry.inner_text()
    assert "王秀英" in entry.inner_text() and "还可恢复 30 天" in entry.inner_text()
    _shot(page, "recycle-bin")
    entry.locator("button:has-text('恢复')").click()
    dialog.wait_for(state="visible")
    assert "恢复事项《赴章丘区三涧溪村开展党员教育》？" in dialog.inner_text()
    dialog.locator("button:has-text('恢复')").click()
    page.wait_for_url(f"{page.base}/plans/{plan.pk}/#item-{item.pk}")
    assert "已恢复事项《赴章丘区三涧溪村开展党员教育》" in page.content()
    rows = page.locator("[data-testid=item-row]")
    assert rows.count() == 1 and "李娜" in rows.first.inner_text()
    assert PlanItem.objects.get(pk=item.pk).deleted_at is None

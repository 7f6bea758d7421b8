"""Browser flow of 台账式督查 at 1280 and 375 px: the committee records an inspection whose finding demands
rectification, the branch reports it done on the 整改台账, the committee closes it (销号); the ledger shows it."""

import pathlib

import pytest

from projects.models import Finding
from projects.tests.superv_factories import days, running

SHOTS = pathlib.Path("/tmp/superv-shots")


@pytest.mark.parametrize("width", [1280, 375])
def test_an_inspection_with_a_rectification_reported_and_closed(e2e_world, page, login, nav, width):
    SHOTS.mkdir(exist_ok=True)
    page.set_viewport_size({"width": width, "height": 900})
    project = running(e2e_world, title="在职党员进社区")

    login("committee")
    page.goto(f"{page.base}/projects/{project.pk}/")
    page.click("[data-testid=inspection-new]")
    form = page.locator("[data-testid=inspection-form]")
    form.locator("select[name=kind]").select_option("area")
    form.locator("input[name=date]").fill(days(-2))
    form.locator("textarea[name=summary]").fill("分片督导：听取汇报，抽查走访记录。")
    form.locator("textarea[name=finding_1]").fill("走访记录缺少群众签字")
    form.locator("input[name=deadline_1]").fill(days(10))
    form.locator("textarea[name=finding_2]").fill("宣传栏更新及时")
    page.screenshot(path=str(SHOTS / f"inspection-form-{width}.png"), full_page=True)
    form.locator("button[type=submit]").click()
    page.wait_for_load_state("domcontentloaded")
    panel = page.locator("[data-testid=supervision-panel]")
    assert "走访记录缺少群众签字" in panel.inner_text() and "整改中" in panel.inner_text()
    page.screenshot(path=str(SHOTS / f"project-panel-{width}.png"), full_page=True)

    page.context.clear_cookies()
    login("secretary_a")
    nav("督查台账")
    assert "走访记录缺少群众签字" in page.locator("[data-testid=inspection-list]").inner_text()
    page.screenshot(path=str(SHOTS / f"ledger-{width}.png"), full_page=True)
    page.goto(f"{page.base}/projects/rectifications/")
    card = page.locator("[data-testid=rectification]")
    assert card.count() == 1 and page.locator("[data-transition=close]").count() == 0
    card.locator("textarea[name=report]").fill("已补齐群众签字，建立走访签认制度。")
    page.screenshot(path=str(SHOTS / f"rectifications-{width}.png"), full_page=True)
    card.locator("[data-transition=report] button").click()
    page.wait_for_load_state("domcontentloaded")
    assert page.locator("[data-testid=rectification-state]").inner_text() == "已报整改完成"

    page.context.clear_cookies()
    login("committee")
    page.goto(f"{page.base}/projects/rectifications/?state=reported")
    card = page.locator("[data-testid=rectification]")
    assert "已补齐群众签字" in card.inner_text()
    card.locator("[data-transition=close] textarea[name=comment]").fill("整改到位，同意销号。")
    card.locator("[data-transition=close] button").click()
    page.wait_for_load_state("domcontentloaded")
    assert Finding.objects.get(text="走访记录缺少群众签字").state == "closed"
    page.goto(f"{page.base}/projects/rectifications/?state=closed")
    assert page.locator("[data-testid=rectification-state]").inner_text() == "已销号"
    page.screenshot(path=str(SHOTS / f"closed-{width}.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= width + 1  # no sideways scrolling

"""Browser flow of the results at 1280 and 375 px: the committee computes a round's results, publishes them through
publicity (the period in working days, then 正式发布), and the branch sees its stars and the radar on its page."""

import datetime

import pytest

from assessments import workflows_results
from assessments.tests import results_world


def _shot(page, name):
    import pathlib

    shots = pathlib.Path("/tmp/results-e2e-shots")
    shots.mkdir(exist_ok=True)
    page.screenshot(path=str(shots / f"{name}.png"), full_page=True)


def _chart_ready(page, testid):
    """Poll until ECharts has drawn the chart (no wait_for_function: the CSP refuses eval)."""
    for _ in range(50):
        if page.evaluate(
            f"!!document.querySelector('[data-testid={testid}][data-chart-ready] canvas, "
            f"[data-testid={testid}][data-chart-ready] svg')"
        ):
            return True
        page.wait_for_timeout(100)
    return False


@pytest.mark.parametrize("width", [1280, 375])
def test_publish_through_publicity_then_the_branch_sees_its_stars_and_radar(e2e_world, page, login, width, monkeypatch):
    page.set_viewport_size({"width": width, "height": 900})
    sw = results_world.build(e2e_world)
    monkeypatch.setattr(workflows_results, "today", lambda: datetime.date(2026, 4, 7))

    login("committee")
    page.goto(f"{page.base}/assessments/rounds/{sw.round.pk}/results/")
    page.click("[data-testid=compute-button]")
    table = page.locator("[data-testid=results-table]")
    assert "统计局第一党支部" in table.inner_text() and "97.00" in table.inner_text()
    assert page.locator("[data-testid=veto-note]").inner_text() == "一票否决：党风廉政无违纪（最高2星）"
    assert _chart_ready(page, "distribution-chart")
    _shot(page, f"results-review-{width}")

    form = page.locator("[data-testid=publicize-form]")
    form.locator("input[name=objection_days]").fill("3")
    form.locator("[data-testid=publicize-button]").click()
    page.locator("#confirm-modal button:has-text('确定')").click()
    page.wait_for_load_state("domcontentloaded")
    assert page.locator("[data-testid=round-state]").inner_text() == "公示中"
    announce = page.locator("[data-testid=announce-button]")
    assert announce.is_disabled()
    assert page.locator("[data-testid=disabled-reason]").inner_text() == "公示期至4月9日结束，期满后可正式公布。"

    # The period (three working days) is over: 正式发布.
    monkeypatch.setattr(workflows_results, "today", lambda: datetime.date(2026, 4, 10))
    page.reload()
    page.click("[data-testid=announce-button]")
    page.wait_for_load_state("domcontentloaded")
    assert page.locator("[data-testid=round-state]").inner_text() == "已发布"
    if width <= 375:
        assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.click("[data-testid=results-print]")
    assert "关于2026年第一季度考核结果的公告" in page.locator("[data-testid=announcement]").inner_text()

    # The branch: its own stars and the radar on its organisation page; nobody else's result.
    page.context.clear_cookies()
    login("secretary_a")
    page.goto(f"{page.base}/orgs/{sw.branches['a'].pk}/")
    panel = page.locator("[data-testid=org-panel]", has_text="星级评定")
    assert "★★★★★ 五星（首次定星）" in panel.inner_text()
    assert _chart_ready(page, "radar-chart")
    if width <= 375:
        assert page.evaluate("document.documentElement.scrollWidth") <= width
    _shot(page, f"branch-page-{width}")
    page.goto(f"{page.base}/assessments/rounds/{sw.round.pk}/results/")
    rows = page.locator("[data-testid=result-row]")
    assert rows.count() == 1 and "统计局第一党支部" in rows.inner_text()
    assert "扣分理由" in page.locator("[data-testid=deductions]").inner_text()

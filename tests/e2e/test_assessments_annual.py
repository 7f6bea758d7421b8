"""Browser flow of 年终总评 at 1280 and 375 px: the committee creates the annual evaluation with weights (a refused
weight comes back refilled), computes it, sees the results with 升星/降星, publicizes, announces after the period,
prints the A4 announcement, and the branch sees its annual stars on its organisation page."""

import datetime

import pytest

from assessments import workflows_annual
from assessments.tests import annual_world


def _shot(page, name):
    import pathlib

    shots = pathlib.Path("/tmp/annual-e2e-shots")
    shots.mkdir(exist_ok=True)
    page.screenshot(path=str(shots / f"{name}.png"), full_page=True)


def _fits(page, width):
    if width <= 375:
        assert page.evaluate("document.documentElement.scrollWidth") <= width


@pytest.mark.parametrize("width", [1280, 375])
def test_create_compute_and_publish_the_annual_evaluation(e2e_world, page, login, width, monkeypatch):
    page.set_viewport_size({"width": width, "height": 900})
    aw = annual_world.build(e2e_world)
    monkeypatch.setattr(workflows_annual, "today", lambda: datetime.date(2027, 1, 11))

    login("committee")
    page.goto(f"{page.base}/assessments/annual/")
    page.click("[data-testid=annual-create]")
    form = page.locator("[data-testid=annual-form]")
    form.locator("select[name=scheme]").select_option(str(aw.scheme.pk))
    form.locator(f"input[name=round_{aw.rounds['Q1'].pk}]").fill("30")
    form.locator(f"input[name=round_{aw.rounds['Q2'].pk}]").fill("三十")
    form.locator(f"input[name=round_{aw.rounds['Q3'].pk}]").fill("20")
    form.locator("input[name=points]").fill("20")
    form.locator("button[type=submit]").click()
    page.wait_for_load_state("domcontentloaded")
    assert "“2026年第二季度考核”的权重“三十”不是数字。" in page.locator("[data-testid=annual-form]").inner_text()
    assert page.locator("input[name=points]").input_value() == "20"  # refilled
    page.locator(f"input[name=round_{aw.rounds['Q2'].pk}]").fill("30")
    _fits(page, width)
    page.locator("[data-testid=annual-form] button[type=submit]").click()
    page.wait_for_load_state("domcontentloaded")
    assert page.locator("[data-testid=annual-state]").inner_text() == "草稿"
    assert page.locator("[data-testid=weight-total]").inner_text() == "100%"

    page.click("[data-testid=transition-compute]")
    page.wait_for_load_state("domcontentloaded")
    assert page.locator("[data-testid=annual-state]").inner_text() == "已计算"
    rows = page.locator("[data-testid=annual-row]")
    assert rows.count() == 4
    a = page.locator(f"[data-testid=annual-row][data-org='{aw.branches['a'].pk}']")
    assert "88.00" in a.inner_text() and "升星" in a.inner_text()
    d = page.locator(f"[data-testid=annual-row][data-org='{aw.branches['d'].pk}']")
    assert "一票否决" in d.locator("[data-testid=veto-note]").inner_text()
    _fits(page, width)
    _shot(page, f"annual-computed-{width}")

    form = page.locator("[data-testid=publicize-form]")
    form.locator("input[name=objection_days]").fill("3")
    form.locator("[data-testid=transition-publicize]").click()
    page.locator("#confirm-modal button:has-text('确定')").click()
    page.wait_for_load_state("domcontentloaded")
    assert page.locator("[data-testid=annual-state]").inner_text() == "公示中"
    assert page.locator("[data-testid=disabled-reason]").inner_text() == "公示期至1月13日结束，期满后可正式公布。"

    monkeypatch.setattr(workflows_annual, "today", lambda: datetime.date(2027, 1, 14))
    page.reload()
    page.click("[data-testid=transition-announce]")
    page.wait_for_load_state("domcontentloaded")
    assert page.locator("[data-testid=annual-state]").inner_text() == "已发布"
    page.click("[data-testid=annual-print]")
    assert "关于2026年度年终总评结果的公告" in page.locator("[data-testid=announcement]").inner_text()
    _shot(page, f"annual-print-{width}")

    # The branch: its annual stars with 升星 on its organisation page, only its own row on the evaluation.
    page.context.clear_cookies()
    login("secretary_a")
    page.goto(f"{page.base}/orgs/{aw.branches['a'].pk}/")
    panel = page.locator("[data-testid=org-panel]", has_text="年终总评")
    assert "★★★★☆ 四星（升星）" in panel.inner_text()
    _fits(page, width)
    panel.locator("a", has_text="2026年度年终总评").first.click()
    page.wait_for_load_state("domcontentloaded")
    rows = page.locator("[data-testid=annual-row]")
    assert rows.count() == 1 and "统计局第一党支部" in rows.inner_text()
    _fits(page, width)
    _shot(page, f"annual-branch-{width}")

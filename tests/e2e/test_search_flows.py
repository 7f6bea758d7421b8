"""The search page understands dates and meeting types in a question, says so, and lets the reader drop them."""

import os

import pytest

from core.testing import make_person
from records.tests.factories import make_record

SHOTS = os.environ.get("SHOTS_DIR")  # set to keep screenshots of the answer card for a human look


def _shot(page, name):
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"{name}.png"), full_page=True)


def _no_sideways_scroll(page):
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


@pytest.mark.parametrize("width", [1280, 375])
def test_a_month_and_type_question_is_filtered_said_and_can_be_dropped(e2e_world, page, login, width):
    w = e2e_world
    host = make_person(w.branch_a, "王建国", seq=41)
    make_record(w.branch_a, "7月份支委会", "2021-07-06", "committee_meeting", "研究七一表彰推荐人选。", host=host)
    make_record(w.branch_a, "传达支委会精神专题学习", "2021-07-20", "study", "学习支委会关于发展党员工作的决定。")
    make_record(w.branch_a, "8月份支委会", "2021-08-03", "committee_meeting", "研究防汛值守安排。")
    page.set_viewport_size({"width": width, "height": 900 if width > 400 else 812})
    login("secretary_a")

    page.goto(page.base + "/search/")
    page.fill("#search-q", "2021年7月谁主持的支委会")
    page.press("#search-q", "Enter")
    card = page.locator("[data-testid=answer-card]")
    assert card.locator("[data-testid=answer]").inner_text().startswith("答：王建国 · 2021年7月6日")
    understood = card.locator("[data-testid=understood]")
    assert "已按 2021年7月 · 支委会 筛选" in understood.inner_text()
    results = page.locator("[data-testid=search-results] a")
    titles = results.all_inner_texts()
    assert "7月份支委会" in titles[0] and "专题学习" in titles[1] and len(titles) == 2
    assert understood.locator("a").is_visible()
    _no_sideways_scroll(page)
    _shot(page, f"search_understood_{width}")

    understood.locator("[data-testid=drop-understood]").click()
    assert "literal=1" in page.url
    again = page.locator("[data-testid=understood]")
    assert "已按原文搜索，未按 2021年7月 · 支委会 筛选" in again.inner_text()
    assert any("8月份支委会" in t for t in page.locator("[data-testid=search-results] a").all_inner_texts())
    _no_sideways_scroll(page)
    _shot(page, f"search_literal_{width}")

    again.locator("[data-testid=apply-understood]").click()
    assert "literal" not in page.url
    assert "已按 2021年7月 · 支委会 筛选" in page.locator("[data-testid=understood]").inner_text()

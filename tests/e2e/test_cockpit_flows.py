"""Browser flows of the 驾驶舱: the committee drills down from a red branch to its missing meeting (1280 px), and
the cockpit renders on a phone (375 px) with its charts drawn and nothing wider than the screen."""

import pathlib

import pytest

from dashboard.tests.cockpit_world import fill_branch, now_is, points_scheme, stars_round

SHOTS = pathlib.Path("/tmp/cockpit-e2e-shots")


def _shot(page, name):
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


@pytest.fixture
def filled(e2e_world, monkeypatch):
    now_is(monkeypatch)
    w = e2e_world
    item, round_ = points_scheme(w), stars_round(w)
    fill_branch(w, w.branch_a, n=0, item=item, round_=round_, late=True)  # no 党员大会 in the first quarter
    fill_branch(w, w.branch_b, n=1, item=item, round_=round_)
    return w


def test_the_committee_drills_down_from_a_red_branch_to_its_missing_meeting(filled, page, login, nav):
    w = filled
    login("committee")
    nav("驾驶舱")
    card = page.locator("[data-testid=widget-compliance_rate]")
    assert card.get_attribute("data-status") == "red"
    assert card.locator("canvas").count() >= 1  # the gauge and the bars are drawn
    _shot(page, "cockpit-1280")
    card.locator(f"[data-testid=flagged-compliance_rate] a[data-org='{w.branch_a.id}']").click()
    page.wait_for_load_state("domcontentloaded")
    assert "/cockpit/compliance_rate/" in page.url and page.url.endswith(f"#org-{w.branch_a.id}")
    row = page.locator(f"tr#org-{w.branch_a.id}")
    assert row.get_attribute("data-status") == "red"
    _shot(page, "drill-1280")
    row.get_by_role("link", name="✗ 支部党员大会 · 2026Q1").click()
    page.wait_for_load_state("domcontentloaded")
    assert "/plans/compliance/" in page.url and "obligation=general_meeting" in page.url
    assert page.locator(f"[data-branch='{w.branch_a.id}'], tr[data-org='{w.branch_a.id}']").count() >= 1
    assert "支部党员大会" in page.content()


def test_the_cockpit_renders_on_a_phone(filled, page, login, nav):
    page.set_viewport_size({"width": 375, "height": 800})
    login("committee")
    nav("驾驶舱")
    cards = page.locator("[data-testid^=widget-]")
    assert cards.count() >= 5
    assert page.locator("[data-testid=widget-study_hours] canvas").count() >= 1
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    _shot(page, "cockpit-375")
    page.locator("[data-testid=cockpit-screen-link]").click()
    page.wait_for_load_state("domcontentloaded")
    assert page.locator("[data-testid=cockpit-screen]").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    _shot(page, "screen-375")

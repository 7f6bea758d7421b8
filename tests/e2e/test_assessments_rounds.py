"""Browser flow of a quarterly assessment round at 1280 and 375 px: the committee creates and opens the round, the
branch files its self-check, the committee starts scoring, two assessors score in the grid by keyboard (a
deduction asking for its reason in the cell) and the scores are saved as they type."""

import pathlib
import time
from decimal import Decimal

import pytest

from assessments.models import Round, Score, SelfCheck
from assessments.tests.factories_rounds import items_of, make_assessor, make_scheme

SHOTS = pathlib.Path("/tmp/rounds-shots")


def _until(check, seconds=10):
    """Poll a condition (the CSP refuses page.wait_for_function's eval)."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if check():
            return True
        time.sleep(0.1)
    return check()


def _shot(page, name, width):
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True)


def _score(page, first_cell_value, deduction, reason):
    """Type into the grid: the first cell, Enter (saved, moves down); a deduction, Enter (asks its reason)."""
    grid = page.locator("[data-testid=assessment-grid]")
    first = grid.locator("td[data-cell] input.grid-points").first
    first.click()
    page.keyboard.type(first_cell_value)
    page.keyboard.press("Enter")
    second = grid.locator("tbody tr[data-item]").nth(1).locator("input.grid-points").first
    assert _until(lambda: second.evaluate("el => el === document.activeElement"))
    page.keyboard.type(deduction)
    page.keyboard.press("Enter")
    reason_box = grid.locator("tbody tr[data-item]").nth(1).locator("input.grid-reason").first
    assert _until(lambda: reason_box.evaluate("el => el === document.activeElement"))
    page.keyboard.type(reason)
    page.keyboard.press("Enter")
    # Right arrow on a selected cell moves to the next organisation.
    third = grid.locator("tbody tr[data-item]").nth(2).locator("input.grid-points")
    assert _until(lambda: third.first.evaluate("el => el === document.activeElement"))
    page.keyboard.press("ArrowRight")
    assert _until(lambda: third.nth(1).evaluate("el => el === document.activeElement"))


@pytest.mark.parametrize("width", [1280, 375])
def test_a_round_is_opened_self_checked_and_scored_in_the_grid(e2e_world, page, login, width):
    page.set_viewport_size({"width": width, "height": 900})
    world = e2e_world
    scheme = make_scheme(world)
    a, b, _c = items_of(scheme)
    make_assessor(world, "kaohe1", "陈考核", seq=31)
    make_assessor(world, "kaohe2", "杨考核", seq=32)

    # The committee creates the round on its page and opens the self-check stage.
    login("committee")
    page.goto(f"{page.base}/assessments/rounds/new/")
    form = page.locator("[data-testid=round-form]")
    form.locator("input[name=period]").fill("2026Q1")
    for label in ("陈考核（kaohe1）", "杨考核（kaohe2）"):
        form.get_by_label(label).check()
    _shot(page, "round-form", width)
    form.locator("button[type=submit]").click()
    page.wait_for_load_state("domcontentloaded")
    page.locator("[data-transition=open] button").click()
    page.wait_for_load_state("domcontentloaded")
    assert page.locator("[data-testid=round-state]").inner_text() == "自查中"
    r = Round.objects.get()
    assert r.state == "selfcheck" and r.targets.count() == 2

    # The branch files its self-check: sections and self-scores, then submits.
    page.context.clear_cookies()
    login("secretary_a")
    page.goto(f"{page.base}/assessments/rounds/{r.pk}/")
    page.locator(f"tr[data-target='{world.branch_a.pk}'] [data-testid=selfcheck-link]").click()
    page.wait_for_load_state("domcontentloaded")
    sheet = page.locator("[data-testid=selfcheck-form]")
    sheet.locator("textarea[name=section_practices]").fill("坚持“三会一课”，每月开展主题党日。")
    sheet.locator("textarea[name=section_problems]").fill("青年党员学习积极性有待提高。")
    sheet.locator(f"input[name=score_{a.pk}]").fill("38")
    sheet.locator(f"input[name=score_{b.pk}]").fill("30")
    assert _until(lambda: page.locator("[data-selfcheck-total]").inner_text() == "68")
    _shot(page, "selfcheck-form", width)
    page.locator("[data-testid=selfcheck-submit]").click()
    page.wait_for_load_state("domcontentloaded")
    assert page.locator("[data-testid=selfcheck-state]").inner_text() == "已提交"
    assert SelfCheck.objects.get(org=world.branch_a).submitted_at is not None

    # The committee starts scoring (it asks first).
    page.context.clear_cookies()
    login("committee")
    page.goto(f"{page.base}/assessments/rounds/{r.pk}/")
    page.locator("[data-transition=start_scoring] button").click()
    dialog = page.locator("[data-testid=confirm-modal]")
    dialog.wait_for(state="visible")
    dialog.locator("button:has-text('确定')").click()
    page.wait_for_load_state("domcontentloaded")
    assert _until(lambda: Round.objects.get(pk=r.pk).state == "scoring")

    # Two assessors score in the grid, by keyboard; each cell is saved as they go.
    for username, full, deducted, reason, expected in (
        ("kaohe1", "40", "27", "两次主题党日缺少记录", "67"),
        ("kaohe2", "40", "28.5", "一次缺少记录", "68.5"),
    ):
        page.context.clear_cookies()
        login(username)
        page.goto(f"{page.base}/assessments/rounds/{r.pk}/grid/")
        grid = page.locator("[data-testid=assessment-grid]")
        assert "自评 38" in grid.inner_text()
        if username == "kaohe1":  # the branch's self-check opens beside the grid
            grid.locator(f"th[data-org='{world.branch_a.pk}'] [data-testid=grid-selfcheck]").click()
            panel = page.locator(f"#selfcheck-{world.branch_a.pk}")
            panel.wait_for(state="visible")
            shown = "el => el.classList.contains('show') && !el.classList.contains('showing')"
            assert _until(lambda panel=panel, shown=shown: panel.evaluate(shown))  # slid in
            assert "青年党员学习积极性有待提高。" in panel.inner_text() and "自评合计 68" in panel.inner_text()
            _shot(page, "grid-selfcheck-panel", width)
            panel.locator(".btn-close").click()
            panel.wait_for(state="hidden")
        _score(page, full, deducted, reason)
        user = world.users[username]
        assert _until(lambda user=user: Score.objects.filter(round=r, assessor=user).count() == 2)
        assert _until(lambda: page.locator("[data-grid-done]").inner_text() == "2")
        total = page.locator(f"[data-total-org='{world.branch_a.pk}']")
        assert _until(lambda total=total, expected=expected: total.inner_text() == expected)
        _shot(page, f"grid-{username}", width)
        mine = {
            s.item_id: (s.points, s.reason) for s in Score.objects.filter(round=r, assessor=user, org=world.branch_a)
        }
        assert mine == {a.pk: (Decimal(full), ""), b.pk: (Decimal(deducted), reason)}

    # A deduction without its reason is not saved: the cell says what is missing.
    page.goto(f"{page.base}/assessments/rounds/{r.pk}/grid/")
    cell = page.locator("[data-testid=assessment-grid] tbody tr[data-item]").nth(2).locator("td[data-cell]").first
    cell.locator("input.grid-points").fill("20")
    cell.locator("input.grid-points").press("Tab")
    assert _until(lambda: "请填写扣分理由" in cell.locator("[data-cell-msg]").inner_text())
    assert Score.objects.filter(round=r).count() == 4
    if width == 375:
        assert page.evaluate("document.documentElement.scrollWidth") <= 375 + 1  # the grid scrolls inside its card

"""Browser flows of 通知公告: a publisher at 1280 px publishes a notice with a receipt form; a member on a 375 px
phone opens it from her to-dos, is told the missing receipt item, fills it and signs; the publisher's receipts
page draws the per-branch heat map."""

import pytest

from notices.models import Notice, Recipient
from notices.tests.factories_notices import make_notice


def _shot(page, name):
    import pathlib

    shots = pathlib.Path("/tmp/notices-e2e-shots")
    shots.mkdir(exist_ok=True)
    page.screenshot(path=str(shots / f"{name}.png"), full_page=True)


def _poll(page, script, *, tries=40):
    """Poll a condition with page.evaluate (the CSP refuses wait_for_function's eval)."""
    for _ in range(tries):
        if page.evaluate(script):
            return True
        page.wait_for_timeout(250)
    return False


def test_a_publisher_publishes_a_notice_with_a_receipt_form(e2e_world, page, login, nav):
    w = e2e_world
    login("committee")
    nav("发布通知")
    page.fill("input[name=title]", "关于召开党建工作推进会的通知")
    page.fill("textarea[name=body]", "定于下周三上午9:00召开推进会。")
    page.locator("input[name=audience][value=all]").check()
    page.fill("textarea[name=receipt_fields]", "是否参会\n联系电话")
    _shot(page, "form-1280")
    page.click("[data-primary-action]")
    page.wait_for_load_state("domcontentloaded")
    assert page.locator("[data-testid=notice-state]").inner_text() == "已发布"
    n = Notice.objects.get()
    assert n.receipt_fields == ["是否参会", "联系电话"] and n.recipients.count() == 4
    page.click("[data-testid=receipts-link]")
    page.wait_for_load_state("domcontentloaded")
    assert page.locator("[data-testid=recipients]").inner_text() == "4"
    assert _poll(page, "!!document.querySelector('[data-notice-heatmap][data-chart-ready]')")
    _shot(page, "receipts-1280")
    assert w.committee


def test_a_member_signs_a_notice_with_a_receipt_on_her_phone(e2e_world, page, login):
    w = e2e_world
    page.set_viewport_size({"width": 375, "height": 800})
    n = make_notice(w.users["committee_admin"], w.committee, receipt_fields=["是否参会", "联系电话"])
    login("member_a")
    todo = page.get_by_role("link", name=f"签收通知《{n.title}》")
    todo.click()
    page.wait_for_load_state("domcontentloaded")
    assert page.locator("[data-testid=unsigned]").is_visible()
    page.fill("input[name=r0]", "参会")
    button = page.locator("[data-testid=sign]")
    box = button.bounding_box()
    assert box["height"] >= 36 and box["width"] >= 300  # a full-width button on the phone
    button.click()
    page.wait_for_load_state("domcontentloaded")
    assert "请填写联系电话" in page.locator("[data-testid=sign-form]").inner_text()
    assert page.locator("input[name=r0]").input_value() == "参会"
    page.fill("input[name=r1]", "13900000000")
    page.locator("[data-testid=sign]").click()
    page.wait_for_load_state("domcontentloaded")
    assert page.locator("[data-testid=signed]").is_visible()
    assert "13900000000" in page.locator("[data-testid=my-receipt]").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    _shot(page, "signed-375")
    row = Recipient.objects.get(notice=n, person=w.people["member"])
    assert row.receipt == {"是否参会": "参会", "联系电话": "13900000000"}


@pytest.mark.parametrize("width", [375])
def test_the_receipts_heat_map_fits_a_phone(e2e_world, page, login, width):
    w = e2e_world
    page.set_viewport_size({"width": width, "height": 800})
    n = make_notice(w.users["committee_admin"], w.committee)
    login("committee")
    page.goto(page.base + f"/notices/{n.pk}/receipts/")
    assert _poll(page, "!!document.querySelector('[data-notice-heatmap][data-chart-ready]')")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    _shot(page, f"receipts-{width}")

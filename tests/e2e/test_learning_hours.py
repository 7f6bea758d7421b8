"""Browser flow of study hours at 1280 and 375 px: a 党课 filed for a member credits her hours, she sees them in
我的学时; the committee raises what a 党课 credits on its 学时要求 page and her hours follow."""

import datetime

import pytest

from core.testing import ApiClient


def _shot(page, name):
    import pathlib

    shots = pathlib.Path("/tmp/learning-e2e-shots")
    shots.mkdir(exist_ok=True)
    page.screenshot(path=str(shots / f"{name}.png"), full_page=True)


@pytest.mark.parametrize("width", [1280, 375])
def test_a_lesson_credits_the_member_and_the_committee_changes_the_conversion(e2e_world, page, login, nav, width):
    page.set_viewport_size({"width": width, "height": 900})
    w = e2e_world
    r = ApiClient(w.users["branch_secretary"]).post(
        "records",
        {
            "org": w.branch_a.pk,
            "type": "party_lesson",
            "title": "专题党课：学习新修订的党章",
            "date": datetime.date(2026, 11, 20).isoformat(),
            "attendees": [w.people["member"].pk, w.people["secretary"].pk],
        },
    )
    assert r.status_code == 201, r.content

    login("member_a")
    nav("我的学时")
    assert page.locator("[data-testid=earned]").inner_text() == "2"
    assert "还差 30 学时" in page.locator("[data-testid=missing]").inner_text()
    assert "专题党课：学习新修订的党章" in page.locator("[data-testid=hour-entries]").inner_text()
    _shot(page, f"my-hours-{width}")

    page.context.clear_cookies()
    login("committee")
    nav("学时要求")
    form = page.locator("[data-testid=hour-rule-form]")
    form.locator("input[name=record_party_lesson]").fill("3")
    _shot(page, f"rule-form-{width}")
    form.locator("button[type=submit]").click()
    page.wait_for_load_state("domcontentloaded")
    assert "已保存" in page.locator(".alert-success, [role=alert]").first.inner_text()
    nav("学时缺口")
    gaps = page.locator("[data-testid=gap-list]")
    assert "李娜" in gaps.inner_text() and "王秀英" in gaps.inner_text()
    _shot(page, f"gaps-{width}")

    page.context.clear_cookies()
    login("member_a")
    nav("我的学时")
    assert page.locator("[data-testid=earned]").inner_text() == "3"

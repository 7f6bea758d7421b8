"""Browser flow of 党建动态: a branch writes an item with a photo and submits it, the committee reviews it from
动态审核, and it appears on the public 党建网 page (at 1280 px; the public page also at 375 px), without the
author's name."""

import pytest

from notices.demo_news import make_png


def _switch(page, login, username):
    page.context.clear_cookies()
    login(username)


@pytest.mark.parametrize("width", [1280])
def test_a_news_item_is_written_reviewed_and_appears_on_the_public_page(e2e_world, page, login, nav, width):
    page.set_viewport_size({"width": width, "height": 900})
    login("secretary_a")
    nav("写动态")
    form = page.locator("[data-testid=news-form]")
    form.locator("input[name=title]").fill("统计局第一党支部开展志愿服务")
    form.locator("textarea[name=body]").fill("支部书记王秀英带领党员走进社区开展志愿服务。")
    form.locator("input[name=photos]").set_input_files(
        {"name": "现场.png", "mimeType": "image/png", "buffer": make_png(120, 80)}
    )
    form.get_by_role("button", name="保存草稿").click()
    page.wait_for_load_state("domcontentloaded")
    assert page.locator("[data-testid=news-state]").inner_text() == "草稿"
    page.locator("[data-transition=submit] button").click()
    page.wait_for_load_state("domcontentloaded")
    assert page.locator("[data-testid=news-state]").inner_text() == "待审核"
    assert page.locator("[data-transition=approve]").count() == 0  # not the branch's to approve

    _switch(page, login, "committee")
    nav("动态审核")
    card = page.locator("[data-testid=review-item]").first
    assert "统计局第一党支部开展志愿服务" in card.inner_text()
    card.locator("[data-transition=approve] input[name=comment]").fill("同意发布")
    card.locator("[data-transition=approve] button").click()
    page.wait_for_load_state("domcontentloaded")
    assert page.locator("[data-testid=review-empty]").is_visible()

    # 党建网, without logging in: the item with its photo, the organisation's name, no person's name.
    page.context.clear_cookies()
    for w in (1280, 375):
        page.set_viewport_size({"width": w, "height": 900})
        page.goto(page.base + "/dangjianwang/")
        card = page.locator("[data-testid=news-card]").first
        assert "统计局第一党支部开展志愿服务" in card.inner_text() and "统计局第一党支部" in card.inner_text()
        card.locator("a").first.click()
        page.wait_for_load_state("domcontentloaded")
        body = page.locator("[data-testid=portal-body]").inner_text()
        assert "王某某" in body and "王秀英" not in page.content()
        photo = page.locator("[data-testid=portal-photos] img").first
        assert photo.evaluate("img => img.complete && img.naturalWidth > 0")
        assert page.evaluate("document.documentElement.scrollWidth") <= w  # no sideways scrolling on a phone

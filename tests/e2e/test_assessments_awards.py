"""Browser flow of 表彰 at 1280 and 375 px: the committee adds the usual award types, the branch nominates a
member, three reviewers approve, the committee publishes the 表彰公示 and announces it after the period, and the
certificate prints; the award shows on the member's page."""

import datetime
import pathlib

import pytest

from assessments import workflows_awards
from assessments.models_awards import Nomination
from core.testing import PASSWORD, make_user

SHOTS = pathlib.Path("/tmp/awards-shots")


def _context(browser, live_server, width, username):
    context = browser.new_context(locale="zh-CN", viewport={"width": width, "height": 900})
    pg = context.new_page()
    pg.set_default_timeout(10_000)
    pg.base = live_server.url
    problems = []
    pg.on(
        "console",
        lambda m: problems.append(m.text) if m.type == "error" and "Content Security Policy" in m.text else None,
    )
    pg.on("pageerror", lambda e: problems.append(str(e)))
    pg.on("dialog", lambda d: d.accept())
    pg.goto(pg.base + "/accounts/login/")
    pg.fill("input[name=username]", username)
    pg.fill("input[name=password]", PASSWORD)
    pg.click("button[type=submit]")
    pg.wait_for_load_state("domcontentloaded")
    return context, pg, problems


def _shot(pg, name):
    SHOTS.mkdir(exist_ok=True)
    pg.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def _as(browser, live_server, width, username, steps):
    ctx, pg, problems = _context(browser, live_server, width, username)
    steps(pg)
    ctx.close()
    assert not problems, problems


@pytest.mark.parametrize("width", [1280, 375])
def test_nominate_review_publicise_and_print_the_certificate(e2e_world, browser, live_server, width, monkeypatch):
    w = e2e_world
    for level in (1, 2, 3):
        make_user(f"shenhe{level}", roles=[(f"reviewer_l{level}", w.committee)])
    monkeypatch.setattr(workflows_awards, "today", lambda: datetime.date(2026, 12, 1))

    def configure(pg):
        pg.goto(pg.base + "/assessments/awards/?year=2026")
        pg.click("[data-testid=add-common]")
        pg.wait_for_load_state("domcontentloaded")
        assert pg.locator("[data-testid=award-type]").count() == 8
        pg.locator("[data-testid=award-type]", has_text="四优共产党员").get_by_role("link", name="修改").click()
        pg.fill("input[name=quota]", "32")
        pg.click("[data-testid=award-type-form] button[type=submit]")
        pg.wait_for_load_state("domcontentloaded")
        assert "0 / 32" in pg.locator("[data-testid=award-type]", has_text="四优共产党员").inner_text()
        _shot(pg, f"awards-{width}")

    _as(browser, live_server, width, "committee", configure)

    def nominate(pg):
        pg.goto(pg.base + "/assessments/awards/?year=2026")
        pg.locator("[data-testid=award-type]", has_text="四优共产党员").get_by_role("link", name="提名").click()
        pg.wait_for_load_state("domcontentloaded")
        assert pg.locator("[data-testid=candidates]").is_visible()
        pg.select_option("[data-testid=nomination-form] select[name=person]", label="李娜")
        pg.fill("[data-testid=nomination-form] textarea[name=reason]", "带头开展入户走访，帮办实事12件。")
        _shot(pg, f"nomination-form-{width}")
        pg.click("[data-testid=nomination-form] button[type=submit]")
        pg.wait_for_load_state("domcontentloaded")
        assert pg.locator("[data-testid=nomination-state]").inner_text() == "草稿"
        pg.click("[data-transition=submit] button")
        pg.wait_for_load_state("domcontentloaded")
        assert pg.locator("[data-testid=nomination-state]").inner_text() == "待一级审核"

    _as(browser, live_server, width, "secretary_a", nominate)
    nomination = Nomination.objects.get()
    for level in (1, 2, 3):

        def review(pg, level=level):
            pg.goto(f"{pg.base}/assessments/awards/nominations/{nomination.pk}/")
            pg.fill("[data-transition=approve] input[name=comment]", "同意")
            pg.click("[data-transition=approve] button")
            pg.wait_for_load_state("domcontentloaded")
            if level == 3:
                assert pg.locator("[data-testid=nomination-state]").inner_text() == "审批通过"
                _shot(pg, f"nomination-approved-{width}")

        _as(browser, live_server, width, f"shenhe{level}", review)

    def publicise(pg):
        pg.goto(pg.base + "/assessments/awards/?year=2026")
        pg.click("[data-testid=freeze-form] button[type=submit]")
        pg.wait_for_load_state("domcontentloaded")
        assert pg.locator("[data-testid=publicity-state]").inner_text() == "已冻结待公示"
        pg.click("[data-transition=publish] button")
        pg.wait_for_load_state("domcontentloaded")
        assert pg.locator("[data-testid=publicity-state]").inner_text() == "公示中"
        assert "李娜" in pg.locator("[data-testid=publicity-rows]").inner_text()
        assert "12月7日结束" in pg.locator("[data-testid=announce-blocker]").inner_text()
        _shot(pg, f"publicity-{width}")
        monkeypatch.setattr(workflows_awards, "today", lambda: datetime.date(2026, 12, 8))
        pg.reload()
        pg.click("[data-transition=announce] button")
        pg.wait_for_load_state("domcontentloaded")
        assert pg.locator("[data-testid=publicity-state]").inner_text() == "已公布"
        pg.goto(f"{pg.base}/assessments/awards/nominations/{nomination.pk}/")
        pg.click("[data-testid=certificate-link]")
        pg.wait_for_load_state("domcontentloaded")
        cert = pg.locator("[data-testid=certificate]").inner_text()
        assert "荣誉证书" in cert and "李娜" in cert and "2026年度四优共产党员" in cert
        _shot(pg, f"certificate-{width}")
        pg.goto(f"{pg.base}/people/{w.people['member'].pk}/")
        assert "2026年度四优共产党员" in pg.locator("[data-testid=org-panel]", has_text="所获表彰").inner_text()
        pg.goto(f"{pg.base}/assessments/awards/decision/{w.committee.pk}/2026/")
        assert "李娜（统计局第一党支部）" in pg.locator("[data-testid=decision]").inner_text()
        _shot(pg, f"decision-{width}")

    _as(browser, live_server, width, "committee", publicise)

"""Browser flows for 积分制: declare with evidence, approve through three accounts, watch the ranking and its chart
change, then freeze, publish and announce the result and print it on A4."""

import datetime

import pytest

from core.dates import today as local_today
from core.testing import make_user
from points import actions, publicity

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 128


@pytest.fixture
def points_world(e2e_world):
    w = e2e_world
    for level in (1, 2, 3):
        make_user(f"reviewer_l{level}", roles=[(f"reviewer_l{level}", w.committee)])
    admin = w.users["committee_admin"]
    scheme = actions.create_scheme(
        by=admin,
        data={
            "org": w.committee.pk,
            "year": 2026,
            "name": "2026年积分制管理办法",
            "full_marks": "100",
            "linkage_every": "10",
            "linkage_mode": "per_person",
        },
    )
    actions.add_item(
        scheme,
        by=admin,
        data={"dimension": "基础工作再提升", "name": "高质量开展主题党日活动", "points": "5", "subject_type": "org"},
    )
    return w, scheme


def _switch(page, login, username):
    page.context.clear_cookies()
    return login(username)


def _chart_data(page):
    # Poll through page.evaluate (the DevTools protocol, which the page's CSP does not govern): wait_for_function
    # with an expression string may compile it inside the page, and the CSP (no 'unsafe-eval') refuses that.
    ready = "() => !!(window.echarts && echarts.getInstanceByDom(document.getElementById('ranking-chart')))"
    for _ in range(100):
        if page.evaluate(ready):
            break
        page.wait_for_timeout(100)
    else:
        raise AssertionError("the ranking chart was not drawn within 10 s")
    return page.evaluate(
        "echarts.getInstanceByDom(document.getElementById('ranking-chart')).getOption().series[0].data"
    )


def test_declare_with_evidence_approve_three_levels_and_see_the_ranking(points_world, page, login, nav, tmp_path):
    w, scheme = points_world
    photo = tmp_path / "主题党日照片.png"
    photo.write_bytes(PNG)

    login("secretary_a")
    nav("积分首页")
    page.click("[data-testid=page-actions] >> text=申报积分")
    form = page.locator("[data-testid=declaration-form]")
    form.locator("select[name=item]").select_option(label="高质量开展主题党日活动")
    form.locator("select[name=subject_org]").select_option(str(w.branch_a.pk))
    form.locator("input[name=quantity]").fill("2")
    form.locator("input[name=occurred_on]").fill("2026-03-18")
    form.locator("textarea[name=description]").fill("3月主题党日：重温入党誓词")
    form.locator("input[name=evidence]").set_input_files(str(photo))
    page.click("button:has-text('保存并提交')")
    assert page.locator("[data-testid=decl-state]").inner_text() == "待一级审核"
    assert "主题党日照片.png" in page.locator("[data-testid=evidence-list]").inner_text()
    detail_url = page.url

    _switch(page, login, "committee")
    page.goto(f"{page.base}/points/rankings/?scheme={scheme.pk}&type=org")
    assert _chart_data(page) == []
    assert "截至该日还没有积分" in page.locator("[data-testid=ranking-table]").inner_text()

    _switch(page, login, "reviewer_l1")
    page.goto(f"{page.base}/points/reviews/?level=1")
    queue = page.locator("[data-testid=review-queue]")
    assert "统计局第一党支部" in queue.inner_text()
    queue.locator("input[name=ids]").first.check()
    page.click("button:has-text('批量通过所选')")
    assert "批量通过 1 条" in page.content()

    for username, expected in (("reviewer_l2", "待三级审核"), ("reviewer_l3", "已通过")):
        _switch(page, login, username)
        page.goto(detail_url)
        page.locator("[data-testid=review-form] button:has-text('通过')").first.click()
        assert page.locator("[data-testid=decl-state]").inner_text() == expected

    _switch(page, login, "committee")
    page.goto(f"{page.base}/points/rankings/?scheme={scheme.pk}&type=org")
    table = page.locator("[data-testid=ranking-table]").inner_text()
    assert "统计局第一党支部" in table and "100.00" in table
    assert _chart_data(page) == [10]
    page.locator("[data-testid=ranking-filter] input[name=until]").fill("2026-02-28")
    page.click("[data-testid=ranking-filter] button:has-text('查看')")
    assert _chart_data(page) == []


def test_freeze_publish_and_announce_then_print_on_a4(points_world, page, login, monkeypatch):
    w, scheme = points_world
    decl = actions.create_declaration(
        by=w.users["branch_secretary"],
        data={
            "item": scheme.items.get().pk,
            "subject_org": w.branch_a.pk,
            "quantity": "3",
            "occurred_on": "2026-04-02",
        },
    )
    actions.submit_declaration(decl, by=w.users["branch_secretary"])
    from accounts.models import User

    for level in (1, 2, 3):
        actions.review_declaration(
            decl, by=User.objects.get(username=f"reviewer_l{level}"), data={"decision": "approve"}
        )

    login("committee")
    page.goto(f"{page.base}/points/rankings/?scheme={scheme.pk}&type=org&until=2026-05-31")
    freeze = page.locator("[data-testid=freeze-form]")
    freeze.locator("input[name=title]").fill("2026年1-5月党组织积分排名")
    freeze.locator("button").click()
    assert page.locator("[data-testid=publicity-state]").inner_text() == "已冻结待公示"
    page.click("button:has-text('发布公示')")
    assert page.locator("[data-testid=publicity-state]").inner_text() == "公示中"
    # During the objection period 正式公布 cannot succeed: it is disabled and says until when.
    announce = page.locator("[data-testid=announce-button]")
    assert announce.is_disabled()
    reason = page.locator("[data-testid=disabled-reason]").inner_text()
    assert reason.startswith("公示期至") and "期满后可正式公布" in reason

    # Time passes beyond the objection period (counted in working days).
    monkeypatch.setattr(publicity, "today", lambda: local_today() + datetime.timedelta(days=40))
    page.reload()
    assert announce.is_enabled() and page.locator("[data-testid=disabled-reason]").count() == 0
    page.click("button:has-text('正式公布')")
    assert page.locator("[data-testid=publicity-state]").inner_text() == "已公布"
    page.click("text=打印公布（A4）")
    announcement = page.locator("[data-testid=announcement]").inner_text()
    assert "予以公布" in announcement and "统计局第一党支部" in announcement and "100.00" in announcement
    page.emulate_media(media="print")
    assert not page.locator("header.app-header").is_visible()
    pdf = page.pdf(format="A4", print_background=True)
    assert pdf.startswith(b"%PDF")

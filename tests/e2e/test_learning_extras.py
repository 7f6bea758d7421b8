"""Browser flows of 网络学院 extras at 1280 and 375 px: a branch admin enters off-line training with its
certificate, the committee approves it and the member's hours grow; a member answers the needs survey from her
to-do and the committee sees the answer in the results chart."""

import datetime

import pytest

from core import dates
from core.testing import ApiClient

PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n"


def _shot(page, name):
    import pathlib

    shots = pathlib.Path("/tmp/learning-extras-e2e-shots")
    shots.mkdir(exist_ok=True)
    page.screenshot(path=str(shots / f"{name}.png"), full_page=True)


def _switch(page, login, username):
    page.context.clear_cookies()
    login(username)


@pytest.mark.parametrize("width", [1280, 375])
def test_an_offline_training_is_entered_approved_and_the_hours_grow(e2e_world, page, login, nav, width):
    page.set_viewport_size({"width": width, "height": 900})
    end = dates.today().replace(day=1) - datetime.timedelta(days=1)

    login("secretary_a")
    nav("线下培训补录")
    page.get_by_role("link", name="补录培训").click()
    form = page.locator("[data-testid=offline-form]")
    form.locator("select[name=person]").select_option(label="李娜")
    form.locator("input[name=title]").fill("区委党校党员轮训班")
    form.locator("input[name=organiser]").fill("中共测试区委党校")
    form.locator("input[name=start]").fill((end - datetime.timedelta(days=2)).isoformat())
    form.locator("input[name=end]").fill(end.isoformat())
    form.locator("input[name=hours]").fill("6")
    form.locator("input[name=certificate]").set_input_files(
        {"name": "结业证书.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    _shot(page, f"offline-form-{width}")
    form.get_by_role("button", name="提交审核").click()
    page.wait_for_load_state("domcontentloaded")
    assert "待另一位党务管理员审核" in page.locator("[role=alert], .alert-success").first.inner_text()
    row = page.locator("[data-testid=offline-list] tr[data-training]").first
    assert "待审核" in row.inner_text() and row.locator("[data-transition]").count() == 0  # not hers to approve

    _switch(page, login, "committee")
    nav("线下培训补录")
    row = page.locator("[data-testid=offline-list] tr[data-training]").first
    row.locator("[data-transition=approve] input[name=comment]").fill("证书齐全")
    _shot(page, f"offline-approve-{width}")
    row.locator("[data-transition=approve] button").click()
    page.wait_for_load_state("domcontentloaded")
    row = page.locator("[data-testid=offline-list] tr[data-training]").first
    assert "已通过" in row.inner_text() and "证书齐全" in row.inner_text()

    _switch(page, login, "member_a")
    nav("我的学时")
    page.goto(f"{page.base}/learning/hours/?year={end.year}")
    assert page.locator("[data-testid=earned]").inner_text() == "6"
    assert "线下培训：区委党校党员轮训班" in page.locator("[data-testid=hour-entries]").inner_text()
    _shot(page, f"offline-hours-{width}")


@pytest.mark.parametrize("width", [1280, 375])
def test_a_member_answers_the_needs_survey_and_the_committee_sees_it(e2e_world, page, login, nav, width):
    page.set_viewport_size({"width": width, "height": 900})
    w = e2e_world
    r = ApiClient(w.users["committee_admin"]).post(
        "learning/needs-surveys",
        {
            "org": w.committee.pk,
            "title": "年度党员学习需求调查",
            "topics": ["党章党规", "党史学习", "业务能力"],
            "formats": ["专题讲座", "线上微课"],
            "closes": (dates.today() + datetime.timedelta(days=10)).isoformat(),
        },
    )
    assert r.status_code == 201, r.content

    login("member_a")
    inbox = page.locator("[data-testid=inbox]")
    inbox.get_by_role("link", name="年度党员学习需求调查").click()
    page.wait_for_load_state("domcontentloaded")
    form = page.locator("[data-testid=needs-answer-form]")
    form.get_by_text("党史学习").click()
    form.get_by_text("线上微课").click()
    form.locator("textarea[name=comment]").fill("希望多安排现场教学")
    _shot(page, f"needs-answer-{width}")
    form.get_by_role("button", name="提交").click()
    page.wait_for_load_state("domcontentloaded")
    assert "感谢填写" in page.locator("[role=alert], .alert-success").first.inner_text()
    assert "您已于" in page.locator("[data-testid=needs-answer-form]").inner_text()

    _switch(page, login, "committee")
    nav("学习需求调查")
    page.get_by_role("link", name="调查结果").first.click()
    page.wait_for_load_state("domcontentloaded")
    assert "党史学习\n1 人" in page.locator("[data-testid=needs-topics]").inner_text().replace("\t", "\n")
    assert "希望多安排现场教学" in page.locator("[data-testid=needs-comments]").inner_text()
    page.locator("#needs-topics canvas").first.wait_for()  # ECharts drew the chart
    _shot(page, f"needs-results-{width}")

"""Browser flow of the budget part at 1280 and 375 px: a suggestion left on the public page becomes a problem,
a project is started from a catalogue entry for that problem, its charter filled and the 计划书 printed; once
approved and running, an expense over the budget is warned of before saving and saved when confirmed."""

import pathlib
import re

import pytest

from feedback.models import Feedback, Problem
from projects import actions
from projects.models import CatalogueEntry, Expense, Project
from projects.tests.factories import category, team

SHOTS = pathlib.Path("/tmp/budget-shots")
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def _shot(page, name, width):
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True)


@pytest.mark.parametrize("width", [1280, 375])
def test_feedback_to_problem_to_project_to_plan_and_an_overspent_expense(
    e2e_world, browser, live_server, page, login, width, tmp_path
):
    w = e2e_world
    CatalogueEntry.objects.create(
        category=category(w.committee, "服务民生"),
        title="在职党员进社区",
        tier="general",
        content="在职党员到居住地社区报到，认领服务岗位。",
        measures="建立报到台账；每月参加一次社区志愿服务。",
    )
    people = team(w.branch_a, n=3)

    # The public page (七彩心桥) on a phone: no login.
    phone_context = browser.new_context(locale="zh-CN", viewport={"width": 375, "height": 800})
    phone = phone_context.new_page()
    phone.goto(f"{live_server.url}/xinqiao/?org={w.branch_a.pk}")
    phone.fill("textarea[name=content]", "小区老人多，社区活动室周末没人组织活动，希望机关党员能来帮帮忙。")
    phone.click("button:has-text('提交')")
    assert phone.locator("[data-testid=code]").inner_text().strip()
    phone_context.close()

    page.set_viewport_size({"width": width, "height": 900})
    login("secretary_a")
    item = Feedback.objects.get()
    page.goto(f"{page.base}/feedback/{item.pk}/")
    page.click("[data-testid=to-problem] button")
    assert "已转为问题清单" in page.content()
    problem = Problem.objects.get()
    page.click("[data-testid=problem-start-project]")
    assert "为问题" in page.locator("[data-testid=catalogue-for-problem]").inner_text()
    page.click("[data-testid=start-from-entry]")
    form = page.locator("[data-testid=project-form]")
    assert form.locator("select[name=problems]").evaluate("s => [...s.selectedOptions].map(o => o.value)") == [
        str(problem.pk)
    ]
    form.locator("input[name=title]").fill("周末党员服务队")
    form.locator("input[name=slogan]").fill("居民有所呼，党员有所应")
    form.locator("textarea[name=progress_plan]").fill("4月组建服务队，5至10月每周末服务，11月总结。")
    form.locator("input[name=start]").fill("2026-04-01")
    form.locator("input[name=end]").fill("2026-11-30")
    form.locator("textarea[name=quality_standard]").fill("每个周末至少1次活动，服务台账齐全。")
    form.locator("textarea[name=expected_goal]").fill("社区活动室周末开放率100%，群众满意率不低于90%。")
    form.locator("select[name=liaison_leader]").select_option(label=f"王秀英（{w.branch_a.name}）")
    form.locator("select[name=owner]").select_option(label=f"{people[0].name}（{w.branch_a.name}）")
    form.locator("select[name=team]").select_option([str(p.pk) for p in people[1:]])
    form.locator("input[name=budget]").fill("2000")
    form.locator("textarea[name=criteria]").fill("完成进度 30\n服务质量 30\n群众满意度 40")
    _shot(page, "charter-form", width)
    form.locator("button[type=submit]").click()
    page.wait_for_load_state("domcontentloaded")
    project = Project.objects.get(title="周末党员服务队")
    assert list(project.problems.all()) == [problem]
    assert problem.title in page.locator("[data-testid=project-problems]").inner_text()
    _shot(page, "project-detail", width)

    page.click("[data-testid=plan-print]")
    sheet = page.locator("[data-testid=plan-sheet]")
    assert "党建工作项目计划书" in sheet.inner_text() and problem.title in sheet.inner_text()
    assert "2,000.00" in sheet.inner_text()
    _shot(page, "plan-print", width)
    page.emulate_media(media="print")
    pdf = page.pdf(format="A4", print_background=True)
    assert pdf.startswith(b"%PDF") and len(re.findall(rb"/Type /Page\b", pdf)) <= 3
    (SHOTS / f"plan-{width}.pdf").write_bytes(pdf)
    page.emulate_media(media="screen")

    # Approved by the committee and started (the approval flow has its own browser test).
    project = actions.transition(project, "submit", by=w.users["branch_secretary"])
    project = actions.transition(project, "approve", by=w.users["committee_admin"])
    actions.transition(project, "start", by=w.users["branch_secretary"])

    page.goto(f"{page.base}/projects/{project.pk}/")
    page.click("[data-testid=expense-create]")
    expense_form = page.locator("[data-testid=expense-form]")
    receipt = tmp_path / "活动物资发票.pdf"
    receipt.write_bytes(PDF)
    expense_form.locator("input[name=date]").fill("2026-05-09")
    expense_form.locator("input[name=item]").fill("活动物资和展板")
    expense_form.locator("input[name=amount]").fill("2350")
    expense_form.locator("input[name=receipts]").set_input_files(str(receipt))
    expense_form.locator("button[type=submit]").click()
    page.wait_for_load_state("domcontentloaded")
    warning = page.locator("[data-testid=overspend-warning]")
    assert "超出项目经费2,000.00元350.00元" in warning.inner_text() and not Expense.objects.exists()
    _shot(page, "overspend-warning", width)
    expense_form = page.locator("[data-testid=expense-form]")
    assert expense_form.locator("input[name=item]").input_value() == "活动物资和展板"  # refilled
    expense_form.locator("input[name=confirm_overspend]").check()
    expense_form.locator("input[name=receipts]").set_input_files(str(receipt))
    expense_form.locator("button[type=submit]").click()
    page.wait_for_load_state("domcontentloaded")
    assert "已登记支出“活动物资和展板”2,350.00元" in page.content()
    saved = Expense.objects.get()
    assert saved.overspend_confirmed and saved.receipts.count() == 1
    assert "-350.00" in page.locator("[data-testid=budget-remaining]").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= width + 1
    page.locator("[data-testid=budget-panel]").scroll_into_view_if_needed()
    _shot(page, "budget-panel", width)

    page.goto(f"{page.base}/projects/ledger/print/")
    assert "周末党员服务队" in page.locator("[data-testid=ledger-sheet]").inner_text()
    _shot(page, "ledger-print", width)

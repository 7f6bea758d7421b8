"""The budget's pages: the expense form's overspend warning before saving, receipts, funding on the project page,
the 计划书 and 项目管理台账 prints and the .xlsx exports of projects and expenses."""

from django.core.files.uploadedfile import SimpleUploadedFile

from core.testing import load_sheet, table_rows
from feedback import actions as feedback_actions
from orgs.models import Organisation
from projects import actions_budget
from projects.models import Expense, ExpenseReceipt, Funding
from projects.tests.test_budget import PDF, running


def login(client, user):
    client.force_login(user)
    return client


def form(**extra):
    return {"date": "2026-04-01", "item": "购买志愿服务物资", "source": "own", "amount": "800", **extra}


def test_the_expense_form_warns_of_an_overspend_before_saving_and_saves_when_confirmed(world, client):
    project = running(world)  # budget 5000
    c = login(client, world.users["branch_secretary"])
    url = f"/projects/{project.pk}/expenses/new/"
    assert c.post(url, form(amount="4500")).status_code == 302
    r = c.post(url, form(item="成果展板", amount="900", receipts=SimpleUploadedFile("发票.pdf", PDF)))
    body = r.content.decode()
    assert r.status_code == 200 and 'data-testid="overspend-warning"' in body and "尚未保存" in body
    assert "超出项目经费5,000.00元400.00元" in body and 'value="成果展板"' in body  # refilled
    assert Expense.objects.count() == 1 and not ExpenseReceipt.objects.exists()
    r = c.post(
        url, form(item="成果展板", amount="900", confirm_overspend="on", receipts=SimpleUploadedFile("发票.pdf", PDF))
    )
    assert r.status_code == 302
    saved = Expense.objects.get(item="成果展板")
    assert saved.overspend_confirmed and saved.receipts.get().name == "发票.pdf"
    page = c.get(f"/projects/{project.pk}/").content.decode()
    assert 'data-testid="budget-overspent"' in page and "确认超支" in page and "-400" in page


def test_a_wrong_receipt_refuses_the_whole_expense(world, client):
    project = running(world)
    c = login(client, world.users["branch_secretary"])
    r = c.post(
        f"/projects/{project.pk}/expenses/new/",
        form(receipts=SimpleUploadedFile("发票.pdf", b"MZ\x90\x00 not a pdf at all")),
    )
    assert r.status_code == 200 and "不是允许的类型" in r.content.decode()
    assert not Expense.objects.exists() and not ExpenseReceipt.objects.exists()


def test_bad_expense_input_on_the_page_is_refused_with_chinese_messages(world, client):
    project = running(world)
    c = login(client, world.users["branch_secretary"])
    r = c.post(f"/projects/{project.pk}/expenses/new/", form(amount="-3", date="2026-02-30"))
    body = r.content.decode()
    assert r.status_code == 200 and "金额须大于0元" in body and "支出日期格式不对" in body
    assert not Expense.objects.exists()


def test_only_the_projects_admins_reach_the_expense_form(world, client, branch_member, outsider):
    project = running(world)
    assert login(client, branch_member).get(f"/projects/{project.pk}/expenses/new/").status_code == 404
    assert login(client, outsider).get(f"/projects/{project.pk}/expenses/new/").status_code == 404
    assert (
        login(client, outsider).post(f"/projects/{project.pk}/fundings/", {"source": "own", "amount": "1"}).status_code
        == 404
    )
    assert not Funding.objects.exists()


def test_funding_is_entered_on_the_project_page(world, client):
    project = running(world)
    c = login(client, world.users["branch_secretary"])
    r = c.post(
        f"/projects/{project.pk}/fundings/", {"source": "own", "amount": "3000", "note": "党费返还"}, follow=True
    )
    assert "已登记经费来源：自有经费3,000.00元" in r.content.decode()
    r = c.post(f"/projects/{project.pk}/fundings/", {"source": "innovation", "amount": "1000"}, follow=True)
    assert "只有试点类项目可以使用创新资助" in r.content.decode()
    assert Funding.objects.count() == 1


def test_the_plan_prints_the_charter_problems_and_budget(world, client, outsider):
    p = feedback_actions.create_problem(
        by=world.users["committee_admin"],
        data={"org": world.branch_a.pk, "title": "社区服务力量不足", "source": "symposium"},
        orgs=Organisation.objects.all(),
    )
    project = running(world, problems=[p.pk])
    actions_budget.add_funding(project, by=world.users["branch_secretary"], data={"source": "own", "amount": "5000"})
    c = login(client, world.users["branch_secretary"])
    body = c.get(f"/projects/{project.pk}/plan/print/").content.decode()
    assert "党建工作项目计划书" in body and "社区服务力量不足" in body and "在职党员进社区" in body
    assert "5,000.00" in body and "群众满意度" in body
    assert login(client, outsider).get(f"/projects/{project.pk}/plan/print/").status_code == 404


def test_the_ledger_prints_every_visible_project_with_budget_and_spending(world, client, outsider):
    project = running(world)
    actions_budget.add_expense(project, by=world.users["branch_secretary"], data=form(amount="1250.5"))
    c = login(client, world.users["committee_admin"])
    r = c.get("/projects/ledger/print/")
    body = r.content.decode()
    assert r.status_code == 200 and "党建项目管理台账" in body and body.count('data-testid="ledger-row"') == 1
    assert "1,250.50" in body and "3,749.50" in body and "实施中" in body
    assert (
        login(client, outsider).get("/projects/ledger/print/").content.decode().count('data-testid="ledger-row"') == 0
    )


def test_the_exports_carry_spending(world, client):
    project = running(world)
    actions_budget.add_expense(
        project,
        by=world.users["branch_secretary"],
        data=form(amount="1000"),
        files=[("发票.pdf", len(PDF), lambda n: PDF)],
    )
    c = login(client, world.users["committee_admin"])
    ws = load_sheet(c.get("/projects/export.xlsx").content)
    rows = table_rows(c.get("/projects/export.xlsx").content)
    assert ws is not None and any("已支出（元）" in str(cell) for row in rows for cell in row)
    one = table_rows(c.get(f"/projects/{project.pk}/expenses.xlsx").content)
    assert any("购买志愿服务物资" in str(cell) for row in one for cell in row)
    assert any("发票.pdf" in str(cell) for row in one for cell in row)
    every = table_rows(c.get("/projects/expenses.xlsx").content)
    assert any(project.title == cell for row in every for cell in row)

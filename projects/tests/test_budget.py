"""The project budget (经费): funding sources, expense lines with receipts, totals, the overspend confirmation,
the API (`/projects/{id}/expenses`, `/fundings`), refusals, bad input, scope and the pinned expenses list."""

import datetime

import pytest

from core.dates import today as local_today
from core.models import AuditEvent
from projects import actions
from projects.models import Expense, ExpenseReceipt, Funding
from projects.tests.factories import category, make_project

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def running(world, **overrides):
    """A project of branch A in progress (submitted by the branch, approved by the committee, started)."""
    project = make_project(world, **overrides)
    secretary, committee = world.users["branch_secretary"], world.users["committee_admin"]
    for step, by in (("submit", secretary), ("approve", committee), ("start", secretary)):
        project = actions.transition(project, step, by=by)
    return project


def expense(**overrides):
    return {"date": "2026-03-10", "item": "印制宣传册", "source": "own", "amount": "1200", **overrides}


@pytest.fixture
def secretary_api(api, branch_secretary):
    return api(branch_secretary)


def test_funding_and_expenses_give_totals_and_remaining(world, secretary_api):
    project = running(world)  # budget 5000
    r = secretary_api.post(f"projects/{project.pk}/fundings", {"source": "own", "amount": "5000", "note": "党建经费"})
    assert r.status_code == 201 and r.json()["source_label"] == "自有经费"
    r = secretary_api.post(f"projects/{project.pk}/expenses", expense())
    assert r.status_code == 201, r.json()
    assert r.json()["amount"] == "1200.00" and r.json()["overspend_confirmed"] is False
    secretary_api.post(f"projects/{project.pk}/expenses", expense(item="志愿服务物资", amount="300.50"))
    listing = secretary_api.get(f"projects/{project.pk}/expenses").json()
    assert listing["count"] == 2 and [e["item"] for e in listing["items"]] == ["印制宣传册", "志愿服务物资"]
    s = listing["summary"]
    assert (s["budget"], s["funded"], s["spent"], s["remaining"]) == ("5000.00", "5000.00", "1500.50", "3499.50")
    assert s["overspent"] is False and s["sources"][0]["remaining"] == "3499.50"
    assert AuditEvent.objects.filter(action="projects.expense.create").count() == 2


def test_an_overspend_is_refused_with_the_warning_until_confirmed(world, secretary_api):
    project = running(world)
    assert secretary_api.post(f"projects/{project.pk}/expenses", expense(amount="4000")).status_code == 201
    r = secretary_api.post(f"projects/{project.pk}/expenses", expense(item="成果展板", amount="1500"))
    assert r.status_code == 409 and r.json()["code"] == "overspend"
    assert "超支提醒" in r.json()["detail"] and "超出项目经费5,000.00元500.00元" in r.json()["detail"]
    assert Expense.objects.filter(project=project).count() == 1
    r = secretary_api.post(
        f"projects/{project.pk}/expenses", expense(item="成果展板", amount="1500", confirm_overspend=True)
    )
    assert r.status_code == 201 and r.json()["overspend_confirmed"] is True
    summary = secretary_api.get(f"projects/{project.pk}/expenses").json()["summary"]
    assert summary["overspent"] is True and summary["remaining"] == "-500.00"


def test_spending_beyond_a_sources_funding_is_an_overspend_too(world, secretary_api):
    project = running(world)
    secretary_api.post(f"projects/{project.pk}/fundings", {"source": "own", "amount": "1000"})
    r = secretary_api.post(f"projects/{project.pk}/expenses", expense(amount="1200"))
    assert r.status_code == 409 and "自有经费已到位1,000.00元" in r.json()["detail"]


def test_innovation_funding_only_for_a_pilot_category(world, secretary_api):
    project = running(world)
    r = secretary_api.post(f"projects/{project.pk}/fundings", {"source": "innovation", "amount": "2000"})
    assert r.status_code == 422 and "试点类" in r.json()["detail"] and "source" in r.json()["errors"]
    r = secretary_api.post(f"projects/{project.pk}/expenses", expense(source="innovation"))
    assert r.status_code == 422 and "试点类" in r.json()["detail"]
    pilot = running(world, title="“双融合”试点", category=category(world.committee, "试点类", kind="pilot").pk)
    r = secretary_api.post(f"projects/{pilot.pk}/fundings", {"source": "innovation", "amount": "2000"})
    assert r.status_code == 201
    r = secretary_api.post(f"projects/{pilot.pk}/expenses", expense(source="innovation", amount="800"))
    assert r.status_code == 201
    summary = secretary_api.get(f"projects/{pilot.pk}/expenses").json()["summary"]
    assert summary["innovation_allowed"] is True and summary["sources"][0]["label"] == "创新资助"
    assert Funding.objects.filter(project=project).count() == 0


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"amount": "-5"}, "amount"),
        ({"amount": "0"}, "amount"),
        ({"amount": "99999999999"}, "amount"),
        ({"amount": "12.345"}, "amount"),
        ({"amount": "很多"}, "amount"),
        ({"amount": True}, "amount"),
        ({"date": "2026-13-01"}, "date"),
        ({"date": "昨天"}, "date"),
        ({"source": "bank"}, "source"),
        ({"item": "   "}, "item"),
        ({"item": "长" * 101}, "item"),
        ({"confirm_overspend": "maybe"}, "confirm_overspend"),
    ],
)
def test_bad_expense_input_is_refused_and_nothing_is_stored(world, secretary_api, change, field):
    project = running(world)
    r = secretary_api.post(f"projects/{project.pk}/expenses", expense(**change))
    assert r.status_code == 422, r.json()
    assert field in str(r.json().get("errors", r.json())) or field in r.json()["detail"]
    assert not Expense.objects.exists()


def test_expense_dates_in_the_future_or_before_the_start_are_refused(world, secretary_api):
    project = running(world)  # starts 2026-03-01
    tomorrow = (local_today() + datetime.timedelta(days=2)).isoformat()
    r = secretary_api.post(f"projects/{project.pk}/expenses", expense(date=tomorrow))
    assert r.status_code == 422 and "不能晚于今天" in r.json()["detail"]
    r = secretary_api.post(f"projects/{project.pk}/expenses", expense(date="2026-02-01"))
    assert r.status_code == 422 and "不能早于项目开始日期" in r.json()["detail"]
    assert not Expense.objects.exists()


def test_expenses_wait_for_approval_and_close_with_acceptance(world, secretary_api, api, committee_admin):
    draft = make_project(world)
    r = secretary_api.post(f"projects/{draft.pk}/expenses", expense())
    assert r.status_code == 409 and "立项后" in r.json()["detail"]
    project = running(world, title="已结题项目")
    project = actions.transition(project, "request_closing", by=world.users["branch_secretary"])
    actions.transition(project, "accept", by=committee_admin)
    assert secretary_api.post(f"projects/{project.pk}/expenses", expense()).status_code == 409
    r = secretary_api.post(f"projects/{project.pk}/fundings", {"source": "own", "amount": "100"})
    assert r.status_code == 409
    assert not Expense.objects.exists() and not Funding.objects.exists()


def test_who_may_write_the_budget_and_who_sees_it(world, api, branch_member, outsider, committee_admin):
    project = running(world)
    member = api(branch_member)
    assert member.get(f"projects/{project.pk}/expenses").status_code == 200
    r = member.post(f"projects/{project.pk}/expenses", expense())
    assert r.status_code == 403 and "党务管理员" in r.json()["detail"]
    other = api(outsider)  # another branch: 404, exactly like a missing project
    assert other.get(f"projects/{project.pk}/expenses").status_code == 404
    assert other.post(f"projects/{project.pk}/expenses", expense()).status_code == 404
    assert other.post(f"projects/{project.pk}/fundings", {"source": "own", "amount": "1"}).status_code == 404
    assert api(outsider).get("projects/999999/expenses").status_code == 404
    assert not Expense.objects.exists()


def test_receipts_are_checked_by_content_and_served_within_scope(world, client, secretary_api, outsider):
    project = running(world)
    e = secretary_api.post(f"projects/{project.pk}/expenses", expense()).json()
    c = client
    c.force_login(world.users["branch_secretary"])
    url = f"/api/v1/projects/{project.pk}/expenses/{e['id']}/receipts"
    from django.core.files.uploadedfile import SimpleUploadedFile

    r = c.post(url, {"file": SimpleUploadedFile("发票.pdf", PDF, "application/pdf")})
    assert r.status_code == 201, r.content
    receipt = ExpenseReceipt.objects.get()
    assert receipt.name == "发票.pdf" and receipt.content_type == "application/pdf"
    r = c.post(url, {"file": SimpleUploadedFile("发票.pdf", b"#!/bin/sh\necho hi\n", "application/pdf")})
    assert r.status_code == 422 and "不是允许的类型" in r.json()["detail"]
    r = c.post(url, {"file": SimpleUploadedFile("发票.docx", PNG, "application/pdf")})
    assert r.status_code == 422 and "与扩展名不符" in r.json()["detail"]
    assert ExpenseReceipt.objects.count() == 1
    download = c.get(f"/projects/receipts/{receipt.pk}/")
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    c.force_login(outsider)
    assert c.get(f"/projects/receipts/{receipt.pk}/").status_code == 404
    assert c.post(url, {"file": SimpleUploadedFile("发票.pdf", PDF)}).status_code == 404


def test_deleting_an_expense_takes_its_receipts(world, secretary_api, django_capture_on_commit_callbacks):
    project = running(world)
    e = secretary_api.post(f"projects/{project.pk}/expenses", expense()).json()
    from projects import actions_budget

    actions_budget.add_receipts(
        Expense.objects.get(pk=e["id"]), by=world.users["branch_secretary"], files=[("a.pdf", len(PDF), lambda n: PDF)]
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert secretary_api.delete(f"projects/{project.pk}/expenses/{e['id']}").status_code == 204
    assert not Expense.objects.exists() and not ExpenseReceipt.objects.exists()
    assert secretary_api.delete(f"projects/{project.pk}/expenses/{e['id']}").status_code == 404
    assert AuditEvent.objects.filter(action="projects.expense.delete").count() == 1


def test_the_expenses_list_keeps_its_query_count(world, secretary_api, django_assert_max_num_queries):
    project = running(world)
    for n in range(2):
        secretary_api.post(f"projects/{project.pk}/expenses", expense(item=f"支出{n}", amount="10"))
    with django_assert_max_num_queries(12):
        first = secretary_api.get(f"projects/{project.pk}/expenses")
    for n in range(8):
        secretary_api.post(f"projects/{project.pk}/expenses", expense(item=f"更多支出{n}", amount="10"))
    with django_assert_max_num_queries(12):
        second = secretary_api.get(f"projects/{project.pk}/expenses")
    assert first.json()["count"] == 2 and second.json()["count"] == 10

"""An item's 一表 status — 已分工 / 待确认 / 未认领 — is one definition the page, export, API and to-dos share."""

import datetime
import io

import openpyxl
import pytest
from django.test import Client

from plans import actions, todos
from plans.models import Claim, PlanItem
from plans.tests.factories import add_item, make_plan

TODAY = datetime.date(2026, 5, 10)


@pytest.fixture
def plan(world, branch_secretary, branch_member):
    p = make_plan(branch_secretary, world.branch_a)
    add_item(branch_secretary, p, "召开支部委员会会议", month=6, owners=[world.people["secretary"].id])
    claimed = add_item(branch_secretary, p, "更新党建宣传栏", category="宣传报道", month=6)
    add_item(branch_secretary, p, "档案整理归档", category="档案管理", month=12)
    actions.claim_item(claimed, by=branch_member, data={"note": "会排版"})
    return p


def _client(user):
    c = Client()
    c.force_login(user)
    return c


def _sheets(content):
    from core.excel import HEADER_ROW

    wb = openpyxl.load_workbook(io.BytesIO(content))
    return {ws.title: [list(r) for r in ws.iter_rows(min_row=HEADER_ROW, values_only=True)] for ws in wb.worksheets}


def _statuses(plan):
    return dict(PlanItem.objects.filter(plan=plan).with_owner_status().values_list("title", "owner_status"))


def test_the_annotation_tells_owned_pending_and_unclaimed_apart(plan):
    assert _statuses(plan) == {"召开支部委员会会议": "owned", "更新党建宣传栏": "pending", "档案整理归档": "unclaimed"}


def test_the_division_page_shows_a_claimed_item_as_waiting_not_unclaimed(plan, branch_secretary):
    page = _client(branch_secretary).get(f"/plans/{plan.id}/division/")
    html = page.content.decode()
    unclaimed = [i.title for i in page.context["d"]["unclaimed"]]
    assert unclaimed == ["档案整理归档"]
    assert "另有 1 个事项已有人认领，待确认：更新党建宣传栏" in html
    assert (
        'data-state="pending" data-tone="amber">待确认</span> <span class="small text-secondary">李娜认领</span>'
        in html
    )
    assert 'data-state="unclaimed" data-tone="red">未认领</span>' in html


def test_the_plan_page_shows_the_same_status(plan, branch_member):
    html = _client(branch_member).get(f"/plans/{plan.id}/").content.decode()
    assert ">待确认</span>" in html and ">未认领</span>" in html


def test_the_division_export_agrees(plan, branch_secretary):
    sheets = _sheets(_client(branch_secretary).get(f"/plans/{plan.id}/division.xlsx").content)
    owners = {r[1]: r[2] for r in sheets["事项责任人"][1:]}
    assert owners == {
        "召开支部委员会会议": "王秀英",
        "更新党建宣传栏": "李娜（认领待确认）",
        "档案整理归档": "（未认领）",
    }
    assert sheets["未认领事项"][1:] == [["档案管理", "档案整理归档"]]


def test_the_api_agrees(plan, branch_secretary, api):
    d = api(branch_secretary).get(f"plans/{plan.id}/division").json()
    ids = {i["title"]: i["id"] for i in d["items"]}
    assert {i["title"]: i["status"] for i in d["items"]} == _statuses(plan)
    assert d["unclaimed_items"] == [ids["档案整理归档"]]
    assert d["pending_items"] == [ids["更新党建宣传栏"]]


def test_the_todos_agree_and_follow_the_decision(plan, branch_secretary):
    def kinds():
        return {e.kind: e.count for e in todos.items(branch_secretary, TODAY)}

    assert kinds() == {"plans.claim": 1, "plans.unclaimed": 1}
    claim = Claim.objects.get()
    actions.reject_claim(claim, by=branch_secretary, data={"reason": "已安排他人"})
    assert _statuses(plan)["更新党建宣传栏"] == "unclaimed"
    assert kinds() == {"plans.unclaimed": 2}
    actions.claim_item(claim.item, by=claim.claimed_by, data={})
    actions.confirm_claim(Claim.objects.get(state="pending"), by=branch_secretary)
    assert _statuses(plan)["更新党建宣传栏"] == "owned"
    assert kinds() == {"plans.unclaimed": 1}

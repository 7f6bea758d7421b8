import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from core.testing import make_person
from plans.models import Claim, ItemOwner, PlanItem
from plans.tests.factories import add_item, make_plan


@pytest.fixture
def plan(world, branch_secretary):
    p = make_plan(branch_secretary, world.branch_a)
    add_item(
        branch_secretary,
        p,
        "召开支部委员会会议",
        recurrence="monthly",
        day=10,
        start_time="15:00",
        record_type="committee_meeting",
        owners=[world.people["secretary"].id],
    )
    add_item(branch_secretary, p, "赴章丘区三涧溪村开展党员教育", category="党员教育", due=datetime.date(2026, 4, 16))
    return p


def browser(user):
    c = Client()
    c.force_login(user)
    return c


def test_every_plan_page_renders_for_the_branch_admin(world, branch_secretary, plan):
    c = browser(branch_secretary)
    for url in (
        "/plans/",
        f"/plans/{plan.id}/",
        f"/plans/{plan.id}/division/",
        f"/plans/{plan.id}/memo/?month=2026-04",
        f"/plans/{plan.id}/progress/",
        f"/plans/{plan.id}/timeline/",
        f"/plans/{plan.id}/items/new/",
        "/plans/templates/",
        "/plans/compliance/",
        "/plans/rules/",
        f"/plans/{plan.id}/import/",
        f"/plans/{plan.id}/clone/",
        "/plans/new/",
    ):
        r = c.get(url)
        assert r.status_code == 200, url
    memo = c.get(f"/plans/{plan.id}/memo/?month=2026-04").content.decode()
    assert "15:00 召开支部委员会会议" in memo and "王秀英" in memo and "赴章丘区三涧溪村开展党员教育" in memo
    assert "2026年4月党建工作备忘图" in memo


def test_plan_pages_are_404_for_another_branch(world, outsider, plan):
    c = browser(outsider)
    for url in (
        f"/plans/{plan.id}/",
        f"/plans/{plan.id}/division/",
        f"/plans/{plan.id}/memo/",
        f"/plans/{plan.id}/timeline/",
        f"/plans/{plan.id}/export.xlsx",
    ):
        assert c.get(url).status_code == 404, url


def test_member_claims_on_the_page_and_the_admin_confirms_on_the_division(world, branch_member, branch_secretary, plan):
    item = PlanItem.objects.get(title="赴章丘区三涧溪村开展党员教育")
    r = browser(branch_member).post(f"/plans/items/{item.id}/claim/", {"next": f"/plans/{plan.id}/"}, follow=True)
    assert "等待党务管理员确认" in r.content.decode()
    claim = Claim.objects.get()
    page = browser(branch_secretary).get(f"/plans/{plan.id}/division/").content.decode()
    assert "李娜" in page and "待确认的认领" in page
    browser(branch_secretary).post(f"/plans/claims/{claim.id}/confirm/")
    assert ItemOwner.objects.filter(item=item, person=world.people["member"], source="claim").exists()


def test_the_admin_sees_a_chinese_error_when_the_item_is_bad(world, branch_secretary, plan):
    r = browser(branch_secretary).post(
        f"/plans/{plan.id}/items/new/", {"category": "三会一课", "title": "x", "recurrence": "monthly", "day": "32"}
    )
    assert r.status_code == 200
    assert "日应在1到31之间。" in r.content.decode()
    assert PlanItem.objects.count() == 2


def _count(fn):
    with CaptureQueriesContext(connection) as ctx:
        assert fn().status_code == 200
    return len(ctx.captured_queries)


def _grow(world, admin, plan, n):
    for i in range(n):
        p = make_person(world.branch_a, f"新党员{i}", seq=20 + i + plan.items.count())
        add_item(
            admin,
            plan,
            f"新增事项{plan.items.count()}",
            category=f"分类{i % 3}",
            recurrence="monthly",
            day=5,
            owners=[p.id],
        )


def test_division_and_timeline_query_counts_do_not_grow_with_items(world, branch_secretary, plan, api):
    c = browser(branch_secretary)
    client = api(branch_secretary)
    urls = [
        lambda: c.get(f"/plans/{plan.id}/division/"),
        lambda: c.get(f"/plans/{plan.id}/timeline/"),
        lambda: c.get(f"/plans/{plan.id}/"),
        lambda: c.get(f"/plans/{plan.id}/memo/?month=2026-05"),
        lambda: client.get(f"plans/{plan.id}/division"),
        lambda: client.get(f"plans/{plan.id}/timeline"),
    ]
    for u in urls:
        u()
    before = [_count(u) for u in urls]
    _grow(world, branch_secretary, plan, 6)
    after = [_count(u) for u in urls]
    assert after == before
    assert (
        max(before) <= 25
    )  # the sidebar's to-do counts add up to 11 (feedback, projects, 考核评星, 网络学院, 通知公告: one query each)


def test_editing_an_item_on_the_page_can_remove_every_owner(world, branch_secretary, plan):
    item = PlanItem.objects.get(title="召开支部委员会会议")
    c = browser(branch_secretary)
    r = c.post(
        f"/plans/items/{item.id}/edit/",
        {
            "category": "会务安排",
            "title": "召开支部委员会会议",
            "recurrence": "monthly",
            "day": "12",
            "record_type": "committee_meeting",
        },
    )
    assert r.status_code == 302
    item.refresh_from_db()
    assert item.category == "会务安排" and not item.ownerships.exists()
    assert item.occurrences.get(period="2026-02").due == datetime.date(2026, 2, 12)


def test_plan_source_document_is_uploaded_and_downloaded_in_scope(world, branch_secretary, outsider):
    from django.core.files.uploadedfile import SimpleUploadedFile

    c = browser(branch_secretary)
    doc = SimpleUploadedFile("主体责任清单.pdf", b"%PDF-1.4 list", content_type="application/pdf")
    r = c.post(
        "/plans/new/",
        {
            "org": world.branch_a.id,
            "year": 2027,
            "title": "2027年度清单",
            "source": "《2027年度主体责任清单》",
            "source_file": doc,
        },
    )
    assert r.status_code == 302
    from plans.models import Plan

    plan = Plan.objects.get(year=2027)
    download = c.get(f"/plans/{plan.id}/source/")
    assert download.status_code == 200 and b"%PDF-1.4 list" in b"".join(download.streaming_content)
    assert browser(outsider).get(f"/plans/{plan.id}/source/").status_code == 404


def test_a_committee_sets_a_local_rule_on_the_rules_page(world, committee_admin, branch_member):
    from plans.models import ObligationRule

    r = browser(committee_admin).post(
        "/plans/rules/",
        {
            "org": world.committee.id,
            "org_kind": "branch",
            "obligation": "party_lesson",
            "frequency": "monthly",
            "source": "工委通知：党课每月1次",
            "active": "on",
        },
    )
    assert r.status_code == 302
    rule = ObligationRule.objects.get(org=world.committee)
    assert rule.frequency == "monthly" and rule.active
    page = browser(branch_member).get("/plans/rules/").content.decode()
    assert "工委通知：党课每月1次" in page and "中国共产党支部工作条例（试行）" in page
    assert "保存规则" not in page  # a member reads the table but cannot change it


def test_heat_map_links_the_record_that_satisfied_a_cell(world, committee_admin):
    from plans.tests.factories import make_record

    rec = make_record(world.branch_a, "committee_meeting", datetime.date(2025, 1, 9), title="一月支委会")
    page = browser(committee_admin).get(f"/plans/compliance/?org={world.committee.id}&year=2025").content.decode()
    assert f'href="/records/{rec.id}/"' in page and "一月支委会" in page
    # 2025 is past: branch A met 1 of its 35 obligations (12 支委会, 12 主题党日, 4 党员大会, 4 党课, 3 yearly)
    assert '<td class="text-center text-nowrap text-danger" data-testid="rate">3%</td>' in page

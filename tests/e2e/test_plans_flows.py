"""Browser flows of the 路径化 module: build a plan, claim and confirm, memo chart, compliance heat map."""

import datetime

from django.utils import timezone

from plans.models import Claim, ItemOwner, Plan
from plans.tests.factories import add_item, make_plan, make_record


def _relogin(page, login, username):
    page.context.clear_cookies()
    return login(username)


def test_build_a_plan_then_claim_and_confirm_an_item(e2e_world, page, login, nav):
    year = timezone.localdate().year
    login("secretary_a")
    nav("年度清单")
    page.click("text=新建年度清单")
    page.select_option("select[name=org]", str(e2e_world.branch_a.id))
    page.fill("input[name=year]", str(year))
    page.fill("input[name=title]", f"{year}年度统计局党建工作清单")
    page.fill("input[name=source]", f"《{year}年度履行机关党建主体责任清单》")
    page.click("button:has-text('保存')")
    page.click("text=添加事项")
    page.fill("input[name=category]", "党员教育")
    page.fill("input[name=title]", "赴章丘区三涧溪村开展党员教育")
    page.fill("input[name=due]", f"{year}-04-16")
    page.fill("textarea[name=standard]", "形成图文记录")
    page.click("button:has-text('保存')")
    rows = page.locator("[data-testid=item-row]")
    assert rows.count() == 1 and "未认领" in rows.first.inner_text()
    plan = Plan.objects.get()
    assert plan.items.get().due_date == datetime.date(year, 4, 16)

    _relogin(page, login, "member_a")
    page.goto(f"{page.base}/plans/{plan.id}/")
    page.click("[data-testid=item-row] button:has-text('认领')")
    assert "等待党务管理员确认" in page.content()
    assert Claim.objects.get().state == "pending"

    _relogin(page, login, "secretary_a")
    page.goto(f"{page.base}/plans/{plan.id}/division/")
    pending = page.locator("[data-testid=pending-claims]")
    assert "李娜" in pending.inner_text()
    pending.locator("button:has-text('确认')").click()
    assert "已确认李娜认领" in page.content()
    table = page.locator("[data-testid=division-table]")
    assert "赴章丘区三涧溪村开展党员教育" in table.locator("tr", has_text="李娜").inner_text()
    assert ItemOwner.objects.filter(person=e2e_world.people["member"], source="claim").exists()
    assert "每个事项都有责任人" in page.locator("[data-testid=unclaimed]").inner_text()


def test_open_the_memo_chart_for_a_month(e2e_world, page, login):
    admin = e2e_world.users["branch_secretary"]
    plan = make_plan(admin, e2e_world.branch_a, year=2026)
    add_item(
        admin,
        plan,
        "召开支部委员会会议",
        recurrence="monthly",
        day=8,
        start_time="15:00",
        owners=[e2e_world.people["secretary"].id],
    )
    add_item(
        admin,
        plan,
        "赴章丘区三涧溪村开展党员教育",
        category="党员教育",
        due=datetime.date(2026, 4, 16),
        start_time="08:30",
        owners=[e2e_world.people["member"].id],
    )
    login("member_a")
    page.goto(f"{page.base}/plans/{plan.id}/")
    page.click("text=月度备忘图")
    page.select_option("select[name=month]", "2026-04")
    page.click("button:has-text('查看')")
    assert page.locator("[data-testid=memo-title]").inner_text() == "统计局第一党支部 2026年4月党建工作备忘图"
    grid = page.locator("[data-testid=memo-grid]")
    entries = grid.locator("[data-testid=memo-entry]")
    assert entries.count() == 2
    assert "15:00 召开支部委员会会议" in entries.nth(0).inner_text() and "王秀英" in entries.nth(0).inner_text()
    assert "08:30 赴章丘区三涧溪村开展党员教育" in entries.nth(1).inner_text()
    assert "李娜" in entries.nth(1).inner_text()
    page.emulate_media(media="print")
    assert grid.is_visible()


def test_the_heat_map_turns_from_missing_to_done_after_a_record_is_filed(e2e_world, page, login):
    year = timezone.localdate().year - 1  # a past year: every period without a record is missing
    login("committee")
    url = f"{page.base}/plans/compliance/?org={e2e_world.committee.id}&year={year}&obligation=committee_meeting"
    page.goto(url)
    row = page.locator(f"[data-testid=heat-map] tr[data-org='{e2e_world.branch_a.id}']")
    january = row.locator("td[data-month='1']")
    assert january.get_attribute("data-status") == "missing"
    assert page.locator(f"[data-testid=heat-map] tr[data-org='{e2e_world.branch_b.id}']").count() == 1
    make_record(e2e_world.branch_a, "committee_meeting", datetime.date(year, 1, 9), title="一月支委会")
    page.goto(url)
    january = page.locator(f"[data-testid=heat-map] tr[data-org='{e2e_world.branch_a.id}'] td[data-month='1']")
    assert january.get_attribute("data-status") == "done"
    assert "一月支委会" in january.inner_html()
    february = page.locator(f"[data-testid=heat-map] tr[data-org='{e2e_world.branch_a.id}'] td[data-month='2']")
    assert february.get_attribute("data-status") == "missing"

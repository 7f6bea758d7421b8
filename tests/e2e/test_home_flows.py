"""Browser flow of the home page: a claim waits in the secretary's inbox, she confirms it, the member sees it."""

import datetime

from django.utils import timezone

from plans import actions
from plans.tests.factories import add_item, make_plan


def test_a_claim_goes_from_the_inbox_to_confirmed_on_a_phone(e2e_world, page, login):
    today = timezone.localdate()
    admin = e2e_world.users["branch_secretary"]
    plan = make_plan(admin, e2e_world.branch_a, year=today.year)
    item = add_item(admin, plan, "更新党建宣传栏", category="宣传报道", due=today + datetime.timedelta(days=3))
    actions.claim_item(item, by=e2e_world.users["branch_member"], data={"note": "会排版"})

    page.set_viewport_size({"width": 375, "height": 800})
    login("secretary_a")
    entry = page.locator("[data-testid=inbox] [data-testid=todo]", has_text="李娜 认领“更新党建宣传栏”")
    assert "认领待确认" in entry.inner_text()
    box = entry.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 375  # the whole entry fits the phone's width
    entry.click()
    assert page.url.endswith(f"/plans/{plan.id}/division/#pending-claims")
    page.locator("[data-testid=pending-claims] button:has-text('确认')").click()
    assert "已确认李娜认领" in page.content()

    page.goto(page.base + "/")
    assert page.locator("[data-testid=inbox] [data-testid=todo]", has_text="更新党建宣传栏").count() == 0

    page.context.clear_cookies()
    login("member_a")
    mine = page.locator("[data-testid=my-items]")
    assert "更新党建宣传栏" in mine.inner_text() and "3天后到期" in mine.inner_text()
    todo = page.locator("[data-testid=inbox] [data-testid=todo]", has_text="更新党建宣传栏")
    assert "3天后到期" in todo.inner_text()
    todo.click()
    assert "更新党建宣传栏" in page.content() and "/plans/occurrences/" in page.url

"""The app shell as people see it: at 375 px every main page keeps its primary action on screen and nothing
overflows sideways, the sidebar is a drawer; at 1280 px the sidebar's entries never wrap and the header
buttons sit in one row."""

import datetime

import pytest
from django.utils import timezone

from core.testing import make_user
from plans import actions as plan_actions
from plans.tests.factories import add_item, make_plan, make_record
from points import actions as points_actions

PHONE = {"width": 375, "height": 812}


@pytest.fixture
def shell_world(e2e_world):
    """A branch with a plan (one item claimed and waiting), a record, and a points scheme with a declaration
    waiting for the first review level and one that went through all three."""
    w = e2e_world
    year = timezone.localdate().year
    secretary, member = w.users["branch_secretary"], w.users["branch_member"]
    for level in (1, 2, 3):
        w.users[f"reviewer_l{level}"] = make_user(f"reviewer_l{level}", roles=[(f"reviewer_l{level}", w.committee)])
    plan = make_plan(secretary, w.branch_a, year=year)
    add_item(
        secretary,
        plan,
        "召开支部委员会会议，研究当月党建工作和业务融合工作的具体安排",
        recurrence="monthly",
        day=8,
        owners=[w.people["secretary"].id],
    )
    add_item(secretary, plan, "赴章丘区三涧溪村开展党员教育", category="党员教育", due=datetime.date(year, 4, 16))
    claimed = add_item(secretary, plan, "更新党建宣传栏", category="宣传报道", due=datetime.date(year, 6, 1))
    plan_actions.claim_item(claimed, by=member, data={"note": "可以负责宣传栏"})
    make_record(w.branch_a, "education", datetime.date(year, 4, 16), title="赴章丘区三涧溪村开展党员教育")

    committee = w.users["committee_admin"]
    scheme = points_actions.create_scheme(
        by=committee,
        data={
            "org": w.committee.pk,
            "year": year,
            "name": f"{year}年积分制管理办法",
            "full_marks": "100",
            "linkage_every": "10",
            "linkage_mode": "per_person",
        },
    )
    item = points_actions.add_item(
        scheme,
        by=committee,
        data={"dimension": "基础工作再提升", "name": "高质量开展主题党日活动", "points": "5", "subject_type": "org"},
    )
    for n, quantity in enumerate(("1", "2")):
        decl = points_actions.create_declaration(
            by=secretary,
            data={
                "item": item.pk,
                "subject_org": w.branch_a.pk,
                "quantity": quantity,
                "occurred_on": datetime.date(year, 3, 18).isoformat(),
            },
        )
        points_actions.submit_declaration(decl, by=secretary)
        if n == 0:
            for level in (1, 2, 3):
                points_actions.review_declaration(decl, by=w.users[f"reviewer_l{level}"], data={"decision": "approve"})
    w.plan, w.scheme = plan, scheme
    return w


def _switch(page, login, username):
    page.context.clear_cookies()
    return login(username)


def _primary_actions_fit(page, what, selector="[data-primary-action]"):
    """No sideways scrolling, and every visible primary action of the page lies inside the 375 px viewport
    once the page is scrolled (vertically only) to it."""
    width = page.evaluate("document.scrollingElement.scrollWidth")
    assert width <= PHONE["width"] + 1, f"{what}: the page scrolls sideways ({width} px)"
    boxes = page.evaluate(
        """(selector) => Array.from(document.querySelectorAll(selector))
            .filter((el) => el.getClientRects().length && getComputedStyle(el).visibility !== "hidden")
            .slice(0, 15)
            .map((el) => {
              window.scrollTo({top: el.getBoundingClientRect().top + window.scrollY - 200, behavior: "instant"});
              const r = el.getBoundingClientRect();
              return {text: el.textContent.trim(), left: r.left, right: r.right, top: r.top, bottom: r.bottom};
            })""",
        selector,
    )
    assert boxes, f"{what}: no primary action visible"
    for b in boxes:
        assert b["left"] >= 0 and b["right"] <= PHONE["width"], f"{what}: “{b['text']}” is off-screen: {b}"
        assert b["top"] >= 0 and b["bottom"] <= PHONE["height"], f"{what}: “{b['text']}” is off-screen: {b}"
    return [b["text"] for b in boxes]


def _visit(page, path):
    page.goto(page.base + path)
    page.wait_for_load_state("domcontentloaded")


def test_at_375px_every_main_page_keeps_its_primary_action_on_screen(shell_world, page, login):
    w = shell_world
    page.set_viewport_size(PHONE)
    plan, scheme = w.plan, w.scheme

    login("member_a")
    # The home page: the menu toggle and the search box are the way on from here.
    _primary_actions_fit(page, "首页", "[data-testid=nav-toggle], [data-testid=header-search] input")
    _visit(page, f"/plans/{plan.pk}/")
    texts = _primary_actions_fit(page, "一解（党员）")
    assert "认领" in texts
    # The 一解 card shows how and to what standard, not only the title.
    card = page.locator("[data-testid=item-row]", has_text="赴章丘区三涧溪村").first
    method = card.locator("td[data-label=怎么干]")
    assert method.is_visible() and method.inner_text() == "书记主持"
    _visit(page, "/points/my/")
    assert _primary_actions_fit(page, "我的积分") == ["申报积分"]
    _visit(page, "/search/?q=三涧溪")
    _primary_actions_fit(page, "搜索")

    _switch(page, login, "secretary_a")
    for path, what, expected in [
        ("/people/", "人员管理", "新增人员"),
        ("/records/", "活动记录", "登记活动记录"),
        (f"/records/new/?org={w.branch_a.pk}", "登记活动记录", "保存"),
        ("/plans/", "年度清单", "新建年度清单"),
        (f"/plans/{plan.pk}/", "一解（书记）", "添加事项"),
        (f"/plans/{plan.pk}/division/", "一表", "确认"),
        ("/points/", "积分首页", "申报积分"),
        ("/points/declarations/", "积分申报", "申报积分"),
        (f"/points/declarations/new/?scheme={scheme.pk}", "申报积分", "保存并提交"),
    ]:
        _visit(page, path)
        texts = _primary_actions_fit(page, what)
        assert expected in texts, (what, texts)
        if what == "一表":
            assert "指派" in texts  # the item cards keep their 指派 button on screen too

    _switch(page, login, "committee")
    for path, what, expected in [
        ("/orgs/", "组织架构", "新建党组织"),
        (f"/points/rankings/?scheme={scheme.pk}", "积分排名", "导出 Excel"),
        (f"/points/ledger/?scheme={scheme.pk}", "积分台账", "导出 Excel"),
        (f"/plans/compliance/?year={timezone.localdate().year}", "三会一课落实情况", "查看"),
    ]:
        _visit(page, path)
        texts = _primary_actions_fit(page, what)
        assert expected in texts, (what, texts)

    _switch(page, login, "reviewer_l1")
    _visit(page, "/points/reviews/")
    assert _primary_actions_fit(page, "审核队列") == ["批量通过所选"]
    queue = page.locator("[data-testid=review-queue] tbody tr")
    assert queue.count() == 1 and "统计局第一党支部" in queue.inner_text()


def test_at_375px_the_compliance_heat_map_is_a_list_per_branch_with_missing_items_first(shell_world, page, login):
    w = shell_world
    year = timezone.localdate().year - 1  # a past year: every period without a record is missing
    page.set_viewport_size(PHONE)
    make_record(w.branch_b, "committee_meeting", datetime.date(year, 1, 9), title="一月支委会")
    login("committee")
    _visit(page, f"/plans/compliance/?org={w.committee.pk}&year={year}&obligation=committee_meeting")
    assert not page.locator("[data-testid=heat-map]").is_visible()
    cards = page.locator("[data-testid=compliance-list] .card")
    assert cards.count() == 2
    first = cards.nth(0)
    # 统计局 has 12 missing months, 财政局 11: the branch with more gaps comes first, its gaps on top.
    assert first.get_attribute("data-branch") == str(w.branch_a.pk)
    rows = first.locator(".list-group-item")
    assert rows.first.get_attribute("data-status") == "missing" and "支部委员会会议" in rows.first.inner_text()
    assert first.locator("[data-status=missing]").count() == 12
    second = cards.nth(1)
    assert second.locator("[data-status=missing]").count() == 11 and "已完成 1 项" in second.inner_text()
    assert "补登记录" in _primary_actions_fit(page, "三会一课落实情况（上年）")


def test_at_375px_the_sidebar_is_a_drawer_opened_from_the_menu_button(shell_world, page, login, nav):
    page.set_viewport_size(PHONE)
    login("secretary_a")
    drawer = page.locator("#sidebar-menu")
    sidebar = page.locator("[data-testid=sidebar-nav]")
    assert not sidebar.is_visible()
    page.click("[data-testid=nav-toggle]")
    page.locator("#sidebar-menu.show").wait_for()
    box = drawer.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    assert sidebar.get_by_role("link", name="首页", exact=True).is_visible()
    page.click("#sidebar-menu [data-bs-dismiss=offcanvas]")
    page.locator("#sidebar-menu.show").wait_for(state="detached")
    assert not sidebar.is_visible()

    # Open an entry through the drawer: its group opens and the entry is marked as the current page.
    nav("积分台账")
    assert page.url.endswith("/points/ledger/")
    page.click("[data-testid=nav-toggle]")
    page.locator("#sidebar-menu.show").wait_for()
    current = sidebar.locator("[aria-current=page]")
    assert current.count() == 1 and current.inner_text() == "积分台账"


def _expand_all_groups(page):
    closed = page.locator("[data-testid=sidebar-nav] a[data-bs-toggle=dropdown][aria-expanded=false]")
    for _ in range(closed.count()):
        closed.first.click()


def _wrapped_nav_entries(page):
    """Sidebar entries whose text takes more than one line, or is cut off."""
    return page.evaluate(
        """() => Array.from(document.querySelectorAll(
              "[data-testid=sidebar-nav] .nav-link-title, [data-testid=sidebar-nav] .dropdown-item"))
            .filter((el) => {
              const range = document.createRange();
              range.selectNodeContents(el);
              const lines = new Set(Array.from(range.getClientRects()).map((r) => Math.round(r.top)));
              return lines.size !== 1 || el.scrollWidth > el.clientWidth + 1;
            })
            .map((el) => el.textContent.trim())"""
    )


@pytest.mark.parametrize(
    ("username", "role_label", "expected"),
    [
        ("reviewer_l1", "一级审核人（科长）", ["首页", "组织架构", "年度清单", "三会一课落实", "审核队列", "积分台账"]),
        ("committee", "党务管理员", ["首页", "组织架构", "人员管理", "清单模板", "活动档案", "积分排名", "公示公布"]),
    ],
)
def test_at_1280px_navigation_entries_stay_on_one_line(shell_world, page, login, username, role_label, expected):
    login(username)
    menu = page.locator("[data-testid=user-menu]")
    assert menu.is_visible() and role_label in menu.inner_text()
    _expand_all_groups(page)
    sidebar = page.locator("[data-testid=sidebar-nav]")
    for label in expected:
        assert sidebar.get_by_role("link", name=label, exact=True).is_visible(), label
    assert _wrapped_nav_entries(page) == []
    # The sidebar never squeezes the page: the content starts to its right.
    side = page.locator("aside.app-sidebar").bounding_box()
    content = page.locator(".page-body .container-xl").bounding_box()
    assert content["x"] >= side["x"] + side["width"]


def test_only_entries_a_user_may_open_are_in_the_sidebar(shell_world, page, login):
    login("member_a")
    _expand_all_groups(page)
    keys = page.locator("[data-testid=sidebar-nav] [data-nav-key]").evaluate_all(
        "(els) => els.map((el) => el.dataset.navKey)"
    )
    assert "people" not in keys and "reviews" not in keys  # member: no roster, no review queue
    assert {"home", "plan_list", "record_list", "points_home", "my_points", "ledger"} <= set(keys)
    for href in page.locator("[data-testid=sidebar-nav] a[data-nav-key]").evaluate_all(
        "(els) => els.map((el) => el.getAttribute('href'))"
    ):
        assert page.request.get(page.base + href).status == 200, href


def test_at_1280px_header_buttons_sit_in_one_row_beside_the_title(shell_world, page, login):
    login("secretary_a")
    for path in ("/people/", f"/plans/{shell_world.plan.pk}/", "/records/", "/points/"):
        _visit(page, path)
        header = page.locator(".app-page-header")
        title = header.locator(".page-title").bounding_box()
        buttons = [b for b in header.locator("[data-testid=page-actions] > *").all() if b.is_visible()]
        assert buttons, path
        tops = {round(b.bounding_box()["y"]) for b in buttons}
        assert len(tops) == 1, f"{path}: header buttons stack ({tops})"
        first = buttons[0].bounding_box()
        assert first["x"] > title["x"] + 100, f"{path}: buttons are not at the right of the title"

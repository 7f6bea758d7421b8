"""Browser flows for forms: an edit saved as it is keeps its dates (Chromium blanks a non-ISO date value), and a
refused evidence file leaves the declaration a draft with the form refilled."""

import datetime

import pytest

from orgs import actions as org_actions
from orgs.models import Organisation, Person
from plans.models import PlanItem
from plans.tests.factories import add_item, make_plan
from points import actions as points_actions
from points.models import Declaration

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 128
PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n"


def test_saving_a_person_unchanged_keeps_her_dates(e2e_world, page, login):
    w = e2e_world
    secretary = w.users["branch_secretary"]
    person = w.people["member"]
    org_actions.update_person(
        person,
        by=secretary,
        data={"birth_date": "1985-01-03", "joined_on": "2010-07-01", "full_member_on": "2011-07-01"},
        orgs=Organisation.objects.structure_editable_by(secretary),
    )
    login("secretary_a")
    page.goto(f"{page.base}/people/{person.pk}/edit/")
    # What the date pickers show is what they will submit.
    assert page.input_value("input[name=birth_date]") == "1985-01-03"
    assert page.input_value("input[name=joined_on]") == "2010-07-01"
    assert page.input_value("input[name=full_member_on]") == "2011-07-01"
    page.fill("input[name=phone]", "13900001111")
    page.click("button:has-text('保存')")
    page.wait_for_url(f"**/people/{person.pk}/")
    assert "已保存" in page.content()
    person = Person.objects.get(pk=person.pk)
    assert person.phone == "13900001111"
    assert (person.birth_date, person.joined_on, person.full_member_on) == (
        datetime.date(1985, 1, 3),
        datetime.date(2010, 7, 1),
        datetime.date(2011, 7, 1),
    )


def test_saving_a_dated_plan_item_keeps_its_date_and_time(e2e_world, page, login):
    secretary = e2e_world.users["branch_secretary"]
    plan = make_plan(secretary, e2e_world.branch_a, year=2026)
    item = add_item(
        secretary,
        plan,
        "开展“七一”主题党日活动",
        category="主题党日",
        due=datetime.date(2026, 6, 30),
        start_time="09:30",
    )
    login("secretary_a")
    page.goto(f"{page.base}/plans/items/{item.pk}/edit/")
    assert page.input_value("input[name=due]") == "2026-06-30"
    assert page.input_value("input[name=start_time]") == "09:30"
    page.fill("input[name=place]", "机关三楼会议室")
    page.click("form[data-testid=item-form] button:has-text('保存')")
    page.wait_for_url(f"**/plans/{plan.pk}/")
    assert "请填写时间要求" not in page.content()
    item = PlanItem.objects.get(pk=item.pk)
    assert item.due_date == datetime.date(2026, 6, 30) and item.start_time == datetime.time(9, 30)
    assert item.place == "机关三楼会议室"


@pytest.fixture
def declaration(e2e_world):
    w = e2e_world
    admin = w.users["committee_admin"]
    scheme = points_actions.create_scheme(
        by=admin,
        data={"org": w.committee.pk, "year": 2026, "name": "2026年积分制管理办法", "full_marks": "100",
              "linkage_every": "10", "linkage_mode": "per_person"},
    )  # fmt: skip
    item = points_actions.add_item(
        scheme, by=admin, data={"dimension": "基础工作", "name": "主题党日", "points": "5", "subject_type": "org"}
    )
    return points_actions.create_declaration(
        by=w.users["branch_secretary"],
        data={"item": item.pk, "subject_org": w.branch_a.pk, "quantity": "1", "occurred_on": "2026-03-18"},
    )


def test_a_refused_evidence_file_leaves_the_declaration_a_draft_with_the_form_refilled(
    declaration, page, login, tmp_path
):
    scan = tmp_path / "签到表.jpg"
    scan.write_bytes(PDF)  # a PDF named as a photo: the wrong file was picked
    login("secretary_a")
    page.goto(f"{page.base}/points/declarations/{declaration.pk}/edit/")
    form = page.locator("[data-testid=declaration-form]")
    form.locator("input[name=quantity]").fill("2")
    form.locator("textarea[name=description]").fill("3月主题党日：重温入党誓词")
    form.locator("input[name=evidence]").set_input_files(str(scan))
    page.click("button:has-text('保存并提交')")
    page.wait_for_load_state("domcontentloaded")
    assert "内容与扩展名不符" in page.locator("[data-testid=evidence-error]").inner_text()
    assert "已提交申报" not in page.content()
    assert "申报没有保存，也没有提交" in page.content()
    form = page.locator("[data-testid=declaration-form]")
    assert form.locator("input[name=quantity]").input_value() == "2"
    assert form.locator("textarea[name=description]").input_value() == "3月主题党日：重温入党誓词"
    decl = Declaration.objects.get(pk=declaration.pk)
    assert decl.state == "draft" and decl.quantity == 1 and not decl.evidence.exists()

    photo = tmp_path / "微信图片.jpg"
    photo.write_bytes(PNG)  # WeChat's PNG with a .jpg name: accepted as the PNG it is
    form.locator("input[name=evidence]").set_input_files(str(photo))
    page.click("button:has-text('保存并提交')")
    assert page.locator("[data-testid=decl-state]").inner_text() == "待一级审核"
    assert "微信图片.png" in page.locator("[data-testid=evidence-list]").inner_text()
    decl = Declaration.objects.get(pk=declaration.pk)
    assert decl.quantity == 2 and decl.evidence.get().name == "微信图片.png"

"""The record form in a browser, on a phone and a desk: 全部出席, a 发展对象 sitting in, a photo from the
file chooser, and the detail page counting 应到 / 实到 without the observer."""

import datetime

import pytest
from django.utils import timezone

from core.testing import make_person
from orgs.models import Position
from records.models import Attachment, Record

PNG = b"\x89PNG\r\n\x1a\n" + bytes.fromhex(
    "0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201"
    "a5f5c1b60000000049454e44ae426082"
)


def _inside_viewport(page, locator):
    box = locator.bounding_box()
    width = page.viewport_size["width"]
    return box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width


@pytest.mark.parametrize("width", [375, 1280])
def test_secretary_files_a_meeting_with_all_present_an_observer_and_a_photo(e2e_world, page, login, tmp_path, width):
    w = e2e_world
    page.set_viewport_size({"width": width, "height": 800})
    probationary = make_person(w.branch_a, "赵敏", category="probationary", seq=11)
    candidate = make_person(w.branch_a, "孙立", category="candidate", seq=12)
    member = w.people["member"]
    login("secretary_a")
    page.goto(f"{page.base}/records/new/?org={w.branch_a.id}")
    form = page.locator("[data-testid=record-form]")
    assert form.locator("input[name=date]").input_value() == timezone.localdate().isoformat()
    form.locator("select[name=type]").select_option("general_meeting")
    form.locator("input[name=title]").fill("第二季度支部党员大会")
    form.locator("input[name=date]").fill("2026-05-12")
    form.locator("textarea[name=content]").fill("通报党员发展情况，讨论确定发展对象。")

    # The candidate is listed apart, as someone who can only sit in.
    observers_part = form.locator("[data-part=observers]")
    assert "孙立" in observers_part.inner_text() and "赵敏" not in observers_part.inner_text()
    switch = form.locator("[data-testid=all-present]")
    assert _inside_viewport(page, switch)
    switch.check()
    summary = form.locator("[data-testid=attendance-summary]")
    assert summary.inner_text().replace(" ", "") == "应到3人·实到3人·缺席0人·列席0人"
    assert form.locator(f"input[name=att_{candidate.id}][value=present]").is_checked() is False
    form.locator(f"input[name=att_{member.id}][value=absent]").check()
    form.locator(f"input[name=reason_{member.id}]").fill("外出培训")
    assert not switch.is_checked()  # no longer everyone
    form.locator(f"[data-testid=attendee-{candidate.id}] label:has-text('列席')").click()
    assert summary.inner_text().replace(" ", "") == "应到3人·实到2人·缺席1人·列席1人"

    photo = tmp_path / "IMG_20260512.png"
    photo.write_bytes(PNG)
    with page.expect_file_chooser() as chooser:
        form.locator("[data-testid=photos-input]").click()
    chooser.value.set_files(str(photo))
    save = form.locator("button:has-text('保存')")
    save.scroll_into_view_if_needed()
    assert _inside_viewport(page, save)
    save.click()

    assert page.locator("[data-testid=record-title]").inner_text() == "第二季度支部党员大会"
    attendance = page.locator("[data-testid=attendance]").inner_text()
    assert "应到 3 人，实到 2 人，缺席 1 人，出席率 66.7%" in attendance and "另有列席 1 人" in attendance
    assert page.locator("[data-testid=observers]").inner_text() == "孙立"
    assert page.locator("[data-testid=photos] img").count() == 1
    record = Record.objects.get()
    assert set(record.attendees.all()) == {w.people["secretary"], probationary}
    assert list(record.observers.all()) == [candidate]
    assert Attachment.objects.get().name == "IMG_20260512.png"


def test_a_committee_meeting_regroups_the_table_and_a_yearly_duty_asks_its_year(e2e_world, page, login):
    w = e2e_world
    Position.objects.create(
        org=w.branch_a, person=w.people["secretary"], title="书记", started_on=datetime.date(2024, 1, 1)
    )
    member = w.people["member"]
    login("secretary_a")
    page.goto(f"{page.base}/records/new/?org={w.branch_a.id}")
    form = page.locator("[data-testid=record-form]")
    for_year = form.locator("[data-for-year]")
    assert not for_year.is_visible()

    form.locator("select[name=type]").select_option("committee_meeting")
    assert "李娜" in form.locator("[data-part=observers]").inner_text()
    form.locator("[data-testid=all-present]").check()
    assert not form.locator(f"input[name=att_{member.id}][value=present]").is_checked()
    assert form.locator("[data-testid=attendance-summary]").inner_text().replace(" ", "").startswith("应到1人·实到1人")

    form.locator("select[name=type]").select_option("org_life_meeting")
    assert "李娜" in form.locator("[data-part=expected]").inner_text()
    assert for_year.is_visible()
    form.locator("input[name=date]").fill("2026-02-24")
    assert form.locator("input[name=for_year]").get_attribute("placeholder") == "留空即计为2025年度"
    form.locator("input[name=title]").fill("2025年度组织生活会")
    form.locator("button:has-text('保存')").click()
    assert "2025年度" in page.locator("[data-testid=record-for-year]").inner_text()
    assert Record.objects.get().for_year == 2025

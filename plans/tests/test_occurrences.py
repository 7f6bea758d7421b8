import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from core.models import AuditEvent
from plans.models import Occurrence, OccurrenceAttachment
from plans.tests.factories import add_item, make_plan, make_record


@pytest.fixture
def plan(world, branch_secretary):
    return make_plan(branch_secretary, world.branch_a)


@pytest.fixture
def meeting(world, branch_secretary, plan):
    return add_item(
        branch_secretary,
        plan,
        "召开支部委员会会议",
        recurrence="monthly",
        day=10,
        record_type="committee_meeting",
        owners=[world.people["member"].id],
    )


def test_an_owner_completes_a_meeting_by_linking_a_record_on_time(world, branch_member, api, meeting):
    rec = make_record(world.branch_a, "committee_meeting", datetime.date(2026, 3, 9))
    occ = meeting.occurrences.get(period="2026-03")
    r = api(branch_member).post(f"occurrences/{occ.id}/complete", {"record": rec.id})
    assert r.status_code == 200, r.content
    assert r.json()["status"] == "done" and r.json()["record"] == rec.id
    occ.refresh_from_db()
    assert occ.on_time and occ.completed_on == datetime.date(2026, 3, 9)
    assert AuditEvent.objects.filter(action="plans.occurrence.complete").exists()
    assert api(branch_member).post(f"occurrences/{occ.id}/complete", {"record": rec.id}).status_code == 409


def test_a_record_after_the_due_date_makes_it_late(world, branch_secretary, api, meeting):
    rec = make_record(world.branch_a, "committee_meeting", datetime.date(2026, 3, 20))
    occ = meeting.occurrences.get(period="2026-03")
    r = api(branch_secretary).post(f"occurrences/{occ.id}/complete", {"record": rec.id})
    assert r.json()["status"] == "late"


def test_a_record_of_another_type_or_branch_is_refused(world, branch_secretary, api, meeting):
    occ = meeting.occurrences.get(period="2026-03")
    wrong_type = make_record(world.branch_a, "theme_day", datetime.date(2026, 3, 9))
    other_branch = make_record(world.branch_b, "committee_meeting", datetime.date(2026, 3, 9))
    client = api(branch_secretary)
    r = client.post(f"occurrences/{occ.id}/complete", {"record": wrong_type.id})
    assert r.status_code == 422 and r.json()["detail"] == "所选记录的类型与事项要求不符。"
    r = client.post(f"occurrences/{occ.id}/complete", {"record": other_branch.id})
    assert r.status_code == 422 and "不属于本组织" in r.json()["detail"]
    r = client.post(f"occurrences/{occ.id}/complete", {"note": "开过了"})
    assert r.status_code == 422 and r.json()["detail"] == "会议类事项须关联一条活动记录。"
    occ.refresh_from_db()
    assert occ.completed_on is None


def test_a_record_that_also_counts_as_the_type_is_accepted(world, branch_secretary, api, plan):
    lesson = add_item(branch_secretary, plan, "讲党课", recurrence="quarterly", day=25, record_type="party_lesson")
    rec = make_record(world.branch_a, "theme_day", datetime.date(2026, 4, 28), also=["party_lesson"])
    occ = lesson.occurrences.get(period="2026Q2")
    assert api(branch_secretary).post(f"occurrences/{occ.id}/complete", {"record": rec.id}).status_code == 200


def test_a_non_meeting_item_is_completed_by_a_note_with_attachments(world, branch_member, branch_secretary, plan):
    item = add_item(
        branch_secretary, plan, "报送党建信息", category="宣传报道", month=5, owners=[world.people["member"].id]
    )
    occ = item.occurrences.get()
    c = Client()
    c.force_login(branch_member)
    photo = SimpleUploadedFile("现场照片.jpg", b"\xff\xd8\xff fake jpeg", content_type="image/jpeg")
    r = c.post(
        f"/plans/occurrences/{occ.id}/", {"note": "已报送区直机关工委", "completed_on": "2026-05-20", "files": [photo]}
    )
    assert r.status_code == 302
    occ.refresh_from_db()
    assert occ.note == "已报送区直机关工委" and occ.completed_on == datetime.date(2026, 5, 20)
    att = OccurrenceAttachment.objects.get()
    assert att.name == "现场照片.jpg"
    download = c.get(f"/plans/attachments/{att.id}/")
    assert download.status_code == 200 and b"fake jpeg" in b"".join(download.streaming_content)
    other = Client()
    other.force_login(world.users["outsider"])
    assert other.get(f"/plans/attachments/{att.id}/").status_code == 404


PDF = b"%PDF-1.4\n<html><script>alert(1)</script></html>\n%%EOF"


def test_attachments_are_served_by_the_type_found_at_upload_not_by_their_name(world, branch_secretary, plan):
    item = add_item(branch_secretary, plan, "报送党建信息", category="宣传报道", month=5)
    occ = item.occurrences.get()
    c = Client()
    c.force_login(branch_secretary)
    disguised = SimpleUploadedFile("报告.html", PDF, content_type="text/html")
    photo = SimpleUploadedFile("现场.gif", b"\x89PNG\r\n\x1a\n fake png", content_type="image/gif")
    r = c.post(f"/plans/occurrences/{occ.id}/", {"note": "已报送", "files": [disguised, photo]})
    assert r.status_code == 302
    pdf, png = OccurrenceAttachment.objects.order_by("id")
    assert (pdf.content_type, png.content_type) == ("application/pdf", "image/png")
    r = c.get(f"/plans/attachments/{pdf.id}/")
    assert r["Content-Type"] == "application/pdf"
    assert r["Content-Disposition"].startswith("attachment;")
    assert r["X-Content-Type-Options"] == "nosniff"
    assert b"".join(r.streaming_content) == PDF
    r = c.get(f"/plans/attachments/{png.id}/")
    assert r["Content-Type"] == "image/png" and r["Content-Disposition"].startswith("inline;")
    assert r["X-Content-Type-Options"] == "nosniff"


def test_a_bad_attachment_type_changes_nothing(world, branch_secretary, plan):
    item = add_item(branch_secretary, plan, "报送党建信息", category="宣传报道", month=5)
    occ = item.occurrences.get()
    c = Client()
    c.force_login(branch_secretary)
    bad = SimpleUploadedFile("virus.exe", b"MZ", content_type="application/octet-stream")
    r = c.post(f"/plans/occurrences/{occ.id}/", {"note": "完成", "files": [bad]})
    assert r.status_code == 200 and "不是允许的类型" in r.content.decode()
    occ.refresh_from_db()
    assert occ.completed_on is None and not OccurrenceAttachment.objects.exists()


def test_a_member_who_is_not_an_owner_cannot_complete(world, branch_member, branch_secretary, api, plan):
    item = add_item(branch_secretary, plan, "报送党建信息", category="宣传报道", month=5)
    occ = item.occurrences.get()
    r = api(branch_member).post(f"occurrences/{occ.id}/complete", {"note": "完成"})
    assert r.status_code == 403
    assert Occurrence.objects.get(pk=occ.pk).completed_on is None


def test_editing_the_schedule_keeps_completed_occurrences(world, branch_secretary, api, meeting):
    rec = make_record(world.branch_a, "committee_meeting", datetime.date(2026, 1, 9))
    first = meeting.occurrences.get(period="2026-01")
    api(branch_secretary).post(f"occurrences/{first.id}/complete", {"record": rec.id})
    r = api(branch_secretary).patch(f"plan-items/{meeting.id}", {"when": {"recurrence": "quarterly", "day": 20}})
    assert r.status_code == 200, r.content
    periods = sorted(meeting.occurrences.values_list("period", flat=True))
    assert periods == ["2026-01", "2026Q1", "2026Q2", "2026Q3", "2026Q4"]
    # An item with completion records may still be deleted: it goes to the 回收站 whole, completions kept.
    assert api(branch_secretary).delete(f"plan-items/{meeting.id}").status_code == 204
    assert not Occurrence.objects.filter(pk=first.pk).exists()
    assert Occurrence.objects.with_deleted().get(pk=first.pk).record == rec


def test_filing_a_record_can_complete_the_matching_occurrences(world, branch_secretary, plan, meeting):
    from plans import actions

    lesson = add_item(branch_secretary, plan, "讲党课", recurrence="quarterly", day=25, record_type="party_lesson")
    trip = add_item(
        branch_secretary,
        plan,
        "赴三涧溪村党员教育",
        category="党员教育",
        due=datetime.date(2026, 4, 16),
        record_type="education",
    )
    record = make_record(world.branch_a, "theme_day", datetime.date(2026, 4, 28), also=["party_lesson"])
    found = actions.occurrences_for_record(record)
    assert [(o.item_id, o.period) for o in found] == [(lesson.id, "2026Q2")]
    assert [o.period for o in actions.link_record(record, by=branch_secretary)] == ["2026Q2"]
    assert lesson.occurrences.get(period="2026Q2").record == record
    edu = make_record(world.branch_a, "education", datetime.date(2026, 4, 16))
    assert [o.item_id for o in actions.occurrences_for_record(edu)] == [trip.id]
    other = make_record(world.branch_b, "committee_meeting", datetime.date(2026, 3, 9))
    assert actions.occurrences_for_record(other) == []
    assert (
        actions.link_record(
            make_record(world.branch_a, "committee_meeting", datetime.date(2026, 3, 9)), by=world.users["outsider"]
        )
        == []
    )

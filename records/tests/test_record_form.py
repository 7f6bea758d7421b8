"""The record form: today's date to start with, 所属年度 for the yearly duties, photos at creation, and an
edit posted back unchanged changes nothing."""

import datetime
import os
from html.parser import HTMLParser

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from core.testing import make_person
from records.actions import record_snapshot
from records.models import Absence, Attachment, Record

PNG = b"\x89PNG\r\n\x1a\n" + bytes.fromhex(
    "0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201"
    "a5f5c1b60000000049454e44ae426082"
)
EXE = b"MZ\x90\x00" + b"\x00" * 200


class FormValues(HTMLParser):
    """What a browser would submit from the first <form data-testid="record-form"> of a page."""

    def __init__(self):
        super().__init__()
        self.data, self.inside, self.select, self.textarea = [], False, None, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and a.get("data-testid") == "record-form":
            self.inside = True
        if not self.inside or "disabled" in a:
            return
        if tag == "input" and a.get("name") and a.get("type") != "file":
            if a.get("type") in ("checkbox", "radio"):
                if "checked" in a:
                    self.data.append((a["name"], a.get("value", "on")))
            else:
                self.data.append((a["name"], a.get("value", "")))
        elif tag == "select":
            self.select = a.get("name")
        elif tag == "option" and self.select and "selected" in a:
            self.data.append((self.select, a.get("value", "")))
        elif tag == "textarea":
            self.textarea = [a["name"], ""]

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self.select = None
        elif tag == "textarea" and self.textarea is not None:
            name, text = self.textarea
            self.data.append((name, text[1:] if text.startswith("\n") else text))
            self.textarea = None


def form_values(html):
    parser = FormValues()
    parser.feed(html)
    out = {}
    for name, value in parser.data:
        out.setdefault(name, []).append(value)
    return out


def test_a_new_record_starts_with_todays_date_in_iso_and_offers_checkboxes(world, branch_secretary, client):
    client.force_login(branch_secretary)
    html = client.get("/records/new/", {"org": world.branch_a.id}).content.decode()
    today = timezone.localdate().isoformat()
    assert f'type="date" name="date" value="{today}"' in html
    assert form_values(html)["date"] == [today]
    assert 'type="checkbox" name="also_counts_as" value="party_lesson" class="form-check-input"' in html
    assert '<select name="also_counts_as"' not in html
    assert 'type="file" name="photos" id="id_photos" accept="image/*" multiple' in html


@pytest.mark.parametrize(
    ("date", "given", "stored"),
    [("2026-02-24", "", 2025), ("2026-03-31", "", 2025), ("2026-04-01", "", 2026), ("2026-02-24", "2026", 2026)],
)
def test_the_year_a_yearly_duty_is_for_defaults_by_quarter(world, branch_secretary, api, date, given, stored):
    data = {"org": world.branch_a.id, "type": "democratic_review", "title": "民主评议党员", "date": date}
    if given:
        data["for_year"] = int(given)
    r = api(branch_secretary).post("records", data)
    assert r.status_code == 201, r.content
    assert r.json()["for_year"] == stored


def test_other_types_have_no_year_of_their_own(world, branch_secretary, api):
    r = api(branch_secretary).post(
        "records",
        {"org": world.branch_a.id, "type": "theme_day", "title": "主题党日", "date": "2026-02-24", "for_year": 2025},
    )
    assert r.status_code == 201 and r.json()["for_year"] is None
    r = api(branch_secretary).post(
        "records",
        {
            "org": world.branch_a.id,
            "type": "general_meeting",
            "also_counts_as": ["org_life_meeting"],
            "title": "党员大会暨组织生活会",
            "date": "2026-01-20",
        },
    )
    assert r.json()["for_year"] == 2025  # it also counts as a 组织生活会


@pytest.mark.parametrize("year", [2023, 2027])
def test_a_year_other_than_the_meetings_or_the_one_before_is_refused(world, branch_secretary, api, year):
    r = api(branch_secretary).post(
        "records",
        {
            "org": world.branch_a.id,
            "type": "org_life_meeting",
            "title": "组织生活会",
            "date": "2026-02-24",
            "for_year": year,
        },
    )
    assert r.status_code == 422
    assert r.json()["errors"]["for_year"] == ["组织生活会的所属年度只能是会议当年（2026）或上一年度（2025）。"]
    assert Record.objects.count() == 0


def test_the_form_asks_the_year_only_for_yearly_duties(world, branch_secretary, client):
    client.force_login(branch_secretary)
    rec = Record.objects.create(
        org=world.branch_a, type="org_life_meeting", title="2025年度组织生活会", date=datetime.date(2026, 2, 24)
    )
    assert rec.for_year == 2025
    html = client.get(f"/records/{rec.id}/edit/").content.decode()
    assert 'name="for_year" value="2025"' in html
    assert 'd-none" data-for-year' not in html
    assert "2025年度" in client.get(f"/records/{rec.id}/").content.decode()
    html = client.get("/records/new/", {"org": world.branch_a.id}).content.decode()
    assert 'd-none" data-for-year' in html  # a 支部党员大会 by default: hidden until a yearly duty is chosen


def upload(name, content, content_type="image/png"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def new_record_post(world, **extra):
    data = {
        "op": "save",
        "org": world.branch_a.id,
        "type": "theme_day",
        "title": "主题党日：重温入党誓词",
        "date": "2026-05-20",
        "content": "全体党员面向党旗重温入党誓词。",
        f"att_{world.people['secretary'].id}": "present",
    }
    data.update(extra)
    return data


def test_photos_chosen_on_the_create_form_are_saved_with_the_record(world, branch_secretary, client):
    client.force_login(branch_secretary)
    r = client.post(
        f"/records/new/?org={world.branch_a.id}",
        new_record_post(world, photos=[upload("合影.png", PNG), upload("IMG_0001.jpg", PNG)]),
    )
    assert r.status_code == 302, r.content.decode()[:3000]
    record = Record.objects.get()
    photos = list(record.attachments.order_by("id"))
    assert [p.kind for p in photos] == ["photo", "photo"]
    assert all(default_storage.exists(p.file.name) for p in photos)
    html = client.get(r["Location"]).content.decode()
    assert "照片2张" in html and html.count('data-testid="photos"') == 1
    assert all(f"/records/attachments/{p.id}/" in html for p in photos)


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        (upload("照片.jpg", EXE, "image/jpeg"), "的内容不是允许的类型"),
        (upload("通知.pdf", b"%PDF-1.4\n" + b"0" * 100, "application/pdf"), "不是照片"),
        (upload("空.png", b""), "是空的"),
    ],
)
def test_a_refused_photo_saves_nothing_and_the_form_comes_back_filled(world, branch_secretary, client, bad, message):
    client.force_login(branch_secretary)
    r = client.post(
        f"/records/new/?org={world.branch_a.id}", new_record_post(world, photos=[upload("合影.png", PNG), bad])
    )
    html = r.content.decode()
    assert r.status_code == 200
    assert message in html and "记录尚未保存，请重新选择照片" in html
    assert 'value="主题党日：重温入党誓词"' in html and "全体党员面向党旗重温入党誓词。" in html
    assert form_values(html)[f"att_{world.people['secretary'].id}"] == ["present"]
    assert Record.objects.count() == 0 and Attachment.objects.count() == 0 and Absence.objects.count() == 0
    media = default_storage.location
    assert not os.path.exists(os.path.join(media, "records")) or not any(
        files for _root, _dirs, files in os.walk(os.path.join(media, "records"))
    )


def test_an_unchanged_edit_posted_back_changes_nothing(world, branch_secretary, client):
    a = world.branch_a
    candidate = make_person(a, "孙立", category="candidate", seq=12)
    secretary, member = world.people["secretary"], world.people["member"]
    rec = Record.objects.create(
        org=a,
        type="org_life_meeting",
        also_counts_as=["democratic_review"],
        title="2025年度组织生活会",
        date=datetime.date(2026, 2, 24),
        for_year=2025,
        start_time=datetime.time(14, 30),
        place="党员活动室",
        host=secretary,
        recorder=member,
        agenda="一、通报\n二、检视剖析",
        content="会前征求意见。\n\n会上开展批评和自我批评。",
        decisions="形成整改清单。",
    )
    rec.attendees.set([secretary])
    rec.observers.set([candidate])
    Absence.objects.create(record=rec, person=member, reason="病假")
    before = record_snapshot(rec)
    client.force_login(branch_secretary)
    html = client.get(f"/records/{rec.id}/edit/").content.decode()
    r = client.post(f"/records/{rec.id}/edit/", form_values(html))
    assert r.status_code == 302, r.content.decode()[:3000]
    rec.refresh_from_db()
    after = record_snapshot(rec)
    before.pop("updated_at", None), after.pop("updated_at", None)
    assert after == before


@pytest.mark.parametrize(
    ("value", "message"), [("二〇二五", "所属年度应为四位年份，如2025。"), ("1999", "所属年度应在2000年至2100年之间。")]
)
def test_a_badly_typed_year_is_refused_in_plain_words(world, branch_secretary, client, value, message):
    client.force_login(branch_secretary)
    r = client.post(
        f"/records/new/?org={world.branch_a.id}",
        new_record_post(world, type="org_life_meeting", title="组织生活会", for_year=value),
    )
    assert r.status_code == 200 and message in r.content.decode()
    assert Record.objects.count() == 0

"""Publicity: freeze a ranking, publish for N working days (holidays respected), answer objections, announce."""

import datetime

import pytest

from points import publicity
from points.models import Publicity

from .conftest import approve_all, declare


def test_working_days_skip_the_national_day_holiday_and_count_make_up_days():
    # 2026-09-30 (Wed) then 10-01…10-07 are holidays; 10-10 (Sat) is a make-up working day.
    assert publicity.add_workdays(datetime.date(2026, 9, 30), 5) == datetime.date(2026, 10, 12)
    assert publicity.add_workdays(datetime.date(2026, 10, 3), 1) == datetime.date(2026, 10, 8)
    assert publicity.add_workdays(datetime.date(2026, 11, 20), 5) == datetime.date(2026, 11, 26)


@pytest.fixture
def frozen(world, scheme, api, branch_secretary, committee_admin, reviewers):
    approve_all(
        api,
        reviewers,
        declare(
            api(branch_secretary),
            item=scheme["org_item"],
            subject_org=world.branch_a.id,
            quantity=4,
            occurred_on="2026-03-01",
        ),
    )
    r = api(committee_admin).post(
        "points/publicities",
        {"scheme": scheme["id"], "subject_type": "org", "until": "2026-05-31", "objection_days": 5},
    )
    assert r.status_code == 201, r.content
    return r.json()


def _set_today(monkeypatch, day):
    monkeypatch.setattr(publicity, "today", lambda: day)


def test_publicity_runs_from_snapshot_to_announcement(
    world, scheme, frozen, api, committee_admin, branch_member, branch_secretary, reviewers, monkeypatch
):
    assert frozen["title"] == "2026年1-5月党组织积分排名"
    assert frozen["items"][0]["total"] == 20 and frozen["items"][0]["normalized"] == 100
    # Later approvals do not change a frozen snapshot.
    approve_all(
        api,
        reviewers,
        declare(
            api(branch_secretary), item=scheme["org_item"], subject_org=world.branch_a.id, occurred_on="2026-04-01"
        ),
    )
    admin = api(committee_admin)
    pid = frozen["id"]
    assert admin.get(f"points/publicities/{pid}").json()["items"][0]["total"] == 20

    r = api(branch_member).post(f"points/publicities/{pid}/objections", {"content": "尚未公示"})
    assert r.status_code == 409
    _set_today(monkeypatch, datetime.date(2026, 9, 30))
    assert api(branch_secretary).post(f"points/publicities/{pid}/publish").status_code == 403
    r = admin.post(f"points/publicities/{pid}/publish")
    assert r.status_code == 200 and r.json()["objection_deadline"] == "2026-10-12"
    assert admin.post(f"points/publicities/{pid}/publish").status_code == 409

    r = api(branch_member).post(f"points/publicities/{pid}/objections", {"content": "本支部5月志愿服务未计入"})
    assert r.status_code == 201
    objection = r.json()["id"]
    _set_today(monkeypatch, datetime.date(2026, 10, 13))
    r = admin.post(f"points/publicities/{pid}/announce")
    assert r.status_code == 409 and "未答复" in r.json()["detail"]
    assert api(branch_member).post(f"points/objections/{objection}/answer", {"answer": "x"}).status_code == 403
    r = admin.post(f"points/objections/{objection}/answer", {"answer": "该活动6月开展，计入下一期"})
    assert r.status_code == 200
    r = api(branch_member).post(f"points/publicities/{pid}/objections", {"content": "再提一条"})
    assert r.status_code == 409 and "公示期已" in r.json()["detail"]
    r = admin.post(f"points/publicities/{pid}/announce")
    assert r.status_code == 200 and r.json()["state"] == "announced" and r.json()["announced_on"] == "2026-10-13"


def test_announcing_during_the_objection_period_is_refused(frozen, api, committee_admin, monkeypatch):
    admin = api(committee_admin)
    _set_today(monkeypatch, datetime.date(2026, 9, 30))
    admin.post(f"points/publicities/{frozen['id']}/publish")
    _set_today(monkeypatch, datetime.date(2026, 10, 12))
    r = admin.post(f"points/publicities/{frozen['id']}/announce")
    assert r.status_code == 409 and "期满" in r.json()["detail"]
    assert Publicity.objects.get(pk=frozen["id"]).state == "published"


def test_freeze_refuses_a_date_outside_the_year_and_outsiders(world, scheme, api, committee_admin, outsider):
    r = api(committee_admin).post(
        "points/publicities", {"scheme": scheme["id"], "subject_type": "org", "until": "2027-01-31"}
    )
    assert r.status_code == 422 and "2026年" in r.json()["detail"]
    r = api(outsider).post("points/publicities", {"scheme": scheme["id"], "subject_type": "org", "until": "2026-05-31"})
    assert r.status_code == 403
    assert not Publicity.objects.exists()


def test_announcement_prints_on_a4(frozen, committee_admin, api, monkeypatch):
    from django.test import Client

    _set_today(monkeypatch, datetime.date(2026, 9, 30))
    api(committee_admin).post(f"points/publicities/{frozen['id']}/publish")
    c = Client()
    c.force_login(committee_admin)
    html = c.get(f"/points/publicity/{frozen['id']}/print/").content.decode()
    assert "公示期为 5 个工作日" in html and "统计局第一党支部" in html and "css/app.css" in html


OBJECTION = "本支部5月志愿服务未计入，附活动照片为证"
ANSWER = "该活动6月开展，计入下一期"


@pytest.fixture
def objected(world, frozen, api, committee_admin, branch_member, monkeypatch):
    _set_today(monkeypatch, datetime.date(2026, 9, 30))
    assert api(committee_admin).post(f"points/publicities/{frozen['id']}/publish").status_code == 200
    r = api(branch_member).post(f"points/publicities/{frozen['id']}/objections", {"content": OBJECTION})
    assert r.status_code == 201
    objection = r.json()["id"]
    r = api(committee_admin).post(f"points/objections/{objection}/answer", {"answer": ANSWER})
    assert r.status_code == 200
    return frozen["id"]


def test_objection_texts_are_for_the_objector_the_committee_and_the_reviewers(
    world, objected, api, client, committee_admin, branch_member, branch_secretary, member_b, reviewers
):
    readers = {"objector": branch_member, "committee": committee_admin, "reviewer": reviewers[1]}
    others = {"another branch's member": member_b, "the objector's branch admin": branch_secretary}
    for who, user in {**readers, **others}.items():
        body = api(user).get(f"points/publicities/{objected}").json()
        listed = api(user).get("points/publicities").json()["items"][0]
        client.force_login(user)
        html = client.get(f"/points/publicity/{objected}/").content.decode()
        objection = body["objections"][0]
        assert objection["answer"] == ANSWER and ANSWER in html, who
        assert listed["objections"][0]["content"] == objection["content"], who
        if who in readers:
            assert objection["content"] == OBJECTION and OBJECTION in html, who
            assert not objection["content_hidden"]
        else:
            assert objection["content"] is None and objection["content_hidden"], who
            assert OBJECTION not in html and "异议内容仅提出人、工委和审核人可见" in html, who
            assert branch_member.display_name not in html.split("异议与答复")[1], who


def test_the_auditor_reads_no_objection_texts(objected, auditor, api, client):
    from core.models import AuditEvent

    client.force_login(auditor)
    seen = client.get("/audit/?action=points.objection").content.decode()
    seen += str(api(auditor).get("audit/events", {"action": "points.objection"}).json())
    assert AuditEvent.objects.filter(action__startswith="points.objection").count() == 2
    assert OBJECTION[:10] not in seen and ANSWER[:8] not in seen
    assert "的异议" in seen and "已填写（" in seen

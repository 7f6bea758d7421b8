"""The 党建动态 API: list/create, read/patch, photos, transitions (409 from a wrong state), scope 404."""

import pytest
from django.test import Client

from core import dates
from notices.demo_news import make_png

from .news_helpers import in_state, news

pytestmark = pytest.mark.django_db


def body(world, **kw):
    return {
        "org": world.branch_a.pk,
        "title": "支部开展志愿服务",
        "date": dates.today().isoformat(),
        "body": "正文",
        **kw,
    }


def test_create_submit_approve_through_the_api(world, api, branch_secretary, committee_admin):
    r = api(branch_secretary).post("news", body(world))
    assert r.status_code == 201, r.json()
    item = r.json()
    assert item["state"] == "draft" and item["actions"] == ["submit"]
    assert api(branch_secretary).post(f"news/{item['id']}/submit").json()["state"] == "submitted"
    r = api(committee_admin).post(f"news/{item['id']}/approve", {"comment": "同意"})
    assert r.status_code == 200 and r.json()["state"] == "published" and r.json()["public_url"]
    listed = api(world.users["branch_member"]).get("news").json()
    assert [i["id"] for i in listed["items"]] == [item["id"]] and listed["count"] == 1


def test_a_wrong_state_answers_409(world, api, committee_admin):
    item = in_state(world, "draft")
    r = api(committee_admin).post(f"news/{item.pk}/approve", {})
    assert r.status_code == 409 and "不在审核中" in r.json()["detail"]


def test_return_without_reason_is_422(world, api, committee_admin):
    item = in_state(world, "submitted")
    assert api(committee_admin).post(f"news/{item.pk}/return", {"reason": ""}).status_code == 422


def test_another_branch_draft_answers_404(world, api, outsider):
    item = in_state(world, "draft")
    assert api(outsider).get(f"news/{item.pk}").status_code == 404
    assert api(outsider).patch(f"news/{item.pk}", {"title": "x"}).status_code == 404
    assert api(outsider).post(f"news/{item.pk}/submit").status_code == 404
    assert api(outsider).get(f"news/{2**53 - 1}").status_code == 404


def test_the_branch_cannot_approve_its_own_item_403(world, api, branch_secretary):
    item = in_state(world, "submitted")
    assert api(branch_secretary).post(f"news/{item.pk}/approve", {}).status_code == 403


@pytest.mark.parametrize("who", ["sysadmin", "secadmin", "auditor"])
def test_system_roles_are_refused(world, api, who):
    assert api(world.users[who]).post("news", body(world)).status_code == 403
    assert api(world.users[who]).get("news").status_code == 403


def test_bad_input_never_500(world, api, branch_secretary):
    c = api(branch_secretary)
    assert c.post("news", body(world, title="长" * 200000)).status_code == 422
    assert c.post("news", body(world, date="2026-02-30")).status_code == 422
    assert c.post("news", body(world, org=2**60)).status_code == 422
    assert c.post("news", body(world, occurrence=999999)).status_code == 422
    assert c.post("news", raw="{not json").status_code == 400
    assert c.get("news", {"state": "bogus"}).json()["count"] == 0


def test_patch_round_trip_changes_nothing(world, api, branch_secretary):
    item = in_state(world, "draft")
    c = api(branch_secretary)
    before = c.get(f"news/{item.pk}").json()
    same = {k: before[k] for k in ("title", "date", "body")} | {"org": before["org"]["id"]}
    after = c.patch(f"news/{item.pk}", same).json()
    assert after == before


def test_photo_upload_checks_the_content(world, branch_secretary):
    from accounts.models import ApiToken

    item = news(branch_secretary, world.branch_a)
    c = Client(HTTP_AUTHORIZATION=f"Bearer {ApiToken.issue(branch_secretary)}")
    from django.core.files.uploadedfile import SimpleUploadedFile

    r = c.post(f"/api/v1/news/{item.pk}/photos", {"file": SimpleUploadedFile("a.png", make_png(20, 20))})
    assert r.status_code == 201, r.content
    photo = r.json()["id"]
    r = c.post(f"/api/v1/news/{item.pk}/photos", {"file": SimpleUploadedFile("a.png", b"MZ\x90\x00 exe")})
    assert r.status_code == 422 and "不是图片" in r.json()["detail"]
    assert c.delete(f"/api/v1/news/{item.pk}/photos/{photo}").status_code == 204
    assert item.photos.count() == 0

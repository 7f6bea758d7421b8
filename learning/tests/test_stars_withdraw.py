"""Withdrawing a named 学习之星: the naming committee's admin withdraws it (API and the list's button, which asks
first), audited with what it was and why; it leaves the list, the person's page and the 表彰 suggestions; a branch
admin or the member is refused, another committee's admin and the system roles do not reach it."""

import datetime

import pytest

from core.models import AuditEvent
from core.testing import make_person
from learning import hours
from learning.models import StudyStar

from .extras_helpers import page_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def star(world, api, committee_admin):
    a = make_person(world.branch_a, "甲", seq=60)
    hours.credit(a, source="lesson", ref=1, hours=6, date=datetime.date(2026, 3, 10), note="在线学习")
    body = {"org": world.committee.pk, "period_kind": "month", "year": 2026, "period": 3, "people": [a.pk]}
    r = api(committee_admin).post("learning/study-stars", body)
    assert r.status_code == 201, r.content
    return StudyStar.objects.get(pk=r.json()["items"][0]["id"])


def test_the_committee_withdraws_a_star_with_a_reason(world, api, committee_admin, star):
    r = api(committee_admin).post(f"learning/study-stars/{star.pk}/withdraw", {"reason": "学时记录有误"})
    assert r.status_code == 204, r.content
    assert not StudyStar.objects.exists()
    event = AuditEvent.objects.get(action="learning.star.withdraw")
    assert event.before["person_id"] == star.person_id and event.after["reason"].startswith(
        "已填写（6 字"
    )  # free text is masked in the trail
    again = api(committee_admin).post(f"learning/study-stars/{star.pk}/withdraw", {})
    assert again.status_code == 404
    html = page_client(committee_admin).get(f"/people/{star.person_id}/").content.decode()
    assert "2026年3月学习之星" not in html


def test_refusals_and_scope(world, api, star, branch_secretary, branch_member, outsider, sysadmin):
    url = f"learning/study-stars/{star.pk}/withdraw"
    r = api(branch_secretary).post(url, {})
    assert r.status_code == 403 and "只有评选该学习之星的党委" in r.json()["detail"]
    assert api(branch_member).post(url, {}).status_code == 403
    assert api(sysadmin).post(url, {}).status_code in (403, 404)
    long = api(world.users["committee_admin"]).post(url, {"reason": "很" * 201})
    assert long.status_code in (400, 422)
    assert api(world.users["committee_admin"]).post("learning/study-stars/999999/withdraw", {}).status_code == 404
    assert StudyStar.objects.filter(pk=star.pk).exists()
    from assessments.tests.mass_world import far_committee

    _far, _branch, far_admin = far_committee()
    assert api(far_admin).post(url, {}).status_code == 404
    assert (
        StudyStar.objects.filter(pk=star.pk).exists()
        and not AuditEvent.objects.filter(action="learning.star.withdraw").exists()
    )


def test_the_list_offers_the_button_asking_first_only_to_the_committee(world, committee_admin, branch_secretary, star):
    admin = page_client(committee_admin)
    html = admin.get("/learning/stars/").content.decode()
    assert 'data-testid="star-withdraw"' in html and "确定撤销吗" in html
    assert f"/learning/stars/{star.pk}/withdraw/" in html
    branch = page_client(branch_secretary)
    mine = branch.get("/learning/stars/").content.decode()
    assert "甲" in mine and 'data-testid="star-withdraw"' not in mine
    refused = branch.post(f"/learning/stars/{star.pk}/withdraw/", follow=True)
    assert "只有评选该学习之星的党委" in refused.content.decode() and StudyStar.objects.exists()
    r = admin.post(f"/learning/stars/{star.pk}/withdraw/", follow=True)
    assert "已撤销甲的2026年3月学习之星。" in r.content.decode() and not StudyStar.objects.exists()
    assert admin.post(f"/learning/stars/{star.pk}/withdraw/").status_code == 404


def test_a_withdrawn_star_is_no_longer_suggested_for_an_award(world, api, committee_admin, star):
    types = api(committee_admin).post("assessments/award-types/common", {"committee": world.committee.pk}).json()
    award = next(t["id"] for t in types if t["name"] == "四优共产党员")

    def suggested():
        rows = api(committee_admin).get("assessments/award-candidates", {"award_type": award, "year": 2026}).json()
        return [c["person"]["name"] for c in rows["items"] if c["source"] == "study_star"]

    assert suggested() == ["甲"]
    api(committee_admin).post(f"learning/study-stars/{star.pk}/withdraw", {})
    assert suggested() == []

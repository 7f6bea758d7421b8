"""补录: a branch admin enters off-line training with its certificate; another admin of the branch or one above
approves it and the hours are credited once; revoking takes them back; every refusal says why."""

import datetime

import pytest

from core import dates
from core.models import AuditEvent
from core.testing import make_user
from learning import hours
from learning.models import HourEntry, OfflineTraining

from .extras_helpers import PNG, last_month_end, multipart, offline_body, page_client

pytestmark = pytest.mark.django_db


def _enter(world, user, **over):
    r = multipart(user, "learning/offline-trainings", offline_body(world.people["member"], **over))
    assert r.status_code == 201, r.content
    return r.json()


def _earned(person):
    return hours.of_person(person, last_month_end().year).earned


def test_an_approved_entry_credits_its_hours_once_and_revoking_takes_them_back(
    world, api, branch_secretary, committee_admin, branch_member
):
    member = world.people["member"]
    before = _earned(member)
    t = _enter(world, branch_secretary)
    assert t["state"] == "submitted" and t["certificate"] and t["actions"] == []
    assert _earned(member) == before  # nothing counts before the approval
    assert api(committee_admin).get(f"learning/offline-trainings/{t['id']}").json()["actions"] == ["approve", "return"]
    r = api(committee_admin).post(f"learning/offline-trainings/{t['id']}/transitions/approve", {"comment": "证书齐全"})
    assert r.status_code == 200 and r.json()["state"] == "approved", r.content
    assert _earned(member) == before + 6
    entry = HourEntry.objects.get(source="offline", ref=t["id"])
    assert entry.note == "线下培训：区委党校党员轮训班" and entry.date == last_month_end()
    # The member sees it among her hours, with its source.
    mine = api(branch_member).get("learning/hours", {"person": member.pk, "year": last_month_end().year}).json()
    assert any(i["source"] == "offline" and i["ref"] == t["id"] for i in mine["items"])
    # Approving again is refused (it is approved already): no second credit.
    again = api(committee_admin).post(f"learning/offline-trainings/{t['id']}/transitions/approve", {})
    assert again.status_code == 409 and HourEntry.objects.filter(source="offline", ref=t["id"]).count() == 1
    r = api(committee_admin).post(f"learning/offline-trainings/{t['id']}/transitions/revoke", {"reason": "证书有误"})
    assert r.status_code == 200 and r.json()["state"] == "revoked"
    assert _earned(member) == before and not HourEntry.objects.filter(source="offline", ref=t["id"]).exists()
    codes = set(AuditEvent.objects.filter(action__startswith="learning.offline").values_list("action", flat=True))
    assert codes == {"learning.offline.create", "learning.offline.approve", "learning.offline.revoke"}


def test_a_second_admin_of_the_same_branch_may_approve(world, api, branch_secretary):
    deputy = make_user("deputy_a", roles=[("org_admin", world.branch_a)])
    t = _enter(world, branch_secretary)
    r = api(deputy).post(f"learning/offline-trainings/{t['id']}/transitions/approve", {})
    assert r.status_code == 200 and r.json()["state"] == "approved"


def test_the_one_who_entered_it_and_the_person_herself_cannot_approve(world, api, branch_secretary, committee_admin):
    t = _enter(world, branch_secretary)
    r = api(branch_secretary).post(f"learning/offline-trainings/{t['id']}/transitions/approve", {})
    assert r.status_code == 403 and "不能审核自己录入的补录" in r.json()["detail"]
    own = multipart(committee_admin, "learning/offline-trainings", offline_body(world.people["secretary"]))
    assert own.status_code == 201
    r = api(branch_secretary).post(f"learning/offline-trainings/{own.json()['id']}/transitions/approve", {})
    assert r.status_code == 403 and "不能审核本人的补录" in r.json()["detail"]


def test_returning_needs_a_reason_and_ends_the_entry(world, api, branch_secretary, committee_admin):
    t = _enter(world, branch_secretary)
    r = api(committee_admin).post(f"learning/offline-trainings/{t['id']}/transitions/return", {})
    assert r.status_code == 422 and "理由" in r.json()["detail"]
    r = api(committee_admin).post(f"learning/offline-trainings/{t['id']}/transitions/return", {"reason": "证书不清晰"})
    assert r.status_code == 200 and r.json()["state"] == "returned" and r.json()["comment"] == "证书不清晰"
    assert not HourEntry.objects.filter(source="offline").exists()


def test_bad_input_is_refused_with_a_clear_message(world, api, branch_secretary):
    member = world.people["member"]
    path = "learning/offline-trainings"
    r = multipart(branch_secretary, path, offline_body(member), file=None)
    assert r.status_code == 422
    r = multipart(branch_secretary, path, offline_body(member), file=("证书.pdf", b"not a pdf at all"))
    assert r.status_code == 422 and "不是允许的类型" in r.json()["detail"]
    r = multipart(branch_secretary, path, offline_body(member), file=("证书.pdf", PNG))
    assert r.status_code == 422 and "扩展名" in r.json()["detail"]
    future = dates.today() + datetime.timedelta(days=3)
    r = multipart(branch_secretary, path, offline_body(member, end=future))
    assert r.status_code == 422 and "已经结束" in r.json()["detail"]
    r = multipart(
        branch_secretary,
        path,
        {
            **offline_body(member),
            "start": last_month_end().isoformat(),
            "end": (last_month_end() - datetime.timedelta(days=5)).isoformat(),
        },
    )
    assert r.status_code == 422 and "结束日期不能早于开始日期" in r.json()["detail"]
    r = multipart(branch_secretary, path, offline_body(member, hours="0"))
    assert r.status_code == 422
    assert not OfflineTraining.objects.exists()


def test_members_system_roles_and_other_branches_cannot_enter_or_see_them(
    world, api, branch_secretary, branch_member, outsider, sysadmin
):
    member = world.people["member"]
    r = multipart(branch_member, "learning/offline-trainings", offline_body(member))
    assert r.status_code == 422 and "未找到该人员" in r.json()["detail"]
    r = multipart(outsider, "learning/offline-trainings", offline_body(member))
    assert r.status_code == 422 and "未找到该人员" in r.json()["detail"]  # as for a person who does not exist
    assert multipart(sysadmin, "learning/offline-trainings", offline_body(member)).status_code == 403
    t = _enter(world, branch_secretary)
    assert api(outsider).get(f"learning/offline-trainings/{t['id']}").status_code == 404
    assert api(outsider).post(f"learning/offline-trainings/{t['id']}/transitions/approve", {}).status_code == 404
    assert api(outsider).get("learning/offline-trainings").json()["count"] == 0
    # The member reads her own entry, but cannot decide it.
    assert api(branch_member).get(f"learning/offline-trainings/{t['id']}").json()["actions"] == []
    assert page_client(outsider).get(f"/learning/offline/{t['id']}/certificate/").status_code == 404


def test_the_pages_enter_and_approve_and_the_list_keeps_its_query_count(
    world, branch_secretary, committee_admin, django_assert_max_num_queries
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from .extras_helpers import PDF

    c = page_client(branch_secretary)
    assert "补录线下培训" in c.get("/learning/offline/new/").content.decode()
    data = {**offline_body(world.people["member"]), "certificate": SimpleUploadedFile("结业证书.pdf", PDF)}
    r = c.post("/learning/offline/new/", data)
    assert r.status_code == 302, r.content.decode()[:2000]
    t = OfflineTraining.objects.get()
    admin = page_client(committee_admin)
    for i in range(4):
        multipart(
            branch_secretary, "learning/offline-trainings", offline_body(world.people["member"], title=f"培训{i}")
        )
    # +1: 通知公告's to-do badge (one UNION of its parts)
    with django_assert_max_num_queries(25):
        page = admin.get("/learning/offline/").content.decode()
    assert page.count('data-transition="approve"') == 5
    r = admin.post(f"/learning/offline/{t.pk}/approve/", {"comment": ""})
    assert r.status_code == 302
    t.refresh_from_db()
    assert t.state == "approved" and HourEntry.objects.filter(source="offline", ref=t.pk).exists()
    assert page_client(world.users["branch_member"]).get(f"/learning/offline/{t.pk}/certificate/").status_code == 200

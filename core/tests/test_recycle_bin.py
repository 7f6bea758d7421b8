"""回收站: deletes are soft, vanish from every read, and come back whole on an audited restore within 30 days."""

import datetime
import io

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from core import trash
from core.errors import Forbidden
from core.models import AuditEvent
from plans import actions as plan_actions
from plans import compliance
from plans.models import Claim, ItemOwner, Occurrence, PlanItem
from plans.tests.factories import add_item, make_plan, make_record
from records import actions as record_actions
from records.models import Attachment, Record
from search import engine

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def browser(user):
    c = Client()
    c.force_login(user)
    return c


@pytest.fixture
def plan(world, branch_secretary):
    return make_plan(branch_secretary, world.branch_a)


@pytest.fixture
def trip(world, branch_secretary, branch_member, plan):
    """An item with an owner, a pending claim and a completed time node: everything that must come back."""
    item = add_item(
        branch_secretary,
        plan,
        "赴章丘区三涧溪村开展党员教育",
        category="党员教育",
        recurrence="quarterly",
        day=20,
        owners=[world.people["secretary"].id],
    )
    plan_actions.claim_item(item, by=branch_member, data={"note": "我来联系村里"})
    occ = item.occurrences.get(period="2026Q1")
    plan_actions.complete_occurrence(occ, by=branch_secretary, data={"note": "已完成", "completed_on": "2026-03-18"})
    return item


def _delete_item(user, item):
    return browser(user).post(f"/plans/items/{item.pk}/delete/")


def _restore(user, obj):
    return browser(user).post(f"/recycle-bin/{obj._meta.label_lower}/{obj.pk}/restore/")


def _search_ids(user, q, kind):
    return [h.id for h in engine.search(user, q).hits if h.kind == kind]


def test_deleting_an_item_hides_it_everywhere_and_puts_it_in_the_bin(
    world, branch_secretary, branch_member, committee_admin, outsider, api, plan, trip
):
    assert _search_ids(branch_secretary, "三涧溪", "plan_item") == [trip.pk]
    progress = api(branch_secretary).get(f"plans/{plan.pk}/progress").json()
    assert (progress["planned_total"], progress["done_total"]) == (4, 1)
    c = browser(branch_secretary)
    r = c.post(f"/plans/items/{trip.pk}/delete/")
    assert r.status_code == 302
    messages = c.get(f"/plans/{plan.pk}/").content.decode()
    assert "已将事项《赴章丘区三涧溪村开展党员教育》移入回收站" in messages and 'href="/recycle-bin/"' in messages
    # Gone from the pages, the API, search, counts and the branch's lists …
    page = browser(branch_secretary).get(f"/plans/{plan.pk}/").content.decode()
    assert "赴章丘区三涧溪村开展党员教育" not in page
    assert (
        "赴章丘区三涧溪村开展党员教育"
        not in browser(branch_secretary).get(f"/plans/{plan.pk}/division/").content.decode()
    )
    assert api(branch_secretary).get(f"plans/{plan.pk}/items").json()["count"] == 0
    assert api(branch_secretary).get(f"plan-items/{trip.pk}").status_code == 404
    assert browser(branch_secretary).get(f"/plans/items/{trip.pk}/edit/").status_code == 404
    assert _search_ids(branch_secretary, "三涧溪", "plan_item") == []
    progress = api(branch_secretary).get(f"plans/{plan.pk}/progress").json()  # completion counts
    assert (progress["planned_total"], progress["done_total"], progress["categories"]) == (0, 0, [])
    assert api(branch_secretary).get(f"plans/{plan.pk}/timeline").json()["count"] == 0
    assert PlanItem.objects.with_deleted().filter(pk=trip.pk).exists()  # the row waits in the bin
    assert browser(branch_secretary).get("/plans/").context["page"][0].item_count == 0
    assert not Occurrence.objects.filter(item_id=trip.pk).exists()
    assert not Claim.objects.filter(item_id=trip.pk).exists()
    assert not ItemOwner.objects.filter(item_id=trip.pk).exists()
    assert not world.people["secretary"].plan_items.exists()
    # … and in the bin of the branch's admins (the committee's admin manages the branch too), nobody else's.
    for user in (branch_secretary, committee_admin):
        bin_page = browser(user).get("/recycle-bin/").content.decode()
        assert "赴章丘区三涧溪村开展党员教育" in bin_page and "清单事项" in bin_page and "还可恢复 30 天" in bin_page
    for user in (outsider, branch_member, world.users["sysadmin"]):
        assert "赴章丘区三涧溪村开展党员教育" not in browser(user).get("/recycle-bin/").content.decode()
    event = AuditEvent.objects.get(action="plans.planitem.delete")
    assert event.object_id == str(trip.pk) and event.before["title"] == "赴章丘区三涧溪村开展党员教育"
    assert event.before["completed"] == ["2026Q1"]


def test_restoring_brings_the_item_back_whole_and_is_audited(
    world, branch_secretary, branch_member, committee_admin, api, plan, trip
):
    occurrences = set(trip.occurrences.values_list("pk", flat=True))
    _delete_item(branch_secretary, trip)
    r = _restore(committee_admin, PlanItem.objects.deleted().get(pk=trip.pk))
    assert r.status_code == 302 and r["Location"] == f"/plans/{plan.pk}/#item-{trip.pk}"
    item = PlanItem.objects.get(pk=trip.pk)
    assert item.deleted_at is None and item.deleted_by is None
    assert set(item.occurrences.values_list("pk", flat=True)) == occurrences
    assert item.occurrences.get(period="2026Q1").completed_on == datetime.date(2026, 3, 18)
    assert list(item.owners.all()) == [world.people["secretary"]]
    assert item.claims.get().state == "pending"
    assert _search_ids(branch_secretary, "三涧溪", "plan_item") == [trip.pk]
    assert api(branch_secretary).get(f"plans/{plan.pk}/items").json()["count"] == 1
    assert "赴章丘区三涧溪村开展党员教育" in browser(branch_secretary).get(f"/plans/{plan.pk}/").content.decode()
    assert "赴章丘区三涧溪村开展党员教育" not in browser(committee_admin).get("/recycle-bin/").content.decode()
    event = AuditEvent.objects.get(action="plans.planitem.restore")
    assert event.actor_name == "committee" and event.object_id == str(trip.pk)
    assert event.object_repr == "赴章丘区三涧溪村开展党员教育" and event.org_id == world.branch_a.pk
    assert event.before["deleted_by"] == branch_secretary.pk and event.after == {"deleted_at": None}
    # Restoring twice is refused, nothing changes.
    assert _restore(committee_admin, item).status_code == 404


def test_restore_is_refused_outside_scope_for_members_and_for_system_accounts(
    world, branch_secretary, branch_member, outsider, plan, trip
):
    _delete_item(branch_secretary, trip)
    deleted = PlanItem.objects.deleted().get(pk=trip.pk)
    assert _restore(outsider, deleted).status_code == 404  # another branch: looks missing
    assert _restore(world.users["sysadmin"], deleted).status_code == 404  # 三员分立: no business data at all
    c = browser(branch_member)  # sees her branch's data, may not restore it
    r = c.post(f"/recycle-bin/plans.planitem/{trip.pk}/restore/", follow=True)
    assert "只有本组织的党务管理员可以恢复" in r.content.decode()
    assert PlanItem.objects.deleted().filter(pk=trip.pk).exists()
    assert not AuditEvent.objects.filter(action="plans.planitem.restore").exists()
    with pytest.raises(Forbidden):
        trash.restore(deleted, by=world.users["secadmin"])
    assert browser(branch_secretary).post("/recycle-bin/nope.kind/1/restore/").status_code == 404


def test_restore_is_refused_after_30_days_and_the_purge_removes_it_for_good(
    world, branch_secretary, plan, trip, django_capture_on_commit_callbacks
):
    att_occ = trip.occurrences.get(period="2026Q2")
    plan_actions.complete_occurrence(
        att_occ,
        by=branch_secretary,
        data={"note": "已完成", "completed_on": "2026-05-20"},
        files=[SimpleUploadedFile("合影.png", PNG)],
    )
    stored = att_occ.attachments.get().file.name
    assert default_storage.exists(stored)
    _delete_item(branch_secretary, trip)
    PlanItem.objects.with_deleted().filter(pk=trip.pk).update(
        deleted_at=timezone.now() - datetime.timedelta(days=30, hours=1)
    )
    fresh = add_item(branch_secretary, plan, "报送党建信息", category="宣传报道", month=5)
    _delete_item(branch_secretary, fresh)
    bin_page = browser(branch_secretary).get("/recycle-bin/").content.decode()
    assert "赴章丘区三涧溪村开展党员教育" not in bin_page and "报送党建信息" in bin_page
    r = browser(branch_secretary).post(f"/recycle-bin/plans.planitem/{trip.pk}/restore/", follow=True)
    assert "删除已超过30天，不能再恢复" in r.content.decode()
    assert PlanItem.objects.deleted().filter(pk=trip.pk).exists()

    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("purge_recycle_bin", stdout=out)
    assert "清单事项：永久清除 1 项" in out.getvalue()
    assert not PlanItem.objects.with_deleted().filter(pk=trip.pk).exists()
    assert not Occurrence.objects.with_deleted().filter(item_id=trip.pk).exists()
    assert not Claim.objects.with_deleted().filter(item_id=trip.pk).exists()
    assert not default_storage.exists(stored)
    assert PlanItem.objects.deleted().filter(pk=fresh.pk).exists()  # still within its 30 days
    event = AuditEvent.objects.get(action="plans.planitem.purge")
    assert event.actor_name == "系统" and event.object_id == str(trip.pk)
    assert event.before["title"] == "赴章丘区三涧溪村开展党员教育"


def test_the_delete_is_post_only_and_only_for_the_admin(world, branch_secretary, branch_member, plan, trip):
    assert browser(branch_secretary).get(f"/plans/items/{trip.pk}/delete/").status_code == 405
    r = browser(branch_member).post(f"/plans/items/{trip.pk}/delete/", follow=True)
    assert "只有本组织的党务管理员" in r.content.decode()
    assert PlanItem.objects.filter(pk=trip.pk).exists()


def test_the_edit_page_asks_first_naming_what_goes_with_the_item(world, branch_secretary, plan, trip):
    page = browser(branch_secretary).get(f"/plans/items/{trip.pk}/edit/").content.decode()
    assert (
        'data-confirm="删除事项《赴章丘区三涧溪村开展党员教育》？它的4个时间节点（其中1个已登记完成）、1名责任人的分工和1条认领记录将一并移入回收站，30天内可由本组织党务管理员恢复。"'
        in page
    )
    assert "js/confirm.js" in page


def test_removing_an_owner_asks_naming_her_and_is_audited(world, branch_secretary, plan, trip):
    c = browser(branch_secretary)
    page = c.get(f"/plans/{plan.pk}/division/").content.decode()
    assert 'data-confirm="取消王秀英对《赴章丘区三涧溪村开展党员教育》的分工？' in page
    assert c.get(f"/plans/items/{trip.pk}/owners/{world.people['secretary'].pk}/remove/").status_code == 405
    c.post(f"/plans/items/{trip.pk}/owners/{world.people['secretary'].pk}/remove/")
    assert not trip.ownerships.exists()
    event = AuditEvent.objects.get(action="plans.planitem.unassign")
    assert event.before == {"person": world.people["secretary"].pk, "name": "王秀英", "source": "assigned"}
    assert event.object_repr == "赴章丘区三涧溪村开展党员教育 · 王秀英"


def test_deleted_items_leave_the_to_dos(world, branch_secretary, plan):
    from plans import todos

    item = add_item(
        branch_secretary, plan, "报送党建信息", category="宣传报道", due=datetime.date(2026, 5, 20), owners=[]
    )
    unowned = add_item(branch_secretary, plan, "开展主题党日", category="主题党日", month=5)
    ItemOwner.objects.create(item=item, person=world.people["secretary"])
    today = datetime.date(2026, 5, 18)

    def texts():
        return [entry.text for entry in todos.items(branch_secretary, today)]

    def unclaimed():
        return sum(e.count for e in todos.items(branch_secretary, today) if e.kind == "plans.unclaimed")

    assert "报送党建信息" in texts()
    before = unclaimed()
    assert before >= 1
    plan_actions.delete_item(item, by=branch_secretary)
    plan_actions.delete_item(unowned, by=branch_secretary)
    assert "报送党建信息" not in texts() and unclaimed() == before - 1


def test_a_deleted_record_leaves_lists_search_api_and_compliance_and_comes_back(
    world, branch_secretary, committee_admin, api
):
    record = make_record(
        world.branch_a, "committee_meeting", datetime.date(2026, 3, 10), title="三月支委会研究三涧溪联建"
    )
    july = datetime.date(2026, 7, 1)

    def march():
        cells = compliance.compute(world.committee, 2026, today=july, obligation="committee_meeting")
        return next(c.status for c in cells if c.org == world.branch_a and c.period == "2026-03")

    assert march() == "done"
    c = browser(branch_secretary)
    page = c.get(f"/records/{record.pk}/").content.decode()
    assert 'data-confirm="删除活动记录《三月支委会研究三涧溪联建》？删除后将移入回收站' in page
    c.post(f"/records/{record.pk}/delete/")
    assert c.get(f"/records/{record.pk}/").status_code == 404
    assert api(branch_secretary).get("records").json()["count"] == 0
    assert _search_ids(branch_secretary, "三涧溪", "record") == []
    assert march() == "missing"
    assert "三月支委会研究三涧溪联建" in c.get("/recycle-bin/").content.decode()
    assert Record.objects.deleted().get().deleted_by == branch_secretary

    _restore(committee_admin, Record.objects.deleted().get())
    assert c.get(f"/records/{record.pk}/").status_code == 200
    assert _search_ids(branch_secretary, "三涧溪", "record") == [record.pk]
    assert march() == "done"
    assert AuditEvent.objects.filter(action="records.record.restore", object_id=str(record.pk)).count() == 1


def test_a_deleted_attachment_waits_in_the_bin_with_its_file(
    world, branch_secretary, outsider, django_capture_on_commit_callbacks
):
    record = make_record(world.branch_a, "theme_day", datetime.date(2026, 4, 16), title="赴三涧溪主题党日")
    att = record_actions.add_attachment(record, by=branch_secretary, name="合影.png", data=PNG)
    c = browser(branch_secretary)
    assert 'data-confirm="删除附件《合影.png》？删除后将移入回收站' in c.get(f"/records/{record.pk}/").content.decode()
    c.post(f"/records/attachments/{att.pk}/delete/")
    assert c.get(f"/records/attachments/{att.pk}/").status_code == 404
    assert "合影.png" not in c.get(f"/records/{record.pk}/").content.decode()
    assert default_storage.exists(att.file.name)  # kept for the restore
    bin_page = c.get("/recycle-bin/").content.decode()
    assert "合影.png" in bin_page and "活动记录《赴三涧溪主题党日》" in bin_page
    # While its record is deleted too, it is restored with the record, not on its own.
    record_actions.delete_record(record, by=branch_secretary)
    assert "合影.png" not in c.get("/recycle-bin/").content.decode()
    assert _restore(branch_secretary, Attachment.objects.with_deleted().get()).status_code == 404
    _restore(branch_secretary, Record.objects.deleted().get())
    assert _restore(outsider, Attachment.objects.deleted().get()).status_code == 404
    _restore(branch_secretary, Attachment.objects.deleted().get())
    assert c.get(f"/records/attachments/{att.pk}/").status_code == 200
    assert AuditEvent.objects.filter(action="records.attachment.restore").count() == 1
    # Purged after 30 days: the row and the stored file go.
    record_actions.delete_attachment(Attachment.objects.get(), by=branch_secretary)
    Attachment.objects.with_deleted().update(deleted_at=timezone.now() - datetime.timedelta(days=31))
    with django_capture_on_commit_callbacks(execute=True):
        assert trash.purge() == {"活动附件": 1}
    assert not Attachment.objects.with_deleted().exists() and not default_storage.exists(att.file.name)


def test_the_bin_page_has_a_pinned_query_count(world, branch_secretary, plan, django_assert_max_num_queries):
    for n in range(6):
        plan_actions.delete_item(add_item(branch_secretary, plan, f"事项{n}", month=n + 1), by=branch_secretary)
    for n in range(4):
        record_actions.delete_record(
            make_record(world.branch_a, "committee_meeting", datetime.date(2026, n + 1, 9)), by=branch_secretary
        )
    c = browser(branch_secretary)
    # +1: 网络学院's to-do badge (one UNION of its parts)
    # +1: 通知公告's to-do badge (one UNION of its parts)
    # +1: the 缩略语词条 kind (one listing query per kind)
    with django_assert_max_num_queries(23):  # 11 + the sidebar (is a points scheme visible, one to-do count per module)
        page = c.get("/recycle-bin/").content.decode()
    assert page.count('data-testid="bin-entry"') == 10
    assert page.count("data-confirm=") == 10


def test_the_api_deletes_softly_lists_the_bin_and_restores(
    world, branch_secretary, branch_member, outsider, api, plan, trip
):
    assert api(branch_secretary).delete(f"plan-items/{trip.pk}").status_code == 204
    body = api(branch_secretary).get("recycle-bin").json()
    assert body["count"] == 1
    entry = body["items"][0]
    assert entry["kind"] == "plans.planitem" and entry["kind_label"] == "清单事项" and entry["id"] == trip.pk
    assert entry["name"] == "赴章丘区三涧溪村开展党员教育" and entry["org"]["id"] == world.branch_a.pk
    assert entry["days_left"] == 30 and entry["deleted_by"] == "王秀英"
    assert api(outsider).get("recycle-bin").json()["count"] == 0
    url = f"recycle-bin/plans.planitem/{trip.pk}/restore"
    assert api(outsider).post(url).status_code == 404
    r = api(branch_member).post(url)
    assert r.status_code == 403 and "党务管理员" in r.json()["detail"]
    assert api(world.users["sysadmin"]).post(url).status_code == 404
    PlanItem.objects.with_deleted().filter(pk=trip.pk).update(deleted_at=timezone.now() - datetime.timedelta(days=31))
    assert api(branch_secretary).get("recycle-bin").json()["count"] == 0
    r = api(branch_secretary).post(url)
    assert r.status_code == 409 and "超过30天" in r.json()["detail"]
    PlanItem.objects.with_deleted().filter(pk=trip.pk).update(deleted_at=timezone.now())
    assert api(branch_secretary).post(url).json() == {"kind": "plans.planitem", "id": trip.pk, "restored": True}
    assert api(branch_secretary).get(f"plan-items/{trip.pk}").status_code == 200

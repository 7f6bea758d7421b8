"""records' verbs (records/rules.py): who reads records, who files them, and that the superuser flag adds
nothing — a member flagged superuser neither sees the edit and delete buttons nor deletes the record."""

import pytest

from records.models import Record
from records.tests.factories import make_record


@pytest.mark.parametrize(
    "verb, holders",
    [
        ("records.view_records", {"committee_admin", "branch_secretary", "branch_member", "outsider"}),
        ("records.add_record", {"committee_admin", "branch_secretary", "outsider"}),  # for some organisation
    ],
)
def test_who_reads_and_who_files_records(world, verb, holders):
    assert {key for key, user in world.users.items() if user.has_perm(verb)} == holders


def test_filing_for_an_organisation_follows_the_admin_s_subtree(world):
    users = world.users
    may = {key for key, user in users.items() if user.has_perm("records.add_record", world.branch_a)}
    assert may == {"committee_admin", "branch_secretary"}


def test_the_list_shows_the_file_button_to_the_admins_only(world, client):
    for key, shown in [("branch_secretary", True), ("branch_member", False)]:
        client.force_login(world.users[key])
        assert ("登记活动记录</a>" in client.get("/records/").content.decode()) is shown, key
    client.force_login(world.users["sysadmin"])
    r = client.get("/records/")
    assert r.status_code == 403 and "您没有查看活动记录的权限。" in r.content.decode()
    assert client.get("/records/archive/2026/").status_code == 404


def test_a_superuser_member_sees_no_delete_button_and_may_not_delete(world, branch_member, client):
    record = make_record(world.branch_a, "3月份支委会", "2026-03-05")
    client.force_login(world.users["branch_secretary"])
    html = client.get(f"/records/{record.pk}/").content.decode()
    assert f"/records/{record.pk}/delete/" in html and f"/records/{record.pk}/edit/" in html
    branch_member.is_superuser = True
    branch_member.save()
    client.force_login(branch_member)
    html = client.get(f"/records/{record.pk}/").content.decode()
    assert f"/records/{record.pk}/delete/" not in html and f"/records/{record.pk}/edit/" not in html
    r = client.post(f"/records/{record.pk}/delete/", follow=True)
    assert "您不能删除该活动记录。" in r.content.decode()
    assert Record.objects.filter(pk=record.pk).exists()

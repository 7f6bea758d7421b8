"""orgs' verbs (orgs/rules.py): who adds organisations and people, who reads the people register and whose
phone numbers in full — the same answers the pages gave when they read the roles themselves."""

import pytest

ADMINS = {"committee_admin", "branch_secretary", "outsider"}


def holders(world, verb, obj=None):
    return {key for key, user in world.users.items() if user.has_perm(verb, obj)}


@pytest.mark.parametrize(
    "verb, expected",
    [
        ("orgs.add_org", {"sysadmin", *ADMINS}),
        ("orgs.add_people", {"sysadmin", *ADMINS}),
        ("orgs.list_people", {"sysadmin", *ADMINS}),
        ("orgs.see_phone", {"sysadmin", *ADMINS}),  # some person's
        ("orgs.see_every_phone", {"sysadmin"}),
    ],
)
def test_who_may(world, verb, expected):
    assert holders(world, verb) == expected


def test_a_person_s_phone_is_read_in_full_by_her_organisation_s_admins(world):
    assert holders(world, "orgs.see_phone", world.people["member"]) == {
        "sysadmin",
        "committee_admin",
        "branch_secretary",
    }
    assert holders(world, "orgs.see_phone", world.people["outsider"]) == {"sysadmin", "committee_admin", "outsider"}


def test_the_tree_and_the_register_show_their_buttons_to_those_who_may(world, client):
    client.force_login(world.users["branch_secretary"])
    assert "查看本组织人员名册" in client.get(f"/orgs/{world.branch_a.pk}/").content.decode()
    client.force_login(world.users["sysadmin"])
    assert "新建党组织" in client.get("/orgs/").content.decode()
    assert "从 Excel 导入" in client.get("/people/").content.decode()
    client.force_login(world.users["branch_member"])
    html = client.get("/orgs/").content.decode()
    assert "新建党组织" not in html
    assert "查看本组织人员名册" not in client.get(f"/orgs/{world.branch_a.pk}/").content.decode()
    r = client.get("/people/")
    assert r.status_code == 403 and "您没有查看人员名册的权限。" in r.content.decode()
    r = client.get("/people/export.xlsx")
    assert r.status_code == 403 and "您没有导出人员名册的权限。" in r.content.decode()

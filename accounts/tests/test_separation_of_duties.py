"""三员分立 through the API: each system role does its one job and nothing else."""

from accounts.models import RoleAssignment, User
from core.models import AuditEvent
from orgs.models import Organisation, Person


def test_sysadmin_creates_orgs_people_and_users(world, sysadmin, api):
    client = api(sysadmin)
    r = client.post("orgs", {"name": "新设党支部", "kind": "branch", "parent": world.committee.id, "unit": "某局"})
    assert r.status_code == 201, r.content
    org_id = r.json()["id"]
    assert r.json()["parent"] == world.committee.id
    r = client.post("people", {"name": "陈静", "gender": "female", "org": org_id})
    assert r.status_code == 201, r.content
    r = client.post("accounts/users", {"username": "chenjing", "password": "Chen-2026-pass", "person": r.json()["id"]})
    assert r.status_code == 201, r.content
    assert User.objects.get(username="chenjing").must_change_password


def test_sysadmin_cannot_grant_roles_or_read_the_audit_log(world, sysadmin, api):
    client = api(sysadmin)
    target = world.users["branch_member"]
    r = client.post(f"accounts/users/{target.id}/roles", {"role": "org_admin", "org": world.branch_a.id})
    assert r.status_code == 403
    assert "安全管理员" in r.json()["detail"]
    assert client.get("audit/events").status_code == 403


def test_sysadmin_has_no_business_rights(world, sysadmin, api):
    # Structure data yes, business data no: the demo apps' lists come back empty or forbidden.
    from accounts import scope

    assert scope.business_paths(sysadmin) == []


def test_secadmin_grants_and_revokes_roles_but_cannot_create_users(world, secadmin, api):
    client = api(secadmin)
    target = world.users["branch_member"]
    r = client.post(f"accounts/users/{target.id}/roles", {"role": "org_admin", "org": world.branch_a.id})
    assert r.status_code == 201, r.content
    role_id = r.json()["id"]
    assert RoleAssignment.objects.filter(user=target, role="org_admin").exists()
    assert client.delete(f"accounts/users/{target.id}/roles/{role_id}").status_code == 204
    assert not RoleAssignment.objects.filter(user=target, role="org_admin").exists()
    r = client.post("accounts/users", {"username": "someone", "password": "Some-2026-pass"})
    assert r.status_code == 403
    assert not User.objects.filter(username="someone").exists()
    assert client.post("orgs", {"name": "x", "kind": "branch", "parent": world.committee.id}).status_code in (403, 422)
    assert not Organisation.objects.filter(name="x").exists()


def test_no_one_holds_two_system_roles(world, secadmin, api):
    client = api(secadmin)
    r = client.post(f"accounts/users/{world.users['sysadmin'].id}/roles", {"role": "auditor"})
    assert r.status_code == 409
    assert "三员分立" in r.json()["detail"]
    r = client.post(f"accounts/users/{world.users['branch_member'].id}/roles", {"role": "auditor"})
    assert r.status_code == 409
    r = client.post(
        f"accounts/users/{world.users['auditor'].id}/roles", {"role": "org_admin", "org": world.branch_a.id}
    )
    assert r.status_code == 409


def test_secadmin_cannot_grant_herself_a_system_role(world, secadmin, api):
    r = api(secadmin).post(f"accounts/users/{secadmin.id}/roles", {"role": "sysadmin"})
    assert r.status_code in (403, 409)


def test_role_grant_bad_input(world, secadmin, api):
    client = api(secadmin)
    uid = world.users["branch_member"].id
    assert client.post(f"accounts/users/{uid}/roles", {"role": "emperor", "org": world.branch_a.id}).status_code == 422
    assert client.post(f"accounts/users/{uid}/roles", {"role": "org_admin"}).status_code == 422
    assert client.post(f"accounts/users/{uid}/roles", {"role": "org_admin", "org": 99999}).status_code == 422
    assert client.post("accounts/users/99999/roles", {"role": "org_admin", "org": world.branch_a.id}).status_code == 404


def test_auditor_lists_events_and_a_branch_admin_gets_403(world, auditor, branch_secretary, api):
    api(branch_secretary).patch(f"people/{world.people['member'].id}", {"phone": "13911112222"})
    r = api(auditor).get("audit/events", {"action": "person.update"})
    assert r.status_code == 200
    event = r.json()["items"][0]
    assert event["actor"] == "secretary_a"
    assert event["ip"] == "127.0.0.1"
    assert event["after"]["phone"] == "139****2222"  # masked: the auditor reads what changed, not the number
    assert api(branch_secretary).get("audit/events").status_code == 403


def test_auditor_cannot_touch_business_or_structure(world, auditor, api):
    client = api(auditor)
    assert client.get("people").json()["count"] == 0
    r = client.post("people", {"name": "某人", "gender": "male", "org": world.branch_a.id})
    assert r.status_code in (403, 422)
    assert not Person.objects.filter(name="某人").exists()


def test_me_shows_person_and_roles(world, branch_secretary, api):
    body = api(branch_secretary).get("me").json()
    assert body["username"] == "secretary_a"
    assert body["person"]["name"] == "王秀英"
    assert [r["role"] for r in body["roles"]] == ["org_admin"]


def test_user_creation_bad_input_changes_nothing(world, sysadmin, api):
    client = api(sysadmin)
    count = User.objects.count()
    for payload in [
        {"username": "short", "password": "Ab1!"},
        {"username": "twoclasses", "password": "abcdefghij123"},
        {"username": "zhangsan", "password": "Zhangsan2026"},
        {"username": "bad name!", "password": "Good-Pass-2026"},
        {"username": "secretary_a", "password": "Good-Pass-2026"},
        {"username": "x" * 200, "password": "Good-Pass-2026"},
    ]:
        r = client.post("accounts/users", payload)
        assert r.status_code == 422, (payload, r.content)
        assert r.json()["detail"]
    assert User.objects.count() == count
    assert not AuditEvent.objects.filter(action="user.create").exists()

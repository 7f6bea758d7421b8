import pytest
from django.core.management import CommandError, call_command

from accounts.models import RoleAssignment, User
from orgs.models import Organisation, Person


@pytest.mark.django_db
def test_loaddemo_builds_the_world_and_its_accounts_see_their_scope(client):
    call_command("loaddemo", password="Demo-Pass-2026")
    assert Organisation.objects.filter(kind="branch").count() >= 20
    assert 250 <= Person.objects.count() <= 400
    for username in [
        "sysadmin",
        "secadmin",
        "auditor",
        "committee",
        "secretary1",
        "secretary2",
        "member1",
        "member2",
        "reviewer_l1",
        "reviewer_l2",
        "reviewer_l3",
    ]:
        r = client.post("/accounts/login/", {"username": username, "password": "Demo-Pass-2026"})
        assert r.status_code == 302 and r["Location"] == "/", username
        assert client.get("/").status_code == 200
        client.post("/accounts/logout/")
    secretary = User.objects.get(username="secretary1")
    client.force_login(secretary)
    other = Person.objects.exclude(org=secretary.person.org).first()
    assert client.get(f"/people/{other.pk}/").status_code == 404
    assert client.get(f"/people/{secretary.person.pk}/").status_code == 200
    # Every demo person's ID number passes the check-digit validation.
    from orgs import idnumber

    for p in Person.objects.all()[:50]:
        idnumber.parse(p.get_id_number())


@pytest.mark.django_db
def test_loaddemo_refuses_a_non_empty_database_and_weak_passwords():
    with pytest.raises(CommandError):
        call_command("loaddemo", password="weak")
    Organisation.add_root(name="已有", kind="committee")
    with pytest.raises(CommandError):
        call_command("loaddemo")
    call_command("loaddemo", if_empty=True)  # silently skipped
    assert Organisation.objects.count() == 1


@pytest.mark.django_db
def test_createadmins_makes_the_three_system_accounts(monkeypatch):
    for name in ("SYSADMIN", "SECADMIN", "AUDITOR"):
        monkeypatch.setenv(f"DJ_{name}_PASSWORD", f"{name.title()}-Pass-2026")
    call_command("createadmins")
    for role in ("sysadmin", "secadmin", "auditor"):
        assert RoleAssignment.objects.filter(user__username=role, role=role, org=None).exists()
    call_command("createadmins")  # idempotent
    assert User.objects.count() == 3


@pytest.mark.django_db
def test_createadmins_refuses_a_weak_password(monkeypatch):
    monkeypatch.setenv("DJ_SYSADMIN_PASSWORD", "sysadmin")
    with pytest.raises(CommandError):
        call_command("createadmins")
    assert not User.objects.exists()


def test_deploy_check_refuses_the_development_secret_key(settings):
    from core.checks import keys_are_set

    ids = [p.id for p in keys_are_set(None)]
    assert "dangjian.E001" in ids
    settings.SECRET_KEY = "a-real-production-secret-0123456789-abcdefghijklmnopqrstuvwxyz"
    settings.FIELD_ENCRYPTION_KEY = "another-long-secret"
    assert keys_are_set(None) == []

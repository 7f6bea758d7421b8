import pytest
from django.core.management import CommandError, call_command

from accounts.models import RoleAssignment, User
from orgs.models import Organisation


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
        monkeypatch.setenv(f"DJ_{name}_PASSWORD", f"Harbor-Lotus-{name[:2]}-2026")  # not containing the username
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
    settings.AUDIT_HMAC_KEY = "a-third-long-secret-for-the-audit-chain"
    assert keys_are_set(None) == []

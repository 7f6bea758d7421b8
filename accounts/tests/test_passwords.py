"""Password rules: whitespace is no character and no class, common passwords and their disguises fail, and the
username may not be in the password — each with a Chinese message, on the pages and through the API."""

import pytest
from django.test import Client

from accounts.models import User
from core.testing import PASSWORD


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("Aa1" + " " * 8, "空白字符不计"),
        ("Aa1!" + "\t" * 8, "空白字符不计"),
        ("qmzvktrw" + " " * 4 + "58", "至少3类（空格不算符号）"),
        ("password123!", "常见"),
        ("Password2026!", "常见"),
        ("P@ssw0rd1234", "常见"),
        ("Qwerty123!@#", "常见"),
        ("Lotus#Harbor-51", None),  # acceptable: the control
        ("Xy9#wangxiuying", "包含用户名"),
        ("wangxiuying2026A", "包含用户名"),
    ],
)
def test_password_rules_through_the_api(world, api, sysadmin, password, message):
    r = api(sysadmin).post("accounts/users", {"username": "wangxiuying", "password": password})
    if message is None:
        assert r.status_code == 201, r.content
        return
    assert r.status_code == 422, r.content
    assert message in r.json()["errors"]["password"][0]
    assert not User.objects.filter(username="wangxiuying").exists()


def test_a_weak_new_password_is_refused_on_the_change_page(world, branch_secretary):
    c = Client()
    c.force_login(branch_secretary)
    r = c.post(
        "/accounts/password/",
        {"old_password": PASSWORD, "new_password": "password123!", "new_password2": "password123!"},
    )
    assert r.status_code == 200
    assert "密码过于常见" in r.content.decode()
    branch_secretary.refresh_from_db()
    assert branch_secretary.check_password(PASSWORD)


def test_the_demo_and_test_passwords_still_pass(world):
    from django.contrib.auth import password_validation

    for password in ("Dangjian@2026", PASSWORD, "Zhao-Min-2026!"):
        password_validation.validate_password(password, User(username="member1"))

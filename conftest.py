"""Personas shared by every app's tests (see core/testing.py)."""

import pytest

from core.testing import ApiClient, build_world


@pytest.fixture
def world(db):
    return build_world()


@pytest.fixture
def committee_admin(world):
    return world.users["committee_admin"]


@pytest.fixture
def branch_secretary(world):
    return world.users["branch_secretary"]


@pytest.fixture
def branch_member(world):
    return world.users["branch_member"]


@pytest.fixture
def outsider(world):
    return world.users["outsider"]


@pytest.fixture
def sysadmin(world):
    return world.users["sysadmin"]


@pytest.fixture
def secadmin(world):
    return world.users["secadmin"]


@pytest.fixture
def auditor(world):
    return world.users["auditor"]


@pytest.fixture
def api():
    """api(user) → an ApiClient authenticated as that user."""
    return ApiClient


@pytest.fixture(autouse=True)
def _test_settings(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    # Hashing strength is not under test; the production hasher would dominate the suite's run time.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

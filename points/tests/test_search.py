"""Declarations are found by the shared search, only by those who may see them."""

import pytest
from django.apps import apps

from .conftest import declare

pytestmark = pytest.mark.skipif(not apps.is_installed("search"), reason="search app not installed")


def test_declarations_are_searchable_within_scope(world, scheme, branch_secretary, outsider, api):
    decl_id = declare(
        api(branch_secretary),
        item=scheme["org_item"],
        subject_org=world.branch_a.id,
        occurred_on="2026-03-12",
        description="组织党员到社区开展垃圾分类宣传志愿服务",
    )
    r = api(branch_secretary).get("search", {"q": "垃圾分类宣传"})
    assert r.status_code == 200
    hits = [(h["kind"], h["id"]) for h in r.json()["items"]]
    assert ("declaration", decl_id) in hits
    top = r.json()["items"][0]
    assert top["date"] == "2026-03-12"
    r = api(outsider).get("search", {"q": "垃圾分类宣传"})
    assert ("declaration", decl_id) not in [(h["kind"], h["id"]) for h in r.json()["items"]]

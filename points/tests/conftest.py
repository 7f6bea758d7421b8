"""Points fixtures: the three reviewers of the working committee and a fresh scheme with two items."""

import pytest

from core.testing import make_person, make_user


@pytest.fixture
def reviewers(world):
    return {
        level: make_user(f"reviewer_l{level}", roles=[(f"reviewer_l{level}", world.committee)]) for level in (1, 2, 3)
    }


@pytest.fixture
def member_b(world):
    person = make_person(world.branch_b, "陈静", gender="female", seq=11)
    return make_user("member_b", person=person, roles=[("member", world.branch_b)])


@pytest.fixture
def scheme(world, committee_admin, api):
    client = api(committee_admin)
    r = client.post("points/schemes", {"org": world.committee.id, "year": 2026, "name": "2026年机关党建积分制管理办法"})
    assert r.status_code == 201, r.content
    scheme = r.json()
    org_item = client.post(
        f"points/schemes/{scheme['id']}/items",
        {
            "dimension": "基础工作再提升",
            "name": "规范开展主题党日",
            "requirement": "每月开展",
            "standard": "每次计5分",
            "points": 5,
            "subject_type": "org",
        },
    )
    member_item = client.post(
        f"points/schemes/{scheme['id']}/items",
        {"dimension": "榜样带动更有力", "name": "参加志愿服务", "points": 3, "subject_type": "member"},
    )
    assert org_item.status_code == 201 and member_item.status_code == 201, (org_item.content, member_item.content)
    scheme["org_item"] = org_item.json()["id"]
    scheme["member_item"] = member_item.json()["id"]
    return scheme


def declare(client, **data):
    r = client.post("points/declarations", {"quantity": 1, "description": "", **data})
    assert r.status_code == 201, r.content
    decl_id = r.json()["id"]
    r = client.post(f"points/declarations/{decl_id}/submit")
    assert r.status_code == 200, r.content
    return decl_id


def approve_all(api, reviewers, decl_id):
    for level in (1, 2, 3):
        r = api(reviewers[level]).post(f"points/declarations/{decl_id}/review", {"decision": "approve"})
        assert r.status_code == 200, r.content
    return r.json()

"""Ranking rules: ties share a rank, linkage per person or pooled, cadres, cut-off dates and bad input."""

import pytest

from core.ranking import competition_ranks
from core.testing import make_person
from orgs.models import Position
from points.models import Scheme
from points.rankings import ranking

from .conftest import approve_all, declare


@pytest.fixture
def approve(api, reviewers):
    def _approve(client, **data):
        return approve_all(api, reviewers, declare(client, **data))

    return _approve


def test_ties_share_a_rank_and_the_next_rank_skips(world, scheme, api, branch_secretary, outsider, approve):
    third = world.committee.add_child(name="教育局党支部", kind="branch")
    from core.testing import make_user

    sec_c = make_user("sec_c", person=make_person(third, "孙强", seq=21), roles=[("org_admin", third)])
    for client, org, qty in (
        (api(branch_secretary), world.branch_a, 2),
        (api(outsider), world.branch_b, 2),
        (api(sec_c), third, 1),
    ):
        approve(client, item=scheme["org_item"], subject_org=org.id, quantity=qty, occurred_on="2026-03-01")
    rows = api(branch_secretary).get("points/rankings", {"scheme": scheme["id"], "subject_type": "org"}).json()
    assert [(r["rank"], r["total"], r["normalized"]) for r in rows["items"]] == [(1, 10, 100), (1, 10, 100), (3, 5, 50)]
    # The SQL ranks by the platform's one rule of shared ranks (core/ranking.py), which assessments use too.
    assert [r["rank"] for r in rows["items"]] == competition_ranks([r["total"] for r in rows["items"]])


def test_pooled_linkage_adds_the_organisations_people_together(world, scheme, api, branch_secretary, approve):
    second = make_person(world.branch_a, "周敏", gender="female", seq=22)
    client = api(branch_secretary)
    for person in (world.people["member"], second):
        approve(client, item=scheme["member_item"], subject_person=person.id, quantity=2, occurred_on="2026-03-01")
    obj = Scheme.objects.get(pk=scheme["id"])
    # Per person: 6 and 6 points, neither reaches 10.
    assert ranking(obj, "org")[0].linked == 0
    Scheme.objects.filter(pk=obj.pk).update(linkage_mode="pooled")
    obj.refresh_from_db()
    row = ranking(obj, "org")[0]
    assert (row.name, row.raw, row.linked, row.total) == ("统计局第一党支部", 0, 1, 1)


def test_cadre_ranking_counts_cadre_items_and_cadre_points_link_to_the_org(
    world, scheme, api, committee_admin, branch_secretary, approve
):
    item = (
        api(committee_admin)
        .post(
            f"points/schemes/{scheme['id']}/items",
            {"dimension": "队伍建设再提质", "name": "讲授专题党课", "points": 4, "subject_type": "cadre"},
        )
        .json()
    )
    secretary = world.people["secretary"]
    Position.objects.create(org=world.branch_a, person=secretary, title="书记")
    approve(api(branch_secretary), item=item["id"], subject_person=secretary.id, quantity=3, occurred_on="2026-04-01")
    obj = Scheme.objects.get(pk=scheme["id"])
    cadres = ranking(obj, "cadre")
    assert [(r.name, r.total, r.normalized, r.org_name) for r in cadres] == [("王秀英", 12, 100, "统计局第一党支部")]
    assert ranking(obj, "member") == []
    assert ranking(obj, "org")[0].linked == 1


def test_cut_off_date_excludes_later_entries(world, scheme, api, branch_secretary, approve):
    import datetime

    approve(api(branch_secretary), item=scheme["org_item"], subject_org=world.branch_a.id, occurred_on="2026-06-01")
    obj = Scheme.objects.get(pk=scheme["id"])
    assert ranking(obj, "org", datetime.date(2026, 5, 31)) == []
    assert ranking(obj, "org", datetime.date(2026, 6, 1))[0].total == 5


def test_bad_ranking_queries_are_refused(world, scheme, api, branch_secretary, outsider):
    client = api(branch_secretary)
    r = client.get("points/rankings", {"scheme": scheme["id"], "subject_type": "unit"})
    assert r.status_code == 422 and "积分对象" in r.json()["detail"]
    r = client.get("points/rankings", {"scheme": scheme["id"], "subject_type": "org", "until": "2026-13-01"})
    assert r.status_code == 422
    assert client.get("points/rankings", {"scheme": 99999, "subject_type": "org"}).status_code == 404

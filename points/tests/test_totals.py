"""积分汇总: the running totals give exactly the ledger's rankings, and one person's standing directly."""

import datetime
import random
from decimal import Decimal

import pytest

from core.testing import make_person
from points import totals
from points.models import Item, LedgerEntry, Scheme, SubjectTotal
from points.rankings import LEDGER, TOTALS, ranking, standing

from .conftest import approve_all, declare


@pytest.fixture
def filled(world, scheme, committee_admin, api):
    """A scheme with 300 entries over orgs, cadres and members: ties, reversals (negative), a person who moved."""
    obj = Scheme.objects.get(pk=scheme["id"])
    cadre_item = api(committee_admin).post(
        f"points/schemes/{scheme['id']}/items",
        {"dimension": "队伍建设再提质", "name": "讲授专题党课", "points": 4, "subject_type": "cadre"},
    )
    items = {
        "org": Item.objects.get(pk=scheme["org_item"]),
        "member": Item.objects.get(pk=scheme["member_item"]),
        "cadre": Item.objects.get(pk=cadre_item.json()["id"]),
    }
    people = [make_person(world.branch_a if i % 2 else world.branch_b, f"测试{i}", seq=40 + i) for i in range(12)]
    rng = random.Random(7)
    for _ in range(300):
        subject_type = rng.choice(["org", "member", "member", "cadre"])
        person = None if subject_type == "org" else rng.choice(people)
        org = rng.choice([world.branch_a, world.branch_b]) if person is None else person.org
        if person is not None and rng.random() < 0.05:
            org = world.branch_a if org == world.branch_b else world.branch_b  # posted while in the other branch
        LedgerEntry.objects.create(
            scheme=obj,
            item=items[subject_type],
            subject_type=subject_type,
            subject_org=org,
            subject_person=person,
            points=Decimal(rng.choice([-3, 1, 2, 2, 3, 5])),
            occurred_on=datetime.date(2026, rng.randint(1, 12), rng.randint(1, 28)),
            posted_by=committee_admin,
        )
    return obj, people


@pytest.mark.parametrize("subject_type", ["org", "member", "cadre"])
@pytest.mark.parametrize("linkage_mode", ["per_person", "pooled"])
def test_the_totals_rank_exactly_like_the_ledger(filled, subject_type, linkage_mode):
    obj, _people = filled
    Scheme.objects.filter(pk=obj.pk).update(linkage_mode=linkage_mode)
    obj.refresh_from_db()
    from_ledger = ranking(obj, subject_type, source=LEDGER)
    assert from_ledger and ranking(obj, subject_type, source=TOTALS) == from_ledger
    assert ranking(obj, subject_type) == from_ledger  # no entry after the year: the totals are read


def test_one_persons_standing_is_her_row_of_the_ranking(filled):
    obj, people = filled
    for subject_type in ("member", "cadre"):
        table = ranking(obj, subject_type, source=LEDGER)
        rows = {r.subject_id: r for r in table}
        for person in people:
            mine = standing(obj, subject_type, person.pk)
            if person.pk not in rows:
                assert mine is None
                continue
            row = rows[person.pk]
            assert (mine.rank, mine.ranked, mine.total, mine.normalized) == (
                row.rank,
                len(table),
                row.total,
                row.normalized,
            )


def test_a_rebuild_gives_the_rows_the_postings_kept(filled):
    obj, _people = filled
    kept = sorted(SubjectTotal.objects.filter(scheme=obj).values_list("key", "points", "entries"))
    assert totals.rebuild([obj]) == len(kept)
    assert sorted(SubjectTotal.objects.filter(scheme=obj).values_list("key", "points", "entries")) == kept


def test_a_ranking_before_the_newest_entry_sums_the_ledger(filled):
    obj, _people = filled
    until = datetime.date(2026, 5, 31)
    assert not totals.covers(obj, until)
    rows = ranking(obj, "member", until)
    assert rows == ranking(obj, "member", until, source=LEDGER)
    assert rows != ranking(obj, "member", source=LEDGER)  # later entries count in the year's ranking


def test_an_approval_and_its_reversal_move_the_total(world, scheme, api, branch_secretary, committee_admin, reviewers):
    person = world.people["member"]
    approve_all(
        api,
        reviewers,
        declare(api(branch_secretary), item=scheme["member_item"], subject_person=person.id, occurred_on="2026-03-01"),
    )
    obj = Scheme.objects.get(pk=scheme["id"])
    assert standing(obj, "member", person.pk).total == 3
    entry = LedgerEntry.objects.get(scheme=obj, subject_person=person)
    r = api(committee_admin).post(f"points/ledger/{entry.pk}/reverse", {"reason": "重复申报，予以冲销"})
    assert r.status_code == 201, r.content
    assert standing(obj, "member", person.pk).total == 0
    assert SubjectTotal.objects.get(scheme=obj, subject_person=person).entries == 2


def test_my_points_page_shows_her_rank(world, scheme, api, client, branch_secretary, branch_member, reviewers):
    member = world.people["member"]
    approve_all(
        api,
        reviewers,
        declare(api(branch_secretary), item=scheme["member_item"], subject_person=member.id, occurred_on="2026-03-01"),
    )
    client.force_login(branch_member)
    r = client.get(f"/points/my/?scheme={scheme['id']}")
    assert r.status_code == 200 and "第 1 名" in r.content.decode()

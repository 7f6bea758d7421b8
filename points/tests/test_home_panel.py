"""我的积分 on the home page: this year's points and the rank the ranking table gives."""

import datetime

from core.testing import make_person
from points.home_panels import my_points
from points.models import Scheme
from points.rankings import ranking, standing

from .conftest import approve_all, declare

TODAY = datetime.date(2026, 5, 10)


def test_standing_agrees_with_the_ranking_table_including_ties(world, scheme, api, branch_secretary, reviewers):
    people = [
        world.people["member"],
        make_person(world.branch_a, "周敏", seq=22),
        make_person(world.branch_a, "陈涛", seq=23),
    ]
    for person, qty in zip(people, (1, 3, 3), strict=True):
        approve_all(
            api,
            reviewers,
            declare(
                api(branch_secretary),
                item=scheme["member_item"],
                subject_person=person.id,
                quantity=qty,
                occurred_on="2026-03-01",
            ),
        )
    obj = Scheme.objects.get(pk=scheme["id"])
    table = ranking(obj, "member")
    assert [r.rank for r in table] == [1, 1, 3]
    for row in table:
        mine = standing(obj, "member", row.subject_id)
        assert (mine.rank, mine.ranked) == (row.rank, len(table))


def test_the_member_sees_her_total_rank_and_declarations_in_review(
    world, scheme, api, branch_member, branch_secretary, reviewers
):
    approve_all(
        api,
        reviewers,
        declare(
            api(branch_member),
            item=scheme["member_item"],
            subject_person=world.people["member"].id,
            occurred_on="2026-03-01",
        ),
    )
    declare(
        api(branch_member),
        item=scheme["member_item"],
        subject_person=world.people["member"].id,
        occurred_on="2026-04-01",
    )
    panel = my_points(branch_member, TODAY)
    assert panel.title == "我的积分" and panel.url == f"/points/my/?scheme={scheme['id']}"
    [standing] = panel.data["standings"]
    assert (standing["label"], standing["total"], standing["rank"], standing["of"]) == ("党员", 3, 1, 1)
    assert panel.data["in_review"] == 1


def test_no_panel_without_a_scheme_of_this_year_or_for_a_system_account(world, scheme, branch_member, sysadmin):
    assert my_points(branch_member, datetime.date(2027, 1, 5)) is None
    assert my_points(sysadmin, TODAY) is None


def test_an_administrator_without_points_gets_no_empty_panel_but_a_member_does(
    world, scheme, committee_admin, branch_member
):
    assert my_points(committee_admin, TODAY) is None
    panel = my_points(branch_member, TODAY)
    assert panel.data["standings"] == [] and panel.data["in_review"] == 0

"""Pages render for each persona, scope holds, and ranking and queue pages have pinned query counts."""

import pytest
from django.test import Client

from core.testing import make_person, make_user
from points.models import Declaration

from .conftest import approve_all, declare


def login(user):
    c = Client()
    c.force_login(user)
    return c


@pytest.fixture
def approved(world, scheme, api, branch_secretary, outsider, reviewers):
    ids = [
        declare(
            api(branch_secretary),
            item=scheme["org_item"],
            subject_org=world.branch_a.id,
            quantity=2,
            occurred_on="2026-03-01",
        ),
        declare(api(outsider), item=scheme["org_item"], subject_org=world.branch_b.id, occurred_on="2026-04-01"),
        declare(
            api(branch_secretary),
            item=scheme["member_item"],
            subject_person=world.people["member"].id,
            quantity=4,
            occurred_on="2026-02-01",
        ),
    ]
    for pk in ids:
        approve_all(api, reviewers, pk)
    return ids


def test_every_points_page_renders_for_the_committee_admin(world, scheme, approved, committee_admin):
    c = login(committee_admin)
    sid = scheme["id"]
    for url in [
        "/points/",
        f"/points/schemes/{sid}/",
        f"/points/schemes/{sid}/import/",
        "/points/declarations/",
        f"/points/declarations/{approved[0]}/",
        f"/points/ledger/?scheme={sid}",
        f"/points/rankings/?scheme={sid}&type=org&until=2026-05-31",
        f"/points/rankings/?scheme={sid}&type=member",
        f"/points/orgs/{world.branch_a.id}/?scheme={sid}",
        "/points/publicity/",
        "/points/schemes/new/",
        "/points/declarations/new/",
    ]:
        r = c.get(url)
        assert r.status_code == 200, (url, r.status_code)
    r = c.get(f"/points/ledger/export.xlsx?scheme={sid}")
    assert r.status_code == 200 and r["Content-Type"].startswith("application/vnd.openxmlformats")


def test_ranking_page_shows_totals_and_chart_data(world, scheme, approved, branch_secretary):
    r = login(branch_secretary).get(f"/points/rankings/?scheme={scheme['id']}&type=org")
    html = r.content.decode()
    assert "统计局第一党支部" in html and "100.00" in html
    assert 'id="ranking-data"' in html and "ranking-chart" in html


def test_member_sees_my_points(world, scheme, approved, branch_member):
    r = login(branch_member).get(f"/points/my/?scheme={scheme['id']}")
    assert r.status_code == 200
    assert r.context["total"] == 12
    assert r.context["mine"][0][1].rank == 1


def test_system_accounts_cannot_use_points_pages(sysadmin, auditor):
    for user in (sysadmin, auditor):
        assert login(user).get("/points/").status_code == 403


def test_outsider_gets_404_for_another_branchs_declaration_page(world, scheme, approved, outsider):
    assert login(outsider).get(f"/points/declarations/{approved[0]}/").status_code == 404


def test_ranking_page_query_count_does_not_grow_with_subjects(
    world, scheme, approved, committee_admin, api, reviewers, django_assert_max_num_queries
):
    c = login(committee_admin)
    url = f"/points/rankings/?scheme={scheme['id']}&type=org"
    # +1: 网络学院's to-do badge (one UNION of its parts)
    # +1: 通知公告's to-do badge (one UNION of its parts)
    with django_assert_max_num_queries(22):  # the sidebar: one to-do count per module (考核评星: 1); 积分汇总 covers: 1
        assert c.get(url).status_code == 200
    for n in range(6):
        org = world.committee.add_child(name=f"新增第{n}党支部", kind="branch")
        world.committee.refresh_from_db()
        admin = make_user(f"sec_{n}", person=make_person(org, f"书记{n}", seq=40 + n), roles=[("org_admin", org)])
        approve_all(
            api, reviewers, declare(api(admin), item=scheme["org_item"], subject_org=org.id, occurred_on="2026-06-01")
        )
    # +1: 网络学院's to-do badge (one UNION of its parts)
    # +1: 通知公告's to-do badge (one UNION of its parts)
    with django_assert_max_num_queries(22):  # the same count with 6 more subjects
        r = c.get(url)
    assert len(r.context["rows"]) == 8


def test_review_queue_query_count_does_not_grow_with_the_queue(
    world, scheme, api, branch_secretary, reviewers, django_assert_max_num_queries
):
    c = login(reviewers[1])
    declare(api(branch_secretary), item=scheme["org_item"], subject_org=world.branch_a.id, occurred_on="2026-03-01")
    with django_assert_max_num_queries(14):
        r = c.get("/points/reviews/?level=1")
    assert r.status_code == 200 and len(r.context["page"].object_list) == 1
    for _ in range(15):
        declare(api(branch_secretary), item=scheme["org_item"], subject_org=world.branch_a.id, occurred_on="2026-03-02")
    with django_assert_max_num_queries(14):
        r = c.get("/points/reviews/?level=1")
    assert len(r.context["page"].object_list) == 16


def test_batch_approval_moves_the_selected_declarations_up_one_level(world, scheme, api, branch_secretary, reviewers):
    ids = [
        declare(api(branch_secretary), item=scheme["org_item"], subject_org=world.branch_a.id, occurred_on="2026-03-01")
        for _ in range(3)
    ]
    r = login(reviewers[1]).post("/points/reviews/batch/", {"ids": ids[:2], "level": "1"})
    assert r.status_code == 302
    states = dict(Declaration.objects.values_list("pk", "state"))
    assert [states[i] for i in ids] == ["pending_l2", "pending_l2", "pending_l1"]


def test_home_page_lists_review_todos(world, scheme, api, branch_secretary, reviewers):
    declare(api(branch_secretary), item=scheme["org_item"], subject_org=world.branch_a.id, occurred_on="2026-03-01")
    r = login(reviewers[1]).get("/")
    assert "积分申报待一级审核" in r.content.decode()


def test_ranking_export_lists_every_subject(world, scheme, approved, committee_admin):

    r = login(committee_admin).get(f"/points/rankings/export.xlsx?scheme={scheme['id']}&type=org&until=2026-05-31")
    from core.testing import table_rows

    rows = table_rows(r.content)
    assert rows[0][:2] == ["名次", "积分对象"]
    assert [(row[0], row[1], row[5], row[6]) for row in rows[1:]] == [
        (1, "统计局第一党支部", 11, 100),
        (2, "财政局第一党支部", 5, 45.45),
    ]


def test_member_declares_for_herself_through_the_page(world, scheme, branch_member):
    c = login(branch_member)
    r = c.get("/points/declarations/new/")
    form = r.context["form"]
    assert [i.name for i in form.fields["item"].queryset] == ["参加志愿服务"]
    assert list(form.fields["subject_person"].queryset) == [world.people["member"]]
    r = c.post(
        "/points/declarations/new/",
        {
            "item": scheme["member_item"],
            "subject_person": world.people["member"].id,
            "quantity": "2",
            "occurred_on": "2026-05-04",
            "description": "社区志愿服务",
            "op": "submit",
        },
    )
    assert r.status_code == 302
    decl = Declaration.objects.get()
    assert (decl.state, decl.points, decl.declared_by_id) == ("pending_l1", 6, branch_member.pk)


def test_bad_declaration_on_the_page_shows_chinese_errors_and_saves_nothing(world, scheme, branch_secretary):
    r = login(branch_secretary).post(
        "/points/declarations/new/",
        {"item": scheme["org_item"], "subject_org": world.branch_a.id, "quantity": "-3", "occurred_on": "2027-01-01"},
    )
    assert r.status_code == 200
    html = r.content.decode()
    assert "数量必须大于0" in html and "发生日期须在积分方案的年度（2026年）内" in html
    assert not Declaration.objects.exists()

"""通知公告 through the API: recipients fixed at publication, signing once, receipts per branch, audiences, the
receipt form, bad input, scope and the three system roles."""

import threading

import pytest
from django.db import connection

from core.testing import make_person
from notices.models import Notice, Recipient

from .factories_notices import make_notice, make_secretary

pytestmark = pytest.mark.django_db

BODY = {"title": "关于召开党建工作推进会的通知", "body": "请准时参加。"}


def _create(api, user, org, **extra):
    return api(user).post("notices", {"org": org.pk, **BODY, **extra})


def test_a_notice_to_a_subtree_lists_exactly_its_recipients(world, api, committee_admin):
    r = _create(api, committee_admin, world.committee)
    assert r.status_code == 201, r.content
    n = r.json()
    assert n["state"] == "published" and n["published_at"]
    got = set(Recipient.objects.filter(notice_id=n["id"]).values_list("person_id", flat=True))
    assert got == {p.pk for p in world.people.values()}
    receipts = api(committee_admin).get(f"notices/{n['id']}/receipts").json()
    assert receipts["recipients"] == 4 and receipts["signed"] == 0
    by_org = {b["org"]["id"]: (b["recipients"], b["signed"]) for b in receipts["by_org"]}
    assert by_org == {world.committee.pk: (1, 0), world.branch_a.pk: (2, 0), world.branch_b.pk: (1, 0)}


def test_a_branch_notice_reaches_only_its_branch(world, api, branch_secretary):
    r = _create(api, branch_secretary, world.branch_a)
    assert r.status_code == 201, r.content
    got = set(Recipient.objects.filter(notice_id=r.json()["id"]).values_list("person_id", flat=True))
    assert got == {world.people["secretary"].pk, world.people["member"].pk}


def test_people_joining_later_are_not_recipients(world, api, committee_admin):
    n = _create(api, committee_admin, world.committee).json()
    make_person(world.branch_a, "新同志", seq=20)
    assert api(committee_admin).get(f"notices/{n['id']}/receipts").json()["recipients"] == 4


def test_signing_twice_counts_once(world, api, committee_admin, branch_member):
    n = _create(api, committee_admin, world.committee).json()
    first = api(branch_member).post(f"notices/{n['id']}/sign", {"receipt": {}})
    assert first.status_code == 200, first.content
    assert first.json()["counted"] is True
    again = api(branch_member).post(f"notices/{n['id']}/sign", {"receipt": {}})
    assert again.status_code == 200 and again.json()["counted"] is False
    assert again.json()["signed_at"] == first.json()["signed_at"]
    receipts = api(committee_admin).get(f"notices/{n['id']}/receipts").json()
    assert receipts["signed"] == 1
    assert {b["org"]["id"]: b["signed"] for b in receipts["by_org"]}[world.branch_a.pk] == 1
    mine = api(branch_member).get(f"notices/{n['id']}").json()["mine"]
    assert mine["signed"] is True


@pytest.mark.django_db(transaction=True)
def test_two_signatures_racing_count_once(world, api, committee_admin, branch_member):
    if connection.vendor == "sqlite":
        pytest.skip("SQLite serialises writers; the race is exercised on PostgreSQL")
    n = make_notice(committee_admin, world.committee)
    answers = []

    def sign():
        answers.append(api(branch_member).post(f"notices/{n.pk}/sign", {"receipt": {}}).json()["counted"])
        connection.close()

    threads = [threading.Thread(target=sign) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(answers) == [False, False, False, True]
    assert Recipient.objects.filter(notice=n, signed_at__isnull=False).count() == 1


def test_the_unread_heat_map_counts_per_branch(world, api, committee_admin, branch_member, branch_secretary):
    n = _create(api, committee_admin, world.committee).json()
    api(branch_member).post(f"notices/{n['id']}/sign", {"receipt": {}})
    api(branch_secretary).post(f"notices/{n['id']}/sign", {"receipt": {}})
    by_org = {
        b["org"]["name"]: (b["recipients"], b["signed"])
        for b in api(committee_admin).get(f"notices/{n['id']}/receipts").json()["by_org"]
    }
    assert by_org == {"测试区直机关工委": (1, 0), "统计局第一党支部": (2, 2), "财政局第一党支部": (1, 0)}


def test_a_branch_admin_reads_the_receipts_of_her_branch_only(world, api, committee_admin, branch_secretary):
    n = _create(api, committee_admin, world.committee).json()
    r = api(branch_secretary).get(f"notices/{n['id']}/receipts").json()
    assert r["recipients"] == 2 and [b["org"]["id"] for b in r["by_org"]] == [world.branch_a.pk]


def test_the_audience_cadres_reaches_only_people_holding_a_post(world, api, committee_admin):
    make_secretary(world.people["secretary"], world.branch_a)
    make_secretary(world.people["outsider"], world.branch_b, title="组织委员")
    ended = make_secretary(world.people["member"], world.branch_a, title="宣传委员")
    ended.ended_on = ended.started_on.replace(year=2025)
    ended.save()
    r = _create(api, committee_admin, world.committee, audience="cadres")
    assert r.status_code == 201, r.content
    got = set(Recipient.objects.filter(notice_id=r.json()["id"]).values_list("person_id", flat=True))
    assert got == {world.people["secretary"].pk, world.people["outsider"].pk}


def test_the_audience_categories_reaches_only_those_categories(world, api, committee_admin):
    activist = make_person(world.branch_a, "赵积极", category="activist", seq=21)
    candidate = make_person(world.branch_b, "钱发展", category="candidate", seq=22)
    make_person(world.branch_b, "孙群众", category="mass", seq=23)
    r = _create(api, committee_admin, world.committee, audience="categories", categories=["activist", "candidate"])
    assert r.status_code == 201, r.content
    assert r.json()["categories"] == ["candidate", "activist"] or set(r.json()["categories"]) == {
        "activist",
        "candidate",
    }
    got = set(Recipient.objects.filter(notice_id=r.json()["id"]).values_list("person_id", flat=True))
    assert got == {activist.pk, candidate.pk}


def test_categories_must_be_chosen_for_that_audience(world, api, committee_admin):
    r = _create(api, committee_admin, world.committee, audience="categories")
    assert r.status_code == 422
    assert "categories" in r.json()["errors"]
    assert not Notice.objects.exists()


def test_an_audience_reaching_no_one_is_not_published(world, api, committee_admin):
    r = _create(api, committee_admin, world.committee, audience="categories", categories=["applicant"])
    assert r.status_code == 422 and "没有人员" in r.json()["detail"]
    assert not Notice.objects.exists()


def test_the_receipt_form_requires_every_item(world, api, committee_admin, branch_member):
    n = _create(api, committee_admin, world.committee, receipt_fields=["是否参会", "联系电话"]).json()
    assert n["receipt_fields"] == ["是否参会", "联系电话"]
    r = api(branch_member).post(f"notices/{n['id']}/sign", {"receipt": {"是否参会": "参会"}})
    assert r.status_code == 422
    assert "联系电话" in r.json()["errors"] and "联系电话" in r.json()["detail"]
    r = api(branch_member).post(f"notices/{n['id']}/sign", {"receipt": {"是否参会": "参会", "职务": "x"}})
    assert r.status_code == 422 and "职务" in r.json()["detail"]
    assert not Recipient.objects.filter(signed_at__isnull=False).exists()
    r = api(branch_member).post(f"notices/{n['id']}/sign", {"receipt": {"是否参会": "参会", "联系电话": "13900000000"}})
    assert r.status_code == 200, r.content
    assert r.json()["receipt"] == {"是否参会": "参会", "联系电话": "13900000000"}
    rows = api(committee_admin).get(f"notices/{n['id']}/recipients", {"signed": "true"}).json()["items"]
    assert [(x["person"]["name"], x["receipt"]["是否参会"]) for x in rows] == [("李娜", "参会")]


@pytest.mark.parametrize(
    "body",
    [
        {"org": "x", **BODY},
        {"org": 2**60, **BODY},
        {"org": 1, "title": "", "body": "x"},
        {"org": 1, "title": "t" * 101, "body": "x"},
        {"org": 1, **BODY, "audience": "everyone"},
        {"org": 1, **BODY, "remind_days": 0},
        {"org": 1, **BODY, "receipt_fields": ["a" * 31]},
        {"org": 1, **BODY, "receipt_fields": ["是否参会", "是否参会"]},
        {"org": 1, **BODY, "receipt_fields": [str(i) for i in range(11)]},
        {"org": 1, **BODY, "categories": ["nobody"]},
    ],
)
def test_bad_input_is_refused_in_chinese_and_changes_nothing(world, api, committee_admin, body):
    if body["org"] == 1:
        body = {**body, "org": world.committee.pk}
    r = api(committee_admin).post("notices", body)
    assert r.status_code in (400, 404, 422), r.content
    assert r.json()["detail"]
    assert not Notice.objects.exists()


def test_a_bad_sign_body_is_refused(world, api, committee_admin, branch_member):
    n = make_notice(committee_admin, world.committee)
    for raw in ('{"receipt": []}', '{"receipt": {"a": 1}}', "not json"):
        r = api(branch_member).post(f"notices/{n.pk}/sign", raw=raw)
        assert r.status_code in (400, 422), (raw, r.status_code)
    assert not Recipient.objects.filter(signed_at__isnull=False).exists()


def test_a_draft_is_kept_then_published(world, api, committee_admin, branch_member):
    r = _create(api, committee_admin, world.committee, draft=True)
    assert r.status_code == 201 and r.json()["state"] == "draft"
    n = r.json()
    assert n["actions"] == ["publish"] and not Recipient.objects.exists()
    assert api(branch_member).get(f"notices/{n['id']}").status_code == 404
    assert api(branch_member).post(f"notices/{n['id']}/sign", {"receipt": {}}).status_code == 404
    r = api(committee_admin).patch(f"notices/{n['id']}", {"title": "关于召开推进会的通知（修订）"})
    assert r.status_code == 200 and r.json()["title"] == "关于召开推进会的通知（修订）"
    r = api(committee_admin).post(f"notices/{n['id']}/publish")
    assert r.status_code == 200 and r.json()["state"] == "published"
    assert Recipient.objects.filter(notice_id=n["id"]).count() == 4
    assert api(committee_admin).post(f"notices/{n['id']}/publish").status_code == 409
    assert api(committee_admin).patch(f"notices/{n['id']}", {"title": "再改"}).status_code == 409


def test_an_archived_notice_cannot_be_signed(world, api, committee_admin, branch_member):
    n = make_notice(committee_admin, world.committee)
    assert api(committee_admin).post(f"notices/{n.pk}/archive").json()["state"] == "archived"
    assert api(branch_member).post(f"notices/{n.pk}/sign", {"receipt": {}}).status_code == 409
    assert api(committee_admin).post(f"notices/{n.pk}/archive").status_code == 409
    assert api(branch_member).get(f"notices/{n.pk}").status_code == 200  # still readable


def test_the_list_is_what_the_caller_received_or_published(world, api, committee_admin, branch_member, outsider):
    to_all = make_notice(committee_admin, world.committee, title="全体通知")
    branch_a = make_notice(world.users["branch_secretary"], world.branch_a, title="支部通知")
    draft = make_notice(committee_admin, world.committee, title="草稿", draft=True)
    ids = lambda u, **p: [x["id"] for x in api(u).get("notices", p).json()["items"]]  # noqa: E731
    assert set(ids(branch_member)) == {to_all.pk, branch_a.pk}
    assert set(ids(outsider)) == {to_all.pk}
    assert set(ids(committee_admin)) == {to_all.pk, branch_a.pk, draft.pk}
    assert set(ids(committee_admin, box="received")) == {to_all.pk}
    api(branch_member).post(f"notices/{to_all.pk}/sign", {"receipt": {}})
    assert ids(branch_member, unsigned="true") == [branch_a.pk]


def test_another_branchs_notice_answers_404(world, api, branch_secretary, outsider):
    n = make_notice(branch_secretary, world.branch_a)
    for path in (f"notices/{n.pk}", f"notices/{n.pk}/receipts", f"notices/{n.pk}/recipients"):
        assert api(outsider).get(path).status_code == 404, path
    assert api(outsider).post(f"notices/{n.pk}/sign", {"receipt": {}}).status_code == 404
    assert api(outsider).post(f"notices/{n.pk}/archive").status_code == 404
    assert api(outsider).post("notices", {"org": world.branch_a.pk, **BODY}).status_code in (404, 422)
    assert Notice.objects.count() == 1


def test_a_member_neither_publishes_nor_reads_receipts(world, api, committee_admin, branch_member):
    assert api(branch_member).post("notices", {"org": world.branch_a.pk, **BODY}).status_code == 403
    n = make_notice(committee_admin, world.committee)
    assert api(branch_member).get(f"notices/{n.pk}/receipts").status_code == 403
    assert api(branch_member).post(f"notices/{n.pk}/archive").status_code == 403


@pytest.mark.parametrize("role", ["sysadmin", "secadmin", "auditor"])
def test_the_system_roles_are_refused(world, api, committee_admin, role):
    user = world.users[role]
    r = api(user).post("notices", {"org": world.committee.pk, **BODY})
    assert r.status_code == 403 and "三员分立" in r.json()["detail"]
    n = make_notice(committee_admin, world.committee)
    assert api(user).get(f"notices/{n.pk}").status_code == 404
    assert api(user).post(f"notices/{n.pk}/sign", {"receipt": {}}).status_code == 404
    assert api(user).get("notices").json()["items"] == []


def test_the_notice_list_has_a_constant_query_count(
    world, api, committee_admin, branch_member, django_assert_max_num_queries
):
    for i in range(3):
        make_notice(committee_admin, world.committee, title=f"通知{i}")
    client = api(branch_member)
    with django_assert_max_num_queries(12):
        assert client.get("notices").json()["count"] == 3
    for i in range(10):
        make_notice(committee_admin, world.committee, title=f"更多通知{i}")
    with django_assert_max_num_queries(12):
        assert client.get("notices").json()["count"] == 13

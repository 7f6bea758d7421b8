from records.models import Record
from records.tests.factories import make_record


def test_committee_lists_its_subtree_with_filters(world, committee_admin, api):
    make_record(world.branch_a, "A的支委会", "2026-03-03", "committee_meeting")
    make_record(world.branch_a, "A的党课", "2026-05-03", "party_lesson")
    make_record(world.branch_b, "B的主题党日", "2026-03-09", "theme_day", also_counts_as=["party_lesson"])
    make_record(world.branch_b, "B的旧记录", "2025-03-09", "theme_day")
    client = api(committee_admin)
    assert client.get("records").json()["count"] == 4
    titles = {i["title"] for i in client.get("records", {"type": "party_lesson"}).json()["items"]}
    assert titles == {"A的党课", "B的主题党日"}  # also_counts_as counts
    assert client.get("records", {"year": 2026, "month": 3}).json()["count"] == 2
    assert client.get("records", {"org": world.branch_b.id, "year": 2025}).json()["count"] == 1
    r = client.get("records", {"date_from": "2026-03-05", "date_to": "2026-05-31"})
    assert {i["title"] for i in r.json()["items"]} == {"A的党课", "B的主题党日"}


def test_a_member_sees_only_her_branch(world, branch_member, api):
    make_record(world.branch_a, "A的支委会")
    make_record(world.branch_b, "B的支委会")
    items = api(branch_member).get("records").json()["items"]
    assert [i["title"] for i in items] == ["A的支委会"]


def test_bad_list_parameters_answer_422_not_500(world, branch_secretary, api):
    client = api(branch_secretary)
    for params in (
        {"year": "abc"},
        {"month": 13},
        {"date_from": "2026-02-30"},
        {"page": 0},
        {"page_size": 100000},
        {"type": "x" * 100},
    ):
        assert client.get("records", params).status_code == 422, params


def test_bad_json_and_wrong_types_are_refused(world, branch_secretary, api):
    client = api(branch_secretary)
    assert client.post("records", raw="{not json").status_code == 400
    r = client.post("records", {"org": "abc", "title": 5})
    assert r.status_code == 422
    assert "org" in r.json()["errors"]
    assert client.patch("records/999999", {"title": "x"}).status_code == 404
    rid = make_record(world.branch_a, "已有记录").id
    assert client.patch(f"records/{rid}", {}).status_code == 422
    assert Record.objects.get(pk=rid).title == "已有记录"


def test_record_list_query_count_does_not_grow_with_the_data(
    world, committee_admin, api, django_assert_max_num_queries
):
    people = [world.people["secretary"], world.people["member"]]
    for i in range(30):
        make_record(world.branch_a if i % 2 else world.branch_b, f"记录{i}", attendees=people)
    client = api(committee_admin)
    with django_assert_max_num_queries(10):
        r = client.get("records", {"page_size": 50})
    assert r.json()["count"] == 30

import pytest
from django.core.management import call_command

from records.tests.factories import make_record
from search import engine
from search.models import SearchEntry

HOSTILE = [
    '"三涧溪',
    '三涧溪"',
    '""',
    '"',
    "“东部崛起",
    "AND",
    "OR",
    "NOT",
    "NEAR",
    "三涧溪 AND 党员 OR NOT 教育",
    "NEAR(三涧溪 党员, 2)",
    "*",
    "三涧*",
    "^三涧溪",
    "title_tokens: 三涧溪",
    "{title_tokens} : x",
    "(((",
    ")))",
    "'; DROP TABLE search_searchentry; --",
    "1' OR '1'='1",
    "\\",
    "%",
    "_",
    "%%__",
    "三涧溪\x00党员",
    "\x01\x02\x1f",
    "a" * 5000,
    "党" * 5000,
    "三涧溪 " * 800,
    "😀🇨🇳",
    "<script>alert(1)</script>",
    "SELECT * FROM orgs_person",
    "-三涧溪",
    "+党员",
    "党员:*",
    "@@ to_tsquery('x')",
    "x' & 'y",
    "!!!",
    "|",
    "&",
    ":",
    "\u202e反转",
]


@pytest.mark.parametrize("q", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_queries_answer_200_or_4xx(world, corpus, branch_secretary, api, client, q):
    r = api(branch_secretary).get("search", {"q": q})
    assert r.status_code in (200, 422), (q, r.content)
    client.force_login(branch_secretary)
    r = client.get("/search/", {"q": q})
    assert r.status_code == 200
    assert b"<script>alert(1)</script>" not in r.content


def test_hostile_filters_answer_4xx(world, corpus, branch_secretary, api):
    client = api(branch_secretary)
    for params in (
        {"q": "党员", "org": "x"},
        {"q": "党员", "date_from": "2026-13-01"},
        {"q": "党员", "type": "'; drop"},
        {"q": "党员", "kind": "nope"},
        {"q": "党员", "date_from": "2026-05-01", "date_to": "2026-01-01"},
        {"q": "党员", "page": -1},
    ):
        assert client.get("search", params).status_code in (404, 422), params
    assert client.get("search", {"q": "党员", "org": world.branch_b.id}).status_code == 404


def test_a_member_never_sees_another_branch_in_results_counts_or_snippets(world, corpus, branch_member, api):
    for q in ("三涧溪", "东部崛起新引擎", "财政预算执行", "机密预算数据"):
        body = api(branch_member).get("search", {"q": q}).json()
        assert all(i["org"]["id"] == world.branch_a.id for i in body["items"]), q
        assert "财政" not in str(body), q
    body = api(branch_member).get("search", {"q": "财政局"}).json()
    assert body == {"count": 0, "more": False, "items": []}


def test_the_committee_sees_its_whole_subtree(world, corpus, committee_admin, api):
    ids = {i["id"] for i in api(committee_admin).get("search", {"q": "三涧溪"}).json()["items"]}
    assert ids == {corpus["sanjianxi"].id, corpus["b_sanjianxi"].id}


def test_system_accounts_find_nothing(world, corpus, sysadmin, auditor, api):
    for user in (sysadmin, auditor):
        assert api(user).get("search", {"q": "三涧溪"}).json()["count"] == 0


def test_the_results_page_leads_with_the_date_of_the_top_hit(world, corpus, branch_member, client):
    client.force_login(branch_member)
    r = client.get("/search/", {"q": "查一下去三涧溪开展党员教育的日期"})
    html = r.content.decode()
    assert "2026年4月16日 · 赴章丘区三涧溪村开展党员教育" in html
    assert 'data-testid="answer-card"' in html
    assert "财政局" not in html


def test_reindex_rebuilds_the_index(world, corpus, branch_secretary):
    SearchEntry.objects.all().delete()
    assert engine.search(branch_secretary, "三涧溪").count == 0
    call_command("reindex")
    assert engine.search(branch_secretary, "三涧溪").top.id == corpus["sanjianxi"].id
    deleted = make_record(world.branch_a, "将被删除的三涧溪记录")
    deleted.deleted_at = deleted.created_at
    deleted.save()
    call_command("reindex", "record")
    assert not SearchEntry.objects.filter(object_id=deleted.id).exists()


def test_reindex_refuses_an_unknown_kind(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("reindex", "nope")

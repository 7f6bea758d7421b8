import pytest

from search import engine

from .corpus import QUERIES


def _filters(world, filters):
    out = dict(filters)
    if out.get("org") in ("a", "b"):
        out["org"] = {"a": world.branch_a, "b": world.branch_b}[out["org"]].id
    return out


@pytest.mark.parametrize(("query", "filters", "expected"), QUERIES, ids=[q for q, _f, _e in QUERIES])
def test_expected_record_comes_first_with_its_date(world, corpus, branch_secretary, api, query, filters, expected):
    r = api(branch_secretary).get("search", {"q": query, **_filters(world, filters)})
    assert r.status_code == 200, r.content
    items = r.json()["items"]
    assert items, f"{query!r} found nothing"
    want = corpus[expected]
    assert items[0]["id"] == want.id, f"{query!r}: first was {items[0]['title']}, wanted {want.title}"
    assert items[0]["date"] == want.date.isoformat()
    assert items[0]["kind"] == "record"
    assert items[0]["org"] == {"id": want.org_id, "name": want.org.name}


def test_the_committee_finds_a_branch_b_record_with_the_org_filter(world, corpus, committee_admin, api):
    r = api(committee_admin).get("search", {"q": "三涧溪参观学习", "org": world.branch_b.id})
    items = r.json()["items"]
    assert [i["id"] for i in items] == [corpus["b_sanjianxi"].id]


def test_a_word_the_document_lacks_lowers_its_score_rather_than_dropping_it(world, corpus, branch_secretary):
    both = engine.search(branch_secretary, "三涧溪 乡村振兴")
    one_missing = engine.search(branch_secretary, "三涧溪 火星探测器")
    assert both.top.id == one_missing.top.id == corpus["sanjianxi"].id
    assert one_missing.top.score < both.top.score


def test_title_outranks_body_and_exact_phrase_outranks_scattered_words(world, corpus, branch_secretary):
    hits = engine.search(branch_secretary, "网格化管理").hits
    assert [h.id for h in hits[:2]] == [corpus["grid_title"].id, corpus["grid_body"].id]
    hits = engine.search(branch_secretary, "党建引领基层治理").hits
    ids = [h.id for h in hits]
    assert ids.index(corpus["phrase_exact"].id) < ids.index(corpus["phrase_scattered"].id)


def test_ascii_quotes_require_the_phrase(world, corpus, branch_secretary):
    ids = [h.id for h in engine.search(branch_secretary, '"党建引领基层治理"').hits]
    assert ids == [corpus["phrase_exact"].id]


def test_snippet_marks_the_matched_words_and_escapes_html(world, corpus, branch_secretary):
    from records.tests.factories import make_record

    make_record(
        world.branch_a,
        "防范<script>alert(1)</script>演练",
        "2026-05-02",
        "study",
        "演练内容<b>加粗</b>，网络安全应急演练。",
    )
    hit = engine.search(branch_secretary, "网络安全应急演练").top
    assert "<mark>" in hit.snippet
    assert "<b>" not in hit.snippet and "&lt;b&gt;" in hit.snippet
    top = engine.search(branch_secretary, "东部崛起新引擎的统计力量").top
    assert "<mark>东部崛起新引擎的统计力量</mark>" in top.snippet

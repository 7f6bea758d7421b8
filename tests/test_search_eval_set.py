"""The search evaluation set (bench/search_eval.json) stays well-formed, so it cannot rot silently.

Fast: no database and no demo world. bench/search_eval.py runs the set (a benchmark, not a test); this checks what
the runner relies on: enough questions, every kind of question issue 15 names, no question twice, every expected
hit named by a registered kind (or one issue 15 is adding), identifiers the runner can match, and the planted
documents of the corpus complete.
"""

import datetime
import json
from pathlib import Path
from types import SimpleNamespace

import pytest

from bench import search_eval
from records.choices import RECORD_TYPE_LABELS
from search import registry

SET_FILE = Path(__file__).resolve().parent.parent / "bench" / "search_eval.json"
# Issue 15's kinds of question: each must be in the set (the set may add more, e.g. plan items and points).
ISSUE_CATEGORIES = {
    "keyword",
    "seed",
    "traditional",
    "numerals",
    "period_type",
    "abbreviation",
    "who",
    "how_many",
    "when",
    "kind_project",
    "kind_problem",
    "kind_feedback",
    "kind_notice",
    "kind_news",
    "kind_course",
    "kind_selfcheck",
}
ANSWERED = {"who", "how_many"}  # their answer card must hold the expected text
DEMO_ACCOUNTS = {"committee", "secretary1", "secretary2", "member1", "member2"}  # orgs/demo.py's business accounts
EXPECT_KEYS = {"kind", "title", "title_contains", "date", "date_from", "date_to", "org", "type"}
QUESTION_KEYS = {"q", "category", "user", "expect", "answer", "note"}


@pytest.fixture(scope="module")
def evalset():
    return json.loads(SET_FILE.read_text(encoding="utf-8"))


def _day(text):
    return datetime.date.fromisoformat(text)


def test_the_set_has_enough_questions_of_every_kind_issue_15_names(evalset):
    questions = evalset["questions"]
    assert len(questions) >= 60
    used = {q["category"] for q in questions}
    assert ISSUE_CATEGORIES <= used, f"categories without a question: {sorted(ISSUE_CATEGORIES - used)}"
    assert used <= set(evalset["categories"]), f"undeclared categories: {sorted(used - set(evalset['categories']))}"
    for category in ISSUE_CATEGORIES:
        assert sum(q["category"] == category for q in questions) >= 3, category


def test_no_question_is_asked_twice(evalset):
    seen = {}
    for q in evalset["questions"]:
        key = ("".join(q["q"].split()), q["user"])
        assert key not in seen, f"asked twice: {q['q']}"
        seen[key] = q
    assert len({"".join(q["q"].split()) for q in evalset["questions"]}) == len(evalset["questions"])


def test_every_question_names_its_asker_and_an_identifiable_first_hit(evalset):
    for q in evalset["questions"]:
        assert set(q) <= QUESTION_KEYS, (q["q"], set(q) - QUESTION_KEYS)
        assert isinstance(q["q"], str) and q["q"].strip() and len(q["q"]) <= 100, q
        assert q["user"] in DEMO_ACCOUNTS, q
        expect = q["expect"]
        assert set(expect) <= EXPECT_KEYS, (q["q"], set(expect) - EXPECT_KEYS)
        assert "title" in expect or "title_contains" in expect or {"type", "date_from", "date_to"} <= set(expect), q
        for part in expect.get("title_contains", []):
            alternatives = [part] if isinstance(part, str) else part
            assert alternatives and all(isinstance(a, str) and a for a in alternatives), q
        for field in ("date", "date_from", "date_to"):
            if field in expect:
                _day(expect[field])
        if "date_from" in expect:
            assert _day(expect["date_from"]) <= _day(expect["date_to"]), q
        if "type" in expect and expect["kind"] == "record":
            assert expect["type"] in RECORD_TYPE_LABELS, q
        if q["category"] in ANSWERED:
            assert q.get("answer"), f"a {q['category']} question states the answer it expects: {q['q']}"


def test_every_expected_kind_is_registered_or_being_added(evalset):
    """The kinds issue 15 adds are listed in the set (kinds.being_added, with the names they may get); once
    registered they count as registered. A renamed kind fails here instead of silently failing every question."""
    kinds = evalset["kinds"]
    being_added = {name for name in kinds["being_added"]}
    for spec in kinds["being_added"].values():
        being_added |= set(spec.get("aliases", []))
    registered = set(registry.KINDS)
    assert set(kinds["registered"]) <= registered, f"no longer registered: {set(kinds['registered']) - registered}"
    for q in evalset["questions"]:
        assert q["expect"]["kind"] in registered | being_added, q


def test_the_corpus_and_its_planted_documents_are_complete(evalset):
    _day(evalset["today"])
    corpus = evalset["corpus"]
    assert corpus["n"] > len(corpus["planted"]) and corpus["branches"] and corpus["unit"]
    _day(corpus["start"])
    titles = [d["title"] for d in corpus["planted"]]
    assert len(titles) == len(set(titles))
    for doc in corpus["planted"]:
        assert doc["type"] in RECORD_TYPE_LABELS, doc
        assert _day(doc["date"]) <= _day(evalset["today"]), doc
        assert doc["org"] in corpus["branches"], doc
        assert doc["body"] and doc["host"], doc
    # Questions about the corpus name planted documents (the generated ones are found by type and period only).
    asked = {q["expect"].get("title") for q in evalset["questions"]}
    assert asked & set(titles)


def test_the_runner_matches_hits_as_the_set_describes():
    kinds = {"problem": {"aliases": ["project_problem"]}}

    def hit(**kw):
        base = {"kind": "record", "title": "", "date": None, "org_name": "", "type": ""}
        return SimpleNamespace(**{**base, **kw})

    h = hit(
        title="主题党日：重阳敬老", date=datetime.date(2026, 10, 16), type="theme_day", org_name="区统计局机关党支部"
    )
    assert search_eval.matches(h, {"kind": "record", "title": "主题党日：重阳敬老", "date": "2026-10-16"}, kinds)
    assert not search_eval.matches(h, {"kind": "record", "title": "主题党日：重阳敬老", "date": "2025-10-16"}, kinds)
    assert search_eval.matches(
        h, {"kind": "record", "type": "theme_day", "date_from": "2026-10-01", "date_to": "2026-10-31"}, kinds
    )
    assert not search_eval.matches(
        h, {"kind": "record", "type": "theme_day", "date_from": "2026-11-01", "date_to": "2026-11-30"}, kinds
    )
    assert search_eval.matches(h, {"kind": "record", "title_contains": [["敬老", "尊老"]], "org": h.org_name}, kinds)
    assert not search_eval.matches(h, {"kind": "news", "title": "主题党日：重阳敬老"}, kinds)
    assert search_eval.matches(hit(kind="project_problem", title="问题"), {"kind": "problem", "title": "问题"}, kinds)
    rows = [{"category": "who", "top1": True, "top3": True}, {"category": "who", "top1": False, "top3": True}]
    figures = search_eval.figures(rows, {"who": "谁"})
    assert figures["who"] == {"n": 2, "top1": 1, "top3": 2} and figures["overall"]["n"] == 2

"""Dates and meeting types inside a question become filters; who / how-many questions get answers.

Through the API (GET /api/v1/search: `answer`, `understood`, `literal`) and the search page (the answer card
says what it understood and links to the plain search).
"""

import datetime
import html as htmllib
import re

import pytest

from core.testing import make_person
from records.tests.factories import make_record
from search import engine

TODAY = datetime.date(2026, 12, 2)

# (key, type, date, title, content)
ARCHIVE = [
    ("jul_committee", "committee_meeting", "2021-07-06", "7月份支委会", "研究七一表彰推荐人选和发展党员工作。"),
    ("jul_committee_2", "committee_meeting", "2021-07-27", "支委会研究党费收缴", "通报上半年党费收缴情况。"),
    (
        "jul_mentions",
        "study",
        "2021-07-20",
        "传达支委会精神专题学习",
        "集中学习支委会关于发展党员工作的决定，支委会成员逐一领学，支委会要求人人写体会。",
    ),
    ("jul_lesson", "party_lesson", "2021-07-01", "庆祝建党百年专题党课", "书记讲授党课，回顾党的百年历程。"),
    ("aug_committee", "committee_meeting", "2021-08-03", "8月份支委会", "研究防汛值守安排。"),
    ("jun_committee", "committee_meeting", "2021-06-08", "6月份支委会", "研究七一系列活动方案。"),
    (
        "nov_theme_day",
        "theme_day",
        "2026-11-12",
        "主题党日：参观廉政教育基地",
        "党员们参观廉政教育基地，接受警示教育。",
    ),
    ("oct_theme_day", "theme_day", "2026-10-20", "主题党日：重阳敬老", "走访慰问老党员。"),
    ("nov_study", "study", "2026-11-20", "专题学习会", "会上安排了下一次主题党日的内容。"),
    ("q4_general", "general_meeting", "2025-11-18", "第四季度支部党员大会", "讨论一名预备党员按期转正。"),
    ("q3_general", "general_meeting", "2025-08-18", "第三季度支部党员大会", "通报党员发展情况。"),
    ("q4_general_now", "general_meeting", "2026-11-05", "支部党员大会", "审议年度述职报告。"),
    ("march_lesson", "party_lesson", "2026-03-18", "春季专题党课", "以统计法治为题讲党课。"),
    (
        "data_lesson",
        "party_lesson",
        "2026-05-20",
        "青年党员微党课",
        "以数据质量是统计工作的生命线为题讲微党课，分享源头数据核查的做法。",
    ),
    (
        "trees",
        "volunteer",
        "2026-03-28",
        "植树节义务植树",
        "党员干部一早集合出发。到艾山脚下栽种侧柏两百余棵，为绿化家园尽一份力。",
    ),
    (
        "awards",
        "general_meeting",
        "2026-06-25",
        "七一表彰大会",
        "会议回顾一年来的工作。评选出优秀共产党员3名、优秀党务工作者1名<并颁发证书>。",
    ),
]


@pytest.fixture
def archive(world, monkeypatch):
    monkeypatch.setattr("core.dates.today", lambda: TODAY)
    host = make_person(world.branch_a, "王建国", seq=41)
    out = {}
    for key, type, date, title, content in ARCHIVE:
        extra = {"host": host} if key == "data_lesson" else {}
        out[key] = make_record(world.branch_a, title, date, type, content, **extra)
    return out


def _get(api, user, **params):
    r = api(user).get("search", params)
    assert r.status_code == 200, r.content
    return r.json()


def _page(client, user, **params):
    client.force_login(user)
    r = client.get("/search/", params)
    assert r.status_code == 200
    return r.content.decode()


def _text(fragment):
    return " ".join(htmllib.unescape(re.sub(r"<[^>]+>", "", fragment)).split())


def _card(page):
    start = page.index(">", page.index('data-testid="answer-card"')) + 1
    return page[start : page.index('data-testid="search-results"')]


def test_a_month_and_type_question_returns_only_that_months_meetings_those_of_the_type_first(
    archive, branch_secretary, api
):
    body = _get(api, branch_secretary, q="2021年7月的支委会")
    items = body["items"]
    assert items and all(i["date"].startswith("2021-07") for i in items)
    committee = {archive["jul_committee"].id, archive["jul_committee_2"].id}
    assert {i["id"] for i in items[:2]} == committee
    assert body["understood"] == {
        "labels": ["2021年7月", "支委会"],
        "date_from": "2021-07-01",
        "date_to": "2021-07-31",
        "types": ["committee_meeting"],
    }
    # The months before and after are not in the results.
    ids = {i["id"] for i in items}
    assert archive["aug_committee"].id not in ids and archive["jun_committee"].id not in ids


def test_a_record_merely_mentioning_the_type_ranks_below_those_of_the_type(archive, branch_secretary):
    hits = engine.search(branch_secretary, "2021年7月的支委会").hits
    ids = [h.id for h in hits]
    # It says 支委会 three times, in its title too, but it was a 专题学习.
    assert ids.index(archive["jul_mentions"].id) > max(
        ids.index(archive["jul_committee"].id), ids.index(archive["jul_committee_2"].id)
    )
    # Without the type word the same record is found first for its words.
    assert engine.search(branch_secretary, "2021年7月传达精神专题学习").top.id == archive["jul_mentions"].id


def test_the_card_says_what_it_understood_and_the_literal_link_gives_the_plain_search(
    archive, branch_secretary, client, api
):
    page = _page(client, branch_secretary, q="2021年7月的支委会")
    card = _card(page)
    assert "已按 2021年7月 · 支委会 筛选" in _text(card)
    link = re.search(r'<a href="([^"]+)"[^>]*data-testid="drop-understood"', card)
    assert link, card
    href = htmllib.unescape(link.group(1))
    assert "literal=1" in href
    plain = client.get("/search/" + href).content.decode()
    assert "已按原文搜索，未按 2021年7月 · 支委会 筛选" in _text(plain)
    assert "8月份支委会" in plain and "6月份支委会" in plain  # other months again
    assert 'data-testid="drop-understood"' not in plain
    back = re.search(r'<a href="([^"]+)"[^>]*data-testid="apply-understood"', plain)
    assert back and "literal" not in htmllib.unescape(back.group(1))
    # The same through the API: the words as typed, nothing understood.
    body = _get(api, branch_secretary, q="2021年7月的支委会", literal="true")
    assert "understood" not in body
    assert {archive["aug_committee"].id, archive["jun_committee"].id} <= {i["id"] for i in body["items"]}


@pytest.mark.parametrize(
    ("q", "expected", "labels", "month"),
    [
        ("上个月的主题党日", "nov_theme_day", ["2026年11月", "主题党日"], "2026-11"),
        ("去年第四季度的党员大会", "q4_general", ["2025年第四季度", "支部党员大会"], "2025-1"),
        ("三月份的党课", "march_lesson", ["2026年3月", "党课"], "2026-03"),
    ],
)
def test_a_relative_period_counts_from_today(archive, branch_secretary, api, client, q, expected, labels, month):
    body = _get(api, branch_secretary, q=q)
    assert body["items"][0]["id"] == archive[expected].id
    assert body["understood"]["labels"] == labels
    assert all(i["date"].startswith(month) for i in body["items"])
    page = _page(client, branch_secretary, q=q)
    assert f"已按 {' · '.join(labels)} 筛选" in _text(_card(page))


def test_last_month_moves_with_today(archive, branch_secretary, monkeypatch):
    monkeypatch.setattr("core.dates.today", lambda: datetime.date(2026, 11, 3))
    res = engine.search(branch_secretary, "上个月的主题党日")
    assert res.top.id == archive["oct_theme_day"].id
    assert res.query.understood.label == "2026年10月 · 主题党日"


def test_a_theme_day_mentioned_in_another_record_ranks_below_the_theme_day(archive, branch_secretary):
    ids = [h.id for h in engine.search(branch_secretary, "上个月的主题党日").hits]
    assert ids.index(archive["nov_theme_day"].id) < ids.index(archive["nov_study"].id)


def test_explicit_filters_win_over_understood_ones(archive, branch_secretary, api):
    # Dates given and dates understood: the intersection.
    body = _get(api, branch_secretary, q="2021年7月的支委会", date_from="2021-07-15")
    assert body["items"][0]["id"] == archive["jul_committee_2"].id
    assert all("2021-07-15" <= i["date"] <= "2021-07-31" for i in body["items"])
    # Periods that do not meet: the reader's own dates.
    body = _get(api, branch_secretary, q="2021年7月的支委会", date_from="2021-08-01", date_to="2021-08-31")
    assert body["items"][0]["id"] == archive["aug_committee"].id
    assert body["understood"]["labels"] == ["支委会"] and body["understood"]["date_from"] is None
    # A type chosen in the filter: the understood type steps back.
    body = _get(api, branch_secretary, q="2021年7月的支委会", type="study")
    assert [i["id"] for i in body["items"]] == [archive["jul_mentions"].id]
    assert body["understood"]["types"] == []


def test_a_who_question_leads_with_the_host_of_the_top_record(archive, branch_secretary, api, client):
    body = _get(api, branch_secretary, q="谁讲的数据质量党课")
    lesson = archive["data_lesson"]
    assert body["items"][0]["id"] == lesson.id
    assert body["answer"]["kind"] == "who" and body["answer"]["text"] == "王建国"
    assert body["answer"]["hit"] == {"kind": "record", "id": lesson.id, "url": f"/records/{lesson.id}/"}
    assert body["answer"]["detail"] == "统计局第一党支部 · 党课《青年党员微党课》"
    card = _text(_card(_page(client, branch_secretary, q="数据质量微党课主讲人是谁")))
    assert card.startswith("答：王建国 · 2026年5月20日 · 统计局第一党支部 · 党课《青年党员微党课》")
    # A record without a host: no answer is made up, the top hit is shown.
    body = _get(api, branch_secretary, q="谁讲的统计法治党课")
    assert body["items"][0]["id"] == archive["march_lesson"].id and "answer" not in body


def test_a_how_many_question_leads_with_the_sentence_holding_the_number(archive, branch_secretary, api, client):
    body = _get(api, branch_secretary, q="义务植树种了多少棵")
    assert body["items"][0]["id"] == archive["trees"].id
    a = body["answer"]
    assert a["kind"] == "number"
    assert a["text"] == "到艾山脚下栽种侧柏两百余棵，为绿化家园尽一份力。"
    assert a["html"] == "到艾山脚下栽种侧柏<mark>两百余棵</mark>，为绿化家园尽一份力。"
    card = _card(_page(client, branch_secretary, q="义务植树种了多少棵"))
    assert "答：到艾山脚下栽种侧柏<mark>两百余棵</mark>，为绿化家园尽一份力。" in card


def test_a_how_many_answer_is_escaped_and_counts_the_same_things(archive, branch_secretary, api, client):
    body = _get(api, branch_secretary, q="七一表彰评了几个优秀共产党员")
    assert body["items"][0]["id"] == archive["awards"].id
    assert body["answer"]["html"] == (
        "评选出优秀共产党员<mark>3名</mark>、优秀党务工作者<mark>1名</mark>&lt;并颁发证书&gt;。"
    )
    page = _page(client, branch_secretary, q="七一表彰评了几个优秀共产党员")
    assert "&lt;并颁发证书&gt;" in page and "<并颁发证书>" not in page


def test_a_when_question_still_leads_with_the_date(archive, branch_secretary, api):
    body = _get(api, branch_secretary, q="数据质量微党课是哪天")
    assert body["answer"]["kind"] == "date" and body["answer"]["text"] == "2026年5月20日"
    assert str(engine.search(branch_secretary, "数据质量微党课是几月份讲的").answer) == (
        "答：2026年5月20日 · 统计局第一党支部 · 党课《青年党员微党课》"
    )


@pytest.mark.parametrize("q", ["2021年13月的支委会", "第五季度的党员大会", "0月的支委会", "2021年0月", "Q7党课"])
def test_impossible_periods_are_not_understood_and_do_not_fail(archive, branch_secretary, api, client, q):
    body = _get(api, branch_secretary, q=q)
    assert (body.get("understood") or {}).get("date_from") is None
    page = _page(client, branch_secretary, q=q)
    assert "已按 20" not in _text(page)
    assert engine.search(branch_secretary, q).query.understood.date_from is None


def test_a_period_alone_is_searched_as_words(archive, branch_secretary, api):
    body = _get(api, branch_secretary, q="2021年7月")
    assert "understood" not in body


def test_the_page_with_nothing_in_the_understood_month_still_offers_the_plain_search(archive, branch_secretary, client):
    page = _page(client, branch_secretary, q="2019年5月的支委会")
    assert 'data-testid="answer-card"' not in page
    assert "已按 2019年5月 · 支委会 筛选" in _text(page)
    assert 'data-testid="drop-understood"' in page

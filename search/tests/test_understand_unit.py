"""search/understand.py on its own: periods, meeting types and what a question asks for."""

import datetime

import pytest

from search.query import parse
from search.understand import Understood, cn_int, narrow, number_sentence

DEC = datetime.date(2026, 12, 2)
FEB = datetime.date(2026, 2, 10)


@pytest.mark.parametrize(
    ("q", "today", "date_from", "date_to", "label"),
    [
        ("2021年7月的支委会", DEC, "2021-07-01", "2021-07-31", "2021年7月 · 支委会"),
        ("二〇二一年七月的支委会", DEC, "2021-07-01", "2021-07-31", "2021年7月 · 支委会"),
        ("2021年的党课", DEC, "2021-01-01", "2021-12-31", "2021年 · 党课"),
        ("今年的主题党日", DEC, "2026-01-01", "2026-12-31", "2026年 · 主题党日"),
        ("去年的主题党日", DEC, "2025-01-01", "2025-12-31", "2025年 · 主题党日"),
        ("前年12月支委会", DEC, "2024-12-01", "2024-12-31", "2024年12月 · 支委会"),
        ("上个月的主题党日", DEC, "2026-11-01", "2026-11-30", "2026年11月 · 主题党日"),
        ("上个月的主题党日", datetime.date(2026, 1, 5), "2025-12-01", "2025-12-31", "2025年12月 · 主题党日"),
        ("本月党课", FEB, "2026-02-01", "2026-02-28", "2026年2月 · 党课"),
        ("这个月的支委会", DEC, "2026-12-01", "2026-12-31", "2026年12月 · 支委会"),
        ("三月份的党课", DEC, "2026-03-01", "2026-03-31", "2026年3月 · 党课"),
        ("三月份的党课", FEB, "2025-03-01", "2025-03-31", "2025年3月 · 党课"),  # the last March that has begun
        ("七月的支委会", DEC, "2026-07-01", "2026-07-31", "2026年7月 · 支委会"),
        ("查一下七月的支委会", DEC, "2026-07-01", "2026-07-31", "2026年7月 · 支委会"),
        ("去年第四季度的党员大会", DEC, "2025-10-01", "2025-12-31", "2025年第四季度 · 支部党员大会"),
        ("第4季度党员大会", FEB, "2025-10-01", "2025-12-31", "2025年第四季度 · 支部党员大会"),
        ("四季度党员大会", DEC, "2026-10-01", "2026-12-31", "2026年第四季度 · 支部党员大会"),
        ("Q4党课", DEC, "2026-10-01", "2026-12-31", "2026年第四季度 · 党课"),
        ("2021年Q3的党课", DEC, "2021-07-01", "2021-09-30", "2021年第三季度 · 党课"),
        ("上季度的支委会", FEB, "2025-10-01", "2025-12-31", "2025年第四季度 · 支委会"),
        ("本季度的支委会", DEC, "2026-10-01", "2026-12-31", "2026年第四季度 · 支委会"),
        ("2021年7月1日的党课", DEC, "2021-07-01", "2021-07-01", "2021年7月1日 · 党课"),
        ("2021年到2023年的党课", DEC, "2021-01-01", "2023-12-31", "2021年至2023年 · 党课"),
        ("2021年7月防汛值守", DEC, "2021-07-01", "2021-07-31", "2021年7月"),
    ],
)
def test_periods(q, today, date_from, date_to, label):
    u = parse(q, today=today).understood
    assert (u.date_from.isoformat(), u.date_to.isoformat(), u.label) == (date_from, date_to, label)


@pytest.mark.parametrize(
    "q",
    [
        "2021年13月的支委会",
        "0月的支委会",
        "第五季度的党员大会",
        "第14季度",
        "Q5党课",
        "2025年度组织生活会",  # the year a duty belongs to, not when it was held
        "十月革命专题学习",
        "统一月报制度",
        "二十届四中全会",
        "七一志愿服务",
        "3个月的党费",
        "“2021年7月”的支委会",  # quoted: the reader wants these words
        "2021年7月",  # a period alone names no topic: its words are searched
        "1800年的党课",
        "2021年2月30日的党课",
    ],
)
def test_what_is_not_a_period(q):
    assert parse(q, today=DEC).understood.date_from is None


def test_the_period_leaves_the_terms_the_type_word_stays():
    p = parse("2021年7月的支委会", today=DEC)
    assert p.terms == ["支委", "委会", "支委会"]
    p = parse("2021年13月的支委会", today=DEC)
    assert "2021" in p.terms and "13" in p.terms


@pytest.mark.parametrize(
    ("q", "labels"),
    [
        ("支部委员会会议研究发展对象", ("支委会",)),
        ("支委会议", ("支委会",)),
        ("全体党员大会", ("支部党员大会",)),
        ("党员大会", ("支部党员大会",)),
        ("小组会", ("党小组会",)),
        ("讲党课", ("党课",)),
        ("党日活动", ("主题党日",)),
        ("组织生活会", ("组织生活会",)),
        ("专题学习", ("专题学习",)),
        ("党员教育", ("党员教育",)),
        ("谈心谈话", ("谈心谈话",)),
        ("志愿服务", ("志愿服务",)),
        ("民主评议党员大会", ("民主评议党员",)),  # one span, one type
        ("三涧溪", ()),
    ],
)
def test_meeting_type_words(q, labels):
    assert parse(q, today=DEC).understood.type_labels == labels


def test_type_codes_are_those_the_record_kind_registers():
    assert parse("主题党日", today=DEC).understood.types == ("theme_day",)


@pytest.mark.parametrize(
    ("q", "asks", "unit"),
    [
        ("谁讲的党课", "who", ""),
        ("谁主持的支委会", "who", ""),
        ("微党课主讲人是谁", "who", ""),
        ("种了多少棵", "number", "棵"),
        ("评了几个优秀", "number", "个"),
        ("多少人参加", "number", "人"),
        ("一共多少", "number", ""),
        ("党课是几月份讲的", "date", ""),
        ("几号开的会", "", ""),  # asks_for_date already covers it
        ("三涧溪", "", ""),
    ],
)
def test_what_a_question_asks_for(q, asks, unit):
    u = parse(q, today=DEC).understood
    assert (u.asks, u.unit) == (asks, unit)


def test_literal_understands_no_filters_but_still_what_is_asked():
    p = parse("谁讲的2021年7月的党课", today=DEC, literal=True)
    assert p.understood.date_from is None and not p.understood.types and p.understood.asks == "who"
    assert "2021" in p.terms


def test_narrow_intersects_dates_and_lets_explicit_filters_win():
    u = Understood(
        date_from=datetime.date(2021, 7, 1), date_to=datetime.date(2021, 7, 31), date_label="2021年7月", types=("x",)
    )
    got, lo, hi = narrow(u, date_from=datetime.date(2021, 7, 15))
    assert (lo, hi, got.label) == (datetime.date(2021, 7, 15), datetime.date(2021, 7, 31), "2021年7月")
    got, lo, hi = narrow(u, date_from=datetime.date(2022, 1, 1))
    assert (lo, hi, got.has_dates) == (datetime.date(2022, 1, 1), None, False)
    got, _lo, _hi = narrow(u, type="study")
    assert got.types == ()


def test_cn_int():
    assert [cn_int(x) for x in ("7", "七", "十", "十二", "二十", "三十一", "二〇二一", "十十", "二二十", "")] == [
        7,
        7,
        10,
        12,
        20,
        31,
        2021,
        None,
        None,
        None,
    ]


def test_number_sentence_prefers_the_unit_asked_and_the_questions_words():
    body = "会议由王伟主持，应到12人，实到11人。\n走访群众35户，收集意见建议8条。"
    assert number_sentence(body, "人")[1] == "会议由王伟主持，应到<mark>12人</mark>，实到<mark>11人</mark>。"
    assert number_sentence(body, "条")[1] == "走访群众35户，收集意见建议<mark>8条</mark>。"
    assert number_sentence(body, "", ["意见"])[0] == "走访群众35户，收集意见建议8条。"
    assert number_sentence("没有数字的记录。", "人") is None
    assert number_sentence("<b>到了</b>18名党员", "人")[1] == "&lt;b&gt;到了&lt;/b&gt;<mark>18名</mark>党员"

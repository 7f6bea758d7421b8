"""A question asking when gets its answer stated first; the date filters carry visible labels."""

import datetime
import re

import pytest

from plans.tests.factories import add_item, make_plan
from search import engine
from search.query import parse

ANSWER = "答：2026年4月16日 · 统计局第一党支部 · 党员教育《赴章丘区三涧溪村开展党员教育》"


def _page(client, user, **params):
    client.force_login(user)
    r = client.get("/search/", params)
    assert r.status_code == 200
    return r.content.decode()


@pytest.mark.parametrize(
    "q",
    [
        "去三涧溪开展党员教育是哪天",
        "三涧溪党员教育是什么时候",
        "查一下去三涧溪开展党员教育的日期",
        "三涧溪党员教育是几号",
        "三涧溪党员教育啥时候去的",
    ],
)
def test_a_question_asking_when_is_answered_with_date_branch_and_title(world, corpus, branch_member, client, q):
    assert str(engine.search(branch_member, q).answer) == ANSWER
    html = _page(client, branch_member, q=q)
    card = html[html.index('data-testid="answer-card"') :]
    assert re.sub(r"<[^>]+>", "", card).find(ANSWER) >= 0
    # The answer comes first, then the list of hits it was drawn from.
    assert html.index('data-testid="answer"') < html.index('data-testid="search-results"')


def test_a_question_that_does_not_ask_when_gets_the_top_hit_not_an_answer(world, corpus, branch_member, client):
    assert engine.search(branch_member, "三涧溪参观学习").answer is None
    html = _page(client, branch_member, q="三涧溪参观学习")
    assert "答：" not in html and "最相关的结果" in html


def test_a_plan_item_answers_as_what_it_is_not_as_an_event(world, corpus, branch_secretary, client):
    plan = make_plan(branch_secretary, world.branch_a)
    add_item(branch_secretary, plan, "编印年度党建档案汇编", category="档案管理", due=datetime.date(2026, 12, 20))
    res = engine.search(branch_secretary, "编印年度党建档案汇编是哪天")
    assert res.top.kind == "plan_item"
    assert str(res.answer) == "答：2026年12月20日 · 统计局第一党支部 · 清单事项《编印年度党建档案汇编》"


def test_the_question_words_that_ask_for_a_date():
    for q in ("哪天开会", "什么时候去的", "活动日期", "几号", "几月几日", "何时召开"):
        assert parse(q).asks_for_date, q
    for q in ("哪次会议提到了三涧溪", "三涧溪", "谁讲的党课"):
        assert not parse(q).asks_for_date, q


def test_the_date_filters_are_labelled_and_keep_their_values(world, corpus, branch_member, client):
    html = _page(client, branch_member, q="党员", date_from="2026-04-01", date_to="2026-04-30")
    for label, name, value in (("起始日期", "date_from", "2026-04-01"), ("截止日期", "date_to", "2026-04-30")):
        m = re.search(rf'<label[^>]*for="([^"]+)"[^>]*>{label}</label>', html)
        assert m, label
        assert re.search(rf'<input[^>]*id="{m.group(1)}"[^>]*name="{name}"[^>]*value="{value}"', html), name
    assert "赴章丘区三涧溪村开展党员教育" in html  # 2026-04-16 lies inside the range


def test_dates_in_the_wrong_order_are_refused_in_the_labels_words(world, corpus, branch_member, client):
    html = _page(client, branch_member, q="党员", date_from="2026-05-01", date_to="2026-04-01")
    assert "起始日期不能晚于截止日期" in html
    assert 'data-testid="search-results"' not in html

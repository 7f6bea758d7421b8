"""Every kind the modules add is found through the one index (issue 15, item 6): here 问题清单 and 意见建议, each
with its own badge and link, only by those who may read it; a question about a kind (项目、意见 …) ranks that kind
first, while a question about an event still ranks the records first. The modules' own kinds are tested beside
them: learning/tests/test_search.py (网络学院课程), assessments/tests/test_search.py (考核自查报告)."""

import pytest
from django.apps import apps
from django.test import Client

from records.tests.factories import make_record
from search import index
from search.models import SearchEntry
from search.tests.helpers_kinds import badge, found, kinds_of, page, result_list

pytestmark = pytest.mark.skipif(
    not all(apps.is_installed(a) for a in ("search", "feedback", "projects")),
    reason="a module of these kinds is not installed",
)

# ---- 问题清单 ---------------------------------------------------------------------------------------


def make_problem(world, org, title, description="", by=None):
    from feedback import actions
    from orgs.models import Organisation

    return actions.create_problem(
        by=by or world.users["committee_admin"],
        data={"org": org.pk, "title": title, "description": description, "source": "visit"},
        orgs=Organisation.objects.all(),
    )


def test_a_problem_is_found_with_its_badge_and_link_by_its_subtree_only(
    world, api, branch_secretary, branch_member, outsider
):
    p = make_problem(world, world.branch_a, "老旧小区停车难", "居民反映夜间车辆乱停乱放，消防通道被占。")
    body = found(api, branch_member, "消防通道被占")
    assert kinds_of(body) == ["problem"] and body["count"] == 1
    hit = body["items"][0]
    assert hit["title"] == "老旧小区停车难" and hit["url"] == f"/problems/{p.pk}/" and hit["type"] == "open"
    assert Client().get(hit["url"]).status_code == 302  # the link opens the problem (after login)
    assert found(api, branch_secretary, "老旧小区停车难")["count"] == 1
    outside = found(api, outsider, "老旧小区停车难")
    assert outside["count"] == 0 and outside["items"] == []
    html = result_list(page(branch_member, "老旧小区停车难"))
    assert badge("问题清单") in html and "待认领" in html
    assert f'href="/problems/{p.pk}/"' in html
    client = Client()
    client.force_login(branch_member)
    assert client.get(hit["url"]).status_code == 200


def test_a_problem_raised_to_the_committee_is_found_by_every_branch_below_it(
    world, api, branch_secretary, branch_member, outsider
):
    from feedback import actions

    p = make_problem(world, world.branch_a, "在职党员报到后作用发挥不明显", by=branch_secretary)
    kept = make_problem(world, world.branch_b, "财政局食堂浪费现象", by=outsider)
    assert found(api, outsider, "在职党员报到后作用发挥不明显")["count"] == 0
    actions.transition_problem(p, "raise", by=branch_secretary)
    # On the committee's list now: the other branch claims it from there (对号认领), so it finds it.
    body = found(api, outsider, "在职党员报到后作用发挥不明显")
    assert kinds_of(body) == ["problem"] and body["items"][0]["org"]["name"] == world.committee.name
    assert found(api, branch_member, "在职党员报到后作用发挥不明显")["count"] == 1
    # A branch's own list stays its own.
    assert found(api, branch_member, "财政局食堂浪费现象")["count"] == 0
    assert found(api, outsider, "财政局食堂浪费现象")["items"][0]["id"] == kept.pk


# ---- 意见建议 ---------------------------------------------------------------------------------------


def answered_feedback(world, content, answer):
    from feedback import actions

    item = actions.submit_feedback(
        data={"org": world.branch_a.pk, "content": content, "contact_name": "王阿姨", "phone": "13963471258"},
        client_address="192.0.2.10",
    )
    by = world.users["branch_secretary"]
    actions.transition_feedback(item, "accept", by=by)
    item.refresh_from_db()
    return actions.transition_feedback(item, "answer", by=by, data={"answer": answer, "public": "on"})


def test_feedback_and_its_answer_are_found_by_the_handling_admins_only(
    world, api, branch_secretary, committee_admin, branch_member, outsider
):
    item = answered_feedback(world, "小区3号楼楼道灯坏了两周，老人晚上上下楼不安全。", "已协调物业更换声控灯。")
    for q in ("楼道灯坏了", "更换声控灯"):
        body = found(api, branch_secretary, q)
        assert kinds_of(body) == ["feedback"], q
        hit = body["items"][0]
        assert hit["url"] == f"/feedback/{item.pk}/" and hit["type"] == "answered"
    assert found(api, committee_admin, "更换声控灯")["count"] == 1
    for reader in (branch_member, outsider):  # members read answers on the public board, not the case file
        body = found(api, reader, "楼道灯坏了")
        assert body["count"] == 0 and body["items"] == []
    # The writer's name and phone are never in the index.
    assert found(api, branch_secretary, "王阿姨")["count"] == 0
    assert found(api, branch_secretary, "13963471258")["count"] == 0
    html = result_list(page(branch_secretary, "楼道灯坏了"))
    assert badge("意见建议") in html and "已答复" in html
    assert f'href="/feedback/{item.pk}/"' in html


# ---- question words rank their kind first -------------------------------------------------------


def test_a_project_question_ranks_the_project_above_a_record_with_the_same_words(world, api, branch_secretary):
    from projects.tests.factories import make_project

    project = make_project(world, title="物业党建联建", slogan="小物业连着大民生")
    make_record(
        world.branch_a,
        "物业党建联建推进会",
        type="committee_meeting",
        content="支委会研究物业党建联建，推进物业党建联建覆盖所有小区，物业党建联建纳入年度考核。",
    )
    assert kinds_of(found(api, branch_secretary, "物业党建联建"))[0] == "record"  # the meeting says it most
    assert kinds_of(found(api, branch_secretary, "物业党建联建项目"))[0] == "project"
    body = found(api, branch_secretary, "物业党建联建是哪个项目")
    assert kinds_of(body)[0] == "project" and body["items"][0]["id"] == project.pk
    assert "record" in kinds_of(body)  # ranked below, not dropped
    html = result_list(page(branch_secretary, "物业党建联建是哪个项目"))
    assert html.index("党建项目") < html.index("物业党建联建推进会")


def test_an_event_question_mentioning_suggestions_ranks_the_meeting_first(world, api, branch_secretary):
    answered_feedback(world, "建议社区广泛征求意见后再改造老旧小区。", "已转社区征求意见。")
    make_record(
        world.branch_a,
        "老旧小区改造征求意见座谈会",
        type="symposium",
        content="座谈会广泛征求意见，居民代表对老旧小区改造提出建议。",
    )
    assert kinds_of(found(api, branch_secretary, "哪次会议征求了老旧小区改造的意见"))[0] == "record"
    assert kinds_of(found(api, branch_secretary, "老旧小区改造的意见建议"))[0] == "feedback"


def test_the_parsed_question_names_the_kinds_it_asks_for():
    from search.query import parse

    assert parse("物业党建联建是哪个项目").kinds_asked == ["project"]
    assert set(parse("有哪些党章网课").kinds_asked) == {"course"}
    assert parse("去三涧溪开展党员教育是哪天").kinds_asked == []


# ---- the index --------------------------------------------------------------------------------------


def test_reindex_rebuilds_problems_and_feedback(world):
    make_problem(world, world.branch_a, "老旧小区停车难")
    answered_feedback(world, "楼道灯坏了。", "已更换。")
    before = sorted(SearchEntry.objects.values_list("kind", "object_id", "title"))
    assert {k for k, _i, _t in before} == {"problem", "feedback"}
    SearchEntry.objects.all().delete()
    index.rebuild()
    assert sorted(SearchEntry.objects.values_list("kind", "object_id", "title")) == before

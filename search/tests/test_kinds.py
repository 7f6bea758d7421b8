"""Every kind the modules add is found through the one index (issue 15, item 6): 问题清单, 意见建议, 网络学院课程
and 考核自查报告, each with its own badge and link, only by those who may read it; a question about a kind
(项目、课程、意见 …) ranks that kind first, while a question about an event still ranks the records first."""

import pytest
from django.apps import apps
from django.test import Client

from records.tests.factories import make_record
from search import engine, index
from search.models import SearchEntry

pytestmark = pytest.mark.skipif(
    not all(apps.is_installed(a) for a in ("search", "feedback", "learning", "assessments", "projects")),
    reason="a module of these kinds is not installed",
)


def found(api, user, q, **params):
    r = api(user).get("search", {"q": q, **params})
    assert r.status_code == 200, r.content
    return r.json()


def kinds_of(body):
    return [i["kind"] for i in body["items"]]


def page(user, q):
    client = Client()
    client.force_login(user)
    r = client.get("/search/", {"q": q})
    assert r.status_code == 200
    return r.content.decode()


def result_list(html):
    return html.split('data-testid="search-results"')[1]


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
    assert '<span class="badge bg-blue-lt">问题清单</span>' in html and "待认领" in html
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
    assert '<span class="badge bg-blue-lt">意见建议</span>' in html and "已答复" in html
    assert f'href="/feedback/{item.pk}/"' in html


# ---- 网络学院课程 -----------------------------------------------------------------------------------


def test_a_published_course_is_found_by_its_lessons_across_the_subtree_a_draft_is_not(
    world, api, committee_admin, branch_member, outsider
):
    from learning import actions_courses
    from learning.tests.factories_courses import add_article, make_course, published_course

    course, _article, _video = published_course(committee_admin, world.committee, title="学习贯彻新党章")
    body = found(api, branch_member, "党章总纲导读")  # a lesson's title
    assert kinds_of(body) == ["course"] and body["items"][0]["url"] == f"/learning/courses/{course.pk}/"
    assert body["items"][0]["org"]["name"] == world.committee.name
    assert found(api, outsider, "学习贯彻新党章")["count"] == 1  # the committee's course: every branch below
    html = result_list(page(branch_member, "学习贯彻新党章"))
    assert '<span class="badge bg-blue-lt">网络学院课程</span>' in html and "必修课" in html
    # A lesson added later is found through its course (the course follows its lessons).
    actions_courses.add_lesson(
        course,
        by=committee_admin,
        data={"title": "两个确立的决定性意义", "kind": "article", "hours": "1", "body": "深刻领会两个确立。"},
    )
    assert kinds_of(found(api, branch_member, "深刻领会两个确立")) == ["course"]
    # A draft is found by nobody, not even its author; withdrawing takes a course out.
    draft = make_course(committee_admin, world.committee, title="基层党务工作实务草稿")
    add_article(draft, committee_admin)
    for reader in (committee_admin, branch_member):
        assert found(api, reader, "基层党务工作实务草稿")["count"] == 0
    actions_courses.transition_course(course, "withdraw", by=committee_admin)
    assert found(api, branch_member, "学习贯彻新党章")["count"] == 0


def test_a_branch_course_is_not_found_by_another_branch(world, api, branch_member, outsider, branch_secretary):
    from learning.tests.factories_courses import published_course

    published_course(outsider, world.branch_b, title="财政业务知识微课", required=False)
    body = found(api, branch_member, "财政业务知识微课")
    assert body["count"] == 0 and body["items"] == []
    assert found(api, branch_secretary, "财政业务知识微课")["count"] == 0
    hits = found(api, outsider, "财政业务知识微课")["items"]
    assert kinds_of({"items": hits}) == ["course"] and hits[0]["type"] == "elective"


# ---- 考核自查报告 -----------------------------------------------------------------------------------


@pytest.fixture
def selfcheck_round(world):
    from assessments.tests.factories_rounds import make_round, make_scheme

    return make_round(world, make_scheme(world), state="selfcheck")


def test_a_submitted_self_check_is_found_by_its_organisation_and_the_committee_only(
    world, api, selfcheck_round, branch_secretary, branch_member, committee_admin, outsider
):
    from assessments import actions_rounds

    r = selfcheck_round
    actions_rounds.save_selfcheck(
        r,
        world.branch_a,
        by=branch_secretary,
        data=None,
        sections={"practices": "推行“支部+网格”工作法，党员包片联户。", "problems": "青年党员参与不够。"},
        submit=True,
    )
    actions_rounds.save_selfcheck(
        r, world.branch_b, by=outsider, data=None, sections={"practices": "推行“党建+预算绩效”工作法。"}
    )  # a draft
    url = f"/assessments/rounds/{r.pk}/selfchecks/{world.branch_a.pk}/"
    for reader in (branch_member, branch_secretary, committee_admin):
        body = found(api, reader, "支部+网格工作法")
        assert kinds_of(body) == ["selfcheck"], reader
        assert body["items"][0]["url"] == url and body["items"][0]["type"] == "quarter"
    body = found(api, outsider, "支部网格工作法 包片联户")
    assert body["count"] == 0 and body["items"] == []
    # The other branch's draft is nobody's search result, not even the committee's or its own.
    for reader in (committee_admin, outsider):
        assert found(api, reader, "党建+预算绩效")["count"] == 0
    html = result_list(page(branch_member, "包片联户"))
    assert '<span class="badge bg-blue-lt">考核自查报告</span>' in html and "季度考核" in html
    assert f'href="{url}"' in html
    client = Client()
    client.force_login(branch_member)
    assert "包片联户" in client.get(url).content.decode()


def test_a_self_check_follows_its_rounds_title(world, api, selfcheck_round, branch_secretary, committee_admin):
    from assessments import actions_rounds

    r = selfcheck_round
    actions_rounds.save_selfcheck(
        r, world.branch_a, by=branch_secretary, data=None, sections={"practices": "每月主题党日。"}, submit=True
    )
    data = actions_rounds._current_data(r)
    actions_rounds.update_round(r, by=committee_admin, data={**data, "title": "2026年一季度星级支部创建考核"})
    assert "星级支部创建考核" in found(api, committee_admin, "星级支部创建考核 自查")["items"][0]["title"]


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


def test_a_course_question_ranks_courses_first_and_an_event_question_still_ranks_records_first(
    world, api, committee_admin, branch_member
):
    from learning.tests.factories_courses import published_course

    published_course(committee_admin, world.committee, title="学习贯彻新党章")
    make_record(
        world.branch_a,
        "学习贯彻新党章专题党课",
        type="party_lesson",
        content="支部书记讲授党课，带领党员学习贯彻新党章，逐条学习党章总纲。",
    )
    assert kinds_of(found(api, branch_member, "学习贯彻新党章专题党课"))[0] == "record"
    assert kinds_of(found(api, branch_member, "学习贯彻新党章专题党课的网课"))[0] == "course"
    # "哪次" asks for an event: the record stays first even though the question names a course.
    assert kinds_of(found(api, branch_member, "哪次讲了学习贯彻新党章的课程"))[0] == "record"


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


def test_reindex_rebuilds_the_new_kinds_and_leaves_drafts_out(world, selfcheck_round, committee_admin, outsider):
    from assessments import actions_rounds
    from learning.tests.factories_courses import add_article, make_course, published_course

    published_course(committee_admin, world.committee, title="学习贯彻新党章")
    add_article(make_course(committee_admin, world.committee, title="草稿课程"), committee_admin)
    make_problem(world, world.branch_a, "老旧小区停车难")
    answered_feedback(world, "楼道灯坏了。", "已更换。")
    actions_rounds.save_selfcheck(
        selfcheck_round, world.branch_b, by=outsider, data=None, sections={"practices": "草稿"}
    )
    before = sorted(SearchEntry.objects.values_list("kind", "object_id", "title"))
    SearchEntry.objects.all().delete()
    index.rebuild()
    after = sorted(SearchEntry.objects.values_list("kind", "object_id", "title"))
    assert after == before
    kinds = {k for k, _i, _t in after}
    assert {"problem", "feedback", "course"} <= kinds and "selfcheck" not in kinds
    assert "草稿课程" not in {t for _k, _i, t in after}
    assert engine.search(committee_admin, "学习贯彻新党章").top.kind_label == "网络学院课程"

"""网络学院's courses in the shared search (issue 15, item 6): a published course is found with its badge and link by
its lessons across the publisher's subtree, a draft or another branch's course is not, and a question about a
course (课程、网课) ranks courses first."""

import pytest
from django.apps import apps

from records.tests.factories import make_record
from search import engine, index
from search.models import SearchEntry
from search.tests.helpers_kinds import badge, found, kinds_of, page, result_list

pytestmark = pytest.mark.skipif(not apps.is_installed("search"), reason="search app not installed")

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
    assert badge("网络学院课程") in html and "必修课" in html
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


def test_reindex_rebuilds_published_courses_and_leaves_drafts_out(world, committee_admin):
    from learning.tests.factories_courses import add_article, make_course, published_course

    course, _a, _v = published_course(committee_admin, world.committee, title="学习贯彻新党章")
    add_article(make_course(committee_admin, world.committee, title="草稿课程"), committee_admin)
    before = sorted(SearchEntry.objects.values_list("kind", "object_id", "title"))
    assert before == [("course", course.pk, "学习贯彻新党章")]
    SearchEntry.objects.all().delete()
    index.rebuild()
    assert sorted(SearchEntry.objects.values_list("kind", "object_id", "title")) == before
    assert engine.search(committee_admin, "党章总纲导读").top.kind_label == "网络学院课程"

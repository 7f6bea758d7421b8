"""在线学习 through the API: courses and lessons (API.md's paths and fields), publication to a subtree, position
reports checked for plausibility, the hours a completed lesson credits, ratings and the evaluation summary."""

from decimal import Decimal

import pytest
from django.test import Client

from core.dates import today as local_today
from core.testing import ApiClient
from learning import actions_courses as actions
from learning.models import HourEntry
from learning.models_courses import CourseProgress, LessonProgress
from learning.tests.factories_courses import SAMPLE, Clock, published_course, sample_video

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n"


def _multipart(user, url, name, content):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from accounts.models import ApiToken

    token = ApiToken.issue(user)
    return Client().post(
        f"/api/v1/{url}", {"file": SimpleUploadedFile(name, content)}, HTTP_AUTHORIZATION=f"Bearer {token}"
    )


def test_an_admin_builds_and_publishes_a_course_and_a_member_of_the_subtree_finds_it(
    world, committee_admin, branch_member
):
    admin = ApiClient(committee_admin)
    r = admin.post(
        "learning/courses",
        {
            "org": world.committee.pk,
            "title": "学习《中国共产党支部工作条例》",
            "description": "支部是党的基础组织。",
            "audience": ["full", "probationary"],
            "required": True,
            "due": "2099-06-30",
        },
    )
    assert r.status_code == 201, r.content
    course = r.json()
    assert (
        course["state"] == "draft" and course["audience"] == ["full", "probationary"] and course["due"] == "2099-06-30"
    )
    assert "publish" in course["actions"]
    # A member does not see a draft.
    member = ApiClient(branch_member)
    assert member.get(f"learning/courses/{course['id']}").status_code == 404
    r = admin.post(
        f"learning/courses/{course['id']}/lessons",
        {"title": "条例导读", "kind": "article", "hours": "1.5", "body": "第一章 总则……", "min_seconds": 60},
    )
    assert r.status_code == 201, r.content
    assert r.json()["hours"] == "1.5" and r.json()["kind"] == "article"
    video = admin.post(f"learning/courses/{course['id']}/lessons", {"title": "辅导视频", "kind": "video", "hours": "2"})
    assert video.status_code == 201, video.content
    video = video.json()
    refused = admin.post(f"learning/courses/{course['id']}/transitions/publish")
    assert refused.status_code == 409 and "还没有上传文件" in refused.json()["detail"]
    up = _multipart(committee_admin, f"learning/lessons/{video['id']}/material", "视频.webm", SAMPLE.read_bytes())
    assert up.status_code == 200, up.content
    assert up.json()["duration"] == 8 and up.json()["file"].endswith(f"/learning/lessons/{video['id']}/file/")
    assert admin.post(f"learning/courses/{course['id']}/transitions/publish").json()["state"] == "published"
    listed = member.get("learning/courses").json()
    assert [c["title"] for c in listed["items"]] == ["学习《中国共产党支部工作条例》"]
    assert listed["items"][0]["lessons"] == 2 and listed["items"][0]["mine"] is None
    detail = member.get(f"learning/courses/{course['id']}").json()
    assert [x["title"] for x in detail["lesson_items"]] == ["条例导读", "辅导视频"]
    assert detail["lesson_items"][0]["percent"] == 0 and detail["actions"] == []


def test_course_input_is_checked_with_clear_messages(world, committee_admin):
    admin = ApiClient(committee_admin)
    base = {"org": world.committee.pk, "title": "课程", "audience": ["full"]}
    r = admin.post("learning/courses", {**base, "required": True})
    assert r.status_code == 422 and r.json()["errors"]["due"] == ["必修课程须设定完成期限。"]
    r = admin.post("learning/courses", {**base, "audience": ["everyone"]})
    assert r.status_code == 422 and "audience" in r.json()["detail"]
    r = admin.post("learning/courses", {**base, "due": "2026-02-30"})
    assert r.status_code == 422 and "真实存在的日期" in r.json()["detail"]
    course = admin.post("learning/courses", base).json()
    r = admin.post(f"learning/courses/{course['id']}/transitions/publish")
    assert r.status_code == 409 and r.json()["detail"] == "课程还没有课时，添加课时后才能发布。"
    r = admin.post(f"learning/courses/{course['id']}/lessons", {"title": "x", "kind": "article", "hours": "1"})
    assert r.status_code == 422 and r.json()["errors"]["body"] == ["图文课时须填写正文。"]
    r = admin.post(
        f"learning/courses/{course['id']}/lessons", {"title": "x", "kind": "link", "hours": "30", "url": "x"}
    )
    assert r.status_code == 422
    pdf = admin.post(f"learning/courses/{course['id']}/lessons", {"title": "讲义", "kind": "pdf", "hours": "1"}).json()
    disguised = _multipart(committee_admin, f"learning/lessons/{pdf['id']}/material", "讲义.pdf", b"not a pdf at all")
    assert disguised.status_code == 422 and "内容不是允许的类型" in disguised.json()["detail"]
    video_named_pdf = _multipart(
        committee_admin, f"learning/lessons/{pdf['id']}/material", "讲义.pdf", SAMPLE.read_bytes()
    )
    assert video_named_pdf.status_code == 422
    assert _multipart(committee_admin, f"learning/lessons/{pdf['id']}/material", "讲义.pdf", PDF).status_code == 200


def test_only_the_organisations_admin_manages_a_course(
    world, committee_admin, branch_secretary, branch_member, sysadmin
):
    course, article, _video = published_course(committee_admin, world.committee)
    for user in (branch_secretary, branch_member):
        r = ApiClient(user).patch(f"learning/courses/{course.pk}", {"title": "改名"})
        assert r.status_code == 403 and r.json()["detail"] == "只有发布课程的党组织的党务管理员可以管理该课程。"
        assert ApiClient(user).delete(f"learning/lessons/{article.pk}").status_code == 403
    assert (
        ApiClient(branch_member)
        .post("learning/courses", {"org": world.branch_a.pk, "title": "x", "audience": ["full"]})
        .status_code
        == 422
    )
    assert ApiClient(sysadmin).get(f"learning/courses/{course.pk}").status_code == 404
    # The branch secretary publishes for her branch.
    r = ApiClient(branch_secretary).post(
        "learning/courses", {"org": world.branch_a.pk, "title": "支部微党课", "audience": ["full"]}
    )
    assert r.status_code == 201


def test_a_course_of_one_branch_is_not_seen_from_another(
    world, committee_admin, branch_secretary, outsider, branch_member
):
    course, article, video = published_course(branch_secretary, world.branch_a)
    out = ApiClient(outsider)
    assert out.get(f"learning/courses/{course.pk}").status_code == 404
    assert out.post(f"learning/lessons/{article.pk}/progress", {}).status_code == 404
    assert out.get(f"learning/courses/{course.pk}/progress").status_code == 404
    assert out.put(f"learning/courses/{course.pk}/rating", {"stars": 5}).status_code == 404
    assert Client().get(f"/learning/lessons/{video.pk}/file/").status_code == 302  # login first
    c = Client()
    c.force_login(outsider)
    assert c.get(f"/learning/lessons/{video.pk}/file/").status_code == 404
    assert all(x["id"] != course.pk for x in out.get("learning/courses").json()["items"])
    assert ApiClient(branch_member).get(f"learning/courses/{course.pk}").status_code == 200


def _report(user, lesson, position=None):
    body = {} if position is None else {"position": position}
    return ApiClient(user).post(f"learning/lessons/{lesson.pk}/progress", body)


def test_a_jump_to_the_end_counts_nothing_and_watching_at_a_plausible_pace_completes(
    world, committee_admin, branch_member, monkeypatch
):
    course, _article, video = published_course(committee_admin, world.committee)
    clock = Clock(monkeypatch)
    member = world.people["member"]
    assert _report(branch_member, video, 0).json()["watched"] == 0
    clock.tick(1)
    jump = _report(branch_member, video, 8).json()
    assert jump["counted"] == 0 and not jump["done"] and jump["note"] == "跳过的部分不计入观看进度。"
    # Waiting long, then reporting the end from the start, counts nothing either (a five-minute lesson).
    long = actions.add_lesson(
        course,
        by=committee_admin,
        data={"title": "长视频", "kind": "video", "hours": "1", "duration": "300"},
        file=sample_video(),
    )
    assert _report(branch_member, long, 0).json()["position"] == 0
    clock.tick(600)
    assert _report(branch_member, long, 300).json()["counted"] == 0
    assert not HourEntry.objects.filter(person=member).exists()
    # Going back to watch again is not a jump; it counts nothing new.
    assert _report(branch_member, video, 0).json()["position"] == 0
    # Watching: from 0, five seconds later at 5, three later at the end.
    _report(branch_member, video, 0)
    clock.tick(5)
    step = _report(branch_member, video, 5).json()
    assert step["counted"] == 5 and step["percent"] == 69 and not step["done"]
    clock.tick(3)
    end = _report(branch_member, video, 8).json()
    assert end["done"] and end["percent"] == 100 and end["course_lessons_done"] == 1 and not end["course_done"]
    entry = HourEntry.objects.get(person=member, source="lesson", ref=video.pk)
    assert entry.hours == Decimal("2") and "党章专题辅导视频" in entry.note
    # Reporting again changes nothing and credits nothing twice.
    clock.tick(5)
    _report(branch_member, video, 8)
    assert HourEntry.objects.filter(person=member, source="lesson").count() == 1


def test_an_article_completes_after_its_minimum_time_and_the_course_is_done(
    world, committee_admin, branch_member, monkeypatch
):
    course, article, video = published_course(committee_admin, world.committee)
    clock = Clock(monkeypatch)
    assert _report(branch_member, article).json()["seconds_open"] == 0
    clock.tick(15)
    assert _report(branch_member, article).json()["seconds_open"] == 15
    clock.tick(600)  # coming back later is a new visit: the gap counts nothing
    assert _report(branch_member, article).json()["seconds_open"] == 15
    for _ in range(2):
        clock.tick(15)
        assert not _report(branch_member, article).json()["done"]
    clock.tick(15)
    r = _report(branch_member, article).json()
    assert r["seconds_open"] == 60 and r["done"]
    for step, pos in ((0, 0), (5, 5), (4, 8)):
        clock.tick(step)
        r = _report(branch_member, video, pos).json()
    assert r["course_done"] and r["course_lessons_done"] == 2
    cp = CourseProgress.objects.get(person=world.people["member"], course=course)
    assert cp.completed_at is not None
    hours = ApiClient(branch_member).get(f"learning/hours?person={world.people['member'].pk}").json()
    assert hours["earned"] == "3.0" and {i["source"] for i in hours["items"]} == {"lesson"}
    listed = ApiClient(branch_member).get("learning/courses").json()["items"][0]
    assert listed["mine"] == {"lessons_done": 2, "done": True}


def test_reports_are_refused_where_there_is_nothing_to_learn(world, committee_admin, branch_member, outsider):
    course, article, video = published_course(committee_admin, world.committee)
    r = _report(branch_member, video)
    assert r.status_code == 422 and r.json()["detail"] == "请报告播放位置。"
    assert _report(branch_member, video, -3).status_code == 422
    assert _report(branch_member, video, "abc").status_code == 422
    ApiClient(committee_admin).post(f"learning/courses/{course.pk}/transitions/withdraw")
    assert _report(branch_member, article).status_code == 404  # a withdrawn course is no longer offered
    assert not LessonProgress.objects.exists()


def test_ratings_need_a_start_count_once_per_person_and_sum_up_for_the_committee(
    world, committee_admin, branch_member, branch_secretary, monkeypatch
):
    course, article, _video = published_course(committee_admin, world.committee)
    member = ApiClient(branch_member)
    r = member.put(f"learning/courses/{course.pk}/rating", {"stars": 5, "comment": "很好"})
    assert r.status_code == 403 and r.json()["detail"] == "开始学习该课程后才能评价。"
    _report(branch_member, article)
    assert member.put(f"learning/courses/{course.pk}/rating", {"stars": 6}).status_code == 422
    assert member.put(f"learning/courses/{course.pk}/rating", {"stars": 5, "comment": "很好"}).json()["stars"] == 5
    assert (
        member.put(f"learning/courses/{course.pk}/rating", {"stars": 4, "comment": "案例再多些"}).json()["stars"] == 4
    )
    _report(branch_secretary, article)
    ApiClient(branch_secretary).put(f"learning/courses/{course.pk}/rating", {"stars": 3})
    e = ApiClient(committee_admin).get(f"learning/courses/{course.pk}/evaluation").json()
    assert e["count"] == 2 and e["average"] == "3.5" and e["distribution"] == {"5": 0, "4": 1, "3": 1, "2": 0, "1": 0}
    assert e["comments"] == [{"stars": 4, "comment": "案例再多些", "date": local_today().isoformat()}]
    r = member.get(f"learning/courses/{course.pk}/evaluation")
    assert r.status_code == 403 and "党务管理员" in r.json()["detail"]


def test_the_progress_of_a_course_per_person_is_for_the_staff(
    world, committee_admin, branch_secretary, branch_member, monkeypatch
):
    course, article, _video = published_course(committee_admin, world.committee)
    clock = Clock(monkeypatch)
    for _ in range(5):  # a minute open, reported every fifteen seconds
        _report(branch_member, article)
        clock.tick(15)
    r = ApiClient(committee_admin).get(f"learning/courses/{course.pk}/progress").json()
    by_name = {i["person"]["name"]: i for i in r["items"]}
    assert set(by_name) == {"王秀英", "李娜", "张伟", "刘锋"} and by_name["李娜"]["lessons_done"] == 1
    mine = ApiClient(branch_secretary).get(f"learning/courses/{course.pk}/progress").json()
    assert {i["person"]["name"] for i in mine["items"]} == {"王秀英", "李娜"}  # her branch only
    r = ApiClient(branch_member).get(f"learning/courses/{course.pk}/progress")
    assert r.status_code == 403


def test_an_archived_course_cannot_change(world, committee_admin):
    course, _article, _video = published_course(committee_admin, world.committee)
    admin = ApiClient(committee_admin)
    assert admin.post(f"learning/courses/{course.pk}/transitions/archive").json()["state"] == "archived"
    r = admin.patch(f"learning/courses/{course.pk}", {"title": "新名称"})
    assert r.status_code == 409 and r.json()["detail"] == "课程已归档，不能再修改。"
    assert admin.post(f"learning/courses/{course.pk}/transitions/publish").status_code == 409


def test_a_videos_length_is_read_from_an_mp4_or_a_webm():
    from learning import courses

    mp4 = (SAMPLE.parent / "sample-lesson.mp4").read_bytes()
    assert courses.video_duration("mp4", mp4) == 8
    assert courses.video_duration("mp4", b"", tail=mp4) == 8  # the moov box at the end of the file
    assert courses.video_duration("webm", SAMPLE.read_bytes()) == 8
    assert courses.video_duration("webm", b"\x1a\x45\xdf\xa3 no info") is None


def test_a_lesson_someone_started_cannot_be_deleted_nor_its_file_replaced(world, committee_admin, branch_member):
    course, article, video = published_course(committee_admin, world.committee)
    _report(branch_member, video, 0)
    admin = ApiClient(committee_admin)
    r = admin.delete(f"learning/lessons/{video.pk}")
    assert r.status_code == 409 and r.json()["detail"] == "已有学员学习该课时，不能删除。"
    r = _multipart(committee_admin, f"learning/lessons/{video.pk}/material", "新视频.webm", SAMPLE.read_bytes())
    assert r.status_code == 409 and r.json()["detail"] == "已有学员学习该课时，不能更换文件。"
    assert admin.delete(f"learning/lessons/{article.pk}").status_code == 204
    assert ApiClient(branch_member).get(f"learning/courses/{course.pk}").json()["lessons"] == 1

"""在线学习's pages: the course list (pinned queries), the course form (round trip, refusals), lessons with their
uploads, the player, the video served with range requests, the to-do of a required course, progress and
evaluation pages."""

import datetime

import pytest
from django.test import Client

from core import todos
from core.dates import today as local_today
from learning import actions_courses as actions
from learning.models_courses import Course, Lesson
from learning.tests.factories_courses import SAMPLE, Clock, make_course, published_course, sample_video

pytestmark = pytest.mark.django_db


def client_for(user):
    c = Client()
    c.force_login(user)
    return c


def test_the_course_list_keeps_its_query_count_as_courses_grow(
    world, committee_admin, branch_member, django_assert_max_num_queries
):
    published_course(committee_admin, world.committee, title="课程一")
    c = client_for(branch_member)
    with django_assert_max_num_queries(18):
        r = c.get("/learning/courses/")
    assert r.status_code == 200 and r.content.decode().count("data-course=") == 1
    for n in range(6):
        published_course(committee_admin, world.committee, title=f"更多课程{n}")
    with django_assert_max_num_queries(18):  # flat in the number of courses
        r = c.get("/learning/courses/")
    assert r.content.decode().count("data-course=") == 7
    admin = client_for(committee_admin)
    # +1: 通知公告's to-do badge (one UNION of its parts)
    with django_assert_max_num_queries(23):  # the admin's layout counts her own to-dos and grants
        r = admin.get("/learning/courses/?tab=managed")
    assert r.status_code == 200 and r.content.decode().count("data-course=") == 7


def test_a_member_sees_required_courses_first_with_her_progress(world, committee_admin, branch_member):
    published_course(committee_admin, world.committee, title="选修课", required=False)
    published_course(committee_admin, world.committee, title="必修课", due=datetime.date(2099, 3, 1))
    page = client_for(branch_member).get("/learning/courses/").content.decode()
    assert page.index("必修课") < page.index("选修课")
    assert "2099-03-01 前完成" in page and "已学 0/2" in page
    assert "新建课程" not in page


def test_the_course_form_creates_refuses_and_round_trips(world, committee_admin, branch_member):
    c = client_for(committee_admin)
    assert c.get("/learning/courses/new/").status_code == 200
    r = c.post(
        "/learning/courses/new/",
        {"org": world.committee.pk, "title": "学习二十大精神", "audience": ["full", "cadre"], "required": "on"},
    )
    assert r.status_code == 200 and "必修课程须设定完成期限。" in r.content.decode()
    assert 'value="学习二十大精神"' in r.content.decode()  # what was typed stays
    r = c.post(
        "/learning/courses/new/",
        {
            "org": world.committee.pk,
            "title": "学习二十大精神",
            "audience": ["full", "cadre"],
            "required": "on",
            "due": "2099-05-01",
        },
    )
    course = Course.objects.get(title="学习二十大精神")
    assert r.status_code == 302 and r.url == f"/learning/courses/{course.pk}/"
    assert course.audience == ",full,cadre," and course.required and course.due == datetime.date(2099, 5, 1)
    page = c.get(f"/learning/courses/{course.pk}/edit/").content.decode()
    assert 'value="2099-05-01"' in page
    assert client_for(branch_member).get("/learning/courses/new/").status_code == 403
    assert client_for(branch_member).get(f"/learning/courses/{course.pk}/edit/").status_code == 404  # a draft


def test_a_lesson_is_added_with_its_video_and_a_disguised_file_is_refused(world, committee_admin):
    course = make_course(committee_admin, world.committee)
    c = client_for(committee_admin)
    url = f"/learning/courses/{course.pk}/lessons/new/"
    bad = c.post(url, {"title": "视频", "kind": "video", "hours": "1", "file": _file("课.mp4", b"%PDF-1.4 not video")})
    assert bad.status_code == 200 and "内容不是允许的类型" in bad.content.decode()
    missing = c.post(url, {"title": "视频", "kind": "video", "hours": "1"})
    assert "视频和 PDF 课时须上传文件。" in missing.content.decode()
    ok = c.post(url, {"title": "视频", "kind": "video", "hours": "1", "file": sample_video("课.webm")})
    assert ok.status_code == 302
    lesson = Lesson.objects.get(course=course)
    assert lesson.duration == 8 and lesson.material.content_type == "video/webm" and lesson.material.name == "课.webm"
    r = c.post(f"/learning/courses/{course.pk}/transition/publish/", follow=True)
    assert "已发布课程。" in r.content.decode()
    r = c.post(f"/learning/lessons/{lesson.pk}/delete/", follow=True)
    assert r.status_code == 200 and not Lesson.objects.filter(pk=lesson.pk).exists()


def _file(name, content):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content)


def test_the_video_is_served_with_range_requests(world, committee_admin, branch_member):
    _course, _article, video = published_course(committee_admin, world.committee)
    c = client_for(branch_member)
    url = f"/learning/lessons/{video.pk}/file/"
    data = SAMPLE.read_bytes()
    whole = c.get(url)
    assert whole.status_code == 200 and whole["Accept-Ranges"] == "bytes"
    assert b"".join(whole.streaming_content) == data and whole["Content-Type"] == "video/webm"
    assert whole["X-Content-Type-Options"] == "nosniff" and whole["X-Frame-Options"] == "SAMEORIGIN"
    part = c.get(url, HTTP_RANGE="bytes=100-199")
    assert part.status_code == 206 and part["Content-Range"] == f"bytes 100-199/{len(data)}"
    assert b"".join(part.streaming_content) == data[100:200] and part["Content-Length"] == "100"
    tail = c.get(url, HTTP_RANGE="bytes=-50")
    assert tail.status_code == 206 and b"".join(tail.streaming_content) == data[-50:]
    rest = c.get(url, HTTP_RANGE=f"bytes={len(data) - 10}-")
    assert rest.status_code == 206 and b"".join(rest.streaming_content) == data[-10:]
    beyond = c.get(url, HTTP_RANGE=f"bytes={len(data) + 5}-")
    assert beyond.status_code == 416 and beyond["Content-Range"] == f"bytes */{len(data)}"
    several = c.get(url, HTTP_RANGE="bytes=0-1,5-6")  # not what players send: the whole file
    assert several.status_code == 200
    stale = c.get(url, HTTP_RANGE="bytes=0-9", HTTP_IF_RANGE='"another-version"')
    assert stale.status_code == 200


def test_the_player_shows_the_lesson_and_resumes_where_she_stopped(world, committee_admin, branch_member, monkeypatch):
    from core.testing import ApiClient

    _course, article, video = published_course(world.users["branch_secretary"], world.branch_a)
    clock = Clock(monkeypatch)
    api = ApiClient(branch_member)
    api.post(f"learning/lessons/{video.pk}/progress", {"position": 0})
    clock.tick(4)
    api.post(f"learning/lessons/{video.pk}/progress", {"position": 4})
    page = client_for(branch_member).get(f"/learning/lessons/{video.pk}/").content.decode()
    assert 'data-position="4.0"' in page and "继续学习" in page and "上次看到 4 秒" in page
    assert f'src="/learning/lessons/{video.pk}/file/"' in page
    page = client_for(branch_member).get(f"/learning/lessons/{article.pk}/").content.decode()
    assert "第二段。" in page and "下一课时" in page
    outsider = client_for(world.users["outsider"])
    assert outsider.get(f"/learning/lessons/{video.pk}/").status_code == 404


def required_todos(user):
    """Her 必修课程 to-dos (the module's badge also counts its other parts: 学时未达标, 待参加考试 …)."""
    return sum(1 for e in todos.inbox(user).entries if e.item.kind == "learning.course_required")


def test_a_required_course_is_a_to_do_until_it_is_completed(world, committee_admin, branch_member, monkeypatch):
    from core.testing import ApiClient

    today = local_today()
    _course, article, video = published_course(committee_admin, world.committee, due=today + datetime.timedelta(days=3))
    published_course(committee_admin, world.committee, title="党务干部必修", audience=("cadre",))
    published_course(committee_admin, world.committee, title="选修课", required=False)
    inbox = todos.inbox(branch_member)
    mine = [e for e in inbox.entries if e.item.kind == "learning.course_required"]
    assert [e.item.text for e in mine] == ["学习必修课程《学习贯彻党章》"] and mine[0].badge == "3天后到期"
    assert required_todos(branch_member) == 1
    clock = Clock(monkeypatch)
    api = ApiClient(branch_member)
    for _ in range(5):  # a minute open, reported every fifteen seconds
        api.post(f"learning/lessons/{article.pk}/progress", {})
        clock.tick(15)
    for step, pos in ((0, 0), (5, 5), (4, 8)):
        clock.tick(step)
        api.post(f"learning/lessons/{video.pk}/progress", {"position": pos})
    assert required_todos(branch_member) == 0
    assert required_todos(world.users["outsider"]) == 1  # branch B is in the committee's subtree too
    assert required_todos(world.users["sysadmin"]) == 0


def test_progress_and_evaluation_pages(world, committee_admin, branch_member):
    course, article, _video = published_course(committee_admin, world.committee)
    c = client_for(committee_admin)
    page = c.get(f"/learning/courses/{course.pk}/progress/").content.decode()
    assert page.count("data-org=") == 3 and page.count("data-person=") == 0 and "共 4 人" in page
    page = c.get(f"/learning/courses/{course.pk}/progress/?org={world.branch_a.pk}").content.decode()
    assert page.count("data-person=") == 2 and "统计局第一党支部 · 人员" in page
    page = client_for(world.users["branch_secretary"]).get(f"/learning/courses/{course.pk}/progress/").content.decode()
    assert page.count("data-person=") == 2  # her one branch: its people at once
    page = c.get(f"/learning/courses/{course.pk}/evaluation/").content.decode()
    assert "0 人评价" in page
    m = client_for(branch_member)
    assert m.get(f"/learning/courses/{course.pk}/progress/").status_code == 403
    assert m.get(f"/learning/courses/{course.pk}/evaluation/").status_code == 403
    detail = m.get(f"/learning/courses/{course.pk}/").content.decode()
    assert "课程评价" not in detail  # she has not started
    actions.report_progress(Lesson.objects.get(pk=article.pk), by=branch_member, data={})
    detail = m.get(f"/learning/courses/{course.pk}/").content.decode()
    assert "课程评价" in detail
    r = m.post(f"/learning/courses/{course.pk}/rate/", {"stars": "4", "comment": "好"}, follow=True)
    assert "感谢您的评价。" in r.content.decode()
    r = m.post(f"/learning/courses/{course.pk}/rate/", {"stars": "9"}, follow=True)
    assert "评分中没有“9”这一项" in r.content.decode()


def test_the_persons_page_shows_her_courses_to_her_branch(world, committee_admin, branch_secretary, branch_member):
    course, article, _video = published_course(committee_admin, world.committee)
    member = world.people["member"]
    assert "学习贯彻党章" not in client_for(branch_secretary).get(f"/people/{member.pk}/").content.decode()
    actions.report_progress(Lesson.objects.get(pk=article.pk), by=branch_member, data={})
    page = client_for(branch_secretary).get(f"/people/{member.pk}/").content.decode()
    assert '<h3 class="card-title">在线学习</h3>' in page and "学习贯彻党章" in page and "已学 0/2 课时" in page
    assert f'href="/learning/courses/{course.pk}/"' in page

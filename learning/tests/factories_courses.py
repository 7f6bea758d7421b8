"""Courses for the tests: a published course of the committee with an article and a video lesson, and a clock
the position reports read (learning.courses.now)."""

import datetime
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from learning import actions_courses as actions
from learning import courses

SAMPLE = Path(__file__).resolve().parent.parent / "samples" / "sample-lesson.webm"  # 8 seconds, 160×90


def sample_video(name="第一课.webm"):
    return SimpleUploadedFile(name, SAMPLE.read_bytes(), content_type="video/webm")


class Clock:
    """The server's clock for position reports, moved by hand."""

    def __init__(self, monkeypatch, start=None):
        self.at = start or timezone.now()
        monkeypatch.setattr(courses, "now", lambda: self.at)

    def tick(self, seconds):
        self.at += datetime.timedelta(seconds=seconds)
        return self.at


def make_course(admin, org, *, title="学习贯彻党章", required=True, due=None, audience=("full", "probationary")):
    return actions.create_course(
        by=admin,
        data={
            "org": org.pk,
            "title": title,
            "description": "党章是立党、治党、管党的总章程。",
            "audience": list(audience),
            "required": "on" if required else "",
            "due": (due or datetime.date(2099, 12, 31)).isoformat() if required or due else "",
        },
    )


def add_article(course, admin, *, hours="1", min_seconds=60):
    return actions.add_lesson(
        course,
        by=admin,
        data={
            "title": "党章总纲导读",
            "kind": "article",
            "hours": hours,
            "body": "第一段。\n第二段。",
            "min_seconds": str(min_seconds),
        },
    )


def add_video(course, admin, *, hours="2"):
    return actions.add_lesson(
        course, by=admin, data={"title": "党章专题辅导视频", "kind": "video", "hours": hours}, file=sample_video()
    )


def published_course(admin, org, **kwargs):
    course = make_course(admin, org, **kwargs)
    article = add_article(course, admin)
    video = add_video(course, admin)
    course = actions.transition_course(course, "publish", by=admin)
    return course, article, video

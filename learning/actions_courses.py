"""The writes of 在线学习: each checks its verb, validates, runs in one transaction and is audited. Position
reports are folded into the learner's progress row under its lock; only a lesson's completion (which credits
its hours) writes an audit event — a report every ten seconds would drown the log."""

import uuid

from django.db import transaction

from core import audit, dates, uploads, workflow
from core.errors import ActionError, Conflict, Invalid, NotFound
from core.forms import validate
from core.verbs import require_verb
from orgs.models import Person

from . import courses, hours, rules
from .choices import AUDIENCES, CourseState, HourSource, LessonKind
from .forms_courses import MAX_PDF_BYTES, MAX_VIDEO_BYTES, CourseForm, LessonForm, ProgressForm, RatingForm
from .models_courses import Course, CourseProgress, CourseRating, Lesson, LessonFile, LessonProgress


def _audience(values):
    return "," + ",".join(v for v, _label in AUDIENCES if v in values) + ","


def _course_snapshot(course):
    return {
        "org": course.org_id,
        "title": course.title,
        "description": course.description,
        "audience": course.audience,
        "required": course.required,
        "due": course.due.isoformat() if course.due else None,
    }


def _apply(course, cleaned):
    course.org = cleaned["org"]
    course.title = cleaned["title"].strip()
    course.description = cleaned.get("description", "").strip()
    course.audience = _audience(cleaned["audience"])
    course.required = bool(cleaned.get("required"))
    course.due = cleaned.get("due")


def create_course(*, by, data):
    """A draft course of an organisation the user administers."""
    cleaned = validate(CourseForm(data, orgs=rules.course_orgs(by)))
    require_verb(by, "learning.manage_course", cleaned["org"])
    with transaction.atomic():
        course = Course(created_by=by)
        _apply(course, cleaned)
        course.save()
        audit.record("learning.course.create", by=by, obj=course, after=_course_snapshot(course))
    return course


def _editable(course):
    if course.state == CourseState.ARCHIVED:
        raise Conflict("课程已归档，不能再修改。")


def update_course(course, *, by, data):
    require_verb(by, "learning.manage_course", course)
    _editable(course)
    cleaned = validate(CourseForm(data, orgs=rules.course_orgs(by)))
    require_verb(by, "learning.manage_course", cleaned["org"])
    with transaction.atomic():
        course = Course.objects.select_for_update().get(pk=course.pk)
        _editable(course)
        before = _course_snapshot(course)
        _apply(course, cleaned)
        after = _course_snapshot(course)
        if before == after:
            return course  # saved back unchanged: nothing changes, nothing is logged
        course.save()
        audit.record("learning.course.update", by=by, obj=course, before=before, after=after)
    return course


def transition_course(course, name, *, by):
    return workflow.run(course, name, by=by)


# ---------------------------------------------------------------- lessons


def _checked_file(kind, f):
    """(ext, content type, duration or None) of a lesson's upload, checked by its content."""
    allowed = uploads.VIDEOS if kind == LessonKind.VIDEO else uploads.PDF_ONLY
    limit = MAX_VIDEO_BYTES if kind == LessonKind.VIDEO else MAX_PDF_BYTES
    try:
        uploads.check_size(f.name, f.size, max_bytes=limit)
        f.seek(0)
        head = f.read(256 * 1024)  # the type and a WebM's (or a fast-start MP4's) length are at the start
        ext, content_type, _kind = uploads.validate(f.name, head, max_bytes=limit, allowed=allowed)
    except ActionError as e:
        # The whole sentence next to the file field (it names the file and what is allowed).
        e.errors = {"file": [e.detail]}
        raise
    duration = None
    if kind == LessonKind.VIDEO:
        tail = b""
        if f.size and f.size > len(head):
            f.seek(max(0, f.size - 1024 * 1024))
            tail = f.read()
        duration = courses.video_duration(ext, head, tail)
    f.seek(0)
    return ext, content_type, duration


def _store(lesson, f, ext, content_type, by):
    LessonFile.objects.filter(lesson=lesson).delete()
    name = uploads.stored_name(f.name, ext)
    f.name = f"{uuid.uuid4().hex}.{ext}"
    return LessonFile.objects.create(
        lesson=lesson, file=f, name=name[:200], content_type=content_type, size=f.size, uploaded_by=by
    )


def add_lesson(course, *, by, data, file=None, require_file=True):
    """A lesson at the end of the course (or at its position); a video's length is read from the file when it
    says. Pages upload the file with the lesson; the API may upload it afterwards (`set_material`)."""
    require_verb(by, "learning.manage_course", course)
    _editable(course)
    cleaned = validate(LessonForm(data))
    kind = cleaned["kind"]
    checked = None
    if kind in (LessonKind.VIDEO, LessonKind.PDF):
        if file is not None:
            checked = _checked_file(kind, file)
        elif require_file:
            msg = "视频和 PDF 课时须上传文件。"
            raise Invalid(msg, {"file": [msg]})
    duration = cleaned.get("duration") or (checked[2] if checked else None)
    if kind == LessonKind.VIDEO and checked and not duration:
        msg = "无法从文件识别视频时长，请填写视频时长（秒）。"
        raise Invalid(msg, {"duration": [msg]})
    with transaction.atomic():
        Course.objects.select_for_update().get(pk=course.pk)
        last = course.lessons.order_by("-position").values_list("position", flat=True).first()
        lesson = Lesson.objects.create(
            course=course,
            position=(last or 0) + 1,
            title=cleaned["title"].strip(),
            kind=kind,
            hours=cleaned["hours"],
            body=cleaned.get("body", "").strip() if kind == LessonKind.ARTICLE else "",
            url=cleaned.get("url", "") if kind == LessonKind.LINK else "",
            duration=duration if kind == LessonKind.VIDEO else None,
            min_seconds=cleaned.get("min_seconds") or 120,
        )
        after = {"title": lesson.title, "kind": kind, "hours": str(lesson.hours), "duration": lesson.duration}
        if checked:
            material = _store(lesson, file, checked[0], checked[1], by)
            after["file"] = material.name
        audit.record("learning.lesson.create", by=by, obj=lesson, org=course.org, after=after)
    return lesson


def _untouched(lesson, what):
    if LessonProgress.objects.filter(lesson=lesson).exists():
        raise Conflict(f"已有学员学习该课时，不能{what}。")


def set_material(lesson, *, by, file):
    """The video or PDF of a lesson (replaced while nobody has started it)."""
    course = lesson.course
    require_verb(by, "learning.manage_course", course)
    _editable(course)
    if lesson.kind not in (LessonKind.VIDEO, LessonKind.PDF):
        raise Conflict("只有视频和 PDF 课时可以上传文件。")
    if file is None:
        raise Invalid("请选择要上传的文件。", {"file": ["请选择要上传的文件。"]})
    ext, content_type, duration = _checked_file(lesson.kind, file)
    with transaction.atomic():
        lesson = Lesson.objects.select_for_update().get(pk=lesson.pk)
        _untouched(lesson, "更换文件")
        if lesson.kind == LessonKind.VIDEO:
            if not (duration or lesson.duration):
                msg = "无法从文件识别视频时长，请先在课时中填写视频时长（秒）。"
                raise Invalid(msg, {"file": [msg]})
            lesson.duration = duration or lesson.duration
            lesson.save(update_fields=["duration"])
        material = _store(lesson, file, ext, content_type, by)
        audit.record(
            "learning.lesson.material",
            by=by,
            obj=lesson,
            org=course.org,
            after={"file": material.name, "size": material.size, "duration": lesson.duration},
        )
    return lesson


def delete_lesson(lesson, *, by):
    course = lesson.course
    require_verb(by, "learning.manage_course", course)
    _editable(course)
    with transaction.atomic():
        lesson = Lesson.objects.select_for_update().get(pk=lesson.pk)
        _untouched(lesson, "删除")
        before = {"title": lesson.title, "kind": lesson.kind, "hours": str(lesson.hours)}
        audit.record("learning.lesson.delete", by=by, obj=lesson, org=course.org, before=before)
        material = LessonFile.objects.filter(lesson=lesson).first()
        if material is not None:
            material.file.delete(save=False)
        lesson.delete()
    return course


# ---------------------------------------------------------------- learning


def _learner(by):
    person = Person.objects.select_related("org").filter(pk=by.person_id).first()
    if person is None:
        raise NotFound()
    return person


def _course_done(person, course, at):
    """Count the person's completed lessons of the course; the course is done once all are."""
    cp, _ = CourseProgress.objects.select_for_update().get_or_create(person=person, course=course)
    done = LessonProgress.objects.filter(person=person, lesson__course=course, completed_at__isnull=False).count()
    total = course.lessons.count()
    cp.lessons_done = done
    if total and done >= total and cp.completed_at is None:
        cp.completed_at = at
    cp.save()
    return cp


def report_progress(lesson, *, by, data):
    """One report of the lesson player: the video's position, or a heartbeat of an open PDF, article or link.
    Returns (lesson progress, the report's verdict, course progress)."""
    course = lesson.course
    require_verb(by, "learning.study_course", course)
    cleaned = validate(ProgressForm(data))
    if lesson.kind == LessonKind.VIDEO:
        if not lesson.duration or not hasattr(lesson, "material"):
            raise Conflict("该视频课时还没有上传视频。")
        if cleaned.get("position") is None:
            raise Invalid("请报告播放位置。", {"position": ["请报告播放位置。"]})
    person = _learner(by)
    at = courses.now()
    with transaction.atomic():
        progress, created = LessonProgress.objects.get_or_create(
            person=person, lesson=lesson, defaults={"reported_at": at}
        )
        progress = LessonProgress.objects.select_for_update().get(pk=progress.pk)
        if created:
            progress.started_at = at
        verdict = courses.apply_report(progress, lesson, cleaned.get("position"), at)
        newly_done = progress.completed_at is None and courses.is_complete(progress, lesson)
        if newly_done:
            progress.completed_at = at
        progress.save()
        cp = CourseProgress.objects.filter(person=person, course=course).first()
        if newly_done or cp is None:
            cp = _course_done(person, course, at)
        if newly_done:
            entry = hours.credit(
                person,
                source=HourSource.LESSON,
                ref=lesson.pk,
                hours=lesson.hours,
                date=dates.today(),
                note=f"{course.title} · {lesson.title}",
            )
            audit.record(
                "learning.lesson.complete",
                by=by,
                obj=lesson,
                org=course.org,
                object_repr=f"{person.name} · {lesson.title}",
                after={"person": person.pk, "hours": str(entry.hours), "course_done": bool(cp.completed_at)},
            )
    return progress, verdict, cp


def rate_course(course, *, by, data):
    """学习评估: the learner's stars and comment on a course she has started; rating again changes hers."""
    require_verb(by, "learning.rate_course", course)
    cleaned = validate(RatingForm(data))
    person = _learner(by)
    with transaction.atomic():
        rating = CourseRating.objects.select_for_update().filter(course=course, person=person).first()
        before = {"stars": rating.stars, "comment": rating.comment} if rating else None
        after = {"stars": cleaned["stars"], "comment": cleaned.get("comment", "").strip()}
        if before == after:
            return rating
        if rating is None:
            rating = CourseRating(course=course, person=person)
        rating.stars, rating.comment = after["stars"], after["comment"]
        rating.save()
        audit.record("learning.courserating.rate", by=by, obj=rating, org=course.org, before=before, after=after)
    return rating

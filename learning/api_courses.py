"""REST API of 在线学习 (API.md "Learning"): courses, their lessons and materials, position reports, ratings,
the committee's evaluation summary and a course's progress per person."""

import datetime
from decimal import Decimal
from typing import Annotated, Literal

from django.utils import timezone
from ninja import Field, File, Router, Schema
from ninja.files import UploadedFile

from core import dates
from core.api import AUTH, Id, ListOut, Ref, form_data
from core.scoping import get_object_for_user
from core.verbs import require_verb
from orgs.models import Person

from . import actions_courses as actions
from . import courses
from .models_courses import Course, Lesson
from .workflows_courses import COURSE

router = Router(tags=["网络学院·在线学习"], auth=AUTH)

Audience = Literal["full", "probationary", "cadre", "candidate"]
Kind = Literal["video", "pdf", "article", "link"]
LessonHours = Annotated[Decimal, Field(ge=0, le=24, max_digits=4, decimal_places=1)]


class CourseIn(Schema):
    org: Id
    title: str = Field(..., max_length=100)
    description: str = Field("", max_length=5000)
    audience: list[Audience] = Field(..., min_length=1, max_length=4)
    required: bool = False
    due: datetime.date | None = None


class CoursePatch(Schema):
    org: Id | None = None
    title: str | None = Field(None, max_length=100)
    description: str | None = Field(None, max_length=5000)
    audience: list[Audience] | None = Field(None, min_length=1, max_length=4)
    required: bool | None = None
    due: datetime.date | None = None


class CourseMineOut(Schema):
    lessons_done: int
    done: bool


class CourseOut(Schema):
    id: int
    org: Ref
    title: str
    description: str
    audience: list[str]
    required: bool
    due: datetime.date | None
    state: str
    state_label: str
    lessons: int
    published_at: datetime.datetime | None
    mine: CourseMineOut | None
    actions: list[str]


class LessonIn(Schema):
    title: str = Field(..., max_length=100)
    kind: Kind
    hours: LessonHours
    body: str = Field("", max_length=50000)
    url: str = Field("", max_length=500)
    duration: Annotated[int, Field(ge=1, le=86400)] | None = None
    min_seconds: Annotated[int, Field(ge=10, le=14400)] | None = None


class LessonOut(Schema):
    id: int
    course: int
    position: int
    title: str
    kind: str
    hours: Decimal
    body: str
    url: str
    duration: int | None
    min_seconds: int
    file: str | None  # the material's address (served with range requests), None until uploaded
    percent: int | None  # the caller's progress, 0–100 (None: not a learner of it)
    done: bool


class CourseDetailOut(CourseOut):
    lesson_items: list[LessonOut]
    my_rating: int | None


class CourseProgressIn(Schema):
    position: Annotated[float, Field(ge=0, le=86400)] | None = None


class CourseProgressReportOut(Schema):
    lesson: int
    position: float
    watched: float
    seconds_open: float
    percent: int
    done: bool
    counted: float
    note: str
    course_lessons_done: int
    course_done: bool


class CourseRatingIn(Schema):
    stars: Annotated[int, Field(ge=1, le=5)]
    comment: str = Field("", max_length=500)


class CourseRatingOut(Schema):
    course: int
    stars: int
    comment: str


class CourseCommentOut(Schema):
    stars: int
    comment: str
    date: datetime.date


class CourseEvaluationOut(Schema):
    course: Ref
    count: int
    average: Decimal | None
    distribution: dict[str, int]
    comments: list[CourseCommentOut]


class CourseLearnerOut(Schema):
    person: Ref
    org: Ref
    lessons_done: int
    lessons: int
    done: bool
    completed_at: datetime.datetime | None


class CourseLearnersOut(Schema):
    course: Ref
    count: int
    done: int
    items: list[CourseLearnerOut]


def course_out(c, user):
    done = getattr(c, "my_done", None)
    completed = getattr(c, "my_completed", None)
    n = getattr(c, "n_lessons", None)
    return {
        "id": c.pk,
        "org": {"id": c.org_id, "name": c.org.name},
        "title": c.title,
        "description": c.description,
        "audience": c.audience_list,
        "required": c.required,
        "due": c.due,
        "state": c.state,
        "state_label": c.get_state_display(),
        "lessons": n if n is not None else c.lessons.count(),
        "published_at": c.published_at,
        "mine": {"lessons_done": done or 0, "done": bool(completed)} if done is not None else None,
        "actions": [t.name for t in COURSE.available(c, user)],
    }


def _material_url(lesson):
    from django.urls import reverse

    return reverse("learning:lesson_file", args=[lesson.pk]) if hasattr(lesson, "material") else None


def lesson_out(lesson, progress=None, learner=False):
    return {
        "id": lesson.pk,
        "course": lesson.course_id,
        "position": lesson.position,
        "title": lesson.title,
        "kind": lesson.kind,
        "hours": lesson.hours,
        "body": lesson.body,
        "url": lesson.url,
        "duration": lesson.duration,
        "min_seconds": lesson.min_seconds,
        "file": _material_url(lesson),
        "percent": courses.percent(progress, lesson) if learner else None,
        "done": bool(progress and progress.completed_at),
    }


def _course(pk, user):
    return get_object_for_user(courses.listed(user), pk, user)


def _detail(course, user):
    from .models_courses import CourseRating, LessonProgress

    lessons = list(course.lessons.select_related("material").order_by("position", "id"))
    progress = {}
    rating = None
    if user.person_id:
        progress = {
            p.lesson_id: p for p in LessonProgress.objects.filter(person_id=user.person_id, lesson__course=course)
        }
        rating = (
            CourseRating.objects.filter(course=course, person_id=user.person_id).values_list("stars", flat=True).first()
        )
    learner = user.has_perm("learning.study_course", course)
    return {
        **course_out(course, user),
        "lesson_items": [lesson_out(x, progress.get(x.pk), learner) for x in lessons],
        "my_rating": rating,
    }


@router.get("/learning/courses", response=ListOut[CourseOut])
def list_courses(request, managed: bool = False):
    """The courses the caller reads: those offered to her organisation, and every course of the organisations she
    administers (`managed=true`: only those)."""
    qs = courses.listed(request.auth)
    if managed:
        qs = qs.filter(pk__in=Course.objects.administered_by(request.auth).values("pk"))
    items = [course_out(c, request.auth) for c in qs[:500]]
    return {"count": len(items), "items": items}


def _course_data(payload, course=None):
    """The form's data: the payload, over the course's current values for a PATCH."""
    from .forms_courses import CourseForm

    data = form_data(payload, exclude_unset=course is not None)
    if course is None:
        return data
    current = CourseForm.initial_for(course)
    current["due"] = course.due.isoformat() if course.due else ""
    return {**current, **data}


@router.post("/learning/courses", response={201: CourseOut})
def create_course(request, payload: CourseIn):
    course = actions.create_course(by=request.auth, data=_course_data(payload))
    return 201, course_out(_course(course.pk, request.auth), request.auth)


@router.get("/learning/courses/{course_id}", response=CourseDetailOut)
def get_course(request, course_id: Id):
    return _detail(_course(course_id, request.auth), request.auth)


@router.patch("/learning/courses/{course_id}", response=CourseOut)
def update_course(request, course_id: Id, payload: CoursePatch):
    course = _course(course_id, request.auth)
    actions.update_course(course, by=request.auth, data=_course_data(payload, course))
    return course_out(_course(course_id, request.auth), request.auth)


@router.post("/learning/courses/{course_id}/transitions/{name}", response=CourseOut)
def transition_course(request, course_id: Id, name: str):
    course = _course(course_id, request.auth)
    actions.transition_course(course, name[:32], by=request.auth)
    return course_out(_course(course_id, request.auth), request.auth)


@router.post("/learning/courses/{course_id}/lessons", response={201: LessonOut})
def add_lesson(request, course_id: Id, payload: LessonIn):
    """A lesson; a video's or PDF's file follows with `POST /learning/lessons/{id}/material`."""
    course = _course(course_id, request.auth)
    data = form_data(payload, exclude_unset=False)
    lesson = actions.add_lesson(course, by=request.auth, data=data, require_file=False)
    return 201, lesson_out(lesson)


def _lesson(pk, user):
    return get_object_for_user(Lesson.objects.select_related("course__org", "material"), pk, user)


@router.post("/learning/lessons/{lesson_id}/material", response=LessonOut)
def upload_material(request, lesson_id: Id, file: File[UploadedFile]):
    """The lesson's video (MP4, WEBM) or PDF, checked by its content (multipart field `file`)."""
    lesson = _lesson(lesson_id, request.auth)
    actions.set_material(lesson, by=request.auth, file=file)
    return lesson_out(_lesson(lesson_id, request.auth))


@router.delete("/learning/lessons/{lesson_id}", response={204: None})
def delete_lesson(request, lesson_id: Id):
    actions.delete_lesson(_lesson(lesson_id, request.auth), by=request.auth)
    return 204, None


@router.post("/learning/lessons/{lesson_id}/progress", response=CourseProgressReportOut)
def report_progress(request, lesson_id: Id, payload: CourseProgressIn):
    """One report of the player: `{"position": seconds}` for a video, `{}` (a heartbeat) for the others."""
    lesson = _lesson(lesson_id, request.auth)
    data = {"position": "" if payload.position is None else str(payload.position)}
    p, verdict, cp = actions.report_progress(lesson, by=request.auth, data=data)
    return {
        "lesson": lesson.pk,
        "position": p.position,
        "watched": p.watched,
        "seconds_open": p.seconds_open,
        "percent": courses.percent(p, lesson),
        "done": bool(p.completed_at),
        "counted": round(verdict.counted, 1),
        "note": verdict.note,
        "course_lessons_done": cp.lessons_done,
        "course_done": bool(cp.completed_at),
    }


@router.put("/learning/courses/{course_id}/rating", response=CourseRatingOut)
def rate_course(request, course_id: Id, payload: CourseRatingIn):
    course = _course(course_id, request.auth)
    rating = actions.rate_course(course, by=request.auth, data=payload.dict())
    return {"course": course.pk, "stars": rating.stars, "comment": rating.comment}


@router.get("/learning/courses/{course_id}/evaluation", response=CourseEvaluationOut)
def get_evaluation(request, course_id: Id):
    """学习评估 of a course for its organisation's admins (comments without names)."""
    course = _course(course_id, request.auth)
    require_verb(request.auth, "learning.read_evaluation", course)
    e = courses.evaluation(course)
    return {
        "course": {"id": course.pk, "name": course.title},
        "count": e.count,
        "average": e.average,
        "distribution": {str(k): v for k, v in e.distribution.items()},
        "comments": [
            {"stars": r.stars, "comment": r.comment, "date": timezone.localdate(r.updated_at, dates.SHANGHAI)}
            for r in e.comments
        ],
    }


@router.get("/learning/courses/{course_id}/progress", response=CourseLearnersOut)
def get_course_progress(request, course_id: Id):
    """Each learner the course is meant for, among the people the caller reads, with her progress."""
    course = _course(course_id, request.auth)
    require_verb(request.auth, "learning.read_course_progress", course)
    total = course.lessons.count()
    rows = courses.progress_of(course, Person.objects.visible_to(request.auth))
    items = [
        {
            "person": {"id": r.person.pk, "name": r.person.name},
            "org": {"id": r.person.org_id, "name": r.person.org.name},
            "lessons_done": r.lessons_done,
            "lessons": total,
            "done": bool(r.completed_at),
            "completed_at": r.completed_at,
        }
        for r in rows
    ]
    return {
        "course": {"id": course.pk, "name": course.title},
        "count": len(items),
        "done": sum(1 for i in items if i["done"]),
        "items": items,
    }

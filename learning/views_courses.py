"""Pages of 在线学习: the course list (mine and those I manage), a course, the lesson player (phone first), the
course form, adding lessons, a course's progress per branch and person, and its 学习评估."""

import datetime

from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_POST

from core import dates
from core.errors import NotFound
from core.pages import form_page, post_action
from core.ranges import ranged_response
from core.scoping import get_object_for_user
from core.verbs import require_verb
from orgs.models import Person

from . import actions_courses as actions
from . import courses, rules
from .choices import CourseState, LessonKind
from .forms_courses import CourseForm, LessonForm, RatingForm
from .models_courses import Course, CourseProgress, CourseRating, Lesson, LessonProgress
from .workflows_courses import COURSE


def _course(request, pk, qs=None):
    return get_object_for_user(qs if qs is not None else courses.listed(request.user), pk, request.user)


@login_required
def course_list(request):
    """我的课程 (offered to her organisation: required ones first, by deadline) and 课程管理 (her organisations')."""
    user = request.user
    require_verb(user, "core.do_business")
    rows = list(courses.listed(user).order_by("-published_at", "-id")[:300])
    managed_ids = set()
    if rules.may_manage_courses(user):
        managed_ids = set(Course.objects.administered_by(user).values_list("pk", flat=True))
    mine = []
    if user.person_id:
        person = Person.objects.select_related("org").filter(pk=user.person_id).first()
        if person is not None:
            step = type(person.org).steplen
            above = {person.org.path[:n] for n in range(step, len(person.org.path) + 1, step)}
            cats = courses.person_categories(person, dates.today().year)
            for c in rows:
                if c.state == CourseState.PUBLISHED and c.org.path in above:
                    c.for_me = bool(cats & set(c.audience_list))
                    c.must = c.required and c.for_me and not c.my_completed
                    c.percent = int((c.my_done or 0) * 100 / c.n_lessons) if c.n_lessons else 0
                    mine.append(c)
    # Required and not yet done first, the nearest deadline first; then the others, newest first (as listed).
    mine.sort(key=lambda c: (not c.must, (c.due or datetime.date.max) if c.must else datetime.date.max))
    managed = [c for c in rows if c.pk in managed_ids]
    tab = request.GET.get("tab") or ("mine" if mine or not managed else "managed")
    return render(
        request,
        "learning/courses/list.html",
        {
            "mine": mine,
            "managed": managed,
            "tab": tab if tab in ("mine", "managed") else "mine",
            "may_manage": bool(managed_ids) or rules.may_manage_courses(user),
            "today": dates.today(),
        },
    )


@login_required
def course_create(request):
    user = request.user
    orgs = rules.course_orgs(user)
    require_verb(user, "learning.manage_course", orgs.first())
    initial = {"org": orgs.first().pk, "audience": ["full", "probationary"]}
    form = CourseForm(request.POST or None, initial=initial, orgs=orgs)
    return form_page(
        request,
        form,
        action=lambda: actions.create_course(by=user, data=request.POST),
        success=lambda c: f"已创建课程“{c.title}”，请添加课时后发布。",
        redirect_to=lambda c: reverse("learning:course_detail", args=[c.pk]),
        template="learning/courses/course_form.html",
        title="新建课程",
        back_url=reverse("learning:courses") + "?tab=managed",
        back_label="在线学习",
        testid="course-form",
    )


@login_required
def course_edit(request, pk):
    user = request.user
    course = _course(request, pk, Course.objects.select_related("org"))
    require_verb(user, "learning.manage_course", course)
    form = CourseForm(request.POST or None, initial=CourseForm.initial_for(course), orgs=rules.course_orgs(user))
    return form_page(
        request,
        form,
        action=lambda: actions.update_course(course, by=user, data=request.POST),
        success="已保存课程。",
        redirect_to=reverse("learning:course_detail", args=[course.pk]),
        template="learning/courses/course_form.html",
        title=f"修改课程 · {course.title}",
        back_url=reverse("learning:course_detail", args=[course.pk]),
        back_label=course.title,
        testid="course-form",
    )


@login_required
def course_detail(request, pk):
    user = request.user
    course = _course(request, pk)
    lessons = list(
        course.lessons.select_related("material").annotate(learners=Count("progress")).order_by("position", "id")
    )
    progress = {}
    rating = None
    if user.person_id:
        progress = {
            p.lesson_id: p for p in LessonProgress.objects.filter(person_id=user.person_id, lesson__course=course)
        }
        rating = CourseRating.objects.filter(course=course, person_id=user.person_id).first()
    learner = user.has_perm("learning.study_course", course)
    for x in lessons:
        x.p = progress.get(x.pk)
        x.percent = courses.percent(x.p, x) if learner else None
    manage = user.has_perm("learning.manage_course", course)
    rating_form = None
    if user.has_perm("learning.rate_course", course):
        rating_form = RatingForm(initial={"stars": rating.stars, "comment": rating.comment} if rating else None)
    return render(
        request,
        "learning/courses/detail.html",
        {
            "course": course,
            "lessons": lessons,
            "learner": learner,
            "manage": manage,
            "editable": manage and course.state != CourseState.ARCHIVED,
            "transitions": COURSE.available(course, user) if manage else [],
            "rating": rating,
            "rating_form": rating_form,
            "may_read_progress": user.has_perm("learning.read_course_progress", course),
            "may_read_evaluation": user.has_perm("learning.read_evaluation", course),
            "percent": int((course.my_done or 0) * 100 / course.n_lessons) if course.n_lessons else 0,
        },
    )


@login_required
@require_POST
def course_transition(request, pk, name):
    course = _course(request, pk, Course.objects.select_related("org"))
    t = COURSE.transition(name)
    return post_action(
        request,
        lambda: actions.transition_course(course, name, by=request.user),
        success=f"已{t.label}课程。",
        next_default=reverse("learning:course_detail", args=[course.pk]),
    )


@login_required
@require_POST
def course_rate(request, pk):
    course = _course(request, pk, Course.objects.select_related("org"))
    return post_action(
        request,
        lambda: actions.rate_course(course, by=request.user, data=request.POST),
        success="感谢您的评价。",
        next_default=reverse("learning:course_detail", args=[course.pk]),
    )


@login_required
def lesson_create(request, pk):
    user = request.user
    course = _course(request, pk, Course.objects.select_related("org"))
    require_verb(user, "learning.manage_course", course)
    form = LessonForm(request.POST or None, request.FILES or None, initial={"kind": "video", "hours": 1})
    return form_page(
        request,
        form,
        action=lambda: actions.add_lesson(course, by=user, data=request.POST, file=request.FILES.get("file")),
        success=lambda x: f"已添加课时“{x.title}”。",
        redirect_to=reverse("learning:course_detail", args=[course.pk]),
        template="learning/courses/lesson_form.html",
        title=f"添加课时 · {course.title}",
        back_url=reverse("learning:course_detail", args=[course.pk]),
        back_label=course.title,
        multipart=True,
        testid="lesson-form",
    )


@login_required
@require_POST
def lesson_delete(request, pk):
    lesson = get_object_for_user(Lesson.objects.select_related("course__org"), pk, request.user)
    return post_action(
        request,
        lambda: actions.delete_lesson(lesson, by=request.user),
        success=f"已删除课时“{lesson.title}”。",
        next_default=reverse("learning:course_detail", args=[lesson.course_id]),
    )


@login_required
def lesson_player(request, pk):
    """The lesson on a phone: the video (seekable, resumes where she stopped), the PDF or the article, with her
    progress; the page reports to POST /api/v1/learning/lessons/{id}/progress."""
    user = request.user
    lesson = get_object_for_user(Lesson.objects.select_related("course__org", "material"), pk, user)
    course = lesson.course
    progress = (
        LessonProgress.objects.filter(person_id=user.person_id, lesson=lesson).first() if user.person_id else None
    )
    siblings = list(course.lessons.order_by("position", "id").values_list("pk", "title"))
    index = next(i for i, (spk, _t) in enumerate(siblings) if spk == lesson.pk)
    nxt = siblings[index + 1] if index + 1 < len(siblings) else None
    return render(
        request,
        "learning/courses/player.html",
        {
            "lesson": lesson,
            "course": course,
            "progress": progress,
            "percent": courses.percent(progress, lesson),
            "learner": user.has_perm("learning.study_course", course),
            "material": getattr(lesson, "material", None),
            "index": index + 1,
            "total": len(siblings),
            "next": nxt,
            "is_video": lesson.kind == LessonKind.VIDEO,
        },
    )


@login_required
@xframe_options_sameorigin
def lesson_file(request, pk):
    """The lesson's video or PDF, with range requests (206) so a phone seeks and resumes; the player page may
    frame a PDF (same origin only)."""
    lesson = get_object_for_user(Lesson.objects.select_related("material"), pk, request.user)
    material = getattr(lesson, "material", None)
    if material is None:
        raise NotFound()
    try:
        handle = material.file.open("rb")
    except FileNotFoundError:
        raise NotFound() from None
    response = ranged_response(
        request,
        handle,
        size=material.file.size,
        content_type=material.content_type,
        filename=material.name,
        modified=material.uploaded_at,
        etag=f'"lesson-{material.pk}-{material.size}"',
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=3600"
    return response


@login_required
def course_progress(request, pk):
    """学习进度 of a course: per branch (learners, started, done) among the people the reader sees, and the people
    of one branch (`?org=`; the only one when there is one)."""
    user = request.user
    course = _course(request, pk)
    require_verb(user, "learning.read_course_progress", course)
    rows = courses.progress_of(course, Person.objects.visible_to(user))
    total = course.n_lessons or 0
    branches = {}
    for r in rows:
        r.percent = int(r.lessons_done * 100 / total) if total else 0
        b = branches.setdefault(r.person.org_id, {"org": r.person.org, "learners": 0, "done": 0, "started": 0})
        b["learners"] += 1
        b["done"] += bool(r.completed_at)
        b["started"] += bool(r.lessons_done)
    for b in branches.values():
        b["percent"] = int(b["done"] * 100 / b["learners"]) if b["learners"] else 0
    chosen = None
    if len(branches) == 1:
        chosen = next(iter(branches))
    elif (request.GET.get("org") or "").isdigit() and int(request.GET["org"]) in branches:
        chosen = int(request.GET["org"])
    return render(
        request,
        "learning/courses/progress.html",
        {
            "course": course,
            "count": len(rows),
            "rows": [r for r in rows if r.person.org_id == chosen],
            "chosen": branches.get(chosen),
            "branches": list(branches.values()),
            "done": sum(1 for r in rows if r.completed_at),
            "total": total,
        },
    )


@login_required
def course_evaluation(request, pk):
    """学习评估 of a course for its organisation's admins: the stars' distribution and the comments (no names)."""
    user = request.user
    course = _course(request, pk)
    require_verb(user, "learning.read_evaluation", course)
    e = courses.evaluation(course)
    bars = [(n, c, int(c * 100 / e.count) if e.count else 0) for n, c in e.distribution.items()]
    return render(request, "learning/courses/evaluation.html", {"course": course, "e": e, "bars": bars})


def may_use(user):
    """The sidebar's 在线学习: a learner (an account linked to a person) or a 党务管理员 (cached grants, no query)."""
    return rules.is_business_user(user) and (bool(user.person_id) or rules.may_manage_courses(user))


def person_panels(user, person):
    """在线学习 on the person's page, for those who read her hours: the courses she started, the latest first
    (done or how far), linked where the reader sees the course."""
    if not user.has_perm("learning.read_hours", person):
        return []
    rows = list(
        CourseProgress.objects.filter(person=person)
        .select_related("course")
        .annotate(n=Count("course__lessons"))
        .order_by("-started_at", "-id")[:5]
    )
    if not rows:
        return []
    seen = set(Course.objects.visible_to(user).filter(pk__in=[r.course_id for r in rows]).values_list("pk", flat=True))
    hours_url = f"{reverse('learning:hours')}?person={person.pk}"
    out = []
    for r in rows:
        note = f"{r.completed_at:%Y-%m-%d} 完成" if r.completed_at else f"已学 {r.lessons_done}/{r.n} 课时"
        url = reverse("learning:course_detail", args=[r.course_id]) if r.course_id in seen else hours_url
        out.append({"text": r.course.title, "url": url, "note": note})
    return [{"title": "在线学习", "rows": out}]

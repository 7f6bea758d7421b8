"""网络学院's courses in the shared search index (see search/registry.py): a published (or archived) course is
found by its title, description and its lessons' titles and article texts; a draft or withdrawn one is not.

A committee's course is read by its whole subtree, so the index reaches a course's organisation exactly from
below (CourseQuerySet.scope_paths). Adding or deleting a lesson re-indexes its course (`follows`).
"""

from django.urls import reverse


def course_document(course):
    from search.registry import Document, local_day

    from .choices import CourseState

    if course.state not in (CourseState.PUBLISHED, CourseState.ARCHIVED):
        return None
    lessons = list(course.lessons.order_by("position", "id").values_list("title", "body"))
    body = "\n".join(
        x
        for x in [
            course.description,
            "学习对象：" + "、".join(course.audience_labels) if course.audience_list else "",
            *(f"{title}\n{text}".strip() for title, text in lessons),
        ]
        if x
    )
    when = local_day(course.published_at)
    return Document(
        org=course.org, title=course.title, body=body, date=when, type="required" if course.required else "elective"
    )


def _course_of(lesson):
    from .models_courses import Course

    return Course.objects.select_related("org").filter(pk=lesson.course_id)


def register():
    from search.registry import register as register_kind

    from .models_courses import Course, Lesson

    register_kind(
        "course",
        label="网络学院课程",
        model=Course,
        document=course_document,
        url=lambda pk: reverse("learning:course_detail", args=[pk]),
        queryset=lambda: Course.objects.select_related("org"),
        type_labels={"required": "必修课", "elective": "选修课"},
        asks=("课程", "网课", "网络学院", "课时", "在线学习"),
        follows={Lesson: _course_of},
    )

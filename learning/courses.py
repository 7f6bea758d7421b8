"""在线学习's rules of evidence: how long a video is, which position reports count as watching, when a lesson is
complete, and who a course is meant for.

Why position reports are checked: the player reports where it is every few seconds; a report is believed only
when the video advanced no further than the wall-clock time since the previous report allows at up to double
speed (plus two seconds of network jitter, and never more than twelve seconds' worth: the player reports every
five), and the total watched never exceeds what the time since she started
allows. A forward jump (a seek, or a forged report from 0 to the end) moves the position but counts nothing, so
a lesson completes only when 90 % of its length was covered by believable stretches. PDFs, articles and links
count the time the lesson page was open and visible: the page reports every fifteen seconds, and a report
more than 45 seconds after the previous one credits nothing (a page in a background tab stops reporting; coming
back later is a new visit).
"""

import datetime
import struct
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from orgs.models import Person, Position

from .choices import LessonKind

MAX_RATE = 2.0  # the fastest playback speed a player offers
JITTER = 2.0  # seconds of network delay between the player's clock and ours
COMPLETE_SHARE = 0.9  # a video is watched when 90 % of its length was covered
# The page of an open PDF/article/link reports every fifteen seconds; a report more than this many seconds after
# the previous one starts a new visit and credits nothing (coming back an hour later is not an hour of reading).
HEARTBEAT_MAX = 45.0
# A stretch of video counts only as far as this many seconds of playing allow (the player reports every five,
# so one lost report is forgiven): waiting an hour and then reporting the end counts nothing.
REPORT_WINDOW = 12.0


def now():
    """The server's clock (a function so tests can move it)."""
    return timezone.now()


# ---------------------------------------------------------------- how long a video is


def _mp4_duration(data):
    i = data.find(b"mvhd")
    if i < 4 or len(data) < i + 32:
        return None
    version = data[i + 4]
    try:
        if version == 1:
            scale, length = struct.unpack(">IQ", data[i + 24 : i + 36])
        else:
            scale, length = struct.unpack(">II", data[i + 16 : i + 24])
    except struct.error:
        return None
    return length / scale if scale else None


def _ebml_float(data, element):
    i = data.find(element)
    if i < 0 or len(data) < i + len(element) + 9:
        return None
    size = data[i + len(element)]
    start = i + len(element) + 1
    if size == 0x84:
        return struct.unpack(">f", data[start : start + 4])[0]
    if size == 0x88:
        return struct.unpack(">d", data[start : start + 8])[0]
    return None


def _webm_duration(data):
    duration = _ebml_float(data, b"\x44\x89")  # Segment Info Duration, in TimecodeScale units
    if duration is None:
        return None
    scale = 1_000_000
    j = data.find(b"\x2a\xd7\xb1")  # TimecodeScale (ns per unit), an unsigned integer of 1–8 bytes
    if j >= 0 and 0x81 <= data[j + 3] <= 0x88:
        n = data[j + 3] - 0x80
        scale = int.from_bytes(data[j + 4 : j + 4 + n], "big")
    return duration * scale / 1e9


def video_duration(ext, head, tail=b""):
    """Whole seconds of an MP4 (its `mvhd` box, at the start or the end of the file) or a WebM (its Segment Info),
    or None when the file does not say."""
    seconds = None
    if ext == "mp4":
        seconds = _mp4_duration(head) or _mp4_duration(tail)
    elif ext == "webm":
        seconds = _webm_duration(head)
    if seconds is None or seconds <= 0 or seconds > 24 * 3600:
        return None
    return max(1, round(seconds))


# ---------------------------------------------------------------- position reports


def _merge(segments, start, end):
    out = []
    for s, e in sorted([*segments, [start, end]]):
        if out and s <= out[-1][1] + 0.5:
            out[-1][1] = max(out[-1][1], e)
        else:
            out.append([s, e])
    return [[round(s, 1), round(e, 1)] for s, e in out]


@dataclass(frozen=True)
class Report:
    counted: float  # seconds this report added to what counts
    note: str  # why nothing counted, for the player ("" when it did)


def apply_report(progress, lesson, position, at):
    """Fold one report into the progress row (not saved): the new position of a video, or the time open."""
    elapsed = max(0.0, (at - progress.reported_at).total_seconds()) if progress.reports else 0.0
    progress.reports += 1
    progress.reported_at = at
    if lesson.kind != LessonKind.VIDEO:
        added = elapsed if elapsed <= HEARTBEAT_MAX else 0.0
        progress.seconds_open = round(progress.seconds_open + added, 1)
        return Report(added, "")
    duration = float(lesson.duration or 0)
    pos = min(max(float(position or 0), 0.0), duration)
    prev = progress.position
    progress.position = pos
    advance = pos - prev
    if advance <= 0:
        return Report(0.0, "")  # paused, or went back to watch again
    since_start = max(0.0, (at - progress.started_at).total_seconds())
    plausible = advance <= min(elapsed, REPORT_WINDOW) * MAX_RATE + JITTER
    segments = _merge(progress.segments or [], prev, pos)
    watched = sum(e - s for s, e in segments)
    if not plausible or watched > since_start * MAX_RATE + JITTER:
        return Report(0.0, "跳过的部分不计入观看进度。")
    counted = watched - progress.watched
    progress.segments, progress.watched = segments, round(watched, 1)
    return Report(counted, "")


def is_complete(progress, lesson):
    if lesson.kind == LessonKind.VIDEO:
        return bool(lesson.duration) and progress.watched >= COMPLETE_SHARE * lesson.duration
    return progress.seconds_open >= lesson.min_seconds


def percent(progress, lesson):
    """How far the lesson is, 0–100 (100 once complete)."""
    if progress is None:
        return 0
    if progress.completed_at:
        return 100
    if lesson.kind == LessonKind.VIDEO:
        need = COMPLETE_SHARE * (lesson.duration or 1)
        return min(99, int(progress.watched * 100 / need))
    return min(99, int(progress.seconds_open * 100 / max(lesson.min_seconds, 1)))


# ---------------------------------------------------------------- who a course is for


def audience_q(course, year, person_ref="pk"):
    """Q over Person of the course's audience: the categories it names, and 党务干部 (a 党内职务 held this year)."""
    cats = [a for a in course.audience_list if a != "cadre"]
    q = Q(category__in=cats) if cats else Q(pk__in=[])
    if "cadre" in course.audience_list:
        start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
        held = Position.objects.filter(person=OuterRef(person_ref)).filter(
            Q(started_on__isnull=True) | Q(started_on__lte=end), Q(ended_on__isnull=True) | Q(ended_on__gte=start)
        )
        q |= Q(Exists(held))
    return q


def person_categories(person, year):
    """The audience words that describe the person this year (her category, and "cadre" if she holds a post)."""
    cats = {person.category}
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    if (
        Position.objects.filter(person=person)
        .filter(Q(started_on__isnull=True) | Q(started_on__lte=end), Q(ended_on__isnull=True) | Q(ended_on__gte=start))
        .exists()
    ):
        cats.add("cadre")
    return cats


def audience_filter(categories):
    """Q over Course: courses whose audience names any of the categories."""
    q = Q(pk__in=[])
    for cat in sorted(categories):
        q |= Q(audience__contains=f",{cat},")
    return q


def learners(course, people=None):
    """The active people of the course's subtree it is meant for (of `people` if given, e.g. those visible)."""
    qs = people if people is not None else Person.objects.all()
    year = (course.due or timezone.localdate()).year
    return qs.filter(org__path__startswith=course.org.path, status="active").filter(audience_q(course, year))


ZERO = Decimal("0")


# ---------------------------------------------------------------- reading


def listed(user, qs=None):
    """The courses the user reads, each annotated with its lesson count, the user's own progress (lessons done,
    completed at) and its ratings (count, average): one query for the whole list."""
    from django.db.models import Avg, Count, DateTimeField, IntegerField, OuterRef, Subquery, Value

    from .models_courses import Course, CourseProgress, CourseRating, Lesson

    qs = qs if qs is not None else Course.objects.visible_to(user)
    lessons = Lesson.objects.filter(course=OuterRef("pk")).order_by().values("course").annotate(n=Count("pk"))
    qs = qs.select_related("org").annotate(n_lessons=Subquery(lessons.values("n"), output_field=IntegerField()))
    if user.person_id:
        mine = CourseProgress.objects.filter(course=OuterRef("pk"), person_id=user.person_id)
        qs = qs.annotate(
            my_done=Subquery(mine.values("lessons_done")[:1]), my_completed=Subquery(mine.values("completed_at")[:1])
        )
    else:
        qs = qs.annotate(
            my_done=Value(None, output_field=IntegerField()), my_completed=Value(None, output_field=DateTimeField())
        )
    rated = CourseRating.objects.filter(course=OuterRef("pk")).order_by().values("course")
    return qs.annotate(
        n_ratings=Subquery(rated.annotate(n=Count("pk")).values("n"), output_field=IntegerField()),
        avg_stars=Subquery(rated.annotate(a=Avg("stars")).values("a")),
    )


@dataclass(frozen=True)
class Evaluation:
    """学习评估 of a course: how many rated it, the average, how many gave each number of stars, the comments."""

    count: int
    average: Decimal | None
    distribution: dict
    comments: list


def evaluation(course):
    from .models_courses import CourseRating

    rows = list(CourseRating.objects.filter(course=course).order_by("-updated_at", "-id"))
    dist = {n: sum(1 for r in rows if r.stars == n) for n in range(5, 0, -1)}
    avg = (Decimal(sum(r.stars for r in rows)) / len(rows)).quantize(Decimal("0.1")) if rows else None
    return Evaluation(len(rows), avg, dist, [r for r in rows if r.comment])


@dataclass
class Learner:
    person: Person
    lessons_done: int
    completed_at: datetime.datetime | None


def progress_of(course, people):
    """Each learner the course is meant for among `people` (those the reader sees), with her progress; the
    branches' totals come from the same rows (two queries)."""
    from django.db.models import Subquery

    from .models_courses import CourseProgress

    mine = CourseProgress.objects.filter(course=course, person=OuterRef("pk"))
    rows = (
        learners(course, people)
        .select_related("org")
        .annotate(done=Subquery(mine.values("lessons_done")[:1]), completed=Subquery(mine.values("completed_at")[:1]))
        .order_by("org__path", "name", "id")
    )
    return [Learner(p, p.done or 0, p.completed) for p in rows]

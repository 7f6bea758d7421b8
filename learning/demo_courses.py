"""Demo of 在线学习: a year of the committee's courses (required ones for members, for 党务干部 and for 发展对象,
electives, one withdrawn earlier, one archived, one draft) and a branch's own 微党课, with the shipped 8-second
sample video, article texts written for the demo, progress in 区统计局机关党支部 and another branch (completed
lessons credit their hours), and ratings with comments."""

import datetime
from decimal import Decimal
from pathlib import Path

from django.core.files.base import ContentFile
from django.utils import timezone

from core import dates

from . import hours
from .actions_courses import _course_done
from .choices import CourseState, HourSource, LessonKind
from .models_courses import Course, CourseRating, Lesson, LessonFile, LessonProgress

SAMPLE = Path(__file__).resolve().parent / "samples" / "sample-lesson.webm"

ARTICLES = {
    "党章总纲导读": (
        "党章是党的根本大法，是全党必须遵循的总规矩。总纲部分集中阐述了党的性质、宗旨、指导思想、奋斗目标和"
        "基本路线。\n\n学习总纲，要把握三个要点：一是党的性质，中国共产党是中国工人阶级的先锋队，同时是中国人民"
        "和中华民族的先锋队；二是党的宗旨，全心全意为人民服务；三是党的建设的基本要求。\n\n"
        "学习时请结合本职工作，想一想：在自己的岗位上，怎样做到“平常时候看得出来、关键时刻站得出来”。"
    ),
    "党员的义务和权利": (
        "党章第一章规定了党员的八项义务和八项权利。义务和权利是统一的：履行义务是享有权利的前提，保障权利是"
        "履行义务的条件。\n\n党员要自觉参加党的组织生活，按时交纳党费，认真完成党组织分配的任务。"
        "党员有权在党的会议上和党报党刊上参加关于党的政策问题的讨论，有权对党的工作提出建议和倡议。"
    ),
    "支部的基本任务": (
        "党支部是党的基础组织，是党在社会基层组织中的战斗堡垒，是党的全部工作和战斗力的基础。\n\n"
        "支部工作条例列出了党支部的八项基本任务，其中首要的是宣传和执行党的路线方针政策，组织党员认真学习。"
        "支部要严格落实“三会一课”，每月相对固定一天开展主题党日。"
    ),
    "组织生活制度": (
        "“三会一课”即支部党员大会、支部委员会会议、党小组会和党课。支部党员大会一般每季度召开1次，"
        "支部委员会会议一般每月召开1次，党小组会一般每月召开1次，党课每季度至少1次。\n\n"
        "组织生活会一般每年召开1次，开展批评和自我批评；民主评议党员一般每年开展1次。"
    ),
    "支部书记的职责": (
        "支部书记要履行抓党建第一责任人职责，主持支部全面工作，督促支部委员履行职责、发挥作用，"
        "抓好支部委员会自身建设。\n\n每年向党员大会和上级党组织报告工作，接受评议。"
    ),
    "入党的条件和程序": (
        "年满十八岁的中国工人、农民、军人、知识分子和其他社会阶层的先进分子，承认党的纲领和章程，"
        "愿意参加党的一个组织并在其中积极工作、执行党的决议和按期交纳党费的，可以申请加入中国共产党。\n\n"
        "发展党员要经过入党申请、入党积极分子的确定和培养、发展对象的确定和考察、预备党员的接收、"
        "预备党员的教育考察和转正五个阶段。"
    ),
    "数据背后的初心": (
        "统计工作是经济社会发展的“晴雨表”。数据真实准确，是统计人的生命线。\n\n"
        "本期微党课结合支部一名老党员三十年坚守基层统计岗位的故事，谈谈如何在平凡岗位上践行入党誓词。"
    ),
    "形势与政策专题": (
        "本专题围绕当前经济形势和重点改革任务，帮助党员干部准确把握形势、坚定发展信心。\n\n"
        "请结合本单位年度重点工作，写下一条自己能做到的具体承诺。"
    ),
}


def _course(org, by, title, description, audience, *, required=False, due=None, state=CourseState.PUBLISHED, day):
    course = Course.objects.create(
        org=org,
        title=title,
        description=description,
        audience="," + ",".join(audience) + ",",
        required=required,
        due=due,
        state=state,
        created_by=by,
        published_at=timezone.make_aware(datetime.datetime.combine(day, datetime.time(9, 0)))
        if state != CourseState.DRAFT
        else None,
    )
    return course


def _lessons(course, specs, by):
    out = []
    for n, (kind, title, hours_) in enumerate(specs, start=1):
        lesson = Lesson.objects.create(
            course=course,
            position=n,
            title=title,
            kind=kind,
            hours=Decimal(hours_),
            body=ARTICLES.get(title, "") if kind == LessonKind.ARTICLE else "",
            url="https://www.12371.cn/" if kind == LessonKind.LINK else "",
            duration=8 if kind == LessonKind.VIDEO else None,
            min_seconds=60,
        )
        if kind == LessonKind.VIDEO:
            LessonFile.objects.create(
                lesson=lesson,
                file=ContentFile(SAMPLE.read_bytes(), name="sample-lesson.webm"),
                name=f"{title}.webm",
                content_type="video/webm",
                size=SAMPLE.stat().st_size,
                uploaded_by=by,
            )
        out.append(lesson)
    return out


def _complete(person, lesson, day):
    """The person completed the lesson on `day` (the demo writes the progress as the player's reports would)."""
    at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(20, 0)))
    video = lesson.kind == LessonKind.VIDEO
    LessonProgress.objects.create(
        person=person,
        lesson=lesson,
        position=float(lesson.duration or 0),
        segments=[[0.0, float(lesson.duration)]] if video else [],
        watched=float(lesson.duration or 0),
        seconds_open=0 if video else float(lesson.min_seconds + 30),
        reports=4,
        reported_at=at,
        completed_at=at,
    )
    hours.credit(
        person,
        source=HourSource.LESSON,
        ref=lesson.pk,
        hours=lesson.hours,
        date=day,
        note=f"{lesson.course.title} · {lesson.title}",
    )
    _course_done(person, lesson.course, at)


def build(world):
    committee, users = world["committee"], world["users"]
    admin, secretary = users["committee"], users["secretary1"]
    stats = world["stats_branch"]
    today = dates.today()
    year = today.year
    jan = datetime.date(year, 1, 10)

    charter = _course(
        committee,
        admin,
        "学习贯彻党章",
        "逐章学习党章，重点把握党的性质宗旨、党员的义务和权利、党的纪律。全体党员须在年底前学完。",
        ["full", "probationary"],
        required=True,
        due=datetime.date(year, 12, 31),
        day=jan,
    )
    charter_lessons = _lessons(
        charter,
        [
            (LessonKind.ARTICLE, "党章总纲导读", "1"),
            (LessonKind.ARTICLE, "党员的义务和权利", "1"),
            (LessonKind.VIDEO, "党章专题辅导（示范视频）", "2"),
            (LessonKind.LINK, "共产党员网党章专栏", "0.5"),
        ],
        admin,
    )
    rules = _course(
        committee,
        admin,
        "《中国共产党支部工作条例（试行）》解读",
        "面向全体党员和党务干部，讲清支部的基本任务和组织生活制度。",
        ["full", "probationary", "cadre"],
        day=datetime.date(year, 3, 5),
    )
    rules_lessons = _lessons(
        rules, [(LessonKind.ARTICLE, "支部的基本任务", "1"), (LessonKind.ARTICLE, "组织生活制度", "1")], admin
    )
    cadre = _course(
        committee,
        admin,
        "党务干部履职能力提升",
        "支部书记和支委的必修课：履职要求、组织生活的规范开展。",
        ["cadre"],
        required=True,
        due=min(today + datetime.timedelta(days=40), datetime.date(year, 12, 31)),
        day=datetime.date(year, 6, 2),
    )
    _lessons(
        cadre,
        [(LessonKind.ARTICLE, "支部书记的职责", "2"), (LessonKind.VIDEO, "规范开展“三会一课”（示范视频）", "2")],
        admin,
    )
    candidate = _course(
        committee,
        admin,
        "发展对象培训：党的基本知识",
        "发展对象集中培训的线上部分，学完后参加集中培训考试。",
        ["candidate"],
        required=True,
        due=min(today + datetime.timedelta(days=20), datetime.date(year, 12, 31)),
        day=datetime.date(year, 9, 1),
    )
    _lessons(candidate, [(LessonKind.ARTICLE, "入党的条件和程序", "2")], admin)
    archived = _course(
        committee,
        admin,
        f"{year}年一季度形势与政策学习",
        "一季度专题学习，已归档。",
        ["full", "probationary"],
        state=CourseState.ARCHIVED,
        day=datetime.date(year, 1, 20),
    )
    archived_lessons = _lessons(archived, [(LessonKind.ARTICLE, "形势与政策专题", "1")], admin)
    draft = _course(
        committee,
        admin,
        "四季度专题党课（准备中）",
        "课件整理中，发布前补充视频。",
        ["full", "probationary"],
        state=CourseState.DRAFT,
        day=today,
    )
    _lessons(draft, [(LessonKind.ARTICLE, "形势与政策专题", "1")], admin)
    micro = _course(
        stats,
        secretary,
        "统计局支部微党课：数据背后的初心",
        "支部书记讲微党课，选修。",
        ["full", "probationary"],
        day=datetime.date(year, 4, 15),
    )
    micro_lessons = _lessons(micro, [(LessonKind.ARTICLE, "数据背后的初心", "1")], secretary)

    # Progress: in 区统计局机关党支部 most members finished the 党章 course; the first account (member1) has read
    # the two articles and not yet watched the video, so her next step is the video.
    member1 = users["member1"].person
    stats_people = [p for p in world["people"][stats.id] if p.is_party_member and p.pk != member1.pk]
    other = world["branches"][3]
    other_people = [p for p in world["people"][other.id] if p.is_party_member]
    day = lambda month, d: min(datetime.date(year, month, d), today)  # noqa: E731
    for i, person in enumerate(stats_people):
        last = len(charter_lessons) if i % 3 else 2
        for n, lesson in enumerate(charter_lessons[:last]):
            _complete(person, lesson, day(2 + n, 10 + i % 15))
        if i % 2 == 0:
            for lesson in rules_lessons:
                _complete(person, lesson, day(4, 3 + i % 20))
        if i < 6:
            _complete(person, micro_lessons[0], day(5, 6 + i))
        _complete(person, archived_lessons[0], day(2, 1 + i % 25))
    for lesson in charter_lessons[:2]:
        _complete(member1, lesson, day(3, 12))
    for i, person in enumerate(other_people[:8]):
        for lesson in charter_lessons[: 1 + i % 4]:
            _complete(person, lesson, day(5, 1 + i))
    ratings = [
        (5, "结合案例讲党章，通俗易懂。"),
        (4, "视频再长一些、讲得再细一些就更好了。"),
        (5, ""),
        (4, "希望增加党史小故事。"),
        (3, "文章偏长，手机上看有些累。"),
        (5, "很实用，支部学习时可以直接用。"),
    ]
    for person, (stars, comment) in zip(stats_people[1::3], ratings, strict=False):
        CourseRating.objects.create(course=charter, person=person, stars=stars, comment=comment)
    for person, stars in zip(stats_people[::4], (5, 4, 4), strict=False):
        CourseRating.objects.create(course=rules, person=person, stars=stars)

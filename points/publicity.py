"""公示与公布: freeze a ranking, publish it for an objection period in working days, answer objections, announce."""

import datetime

import chinese_calendar
from django.db import transaction
from django.utils import timezone

from accounts.permissions import require
from core import audit
from core.errors import Conflict, Invalid
from core.forms import validate

from .choices import SUBJECT_TYPE_LABELS
from .forms import AnswerForm, ObjectionForm, PublicityForm
from .models import Objection, Publicity
from .rankings import ranking

MANAGE_MESSAGE = "只有制定该积分方案的工委党务管理员可以管理公示。"


def today():
    """Today in Asia/Shanghai (a function so tests can move the clock)."""
    return timezone.localdate()


def is_workday(day):
    """Chinese public holidays and make-up workdays (调休) via chinese-calendar; weekends beyond its data."""
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:
        return day.weekday() < 5


def add_workdays(start, n):
    """The last day of a period of n working days that begins on `start` (counted if it is a working day)."""
    day, counted = start, 0
    while True:
        if is_workday(day):
            counted += 1
            if counted == n:
                return day
        day += datetime.timedelta(days=1)


def freeze(scheme, *, by, data):
    require(by, "points.manage_scheme", scheme, MANAGE_MESSAGE)
    cleaned = validate(PublicityForm(data))
    until = cleaned["until"]
    if until.year != scheme.year:
        raise Invalid(f"统计截至日期须在{scheme.year}年内。", {"until": [f"统计截至日期须在{scheme.year}年内。"]})
    rows = [r.as_dict() for r in ranking(scheme, cleaned["subject_type"], until)]
    title = (cleaned.get("title") or "").strip() or (
        f"{scheme.year}年1-{until.month}月{SUBJECT_TYPE_LABELS[cleaned['subject_type']]}积分排名"
    )
    with transaction.atomic():
        pub = Publicity.objects.create(
            scheme=scheme,
            subject_type=cleaned["subject_type"],
            until=until,
            title=title,
            snapshot=rows,
            objection_days=cleaned["objection_days"],
            created_by=by,
        )
        audit.record("points.publicity.freeze", by=by, obj=pub, after=audit.snapshot(pub, ["title", "until"]))
    return pub


def _locked(pub):
    return Publicity.objects.select_for_update().select_related("scheme__org").get(pk=pub.pk)


def publish(pub, *, by):
    require(by, "points.manage_scheme", pub.scheme, MANAGE_MESSAGE)
    with transaction.atomic():
        pub = _locked(pub)
        if pub.state != "frozen":
            raise Conflict(f"该公示当前为“{pub.state_label}”，不能再次发布。")
        before = audit.snapshot(pub, ["state"])
        pub.state, pub.published_on = "published", today()
        pub.objection_deadline = add_workdays(pub.published_on, pub.objection_days)
        pub.save()
        audit.record(
            "points.publicity.publish",
            by=by,
            obj=pub,
            before=before,
            after=audit.snapshot(pub, ["state", "published_on", "objection_deadline"]),
        )
    return pub


def raise_objection(pub, *, by, data):
    content = validate(ObjectionForm(data))["content"]
    with transaction.atomic():
        pub = _locked(pub)
        if pub.state != "published":
            raise Conflict("只能在公示期内提出异议。")
        if today() > pub.objection_deadline:
            raise Conflict(f"公示期已于{pub.objection_deadline:%Y年%m月%d日}结束，不能再提出异议。")
        obj = Objection.objects.create(publicity=pub, raised_by=by, content=content)
        audit.record("points.objection.raise", by=by, obj=obj, org=pub.scheme.org, after={"content": content})
    return obj


def answer_objection(objection, *, by, data):
    require(by, "points.manage_scheme", objection.publicity.scheme, MANAGE_MESSAGE)
    answer = validate(AnswerForm(data))["answer"]
    with transaction.atomic():
        objection = Objection.objects.select_for_update().get(pk=objection.pk)
        if objection.publicity.state == "announced":
            raise Conflict("结果已公布，不能再答复。")
        before = {"answer": objection.answer}
        objection.answer, objection.answered_by, objection.answered_at = answer, by, timezone.now()
        objection.save()
        audit.record(
            "points.objection.answer",
            by=by,
            obj=objection,
            org=objection.publicity.scheme.org,
            before=before,
            after={"answer": answer},
        )
    return objection


def announce_blocker(pub, *, unanswered):
    """Why `announce` would refuse now (None when it would not); the page shows it beside a disabled button."""
    if pub.state != "published":
        return "只有公示期满的结果才能公布。" if pub.state == "frozen" else "该结果已公布。"
    now = today()
    if now <= pub.objection_deadline:
        d = pub.objection_deadline
        year = f"{d.year}年" if d.year != now.year else ""
        return f"公示期至{year}{d.month}月{d.day}日结束，期满后可正式公布。"
    if unanswered:
        return "还有未答复的异议，答复后才能公布。"
    return None


def announce(pub, *, by):
    require(by, "points.manage_scheme", pub.scheme, MANAGE_MESSAGE)
    with transaction.atomic():
        pub = _locked(pub)
        reason = announce_blocker(pub, unanswered=pub.objections.filter(answered_at__isnull=True).exists())
        if reason:
            raise Conflict(reason)
        before = audit.snapshot(pub, ["state"])
        pub.state, pub.announced_on = "announced", today()
        pub.save()
        audit.record(
            "points.publicity.announce",
            by=by,
            obj=pub,
            before=before,
            after=audit.snapshot(pub, ["state", "announced_on"]),
        )
    return pub


def can_manage(user, pub):
    return user.has_perm("points.manage_scheme", pub.scheme)


def reads_all_objections(user, pub):
    """The committee that owns the publicity and the points reviewers concerned read every objection's text;
    everyone else sees that objections exist, when they were raised and how they were answered."""
    if can_manage(user, pub):
        return True
    from accounts import scope

    from .choices import REVIEWER_ROLES

    org_path = pub.scheme.org.path
    return any(org_path.startswith(p) or p.startswith(org_path) for p in scope.role_paths(user, REVIEWER_ROLES))


def objection_text_visible(user, objection, *, reads_all):
    """An objection's text (and who raised it) is shown to its objector and to those who read all of them."""
    return reads_all or objection.raised_by_id == user.pk

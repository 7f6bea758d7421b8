"""公示与公布: freeze a ranking, publish it for an objection period in working days, answer objections, announce.

Publishing and announcing are transitions of `PUBLICITY`; answering an objection is the transition of
`OBJECTION` (an objection is open, answered, or closed once the result is announced). Freezing a ranking and
raising an objection create rows. Who may do what is a verb of points/rules.py.
"""

from django.db import transaction
from django.utils import timezone

from core import audit, dates
from core.dates import add_workdays
from core.errors import Conflict, Forbidden, Invalid, NotFound
from core.forms import validate
from core.verbs import require_verb, why_not
from core.workflow import Transition, Workflow

from . import rules
from .choices import SUBJECT_TYPE_LABELS, ObjectionState, PublicityState
from .forms import AnswerForm, ObjectionForm, PublicityForm
from .models import Objection, Publicity
from .rankings import ranking

MANAGE_MESSAGE = rules.PUBLICITY_MESSAGE


def today():
    """Today in Asia/Shanghai (a function so tests can move the clock)."""
    return dates.today()


# ---------------------------------------------------------------- the workflows


def announce_blocker(pub, *, unanswered):
    """Why `announce` would refuse now (None when it would not); the page shows it beside a disabled button."""
    if pub.state != PublicityState.PUBLISHED:
        return "只有公示期满的结果才能公布。" if pub.state == PublicityState.FROZEN else "该结果已公布。"
    now = today()
    if now <= pub.objection_deadline:
        d = pub.objection_deadline
        year = f"{d.year}年" if d.year != now.year else ""
        return f"公示期至{year}{d.month}月{d.day}日结束，期满后可正式公布。"
    if unanswered:
        return "还有未答复的异议，答复后才能公布。"
    return None


def _announce_blocker(pub):
    return announce_blocker(pub, unanswered=pub.objections.filter(answered_at__isnull=True).exists())


def _on_publish(pub, ctx):
    pub.published_on = today()
    pub.objection_deadline = add_workdays(pub.published_on, pub.objection_days)


def _on_announce(pub, ctx):
    pub.announced_on = today()


PUBLICITY = Workflow(
    "points.publicity",
    model=Publicity,
    states=PublicityState,
    transitions=[
        Transition(
            "publish",
            "发布公示",
            [PublicityState.FROZEN],
            PublicityState.PUBLISHED,
            "points.manage_publicity",
            effect=_on_publish,
            conflict=lambda pub: f"该公示当前为“{pub.state_label}”，不能再次发布。",
        ),
        Transition(
            "announce",
            "正式公布",
            [PublicityState.PUBLISHED],
            PublicityState.ANNOUNCED,
            "points.manage_publicity",
            effect=_on_announce,
            applies=lambda pub: _announce_blocker(pub) is None,
            conflict=_announce_blocker,
            style="success",
        ),
    ],
    lock_related=("scheme__org",),
    # The snapshot (a whole ranking) stays out of the audit log: the transitions change only these.
    audit_fields=("state", "published_on", "objection_deadline", "announced_on"),
)


def objection_state(objection):
    if objection.publicity.state == PublicityState.ANNOUNCED:
        return ObjectionState.CLOSED
    return ObjectionState.ANSWERED if objection.answered_at else ObjectionState.OPEN


def _on_answer(objection, ctx):
    objection.answer, objection.answered_by, objection.answered_at = ctx.data["answer"], ctx.by, timezone.now()


OBJECTION = Workflow(
    "points.objection",
    model=Objection,
    states=ObjectionState,
    field=None,
    state_of=objection_state,
    transitions=[
        Transition(
            "answer",
            "答复",
            [ObjectionState.OPEN, ObjectionState.ANSWERED],
            None,
            "points.answer_objection",
            AnswerForm,
            _on_answer,
            conflict="结果已公布，不能再答复。",
        ),
    ],
    visible=lambda objection, user: Publicity.objects.visible_to(user).filter(pk=objection.publicity_id).exists(),
    lock_related=("publicity__scheme__org",),
    audit_org=lambda objection: objection.publicity.scheme.org,
    audit_fields=("answer",),  # redacted to its length in the log
)


# ---------------------------------------------------------------- the actions


def freeze(scheme, *, by, data):
    require_verb(by, "points.manage_publicity", scheme)
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


def _current(obj):
    """The row as stored now (a caller's copy may be older than the last transition)."""
    model, related = (Objection, "publicity__scheme__org") if isinstance(obj, Objection) else (Publicity, "scheme__org")
    found = model.objects.select_related(related).filter(pk=obj.pk).first()
    if found is None:
        raise NotFound()
    return found


def publish(pub, *, by):
    """frozen → published: the objection period of `objection_days` working days starts today."""
    return PUBLICITY.run(_current(pub), "publish", by=by)


def announce(pub, *, by):
    """published → announced, once the period is over and every objection is answered."""
    return PUBLICITY.run(_current(pub), "announce", by=by)


def answer_objection(objection, *, by, data):
    """Answer (or correct the answer to) an objection while the result is not yet announced."""
    return OBJECTION.run(_current(objection), "answer", by=by, data=data)


def objection_refusal(pub, user):
    """Why `raise_objection` would refuse now (403, then 409), or None: the page offers the form only then."""
    reason = why_not("points.raise_objection", user, pub)
    if reason is not None:
        return Forbidden(reason)
    if pub.state != PublicityState.PUBLISHED:
        return Conflict("只能在公示期内提出异议。")
    if today() > pub.objection_deadline:
        return Conflict(f"公示期已于{pub.objection_deadline:%Y年%m月%d日}结束，不能再提出异议。")
    return None


def raise_objection(pub, *, by, data):
    content = validate(ObjectionForm(data))["content"]
    with transaction.atomic():
        pub = Publicity.objects.select_for_update().select_related("scheme__org").get(pk=pub.pk)
        error = objection_refusal(pub, by)
        if error is not None:
            raise error
        obj = Objection.objects.create(publicity=pub, raised_by=by, content=content)
        audit.record("points.objection.raise", by=by, obj=obj, org=pub.scheme.org, after={"content": content})
    return obj


def can_manage(user, pub):
    return user.has_perm("points.manage_publicity", pub)


def reads_all_objections(user, pub):
    """The committee that owns the publicity and the points reviewers concerned read every objection's text."""
    return rules.reads_all_objections(user, pub)


def objection_text_visible(user, objection, *, reads_all):
    """An objection's text (and who raised it) is shown to its objector and to those who read all of them."""
    return reads_all or objection.raised_by_id == user.pk

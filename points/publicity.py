"""公示与公布 of points rankings: freeze a ranking, publish it for an objection period in working days, answer
objections, announce.

The mechanism is core's (core/publicity.py: the two workflows and their actions); this module gives it points'
models and verbs (points/rules.py) and adds what only points does: freezing a ranking into a snapshot.
"""

from django.db import transaction

from core import audit, dates
from core.dates import add_workdays  # noqa: F401  (tests check the working-day arithmetic here)
from core.errors import Invalid
from core.forms import validate
from core.publicity import Publicity as PublicityMechanism
from core.verbs import require_verb

from . import rules
from .choices import SUBJECT_TYPE_LABELS
from .forms import PublicityForm
from .models import Objection, Publicity
from .rankings import ranking

MANAGE_MESSAGE = rules.PUBLICITY_MESSAGE


def today():
    """Today in Asia/Shanghai (a function so tests can move the clock)."""
    return dates.today()


MECHANISM = PublicityMechanism(
    "points.publicity",
    model=Publicity,
    objection_model=Objection,
    objection_code="points.objection",
    manage_verb="points.manage_publicity",
    answer_verb="points.answer_objection",
    raise_verb="points.raise_objection",
    org_of=lambda pub: pub.scheme.org,
    lock_related=("scheme__org",),
    today=lambda: today(),  # looked up at each call, so a test's clock reaches the mechanism
)
PUBLICITY = MECHANISM.workflow
OBJECTION = MECHANISM.objection_workflow
objection_state = MECHANISM.objection_state
publish = MECHANISM.publish
announce = MECHANISM.announce
answer_objection = MECHANISM.answer_objection
objection_refusal = MECHANISM.objection_refusal
raise_objection = MECHANISM.raise_objection


def announce_blocker(pub, *, unanswered):
    """Why `announce` would refuse now (None when it would not); the page shows it beside a disabled button."""
    return MECHANISM.announce_blocker(pub, unanswered=unanswered)


# ---------------------------------------------------------------- freezing a ranking


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


def can_manage(user, pub):
    return user.has_perm("points.manage_publicity", pub)


def reads_all_objections(user, pub):
    """The committee that owns the publicity and the points reviewers concerned read every objection's text."""
    return rules.reads_all_objections(user, pub)


def objection_text_visible(user, objection, *, reads_all):
    """An objection's text (and who raised it) is shown to its objector and to those who read all of them."""
    return reads_all or objection.raised_by_id == user.pk

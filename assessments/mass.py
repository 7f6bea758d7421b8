"""The one mechanism of anonymous one-time codes (群众满意度测评, 双评 群众评议): codes, the public ballot, tallies.

* A code is 8 characters of an alphabet without look-alikes (no 0/O, 1/I): 32⁸ ≈ 1.1 × 10¹² codes, drawn with
  `secrets`, so guessing one of a survey's few thousand is hopeless — and the abuse limit below stops trying.
* The ballot marks the code used and inserts the votes in one transaction, under the code's row lock and a
  conditional update, so a code works once, also when two phones submit it at the same moment.
* A vote keeps no link to its code, to an account or to the other votes of its ballot; the code keeps only
  the day it was used, and the audit event says only that a ballot of so many ratings was cast.
* Every refusal of the public page — an unknown code, a used one, a survey not open — reads the same sentence
  with the same status, so the page is no oracle: a photo of someone's slip does not tell whether she voted.
* Results are tallies per subject, hidden below MIN_VOTES votes; comments are shown without time, sorted.
"""

import datetime
import secrets
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from core import audit
from core.dates import today
from core.errors import Invalid, NotFound
from core.ratelimit import RateLimit

from .models_mass import MIN_VOTES, MassAttempt, MassCode, MassRating, MassState, MassSubject, MassVote

ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
CODE_LENGTH = 8
MAX_COMMENT = 500
TWO = Decimal("0.01")
UNUSABLE = (
    "该测评码无效、已经使用，或测评尚未开始、已经结束。请核对纸条上的测评码；如有疑问，请联系发放测评码的党组织。"
)


def new_code():
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def normalise(text):
    """What a voter typed or scanned, as stored: upper case, without spaces or dashes; "" when it cannot be one."""
    code = "".join(str(text or "").split()).replace("-", "").upper()
    return code if len(code) == CODE_LENGTH and all(c in ALPHABET for c in code) else ""


def shown_code(code):
    """ABCD-EFGH: easier to read out and type from a slip."""
    return f"{code[:4]}-{code[4:]}"


def now():
    """The abuse limits' clock (tests move it instead of sleeping)."""
    return timezone.now()


# Wrong codes are the guesser's signature: few are allowed. Ballots come in bursts from one hall's network
# (a 群众代表 meeting votes on one Wi-Fi), so their limit is generous.
MISS_LIMIT = RateLimit(
    "mass-code-miss",
    rows=lambda: MassAttempt.objects.filter(kind=MassAttempt.MISS),
    setting="MASS_MISS_RATE_LIMITS",
    default=((10, 10 * 60), (50, 24 * 60 * 60)),
    message="输入无效测评码的次数过多：同一网络{span}内最多{n}次，请稍后再试。",
    clock=lambda: now(),
)
BALLOT_LIMIT = RateLimit(
    "mass-ballot",
    rows=lambda: MassAttempt.objects.filter(kind=MassAttempt.BALLOT),
    setting="MASS_BALLOT_RATE_LIMITS",
    default=((300, 10 * 60), (2000, 24 * 60 * 60)),
    message="提交过于频繁：同一网络{span}内最多提交{n}份测评，请稍后再试。",
    clock=lambda: now(),
)


class Unusable(NotFound):
    """Unknown, used or not open: one answer for all three."""

    def __init__(self):
        super().__init__(UNUSABLE)


def is_open(survey, on=None):
    on = on or today()
    return survey.state == MassState.OPEN and survey.opens <= on <= survey.closes


def _usable(code):
    return code is not None and code.used_on is None and is_open(code.survey)


def _find(text, *, lock=False):
    code = normalise(text)
    if not code:
        return None
    qs = MassCode.objects.select_related("survey__org")
    if lock:
        qs = qs.select_for_update(of=("self",))  # the code row only, not its survey and committee
    return qs.filter(code=code).first()


def _miss(key):
    MassAttempt.objects.create(kind=MassAttempt.MISS, client_key=key, created_at=now())
    prune_attempts(MassAttempt.MISS)


LIMITS = {MassAttempt.MISS: MISS_LIMIT, MassAttempt.BALLOT: BALLOT_LIMIT}


def prune_attempts(*kinds):
    """Delete the limit rows older than their kind's longest window: they can no longer count against anyone, and
    keeping them would keep a trace of when each client came. Each write prunes its own kind (an index range on
    `created_at`, usually empty); `manage.py purge_mass_attempts` prunes both. Returns how many were deleted."""
    at, deleted = now(), 0
    for kind in kinds or tuple(LIMITS):
        window = max(seconds for _n, seconds in LIMITS[kind].limits())
        cutoff = at - datetime.timedelta(seconds=window)
        deleted += MassAttempt.objects.filter(kind=kind, created_at__lt=cutoff).delete()[0]
    return deleted


def ballot(text, *, client_address):
    """The survey and its subjects a usable code opens (the public page); Unusable (404) otherwise."""
    key = MISS_LIMIT.client_key(client_address)
    with transaction.atomic():
        MISS_LIMIT.check(key)  # over the limit, even a good code is refused: guessing must stop
        code = _find(text)
        if not _usable(code):
            _miss(key)
            code = None
    if code is None:
        raise Unusable()
    subjects = list(code.survey.subjects.select_related("org", "person__org"))
    return code, subjects


@dataclass
class Choice:
    subject: MassSubject
    rating: str
    comment: str


def clean_votes(survey, subjects, votes):
    """[Choice] from [{"subject", "rating", "comment"?}]: at least one, each subject of this survey at most once.

    A subject of another survey reads like one that exists nowhere."""
    if not isinstance(votes, list | tuple) or not votes:
        raise Invalid("请至少评价一个测评对象。", {"votes": ["请至少评价一个测评对象。"]})
    by_id = {s.pk: s for s in subjects}
    allowed = {str(r) for r in survey.ratings}
    labels = "、".join(str(MassRating(r).label) for r in survey.ratings)
    chosen, errors = {}, {}
    for vote in votes:
        vote = vote if isinstance(vote, dict) else {}
        raw = vote.get("subject")
        try:
            pk = int(raw)
        except (TypeError, ValueError):
            pk = None
        subject = by_id.get(pk)
        name = f"subject_{raw}"
        if subject is None:
            errors[name] = ["测评对象不存在。"]
            continue
        if pk in chosen:
            errors[name] = [f"“{subject.name}”只能评价一次。"]
            continue
        rating = str(vote.get("rating") or "")
        comment = str(vote.get("comment") or "").strip()
        if rating not in allowed:
            errors[name] = [f"请为“{subject.name}”选择评价：{labels}。"]
        elif len(comment) > MAX_COMMENT:
            errors[name] = [f"对“{subject.name}”的意见建议最多{MAX_COMMENT}字（现有{len(comment)}字）。"]
        else:
            chosen[pk] = Choice(subject, rating, comment)
    if errors:
        first = next(iter(errors.values()))[0]
        raise Invalid(first, errors)
    return list(chosen.values())


def cast(text, *, votes, client_address):
    """Cast a ballot with a code: the code is marked used and the votes inserted together, once."""
    mkey, bkey = MISS_LIMIT.client_key(client_address), BALLOT_LIMIT.client_key(client_address)
    refused = False
    with transaction.atomic():
        MISS_LIMIT.check(mkey)
        BALLOT_LIMIT.check(bkey)
        code = _find(text, lock=True)
        if not _usable(code):
            _miss(mkey)
            refused = True
        else:
            survey = code.survey
            choices = clean_votes(survey, list(survey.subjects.select_related("org", "person")), votes)
            day = today()
            # The conditional update is the guard even where the row lock is weaker (one winner per code).
            if MassCode.objects.filter(pk=code.pk, used_on__isnull=True).update(used_on=day) != 1:
                raise Unusable()
            MassVote.objects.bulk_create(
                [
                    MassVote(survey=survey, subject=c.subject, rating=c.rating, comment=c.comment, created_on=day)
                    for c in choices
                ]
            )
            MassAttempt.objects.create(kind=MassAttempt.BALLOT, client_key=bkey, created_at=now())
            prune_attempts(MassAttempt.BALLOT)
            # Neither the code nor the ratings: the event only says that a ballot was cast.
            audit.record(
                "assessments.masssurvey.ballot", by=None, obj=survey, org=survey.org, after={"ratings": len(choices)}
            )
    if refused:
        raise Unusable()
    return survey, len(choices)


# ---------------------------------------------------------------- tallies


def rate_of(positive, total):
    if not total:
        return None
    return (Decimal(positive) * 100 / Decimal(total)).quantize(TWO, rounding=ROUND_HALF_UP)


@dataclass
class Tally:
    subject: MassSubject
    counts: dict  # {rating: n}, every rating of the kind
    total: int = 0
    positive: int = 0
    rate: Decimal | None = None
    comments: list = field(default_factory=list)

    @property
    def hidden(self):
        return self.total < MIN_VOTES

    def rows(self, survey):
        """(label, n, percent) per rating, for the table."""
        return [(MassRating(r).label, self.counts[r], rate_of(self.counts[r], self.total)) for r in survey.ratings]


def tallies(survey):
    """One Tally per subject (three queries, whatever the number of votes)."""
    subjects = list(survey.subjects.select_related("org", "person__org"))
    counts = {s.pk: dict.fromkeys(survey.ratings, 0) for s in subjects}
    for row in MassVote.objects.filter(survey=survey).values("subject_id", "rating").annotate(n=Count("pk")):
        if row["subject_id"] in counts and row["rating"] in counts[row["subject_id"]]:
            counts[row["subject_id"]][row["rating"]] = row["n"]
    comments = {}
    rows = MassVote.objects.filter(survey=survey).exclude(comment="").order_by("comment")
    for subject_id, comment in rows.values_list("subject_id", "comment"):
        comments.setdefault(subject_id, []).append(comment)
    out = []
    for s in subjects:
        c = counts[s.pk]
        total = sum(c.values())
        positive = sum(c[r] for r in survey.positive)
        t = Tally(s, c, total, positive, rate_of(positive, total), comments.get(s.pk, []))
        if t.hidden:
            t.counts, t.positive, t.rate, t.comments = dict.fromkeys(survey.ratings, 0), 0, None, []
        out.append(t)
    return out


def code_counts(survey):
    """(issued, used) codes of the survey."""
    row = MassCode.objects.filter(survey=survey).aggregate(issued=Count("pk"), used=Count("used_on"))
    return row["issued"], row["used"]


def subject_rates(surveys, **subject_filter):
    """[(survey, total, positive, rate)] of the closed surveys for one org or person, those with ≥ MIN_VOTES."""
    rows = (
        MassVote.objects.filter(survey__in=surveys, **{f"subject__{k}": v for k, v in subject_filter.items()})
        .values("survey_id", "rating")
        .annotate(n=Count("pk"))
    )
    per: dict[int, dict] = {}
    for row in rows:
        per.setdefault(row["survey_id"], {})[row["rating"]] = row["n"]
    out = []
    for survey in surveys:
        c = per.get(survey.pk, {})
        total = sum(c.values())
        if total < MIN_VOTES:
            continue
        positive = sum(c.get(r, 0) for r in survey.positive)
        out.append((survey, total, positive, rate_of(positive, total)))
    return out

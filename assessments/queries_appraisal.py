"""What a page or the API shows of an appraisal to whom, in a fixed number of queries.

The branch's admin (and a committee's above it) sees everything: self-evaluations, the mutual tally, the
grades. A participant sees the names and public pledges of all; the others' self-evaluations once they are
presented (from 党员互评 on); her own mutual tally once the mutual grading has closed (from 民主测评 on), never
who gave which grade; the grades once the appraisal is closed. Anyone else who reads the branch sees the names,
the pledges and, once closed, the grades.
"""

from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q

from core import verbs

from .choices_appraisal import GRADE_LABELS, GRADE_ORDER, AppraisalState, Grade, excellent_limit
from .models_appraisal import Appraisal, FollowUp, MutualGrade, Participant, Pledge

ORDER = [s.value for s in AppraisalState]


def reached(appraisal, state):
    return ORDER.index(appraisal.state) >= ORDER.index(state)


def with_counts(qs):
    """Appraisals with their participants' numbers in the same query (lists)."""
    return qs.select_related("org").annotate(
        n_participants=Count("participants"),
        n_self=Count("participants", filter=Q(participants__self_at__isnull=False)),
        n_graded=Count("participants", filter=~Q(participants__grade="")),
        n_excellent=Count("participants", filter=Q(participants__grade=Grade.EXCELLENT)),
    )


def for_board(qs):
    """Appraisals with their counts and their participants (with the person) in two queries: what `board`
    and the participant verbs read."""
    people = Participant.objects.select_related("person").order_by("person__name", "person_id")
    return with_counts(qs).prefetch_related(Prefetch("participants", queryset=people))


def counts_of(appraisal):
    """The numbers of `with_counts`, for an appraisal fetched without them."""
    if not hasattr(appraisal, "n_participants"):
        found = with_counts(Appraisal.objects.filter(pk=appraisal.pk)).first()
        for name in ("n_participants", "n_self", "n_graded", "n_excellent"):
            setattr(appraisal, name, getattr(found, name))
    appraisal.excellent_limit = excellent_limit(appraisal.n_participants)
    return appraisal


@dataclass
class Row:
    participant: Participant
    pledge: Pledge | None = None
    show_self: bool = False
    tally: dict | None = None  # {grade: n} with every grade present
    show_grade: bool = False
    followup: FollowUp | None = None
    given: str = ""  # the grade the viewer gave this member (her own ballot)
    is_me: bool = False

    @property
    def person(self):
        return self.participant.person

    @property
    def tally_list(self):
        return [(g, GRADE_LABELS[g], (self.tally or {}).get(g, 0)) for g in GRADE_ORDER]

    @property
    def tally_total(self):
        return sum((self.tally or {}).values())


@dataclass
class Board:
    appraisal: Appraisal
    manages: bool
    me: Participant | None
    rows: list = field(default_factory=list)
    my_row: Row | None = None

    @property
    def others(self):
        return [r for r in self.rows if not r.is_me]

    @property
    def graded_by_me(self):
        return sum(1 for r in self.others if r.given)


def board(appraisal, user):
    """The appraisal as `user` may see it: one query each for participants, tally, own ballot, pledges and
    follow-ups, however large the branch."""
    counts_of(appraisal)
    manages = verbs.get("assessments.manage_appraisal").allows(user, appraisal)
    participants = sorted(appraisal.participants.all(), key=lambda p: (p.person.name, p.person_id))
    me = next((p for p in participants if user.person_id and p.person_id == user.person_id), None)
    ids = [p.person_id for p in participants]
    pledges = {p.person_id: p for p in Pledge.objects.filter(year=appraisal.year, person_id__in=ids)}
    followups = {}
    if manages or me is not None:
        followups = {
            f.participant_id: f for f in FollowUp.objects.visible_to(user).filter(participant__appraisal=appraisal)
        }
    tallies: dict[int, dict] = {}
    if manages or (me is not None and reached(appraisal, AppraisalState.APPRAISAL)):
        rows = MutualGrade.objects.filter(appraisal=appraisal)
        if not manages:
            rows = rows.filter(ratee=me)
        for ratee_id, grade, n in rows.values_list("ratee_id", "grade").annotate(n=Count("id")).order_by():
            tallies.setdefault(ratee_id, {})[grade] = n
    given = {}
    if me is not None:
        given = dict(MutualGrade.objects.filter(rater=me).values_list("ratee_id", "grade"))
    closed = appraisal.state == AppraisalState.CLOSED
    presented = reached(appraisal, AppraisalState.MUTUAL)
    out = Board(appraisal=appraisal, manages=manages, me=me)
    for p in participants:
        own = me is not None and p.pk == me.pk
        row = Row(
            participant=p,
            pledge=pledges.get(p.person_id),
            show_self=manages or own or (me is not None and presented),
            tally=tallies.get(p.pk, {}) if manages or (own and reached(appraisal, AppraisalState.APPRAISAL)) else None,
            show_grade=manages or closed,
            followup=followups.get(p.pk),
            given=given.get(p.pk, ""),
            is_me=own,
        )
        out.rows.append(row)
        if own:
            out.my_row = row
    return out


# ---- for recognitions ----------------------------------------------------------------------------------


def excellent_members(year, org=None):
    """The members graded 优秀 in the closed appraisals of a year (under `org` when given): what 表彰
    nominations (民主评议 优秀) are proposed from."""
    qs = Participant.objects.filter(
        appraisal__year=year, appraisal__state=AppraisalState.CLOSED, grade=Grade.EXCELLENT
    ).select_related("person", "appraisal__org")
    if org is not None:
        qs = qs.filter(appraisal__org__path__startswith=org.path)
    return qs.order_by("appraisal__org__path", "person__name")

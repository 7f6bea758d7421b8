"""To-dos of 民主评议党员, with the signatures core/todos.py expects: `items(user, today)` and
`counted(user, today)` (the lead joins them into the module's `assessments.todos`).

- 待自评 / 待互评: a participant whose appraisal is in 个人自评 and who has not evaluated herself, or in 党员互评
  and who has not yet graded every other participant;
- 待评定等次: an appraisal in 支部评定 with members still ungraded, for its admin (and the committees above);
- 限期改正逾期: a 限期改正 past its deadline and still open, for the same admins.

`counted` is one query (none for a user with neither a person nor an admin role): every page's badge asks it.
"""

from django.db.models import Case, Count, Exists, F, IntegerField, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.urls import reverse

from accounts import scope
from core.models import path_q
from core.todos import TodoItem

from .choices_appraisal import AppraisalState, FollowUpState
from .models_appraisal import Appraisal, FollowUp, MutualGrade, Participant

GROUP = "assessments"
RECENT_YEARS = 3  # a follow-up older than this is not today's work (and keeps the scan small)


def _count(qs):
    return Coalesce(Subquery(qs.order_by().values("appraisal").annotate(n=Count("pk")).values("n")[:1]), Value(0))


def _annotated(user, today):
    """The user's appraisals of recent years, each with what she has to do there (no joins: subqueries)."""
    pid = user.person_id
    admin = path_q("org__path", scope.admin_paths(user))
    here = Q(appraisal=OuterRef("pk"))
    overdue = FollowUp.objects.filter(
        participant__appraisal=OuterRef("pk"), state=FollowUpState.OPEN, deadline__lt=today
    )
    return (
        Appraisal.objects.visible_to(user)
        .filter(year__gte=today.year - RECENT_YEARS)
        .annotate(
            mine=Exists(Participant.objects.filter(here, person_id=pid)) if pid else Value(False),
            self_open=Exists(Participant.objects.filter(here, person_id=pid, self_at__isnull=True))
            if pid
            else Value(False),
            given=_count(MutualGrade.objects.filter(here, rater__person_id=pid)) if pid else Value(0),
            everyone=_count(Participant.objects.filter(here)),
            ungraded=_count(Participant.objects.filter(here, grade="")),
            late=Coalesce(
                Subquery(overdue.order_by().values("participant__appraisal").annotate(n=Count("pk")).values("n")[:1]),
                Value(0),
            ),
            administers=Case(When(admin, then=Value(True)), default=Value(False)),
        )
    )


def _wanted(qs):
    return qs.filter(
        Q(state=AppraisalState.SELF, self_open=True)
        | Q(state=AppraisalState.MUTUAL, mine=True, given__lt=F("everyone") - 1)
        | Q(state=AppraisalState.DECISION, administers=True, ungraded__gt=0)
        | Q(administers=True, late__gt=0)
    )


def _idle(user):
    return scope.is_system_user(user) or not (user.person_id or scope.admin_paths(user))


def counted(user, today):
    """One queryset whose rows' single column adds up to the count of `items` (assessments/todos.py unions it
    with the other parts' into one query)."""
    if _idle(user):
        return []
    one = IntegerField()
    todo = (
        Case(When(state=AppraisalState.SELF, self_open=True, then=Value(1)), default=Value(0), output_field=one)
        + Case(
            When(state=AppraisalState.MUTUAL, mine=True, given__lt=F("everyone") - 1, then=Value(1)),
            default=Value(0),
            output_field=one,
        )
        + Case(
            When(state=AppraisalState.DECISION, administers=True, ungraded__gt=0, then=Value(1)),
            default=Value(0),
            output_field=one,
        )
        + Case(When(administers=True, then="late"), default=Value(0), output_field=one)
    )
    return [_wanted(_annotated(user, today)).annotate(todo=todo).values_list("todo")]


def items(user, today):
    if _idle(user):
        return []
    out, late = [], []
    rows = _wanted(_annotated(user, today)).select_related("org").order_by("year", "org__path", "id")
    for a in rows:
        if a.state == AppraisalState.SELF and a.self_open:
            out.append(_participant_item(a, selfing=True))
        elif a.state == AppraisalState.MUTUAL and a.mine and a.given < a.everyone - 1:
            out.append(_participant_item(a, selfing=False))
        elif a.state == AppraisalState.DECISION and a.administers and a.ungraded:
            out.append(
                TodoItem(
                    group=GROUP,
                    kind="assessments.appraisal_decide",
                    label="待评定等次",
                    text=f"{a.org.name}{a.title}：还有{a.ungraded}名党员未评定等次",
                    url=reverse("assessments:appraisal_detail", args=[a.pk]),
                )
            )
        if a.administers and a.late:
            late.append(a.pk)
    if late:
        overdue = FollowUp.objects.filter(
            participant__appraisal__in=late, state=FollowUpState.OPEN, deadline__lt=today
        ).select_related("org", "person")
        for f in overdue.order_by("deadline", "id"):
            out.append(
                TodoItem(
                    group=GROUP,
                    kind="assessments.followup_overdue",
                    label="限期改正逾期",
                    text=f"{f.person.name}的限期改正已到期，请登记处理结果",
                    url=reverse("assessments:followup_detail", args=[f.pk]),
                    due=f.deadline,
                    note=f.org.name,
                )
            )
    return out


def _participant_item(a, *, selfing):
    return TodoItem(
        group=GROUP,
        kind="assessments.appraisal_self" if selfing else "assessments.appraisal_mutual",
        label="待自评" if selfing else "待互评",
        text=f"{a.title}：{'填写个人自评' if selfing else '为其他党员评定互评等次'}",
        url=reverse("assessments:appraisal_mine", args=[a.pk]),
        due=a.self_due if selfing else a.mutual_due,
        note=a.org.name,
    )

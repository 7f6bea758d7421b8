"""To-dos of 网络学院 extras (joined into the module's to-dos by learning/todos.py):

- 补录待审核: off-line training waiting for the approval of an admin over the person's organisation (not the one
  who entered it, not the person herself);
- 学时未达标: the user's own hours of the year below her requirement, with the hours missing and months left;
- 学习需求调查待填写: an open survey of a committee above her she has not answered;
- 资料征订待填报: an open offer of a committee above the organisations she administers, none of which ordered yet;
- 学历待认证: education records waiting for an admin's verification.
"""

import datetime
from decimal import Decimal

from django.db.models import Case, DecimalField, F, OuterRef, Subquery, Value, When
from django.db.models.functions import Coalesce, Length, Substr
from django.urls import reverse

from accounts import scope
from core.models import path_q
from core.todos import TodoItem
from orgs.models import Organisation, Person

from . import hours
from .choices import DEFAULT_CADRE_HOURS, DEFAULT_MEMBER_HOURS, EducationState, NeedsState, OfflineState
from .models import HourRule
from .models_extras import EducationRecord, MaterialOffer, MaterialOrder, NeedsSurvey, OfflineTraining

GROUP = "learning"
HOURS = DecimalField(max_digits=6, decimal_places=1)


def _waiting_offline(user):
    paths = scope.admin_paths(user)
    if not paths or scope.is_system_user(user):
        return OfflineTraining.objects.none()
    qs = OfflineTraining.objects.filter(path_q("org__path", paths), state=OfflineState.SUBMITTED).exclude(
        entered_by=user
    )
    return qs.exclude(person_id=user.person_id) if user.person_id else qs


def _waiting_education(user):
    paths = scope.admin_paths(user)
    if not paths or scope.is_system_user(user):
        return EducationRecord.objects.none()
    qs = EducationRecord.objects.filter(path_q("org__path", paths), state=EducationState.PENDING)
    return qs.exclude(person_id=user.person_id) if user.person_id else qs


def _rule_hours(field, year):
    """The nearest rule's hours at or above the person's organisation (a subquery of a Person queryset)."""
    rules = (
        HourRule.objects.filter(year=year)
        .annotate(prefix=Substr(OuterRef("org__path"), 1, Length("org__path")))
        .filter(prefix=F("org__path"))
        .order_by(Length("org__path").desc())
        .values(field)[:1]
    )
    return Subquery(rules, output_field=HOURS)


def _below(user, today):
    """The user's own person, when she is a Party member below this year's requirement (annotated `earned`,
    `required`): one query, so the badge stays one UNION."""
    if not user.person_id or scope.is_system_user(user) or not scope.business_paths(user):
        return Person.objects.none()
    year = today.year
    people = hours.with_hours(Person.objects.filter(pk=user.person_id).active().party_members(), year)
    required = Case(
        When(cadre=True, then=Coalesce(_rule_hours("cadre_hours", year), Value(Decimal(DEFAULT_CADRE_HOURS)))),
        default=Coalesce(_rule_hours("member_hours", year), Value(Decimal(DEFAULT_MEMBER_HOURS))),
        output_field=HOURS,
    )
    return people.annotate(required=required).filter(earned__lt=F("required"))


def _my_org_path(user):
    return Subquery(Person.objects.filter(pk=user.person_id).values("org__path")[:1])


def _open_surveys(user, today):
    if not user.person_id or scope.is_system_user(user) or not scope.business_paths(user):
        return NeedsSurvey.objects.none()
    return (
        NeedsSurvey.objects.filter(state=NeedsState.OPEN, closes__gte=today)
        .annotate(mine=Substr(_my_org_path(user), 1, Length("org__path")))
        .filter(mine=F("org__path"))
        .exclude(answers__person_id=user.person_id)
    )


def _above(paths):
    step = Organisation.steplen
    return {p[:n] for p in paths for n in range(step, len(p), step)}


def _open_offers(user, today):
    paths = scope.admin_paths(user)
    if not paths or scope.is_system_user(user):
        return MaterialOffer.objects.none()
    ordered = MaterialOrder.objects.filter(path_q("org__path", paths)).values("item__offer")
    return MaterialOffer.objects.filter(deadline__gte=today, org__path__in=_above(paths)).exclude(pk__in=ordered)


def items(user, today):
    out = []
    n = _waiting_offline(user).count()
    if n:
        out.append(
            TodoItem(
                group=GROUP,
                kind="learning.offline_review",
                label="补录待审核",
                text=f"{n} 条线下培训补录待审核",
                url=reverse("learning:offline_list") + "?state=submitted",
                count=n,
            )
        )
    me = _below(user, today).first()
    if me is not None:
        missing = me.required - Decimal(me.earned)
        left = hours.months_left(today.year, today)
        out.append(
            TodoItem(
                group=GROUP,
                kind="learning.hours_below",
                label="学时未达标",
                text=f"本年度学时还差 {hours.shown(missing)} 学时，"
                + (f"剩 {left} 个月" if left else "本月底前须补足"),
                url=reverse("learning:hours"),
                due=datetime.date(today.year, 12, 31),
                note=f"已获 {hours.shown(Decimal(me.earned))} / 应达 {hours.shown(me.required)} 学时",
            )
        )
    for s in _open_surveys(user, today).order_by("closes", "id")[:20]:
        out.append(
            TodoItem(
                group=GROUP,
                kind="learning.needs_answer",
                label="学习需求调查待填写",
                text=s.title,
                url=reverse("learning:needs_detail", args=[s.pk]),
                due=s.closes,
            )
        )
    for o in _open_offers(user, today).order_by("deadline", "id")[:20]:
        out.append(
            TodoItem(
                group=GROUP,
                kind="learning.material_order",
                label="资料征订待填报",
                text=o.title,
                url=reverse("learning:offer_detail", args=[o.pk]),
                due=o.deadline,
            )
        )
    n = _waiting_education(user).count()
    if n:
        out.append(
            TodoItem(
                group=GROUP,
                kind="learning.education_review",
                label="学历待认证",
                text=f"{n} 条学历信息待认证",
                url=reverse("learning:education_list") + "?state=pending",
                count=n,
            )
        )
    return out


def counted(user, today):
    return [
        _waiting_offline(user),
        _below(user, today),
        _open_surveys(user, today),
        _open_offers(user, today),
        _waiting_education(user),
    ]

"""To-dos of 表彰 (joined into the module's to-dos by assessments/todos.py):

- 表彰提名待审核: nominations waiting at a review level the user holds over the awarding committee, one entry
  per level (not her own, not one she reviewed at another level);
- 表彰提名被退回: nominations the user proposed that a reviewer returned, with the reason;
- 表彰公示异议待答复: objections to a published 表彰公示 of a committee the user administers.
"""

from django.db.models import Count, Q
from django.urls import reverse

from accounts import scope
from core.models import path_q
from core.todos import TodoItem

from .choices_awards import NominationState
from .models_awards import AwardObjection, AwardPublicity, Nomination
from .workflows_awards import LEVELS

GROUP = "assessments"


def _waiting(user, level):
    paths = scope.role_paths(user, {level.role})
    if not paths or scope.is_system_user(user):
        return Nomination.objects.none()
    qs = Nomination.objects.filter(path_q("award_type__committee__path", paths), state=level.state).exclude(
        proposed_by=user
    )
    if user.person_id:
        qs = qs.exclude(person_id=user.person_id)
    return qs.exclude(Q(reviews__by=user) & Q(reviews__level__gte=1))


def _returned(user):
    if not scope.admin_paths(user) or scope.is_system_user(user):  # only an admin proposes
        return Nomination.objects.none()
    return Nomination.objects.visible_to(user).filter(proposed_by=user, state=NominationState.RETURNED)


def _objections(user):
    paths = scope.admin_paths(user)
    if not paths or scope.is_system_user(user):
        return AwardObjection.objects.none()
    return AwardObjection.objects.filter(
        answered_at__isnull=True,
        publicity__in=AwardPublicity.objects.filter(path_q("committee__path", paths), state="published"),
    )


def items(user, today):
    out = []
    for level in LEVELS:
        n = _waiting(user, level).count()
        if n:
            out.append(
                TodoItem(
                    group=GROUP,
                    kind="assessments.nomination_review",
                    label="表彰提名待审核",
                    text=f"{n} 个表彰提名待{level.label}",
                    url=reverse("assessments:awards"),
                    count=n,
                )
            )
    for n in _returned(user).select_related("award_type", "person", "org").order_by("-updated_at")[:20]:
        out.append(
            TodoItem(
                group=GROUP,
                kind="assessments.nomination_returned",
                label="表彰提名被退回",
                text=f"{n.award_type.name} · {n.nominee_name}",
                url=reverse("assessments:nomination_edit", args=[n.pk]),
                note=f"退回意见：{n.last_comment}" if n.last_comment else "修改后重新提交",
            )
        )
    rows = (
        _objections(user)
        .values("publicity_id", "publicity__title", "publicity__objection_deadline")
        .annotate(n=Count("id"))
        .order_by("publicity__objection_deadline", "publicity_id")
    )
    for row in rows:
        out.append(
            TodoItem(
                group=GROUP,
                kind="assessments.award_objection",
                label="表彰公示异议待答复",
                text=f"“{row['publicity__title']}”有 {row['n']} 条异议待答复",
                url=reverse("assessments:award_publicity", args=[row["publicity_id"]]),
                due=row["publicity__objection_deadline"],
                count=row["n"],
                note="答复全部异议后才能正式公布",
            )
        )
    return out


def counted(user, today):
    """Querysets of one integer column whose sum is the count of `items` (assessments/todos.py unions them)."""
    return [_waiting(user, level) for level in LEVELS] + [_returned(user), _objections(user)]

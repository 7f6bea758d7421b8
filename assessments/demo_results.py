"""Demo of 考核结果: the first three quarters' results computed, publicized and published (so the star history,
the radar and the trend show), one objection answered on the way. The rounds part's demo leaves Q1–Q3 in review.

`build(world, rounds)`: `rounds` are the rounds to publish, oldest first (those in review); returns them.
"""

import datetime
from contextlib import contextmanager

from django.utils import timezone

from core.dates import add_workdays

from . import actions_results, workflows_results
from .models import ResultObjection


@contextmanager
def _on(day):
    """Run the publication on the day it happened (the demo tells a year that has passed)."""
    saved = workflows_results.today
    workflows_results.today = lambda: day
    try:
        yield
    finally:
        workflows_results.today = saved


def _objector(round_):
    """A target's 党务管理员 (the demo's branch secretaries), if one of the round's targets has one."""
    from accounts.models import RoleAssignment

    grant = (
        RoleAssignment.objects.filter(role="org_admin", org__in=round_.targets.all())
        .select_related("user")
        .order_by("org__path")
        .first()
    )
    return grant.user if grant else None


def build(world, rounds):
    committee_user = world["users"]["committee"]
    published = []
    for n, round_ in enumerate(r for r in rounds if r.state == "review"):
        opens = add_workdays(round_.ends + datetime.timedelta(days=10), 1)
        with _on(opens):
            actions_results.compute_results(round_, by=committee_user)
            actions_results.publicize(round_, by=committee_user, data={"objection_days": 5})
        pub = actions_results.current_publicity(round_)
        objector = _objector(round_) if n == 1 else None
        if objector is not None:
            with _on(opens + datetime.timedelta(days=1)):
                objection = actions_results.raise_objection(
                    round_, by=objector, data={"content": "宣传报道一项的扣分理由与我支部报送的信息数量不符，请复核。"}
                )
                actions_results.answer_objection(
                    objection,
                    by=committee_user,
                    data={"answer": "经复核，本季度报送信息中有2篇未被录用，扣分有据，维持原结果。"},
                )
            # The objection's times are those of the day it happened (the rows stamp the clock's now).
            raised = timezone.make_aware(
                datetime.datetime.combine(opens + datetime.timedelta(days=1), datetime.time(10))
            )
            ResultObjection.objects.filter(pk=objection.pk).update(
                raised_at=raised, answered_at=raised + datetime.timedelta(hours=5)
            )
        with _on(add_workdays(pub.objection_deadline + datetime.timedelta(days=1), 1)):
            round_ = actions_results.announce(round_, by=committee_user)
        published.append(round_)
    return published

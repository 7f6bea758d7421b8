"""Reviews waiting (待审核) are reminded on the spot: after any declared workflow's transition that puts an object
at a level of its approval chain, each holder of that level's role over the object's organisation who may now
review it (the chain's own verb decides: not the declarant, not a second level) is notified.

Generic on purpose: it reads core.workflow's `transitioned` signal and `chain(key)`; no module is named."""

import logging

from django.dispatch import receiver
from django.utils import timezone

from core import workflow

logger = logging.getLogger(__name__)


def reviewers(wf, chain, level, obj):
    """The users who hold the level's role over the object's organisation and may review it now."""
    from accounts.models import RoleAssignment
    from orgs.models import Organisation

    org = chain.org_of(obj)
    if org is not None and not isinstance(org, Organisation):
        org = getattr(org, "org", None)  # a chain may name the object that owns it (a project)
    if not isinstance(org, Organisation):
        return []
    paths = [org.path[:i] for i in range(org.steplen, len(org.path) + 1, org.steplen)]
    grants = (
        RoleAssignment.objects.filter(role=level.role, org__path__in=paths, user__is_active=True)
        .exclude(user__person=None)
        .select_related("user", "user__person", "user__person__org")
    )
    users = {g.user_id: g.user for g in grants}.values()
    approve = next((t.name for t in wf.transitions if t.verb == f"{chain.prefix}.review"), None)
    if approve is None:
        return []
    return [u for u in users if wf.refusal(obj, approve, u) is None]


@receiver(workflow.transitioned, dispatch_uid="notices.reminders.review_waiting")
def review_waiting(sender, workflow, obj, transition, source, target, by, **kwargs):
    # The transition has committed: a reminder that cannot be made is logged, never the caller's error.
    try:
        _remind_reviewers(workflow, obj, target)
    except Exception:
        logger.exception("reviews-waiting reminder for %s %s failed", workflow.key, obj.pk)


def _remind_reviewers(workflow, obj, target):
    from .reminders import notify

    chain = _chain(workflow)
    if chain is None:
        return
    level = chain.level_of(target)
    if level is None:
        return
    noun = obj._meta.verbose_name
    url = obj.get_absolute_url() if hasattr(obj, "get_absolute_url") else "/"
    day = timezone.localdate()
    for user in reviewers(workflow, chain, level, obj):
        notify(
            user.person,
            key=f"review.{workflow.key}.{obj.pk}.{level.number}.{day:%Y%m%d}",
            title=f"待审核：{noun}“{obj}”",
            body=f"{noun}“{obj}”已提交，等待您进行{level.label}。",
            url=url,
        )


def _chain(wf):
    return workflow.chain(wf.key)

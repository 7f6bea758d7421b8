"""Who is expected at a meeting (应到) and who only sits in (列席).

Only full and probationary members (正式党员、预备党员) are expected; at a 支委会 only the committee of the
organisation (its 书记、副书记 and 委员 in office on the meeting's day). Everyone else who attends —
发展对象、入党积极分子、群众, or a member sitting in on a 支委会 — is 列席: listed apart and never counted
in 应到, 实到 or the attendance rate. A party group's meeting expects the group's members, because the
people a group record may name are the group's.

The form and the API both classify through `expected_ids`, so a client that sends a 发展对象 among the
attendees gets her back among the observers, and 实到 can never exceed 应到.
"""

from django.db.models import Q

from orgs.choices import PARTY_CATEGORIES, POSITION_TITLES
from orgs.models import Position

COMMITTEE_TITLES = [t for t, _label in POSITION_TITLES if t != "党小组长"]


def committee_ids(org, on_date):
    """Ids of the people on the committee of `org` on `on_date`."""
    if org is None or on_date is None:
        return set()
    return set(
        Position.objects.filter(org=org, title__in=COMMITTEE_TITLES)
        .filter(Q(started_on__isnull=True) | Q(started_on__lte=on_date))
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gt=on_date))
        .values_list("person_id", flat=True)
    )


def is_member(person):
    return person.category in PARTY_CATEGORIES


def expected_ids(people, type, committee):
    """Ids among `people` (those a record may name) expected at a meeting of `type`.

    `committee` is committee_ids() of the record's org; a 支委会 of an organisation without a registered
    committee expects all its members, as before committees were recorded.
    """
    members = {p.pk for p in people if is_member(p)}
    if type == "committee_meeting":
        sitting = committee & members
        if sitting:
            return sitting
    return members

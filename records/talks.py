"""谈心谈话 coverage: each Party member's last talk and those not talked with this year.

The people talked with are a 谈心谈话 record's 出席人员 (attendees); the host is the one who talks. A record counts
when its type is `talk` or it also counts as one (a 组织生活会's talks registered on it), it is not in the 回收站
and its date is not in the future. The branch regulation asks for at least one talk a year with every member
(《中国共产党支部工作条例（试行）》第二十二条). Every figure comes from a fixed number of grouped queries."""

import datetime
from dataclasses import dataclass

from django.db.models import Max

from core.models import path_q
from orgs.models import Person

from .models import Record

TALK = "talk"
CITATION = (
    "《中国共产党支部工作条例（试行）》（2018年）第二十二条：党支部委员之间、党支部委员和党员之间、"
    "党员和党员之间，每年谈心谈话一般不少于1次。"
)


@dataclass
class TalkRow:
    person: Person
    last: datetime.date | None  # the last talk up to today, in any year
    last_record_id: int | None
    this_year: bool


def members_of(people_qs):
    """The active Party members (正式 + 预备) a talk list covers."""
    return people_qs.active().party_members()


def _talks(today):
    through = Record.attendees.through
    return through.objects.filter(
        record__counts_as_key__contains=f",{TALK},", record__deleted_at__isnull=True, record__date__lte=today
    )


def last_talks(person_ids, today):
    """{person id: (date of the last talk, its record id)}: two queries."""
    through = _talks(today).filter(person_id__in=person_ids)
    last = dict(through.values("person_id").annotate(last=Max("record__date")).values_list("person_id", "last"))
    # The record of each last talk (the newest of that day when there are several).
    records = {}
    rows = through.filter(record__date__in=set(last.values())).values_list("person_id", "record__date", "record_id")
    for pid, d, rid in rows.order_by("record_id"):
        if last.get(pid) == d:
            records[pid] = rid
    return {pid: (d, records.get(pid)) for pid, d in last.items()}


def talk_rows(people_qs, today):
    """One row per member: her last talk and whether it was this year; those not talked with first."""
    people = list(members_of(people_qs).select_related("org").order_by("org__path", "name", "id"))
    talks = last_talks([p.pk for p in people], today)
    rows = []
    for p in people:
        last, rid = talks.get(p.pk, (None, None))
        rows.append(TalkRow(p, last, rid, bool(last and last.year == today.year)))
    rows.sort(key=lambda r: r.this_year)  # stable: the org order stays within each part
    return rows


def missing_per_branch(branches, today):
    """{branch id: (members, members not talked with this year)} for the branches given: two queries."""
    if not branches:
        return {}
    paths = sorted((b.path for b in branches), key=len)
    members = list(members_of(Person.objects.filter(path_q("org__path", paths))).values_list("pk", "org__path"))
    talked = set(
        _talks(today)
        .filter(record__date__year=today.year, person_id__in=[pk for pk, _ in members])
        .values_list("person_id", flat=True)
        .distinct()
    )
    # A member counts in the deepest given branch whose path her organisation's path starts with.
    longest_first = sorted(branches, key=lambda b: -len(b.path))
    out = {b.pk: [0, 0] for b in branches}
    for pk, org_path in members:
        branch = next((b for b in longest_first if org_path.startswith(b.path)), None)
        if branch is None:
            continue
        out[branch.pk][0] += 1
        if pk not in talked:
            out[branch.pk][1] += 1
    return {k: (v[0], v[1]) for k, v in out.items()}

"""学时: what each person must reach in a year, what she earned and where it came from, and who falls short.

- The rule for an organisation is its own `HourRule` of the year, else the nearest one above it, else the
  defaults of the 党员教育管理工作条例 (32 学时 for members, 56 for 党务干部: branch secretaries and 班子成员).
- A person is a 党务干部 in a year when she held a 党内职务 (Position) at some day of it.
- A record of a learning type credits each person who attended it (出席 and 列席) the hours its type converts to
  under the rule of the record's organisation; a record counting as several types credits the largest of them.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.db.models import Exists, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce

from orgs.models import Organisation, Person, Position

from .choices import DEFAULT_CADRE_HOURS, DEFAULT_MEMBER_HOURS, DEFAULT_RECORD_HOURS, HourSource
from .models import HourEntry, HourRule

ZERO = Decimal("0")


def shown(value):
    """Hours as a sentence shows them: 8.0 → "8", 7.5 → "7.5" (PostgreSQL hands back the stored decimal place)."""
    return f"{Decimal(value):.1f}".removesuffix(".0")


@dataclass(frozen=True)
class Requirement:
    """The rule that applies to an organisation in a year (saved or the defaults)."""

    year: int
    member_hours: Decimal
    cadre_hours: Decimal
    record_hours: dict = field(default_factory=dict)
    rule: HourRule | None = None  # None: the defaults

    def for_person(self, cadre):
        return self.cadre_hours if cadre else self.member_hours

    def record_credit(self, record):
        """Hours a record credits each attendee (None: its types are not learning under this rule)."""
        found = [self.record_hours.get(t) for t in [record.type, *(record.also_counts_as or [])]]
        values = [Decimal(str(v)) for v in found if v not in (None, "")]
        best = max(values, default=None)
        return best if best else None


def defaults(year):
    return Requirement(
        year, Decimal(DEFAULT_MEMBER_HOURS), Decimal(DEFAULT_CADRE_HOURS), dict(DEFAULT_RECORD_HOURS), None
    )


def _above(path):
    step = Organisation.steplen
    return [path[:n] for n in range(step, len(path) + 1, step)]


def requirements_for(paths, year):
    """{org path: Requirement} for the organisations given by path (one query for all of them)."""
    wanted = {p for path in paths for p in _above(path)}
    rules = {r.org.path: r for r in HourRule.objects.filter(year=year, org__path__in=wanted).select_related("org")}
    out = {}
    for path in paths:
        rule = next((rules[p] for p in reversed(_above(path)) if p in rules), None)
        out[path] = (
            defaults(year)
            if rule is None
            else Requirement(year, rule.member_hours, rule.cadre_hours, dict(rule.record_hours or {}), rule)
        )
    return out


def requirement(org, year):
    return requirements_for([org.path], year)[org.path]


def cadre_q(year, person_ref="pk"):
    """Exists(a 党内职务 held at some day of the year) for the person at `person_ref`."""
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    held = Position.objects.filter(person=OuterRef(person_ref)).filter(
        Q(started_on__isnull=True) | Q(started_on__lte=end), Q(ended_on__isnull=True) | Q(ended_on__gte=start)
    )
    return Exists(held)


# ---------------------------------------------------------------- credits from records


def credit_record(record):
    """Keep the record's credits in step with it: one per person who attended, of the hours its types convert
    to; none when it is not a learning record (any earlier credits of it go). Called inside the filing
    transaction by the records' event, so the credits commit with the record or not at all."""
    hours = requirement(record.org, record.date.year).record_credit(record)
    present = set(record.attendees.values_list("pk", flat=True)) | set(record.observers.values_list("pk", flat=True))
    existing = {e.person_id: e for e in HourEntry.objects.filter(record=record)}
    if hours is None:
        present = set()
    gone = [pk for pk in existing if pk not in present]
    if gone:
        HourEntry.objects.filter(record=record, person_id__in=gone).delete()
    orgs = dict(Person.objects.filter(pk__in=present).values_list("pk", "org_id"))
    new, changed = [], []
    label = record.get_type_display()
    note = (record.title if record.title.startswith(label) else f"{label}：{record.title}")[:200]
    for pk in present:
        e = existing.get(pk)
        if e is None:
            new.append(
                HourEntry(
                    person_id=pk,
                    org_id=orgs[pk],
                    year=record.date.year,
                    date=record.date,
                    source=HourSource.RECORD,
                    record=record,
                    hours=hours,
                    note=note,
                )
            )
        elif (e.hours, e.date, e.note) != (hours, record.date, note):
            e.hours, e.date, e.year, e.note = hours, record.date, record.date.year, note
            changed.append(e)
    HourEntry.objects.bulk_create(new)
    if changed:
        HourEntry.objects.bulk_update(changed, ["hours", "date", "year", "note"])
    return len(present)


def recredit(org, year):
    """After a rule changes: re-credit every record of the year in the organisation's subtree."""
    from records.models import Record

    records = Record.objects.filter(org__path__startswith=org.path, date__year=year).select_related("org")
    with transaction.atomic():
        for record in records:
            credit_record(record)


# ---------------------------------------------------------------- credits from the other sources


def credit(person, *, source, ref, hours, date, note):
    """Credit a person for one source object (a course completed, an exam passed, an approved 补录): at most
    one credit per (source, ref, person), so crediting again updates it instead of doubling it. Call it inside
    the caller's transaction; returns the entry."""
    if source == HourSource.RECORD:
        raise ValueError("record credits are kept by credit_record")
    entry, _ = HourEntry.objects.update_or_create(
        source=source,
        ref=ref,
        person=person,
        defaults={
            "org_id": person.org_id,
            "year": date.year,
            "date": date,
            "hours": Decimal(hours),
            "note": str(note)[:200],
        },
    )
    return entry


def withdraw(source, ref, person=None):
    """Take back the credits of a source object (of one person, or of everyone); returns how many went."""
    qs = HourEntry.objects.filter(source=source, ref=ref)
    if person is not None:
        qs = qs.filter(person=person)
    return qs.delete()[0]


# ---------------------------------------------------------------- reading


@dataclass
class Hours:
    person: Person
    year: int
    required: Decimal
    earned: Decimal
    cadre: bool
    entries: list

    @property
    def missing(self):
        return max(self.required - self.earned, ZERO)


def of_person(person, year, entries_qs=None):
    """A person's hours of the year: her requirement, what she earned and each entry (three queries)."""
    req = requirement(person.org, year)
    cadre = Person.objects.filter(pk=person.pk).annotate(c=cadre_q(year)).values_list("c", flat=True).first()
    qs = entries_qs if entries_qs is not None else HourEntry.objects.all()
    entries = list(qs.counting().filter(person=person, year=year).select_related("record").order_by("date", "id"))
    earned = sum((e.hours for e in entries), ZERO)
    return Hours(person, year, req.for_person(bool(cadre)), earned, bool(cadre), entries)


def with_hours(people, year, upto=None):
    """People annotated with `earned` (their counting hours of the year, up to a date if given) and `cadre`."""
    entries = HourEntry.objects.counting().filter(person=OuterRef("pk"), year=year)
    if upto is not None:
        entries = entries.filter(date__lte=upto)
    earned = entries.order_by().values("person").annotate(s=Sum("hours")).values("s")
    return people.annotate(earned=Coalesce(Subquery(earned), ZERO), cadre=cadre_q(year)).select_related("org")


def months_left(year, today):
    """Whole months left in the year after today's (0 once the year is over or in December)."""
    if today.year > year:
        return 0
    if today.year < year:
        return 12
    return 12 - today.month


@dataclass
class Gap:
    person: Person
    required: Decimal
    earned: Decimal
    cadre: bool

    @property
    def missing(self):
        return self.required - self.earned


def gaps(people, year):
    """The people (a queryset already scoped to the reader) below their requirement, the most missing first
    (two queries: the people with their earned hours, and the rules)."""
    rows = list(with_hours(people.active().party_members(), year).order_by("org__path", "name", "id"))
    reqs = requirements_for({p.org.path for p in rows}, year)
    out = []
    for p in rows:
        required = reqs[p.org.path].for_person(p.cadre)
        if p.earned < required:
            out.append(Gap(p, required, Decimal(p.earned), p.cadre))
    out.sort(key=lambda g: (-g.missing, g.person.org.path, g.person.name))
    return out


@dataclass(frozen=True)
class Progress:
    """How many of a subtree's Party members are on track for the year's requirement at a date."""

    people: int
    on_track: int
    share: Decimal  # of the yearly requirement due by the date: months elapsed / 12

    @property
    def behind(self):
        return self.people - self.on_track


def progress(org, year, upto):
    """The Party members in the organisation's subtree whose hours of the year up to `upto` reach their
    requirement pro rata (the months of the year elapsed by `upto`, of twelve); two queries."""
    rows, share = progress_rows(org, year, upto)
    return Progress(len(rows), sum(1 for _p, on_track in rows if on_track), share)


def progress_rows(org, year, upto):
    """([(person, on track)], share) behind `progress`: each Party member of the subtree (with her org), whether
    her hours up to `upto` reach her requirement pro rata; two queries (the 驾驶舱 groups them per branch)."""
    upto = min(upto, datetime.date(year, 12, 31))
    # A month counts once it is over: the requirement due by 30 June is half the year's, by 31 December all of it.
    next_day = upto + datetime.timedelta(days=1)
    months = upto.month if next_day.month != upto.month else upto.month - 1
    share = Decimal(months if next_day.year == upto.year else 12) / Decimal(12)
    people = Person.objects.filter(org__path__startswith=org.path).active().party_members()
    rows = list(with_hours(people, year, upto))
    reqs = requirements_for({p.org.path for p in rows}, year)
    return [(p, p.earned >= reqs[p.org.path].for_person(p.cadre) * share) for p in rows], share

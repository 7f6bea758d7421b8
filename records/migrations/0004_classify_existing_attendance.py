"""Existing records under the 应到/列席 rule and with their 所属年度.

- Attendees who were not expected (发展对象、入党积极分子、群众…, or at a 支委会 anyone off the committee
  that day when the organisation has one) become observers (列席); their absences are dropped, since
  only the expected can be absent. Categories are today's: the best the data can tell.
- Records counting as a yearly duty (组织生活会, 民主评议党员, 民主生活会) get 所属年度: the year before
  for a first-quarter meeting, else the meeting's year, as the form now defaults.
"""

from django.db import migrations
from django.db.models import Q

PARTY = {"full", "probationary"}
ANNUAL = ("org_life_meeting", "democratic_review", "democratic_life_meeting")
NOT_COMMITTEE = {"党小组长"}


def forwards(apps, schema_editor):
    Record = apps.get_model("records", "Record")
    Absence = apps.get_model("records", "Absence")
    Position = apps.get_model("orgs", "Position")

    annual = Q()
    for code in ANNUAL:
        annual |= Q(counts_as_key__contains=f",{code},")
    for r in Record.objects.filter(annual, for_year__isnull=True).only("id", "date").iterator():
        Record.objects.filter(pk=r.pk).update(for_year=r.date.year - 1 if r.date.month <= 3 else r.date.year)

    committees = {}

    def committee(org_id, date):
        key = (org_id, date)
        if key not in committees:
            committees[key] = set(
                Position.objects.filter(org_id=org_id, person__category__in=PARTY)
                .exclude(title__in=NOT_COMMITTEE)
                .filter(Q(started_on__isnull=True) | Q(started_on__lte=date))
                .filter(Q(ended_on__isnull=True) | Q(ended_on__gt=date))
                .values_list("person_id", flat=True)
            )
        return committees[key]

    records = Record.objects.only("id", "org_id", "type", "date").prefetch_related("attendees", "absences__person")
    for r in records.iterator(chunk_size=500):
        sitting = committee(r.org_id, r.date) if r.type == "committee_meeting" else set()

        def expected(person):
            return person.category in PARTY and (not sitting or person.pk in sitting)

        extra = [p for p in r.attendees.all() if not expected(p)]
        if extra:
            r.observers.add(*extra)
            r.attendees.remove(*extra)
        dropped = [a.pk for a in r.absences.all() if not expected(a.person)]
        if dropped:
            Absence.objects.filter(pk__in=dropped).delete()


def backwards(apps, schema_editor):
    Record = apps.get_model("records", "Record")
    for r in Record.objects.prefetch_related("observers").iterator(chunk_size=500):
        observers = list(r.observers.all())
        if observers:
            r.attendees.add(*observers)
            r.observers.clear()
    Record.objects.update(for_year=None)


class Migration(migrations.Migration):
    dependencies = [("records", "0003_record_observers_and_for_year"), ("orgs", "0001_organisations_people_positions")]

    operations = [migrations.RunPython(forwards, backwards)]

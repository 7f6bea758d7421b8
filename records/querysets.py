from django.db.models import Q

from core.models import OrgScopedQuerySet
from core.softdelete import SoftDeleteManager

from .choices import ANNUAL_TYPES


class RecordQuerySet(OrgScopedQuerySet):
    def in_year(self, year):
        return self.filter(date__year=year)

    def of_type(self, code):
        """Records of this type, or that also count as it (one event may fulfil several obligations)."""
        return self.filter(counts_as_key__contains=f",{code},")

    def counting_for(self, code, year):
        """Records that count as `code` for `year`: by 所属年度 for the yearly duties (a 2025 组织生活会
        held in February 2026 is 2025's), by date for everything else."""
        qs = self.of_type(code)
        if code in ANNUAL_TYPES:
            return qs.filter(Q(for_year=year) | Q(for_year__isnull=True, date__year=year))
        return qs.filter(date__year=year)

    def with_attendance(self):
        """Attendee and absentee counts in the same query (lists and exports show the attendance rate)."""
        from django.db.models import Count

        return self.annotate(n_present=Count("attendees", distinct=True), n_absent=Count("absences", distinct=True))


class AttachmentQuerySet(OrgScopedQuerySet):
    org_path_lookup = "record__org__path"


class RecordManager(SoftDeleteManager.from_queryset(RecordQuerySet)):
    """Deleted records leave lists, the archive, search, compliance and exports."""


class AttachmentManager(SoftDeleteManager.from_queryset(AttachmentQuerySet)):
    """An attachment is hidden when deleted itself or when its record is."""

    hidden_through = ("record",)


def visible_records(user, *, org=None, type=None, year=None, month=None, date_from=None, date_to=None):
    """The record list with its filters, shared by the pages, the API and the exports."""
    from .models import Record

    qs = Record.objects.visible_to(user)
    if org is not None:
        qs = qs.under(org)
    if type:
        qs = qs.of_type(type)
    if year:
        qs = qs.in_year(year)
        if month:
            qs = qs.filter(date__month=month)
    if date_from:
        qs = qs.filter(date__gte=date_from)
    if date_to:
        qs = qs.filter(date__lte=date_to)
    return qs

from core.models import OrgScopedQuerySet


class RecordQuerySet(OrgScopedQuerySet):
    def alive(self):
        return self.filter(deleted_at__isnull=True)

    def in_year(self, year):
        return self.filter(date__year=year)

    def of_type(self, code):
        """Records of this type, or that also count as it (one event may fulfil several obligations)."""
        return self.filter(counts_as_key__contains=f",{code},")

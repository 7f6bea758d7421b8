"""缩略语词典: a committee's own abbreviations and variants, searched as synonyms below it (search/synonyms.py).

The platform's defaults live in search/abbreviations.txt; a 党委 adds what its own organisations write (a
project's short name, a local campaign). A reader's questions use the defaults plus the entries of every
committee above her organisations."""

from django.db import models

from core.models import OrgScopedQuerySet, TimeStampedModel, reach_q
from core.softdelete import SoftDeleteManager, SoftDeleteModel

__all__ = ["COMMITTEE_KINDS", "Synonym", "SynonymManager", "SynonymQuerySet"]

# The kinds of organisation that keep a dictionary: 党委 and 党工委 (a branch uses its committee's).
COMMITTEE_KINDS = ("committee", "working_committee")


class SynonymQuerySet(OrgScopedQuerySet):
    def visible_to(self, user):
        """Entries of the committees above the user's organisations (which her questions use) and of those in
        her subtrees (which a committee above them may look at)."""
        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        return self.filter(reach_q("org__path", user))

    def for_reader(self, user):
        """Only the entries a reader's questions use: those of the committees at or above her organisations."""
        from accounts.scope import business_paths
        from orgs.models import Organisation

        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        step = Organisation.steplen
        above = sorted({p[:n] for p in business_paths(user) for n in range(step, len(p) + 1, step)})
        return self.filter(org__path__in=above) if above else self.none()


class SynonymManager(SoftDeleteManager.from_queryset(SynonymQuerySet)):
    """Hides deleted entries: they leave the lists and the readers' dictionaries and wait in the 回收站."""


class Synonym(SoftDeleteModel, TimeStampedModel):
    """缩略语词条: an abbreviation (经普) and its full forms (经济普查), kept by a committee for its tree. A deleted
    entry waits in the 回收站 (search/trash.py) for its committee's 党务管理员 to restore it."""

    org = models.ForeignKey(
        "orgs.Organisation", verbose_name="所属党委", on_delete=models.CASCADE, related_name="search_synonyms"
    )
    term = models.CharField("缩略语", max_length=20)
    expansions = models.TextField("全称或其他说法", help_text="每行一种说法")
    note = models.CharField("说明", max_length=200, blank=True)
    created_by = models.ForeignKey(
        "accounts.User", verbose_name="添加人", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = SynonymManager()

    class Meta:
        verbose_name = "缩略语词条"
        verbose_name_plural = "缩略语词典"
        ordering = ["org__path", "term", "id"]
        # One live entry per term and committee; deleted ones in the 回收站 do not count (restore checks again).
        constraints = [
            models.UniqueConstraint(
                fields=["org", "term"],
                condition=models.Q(deleted_at__isnull=True),
                name="search_synonym_unique_term_per_org",
            )
        ]

    def __str__(self):
        return f"{self.term} = {' / '.join(self.expansion_list)}"

    @property
    def expansion_list(self):
        return [line.strip() for line in self.expansions.splitlines() if line.strip()]

"""班组 / 科室: the work teams of a host unit, their people and the party groups that cover them (seed 001:
消灭党员空白班组, 35 party groups covering 55 teams)."""

from django.db import models

from core.models import OrgScopedQuerySet, TimeStampedModel

TEAM_KINDS = [("team", "班组"), ("section", "科室")]
TEAM_KIND_LABELS = dict(TEAM_KINDS)


class TeamQuerySet(OrgScopedQuerySet):
    """Teams are read in the business scope of their host unit's Party organisation."""


class Team(TimeStampedModel):
    """班组/科室: a work team of a host unit (单位), kept under the unit's Party organisation.

    The host unit is the organisation's 所在单位; people belong to at most one team (Person.team); party groups
    (党小组) of the organisation's subtree cover teams (`groups`)."""

    org = models.ForeignKey(
        "orgs.Organisation", verbose_name="所属党组织", on_delete=models.PROTECT, related_name="teams"
    )
    name = models.CharField("名称", max_length=100)
    kind = models.CharField("类别", max_length=10, choices=TEAM_KINDS, default="team")
    front_line = models.BooleanField("一线班组", default=False)
    groups = models.ManyToManyField(
        "orgs.Organisation", verbose_name="覆盖党小组", blank=True, related_name="covered_teams"
    )

    objects = TeamQuerySet.as_manager()

    class Meta:
        verbose_name = "班组/科室"
        verbose_name_plural = "班组/科室"
        ordering = ["org__path", "name", "id"]
        constraints = [models.UniqueConstraint(fields=["org", "name"], name="unique_team_name_per_org")]

    def __str__(self):
        return self.name

    @property
    def kind_label(self):
        return TEAM_KIND_LABELS.get(self.kind, self.kind)

    @property
    def unit(self):
        """The host unit (单位): the organisation's 所在单位."""
        return self.org.unit

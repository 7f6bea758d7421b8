from django.db import models
from django.db.models import Case, Exists, OuterRef, Value, When

from accounts import scope
from core.models import OrgScopedQuerySet, path_q
from core.softdelete import SoftDeleteManager


class PlanQuerySet(OrgScopedQuerySet):
    org_path_lookup = "org__path"

    def in_year(self, year):
        return self.filter(year=year)

    def templates(self):
        return self.filter(is_template=True)

    def template_catalogue(self, user):
        """Published templates anyone in the same top-level tree may read and clone (复制性强)."""
        if user is None or not user.is_authenticated or scope.is_system_user(user):
            return self.none()
        paths = scope.business_paths(user)
        if not paths:
            return self.none()
        from orgs.models import Organisation

        roots = {p[: Organisation.steplen] for p in paths}
        return self.templates().filter(path_q("org__path", roots))

    def clonable_by(self, user):
        """A plan may be cloned from a published template, or from any plan the user can read."""
        return self.template_catalogue(user) | self.visible_to(user)


def _admin_paths(user):
    """Subtrees whose plans the user administers as 党务管理员 (none for the system roles: 三员分立)."""
    if scope.is_system_user(user):
        return []
    return scope.admin_paths(user)


def owner_status(item_ref="pk"):
    """The 一表 status of the item at `item_ref`: owned (has a responsible person), pending (no owner yet,
    a claim waits for confirmation) or unclaimed (nobody). The one definition every view of it uses."""
    from .models import Claim, ItemOwner

    owned = Exists(ItemOwner.objects.filter(item_id=OuterRef(item_ref)))
    pending = Exists(Claim.objects.filter(item_id=OuterRef(item_ref), state="pending"))
    return Case(
        When(owned, then=Value("owned")),
        When(pending, then=Value("pending")),
        default=Value("unclaimed"),
        output_field=models.CharField(),
    )


class PlanItemQuerySet(OrgScopedQuerySet):
    org_path_lookup = "plan__org__path"

    def with_owner_status(self):
        return self.annotate(owner_status=owner_status())

    def in_owner_status(self, *statuses):
        return self.with_owner_status().filter(owner_status__in=statuses)

    def administered_by(self, user):
        """Items the user may assign (plans.assign), as a queryset."""
        return self.filter(path_q("plan__org__path", _admin_paths(user)))


class PlanItemManager(SoftDeleteManager.from_queryset(PlanItemQuerySet)):
    """Deleted items (in the 回收站) leave the 一解, the 一表, search, counts and to-dos."""


class OccurrenceQuerySet(OrgScopedQuerySet):
    org_path_lookup = "item__plan__org__path"

    def open(self):
        return self.filter(completed_on__isnull=True)

    def with_item_owner_status(self):
        return self.annotate(item_owner_status=owner_status("item_id"))


class ClaimQuerySet(OrgScopedQuerySet):
    org_path_lookup = "item__plan__org__path"

    def pending(self):
        return self.filter(state="pending")

    def administered_by(self, user):
        return self.filter(path_q("item__plan__org__path", _admin_paths(user)))

    def decidable_by(self, user):
        """The claims the user may confirm or reject now (plans.confirm_claim as a queryset): pending, of an
        organisation she administers, not her own."""
        qs = self.pending().administered_by(user)
        return qs.exclude(person_id=user.person_id) if user.person_id else qs


class AttachmentQuerySet(OrgScopedQuerySet):
    org_path_lookup = "occurrence__item__plan__org__path"


# Children of an item are never flagged themselves: they are hidden through a deleted item and come
# back with it when the item is restored.


class OccurrenceManager(SoftDeleteManager.from_queryset(OccurrenceQuerySet)):
    hidden_through = ("item",)


class ClaimManager(SoftDeleteManager.from_queryset(ClaimQuerySet)):
    hidden_through = ("item",)


class AttachmentManager(SoftDeleteManager.from_queryset(AttachmentQuerySet)):
    hidden_through = ("occurrence__item",)


class ItemOwnerManager(SoftDeleteManager):
    hidden_through = ("item",)


class ObligationRuleQuerySet(models.QuerySet):
    def active(self):
        return self.filter(active=True)

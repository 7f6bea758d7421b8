from django.db import models
from treebeard.mp_tree import MP_NodeQuerySet

from accounts import scope
from core.models import OrgScopedQuerySet, path_q


class OrganisationQuerySet(MP_NodeQuerySet):
    def visible_to(self, user):
        """Orgs in the user's subtrees; the system and security administrators see the whole structure."""
        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        if scope.structure_unrestricted(user) or user.has_role("secadmin"):
            return self
        return self.filter(path_q("path", scope.business_paths(user)))

    def manageable_by(self, user):
        if scope.structure_unrestricted(user):
            return self
        return self.filter(path_q("path", scope.admin_paths(user)))

    def branches(self):
        return self.filter(kind="branch")


class PersonQuerySet(OrgScopedQuerySet):
    def scope_paths(self, user):
        if scope.structure_unrestricted(user):
            return None
        return scope.staff_paths(user)

    def visible_to(self, user):
        qs = super().visible_to(user)
        # A member (one holding the `member` grant, not merely a linked account) sees her own record.
        if scope.member_branch(user) is not None:
            qs = qs | self.filter(pk=user.person_id)
        return qs

    def manageable_by(self, user):
        if scope.structure_unrestricted(user):
            return self
        return self.filter(path_q("org__path", scope.admin_paths(user)))

    def active(self):
        return self.filter(status="active")

    def party_members(self):
        return self.filter(category__in=["full", "probationary"])

    def search(self, text):
        text = (text or "").strip()
        if not text:
            return self
        return self.filter(models.Q(name__icontains=text) | models.Q(name_initials__startswith=text.lower()))


class PositionQuerySet(OrgScopedQuerySet):
    def scope_paths(self, user):
        if scope.structure_unrestricted(user):
            return None
        return scope.business_paths(user)

    def current(self):
        return self.filter(ended_on__isnull=True)

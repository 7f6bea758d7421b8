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

    def structure_editable_by(self, user):
        """Where the user may change the structure (add, rename, move organisations; people's register): the
        system administrator everywhere, a 党务管理员 in her subtrees."""
        if scope.structure_unrestricted(user):
            return self
        return self.filter(path_q("path", scope.admin_paths(user)))

    def administered_by(self, user):
        """The organisations the user administers as 党务管理员: the business scope of writes (清单, 积分 …),
        which the system administrator's structure rights do not give (三员分立)."""
        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        return self.filter(path_q("path", scope.admin_paths(user)))

    def staff_roots(self, user):
        """The topmost organisations where the user works with people's data (a role its module declares
        `staff`): the home page's overview. None for a member or a system account, without a query."""
        paths = scope.staff_paths(user)
        return self.filter(path__in=paths) if paths else self.none()

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

    def structure_editable_by(self, user):
        """People whose register entry the user may change: the system administrator everyone, a 党务管理员
        those of her subtrees."""
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

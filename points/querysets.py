from django.db import models

from accounts import scope
from core.models import OrgScopedQuerySet, path_q


def _ancestor_paths(paths):
    """Every prefix of the given paths: the organisations above (and at) the user's subtrees."""
    from orgs.models import Organisation

    steplen = Organisation.steplen
    out = set()
    for p in paths:
        for cut in range(steplen, len(p) + 1, steplen):
            out.add(p[:cut])
    return sorted(out)


class SchemeQuerySet(OrgScopedQuerySet):
    """A scheme is read by everyone under the committee that owns it and by those above it."""

    def visible_to(self, user):
        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        paths = scope.business_paths(user)
        if not paths:
            return self.none()
        return self.filter(path_q("org__path", paths) | models.Q(org__path__in=_ancestor_paths(paths)))

    def of_year(self, year):
        return self.filter(year=year)


class ItemQuerySet(models.QuerySet):
    def visible_to(self, user):
        from .models import Scheme

        return self.filter(scheme__in=Scheme.objects.visible_to(user))


class DeclarationQuerySet(OrgScopedQuerySet):
    org_path_lookup = "subject_org__path"

    def in_state(self, *states):
        return self.filter(state__in=states)

    def awaiting_level(self, level, user):
        """The queue of one review level: declarations waiting at it, over orgs where the user holds its role."""
        from .choices import LEVEL_STATES
        from .rules import review_paths

        return self.filter(state=LEVEL_STATES[level]).filter(path_q("subject_org__path", review_paths(user, level)))


class LedgerEntryQuerySet(OrgScopedQuerySet):
    org_path_lookup = "subject_org__path"

    def until(self, date):
        return self.filter(occurred_on__lte=date) if date else self

    def filtered(self, *, scheme=None, subject_type="", subject=None, under=None, date_from=None, date_to=None, q=""):
        """The ledger's filters, one definition for the page, its Excel export and the API.

        `scheme` is a Scheme or its id; `subject` an organisation's id (subject_type "org") or a person's;
        `under` an Organisation already resolved for the caller (its subtree's entries); `q` a text found in
        the subject's or the item's name. Empty values filter nothing. Scope is the caller's: chain after
        `visible_to(user)`."""
        qs = self.select_related("item", "subject_org", "subject_person")
        if scheme:
            qs = qs.filter(scheme=scheme)
        if subject_type:
            qs = qs.filter(subject_type=subject_type)
        if subject:
            if subject_type == "org":
                qs = qs.filter(subject_org_id=subject, subject_person__isnull=True)
            else:
                qs = qs.filter(subject_person_id=subject)
        if under is not None:
            qs = qs.filter(subject_org__path__startswith=under.path)
        if date_from:
            qs = qs.filter(occurred_on__gte=date_from)
        if date_to:
            qs = qs.filter(occurred_on__lte=date_to)
        if q:
            qs = qs.filter(
                models.Q(subject_org__name__contains=q)
                | models.Q(subject_person__name__contains=q)
                | models.Q(item__name__contains=q)
            )
        return qs


class PublicityQuerySet(models.QuerySet):
    def visible_to(self, user):
        from .models import Scheme

        return self.filter(scheme__in=Scheme.objects.visible_to(user))

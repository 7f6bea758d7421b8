"""Who may do what in 网络学院: one verb per action (core.verbs)."""

import rules

from accounts import scope
from accounts.permissions import SYSTEM_ROLE_REFUSED
from accounts.roles import ORG_ADMIN
from core.verbs import verb

COMMITTEE_KINDS = ("committee", "working_committee")
RULES_MESSAGE = "只有该党委（工委）的党务管理员可以设置学时要求。"
HOURS_MESSAGE = "只能查看本人的学时，或您管理的党组织人员的学时。"


@rules.predicate
def is_business_user(user):
    """Not a system account: the three system roles hold no business rights (三员分立)."""
    return user.is_authenticated and not scope.is_system_user(user)


BUSINESS = (is_business_user, SYSTEM_ROLE_REFUSED)


@rules.predicate
def administers_committee(user, org):
    """党务管理员 over a committee (or a body above it): the one who sets the yearly requirement of its subtree."""
    return org is not None and org.kind in COMMITTEE_KINDS and scope.under(org.path, scope.admin_paths(user))


@rules.predicate
def reads_hours_of(user, person):
    """Her own hours, or those of a person in a subtree where she works with people's data."""
    if person is None or not user.is_authenticated:
        return False
    return person.pk == user.person_id or scope.under(person.org.path, scope.staff_paths(user))


@rules.predicate
def reads_gaps_of(user, org):
    return org is not None and scope.under(org.path, scope.staff_paths(user))


verb("learning.set_rules", BUSINESS, (administers_committee, RULES_MESSAGE))
verb("learning.read_hours", BUSINESS, (reads_hours_of, HOURS_MESSAGE))
verb("learning.read_gaps", BUSINESS, (reads_gaps_of, "只能查看您管理的党组织的学时缺口。"))


def rule_orgs(user):
    """The committees whose requirement the user may set (the form's choices)."""
    from orgs.models import Organisation

    if scope.is_system_user(user):
        return Organisation.objects.none()
    return Organisation.objects.administered_by(user).filter(kind__in=COMMITTEE_KINDS)


def may_read_gaps(user):
    return is_business_user(user) and bool(scope.staff_paths(user))


def may_set_rules(user):
    """The sidebar's 学时要求: a 党务管理员 grant at a committee (the grants are cached: no query per page)."""
    if not is_business_user(user):
        return False
    return any(a.role == ORG_ADMIN and a.org_id and a.org.kind in COMMITTEE_KINDS for a in scope.assignments(user))

"""Permission predicates (django-rules). Scope comes from role assignments over org subtrees."""

import rules

from . import scope
from .roles import AUDITOR, SECADMIN, SYSADMIN


def _under(path, paths):
    return any(path.startswith(p) for p in paths)


@rules.predicate
def is_sysadmin(user):
    return user.is_authenticated and user.has_role(SYSADMIN)


@rules.predicate
def is_secadmin(user):
    return user.is_authenticated and user.has_role(SECADMIN)


@rules.predicate
def is_auditor(user):
    return user.is_authenticated and user.has_role(AUDITOR)


@rules.predicate
def manages_org(user, org):
    """党务管理员 over the org's subtree, or the system administrator for structure data."""
    if org is None or not user.is_authenticated:
        return False
    return scope.structure_unrestricted(user) or _under(org.path, scope.admin_paths(user))


@rules.predicate
def manages_person(user, person):
    return person is not None and manages_org(user, person.org)


@rules.predicate
def is_org_admin_anywhere(user):
    return user.is_authenticated and bool(scope.admin_paths(user))


@rules.predicate
def maintains_structure(user):
    """The system administrator, who maintains the structure (organisations, people) everywhere."""
    return user.is_authenticated and scope.structure_unrestricted(user)


@rules.predicate
def has_business(user):
    """Holds a business role somewhere (or a member grant over her branch): the system accounts and accounts
    without a role have no business to do (三员分立)."""
    return user.is_authenticated and bool(scope.business_paths(user))


@rules.predicate
def works_with_people(user):
    """Holds a role that works with people's data somewhere (a role its module declares `staff`)."""
    return user.is_authenticated and bool(scope.staff_paths(user))


rules.add_perm("orgs.add_organisation", manages_org)
rules.add_perm("orgs.change_organisation", manages_org)
rules.add_perm("orgs.add_person", manages_org)
rules.add_perm("orgs.change_person", manages_person)
rules.add_perm("orgs.manage_positions", manages_org)
# accounts' own verbs are declared in accounts/rules.py, core's in core/rules.py.


# Permissions of these apps are structure and system rights; every other app's permissions are business rights.
STRUCTURE_APPS = {"accounts", "orgs", "core"}
SYSTEM_ROLE_REFUSED = "系统管理账号不参与业务工作（三员分立），请使用业务账号办理。"


def require(user, perm, obj=None, message="您没有执行此操作的权限。"):
    """Raise Forbidden unless the user holds `perm` (on `obj`).

    A business permission is refused to the system roles whatever the predicate says: structure rights over
    every organisation must never turn into a business write (三员分立).
    """
    from core.errors import Forbidden

    if perm.split(".", 1)[0] not in STRUCTURE_APPS and scope.is_system_user(user):
        raise Forbidden(SYSTEM_ROLE_REFUSED)
    if not user.has_perm(perm, obj):
        raise Forbidden(message)

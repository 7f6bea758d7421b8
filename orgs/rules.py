"""Who may do what with the structure (organisations, people): one rule per verb (core.verbs), loaded by
rules' autodiscovery. The per-object structure permissions (`orgs.change_organisation`, `orgs.change_person` …)
are registered with their predicates in accounts/permissions.py.

Views, the API and templates name these verbs, never a role or a scope path.
"""

import rules

from accounts import scope
from accounts.permissions import (
    SYSTEM_ROLE_REFUSED,
    is_org_admin_anywhere,
    maintains_structure,
    works_with_people,
)
from core.verbs import verb

# Structure somewhere: the system administrator everywhere, a 党务管理员 in her subtrees (the 新建 buttons; the
# forms offer exactly Organisation.objects.structure_editable_by(user)).
EDITS_STRUCTURE = maintains_structure | is_org_admin_anywhere
verb("orgs.add_org", (EDITS_STRUCTURE, "您没有新建党组织的权限。"))
verb("orgs.add_people", (EDITS_STRUCTURE, "您没有新增人员的权限。"))
# The people register (list and export); plain members are not staff, and see their own record only.
verb("orgs.list_people", (maintains_structure | works_with_people, "您没有查看人员名册的权限。"))


@rules.predicate
def reads_phone(user, person):
    """A person's phone number in full: the system administrator's, or that of a 党务管理员 of the person's
    organisation; with no person: of some person (the export's phone column)."""
    if not user.is_authenticated:
        return False
    if scope.structure_unrestricted(user):
        return True
    paths = scope.admin_paths(user)
    return bool(paths) if person is None else any(person.org.path.startswith(p) for p in paths)


verb("orgs.see_phone", (reads_phone, "联系电话仅党务管理员可见。"))
verb("orgs.see_every_phone", (maintains_structure, "联系电话只对您管理的党组织完整显示。"))


def phone_reader(user):
    """`orgs.see_phone` for many people at once (an export's rows): a function person -> bool."""
    if scope.structure_unrestricted(user):
        return lambda person: True
    paths = scope.admin_paths(user)
    return lambda person: any(person.org.path.startswith(p) for p in paths)


# ---- teams (班组/科室, orgs/models_teams.py) ----
# A business of the 党务管理员 of the host unit's organisation: the system roles hold none (三员分立), so unlike
# the structure verbs above the system administrator's rights over every organisation do not reach here.
TEAMS_REFUSED = "只有该党组织的党务管理员可以管理班组/科室。"


@rules.predicate
def is_business_user(user):
    return user.is_authenticated and not scope.is_system_user(user)


@rules.predicate
def manages_teams_of(user, obj):
    """党务管理员 over the organisation (or the team's organisation); with none: of some organisation."""
    if not user.is_authenticated:
        return False
    paths = scope.admin_paths(user)
    if obj is None:
        return bool(paths)
    org = getattr(obj, "org", None) if not hasattr(obj, "path") else obj
    return org is not None and scope.under(org.path, paths)


@rules.predicate
def reads_teams(user):
    return user.is_authenticated and bool(scope.business_paths(user))


TEAM_BUSINESS = (is_business_user, SYSTEM_ROLE_REFUSED)
verb("orgs.view_teams", TEAM_BUSINESS, (reads_teams, "您没有查看班组/科室的权限。"))
verb("orgs.manage_teams", TEAM_BUSINESS, (manages_teams_of, TEAMS_REFUSED))


def may_view_teams(user):
    """The sidebar's 班组覆盖 (the grants are cached: no query per page)."""
    return is_business_user(user) and reads_teams(user)

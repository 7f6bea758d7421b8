"""Permission predicates of the 路径化 module (loaded by rules' autodiscovery)."""

import rules

from accounts import scope


def _under(path, paths):
    return any(path.startswith(p) for p in paths)


@rules.predicate
def manages_plan_org(user, org):
    """党务管理员 of the organisation's subtree. The system roles hold no business rights (三员分立)."""
    return org is not None and user.is_authenticated and _under(org.path, scope.admin_paths(user))


@rules.predicate
def is_member_of_org(user, org):
    person_branch = scope.member_branch(user)
    return org is not None and person_branch is not None and person_branch.path.startswith(org.path)


rules.add_perm("plans.manage", manages_plan_org)
rules.add_perm("plans.claim", is_member_of_org)

"""Which organisation subtrees a user reaches, by role. Cached on the user object for one request."""

from .roles import MEMBER, ORG_ADMIN, SYSADMIN, SYSTEM_ROLES, is_staff_role, reads_subtree


def assignments(user):
    if not getattr(user, "is_authenticated", False) or not user.pk:
        return []
    cache = getattr(user, "_role_cache", None)
    if cache is None:
        from .models import RoleAssignment

        cache = list(RoleAssignment.objects.filter(user=user).select_related("org"))
        user._role_cache = cache
    return cache


def clear_cache(user):
    for attr in ("_role_cache", "_member_branch_cache"):
        if hasattr(user, attr):
            delattr(user, attr)


def topmost_paths(paths):
    """Drop paths already covered by a shorter prefix in the list."""
    out = []
    for p in sorted(set(paths), key=len):
        if not any(p.startswith(q) for q in out):
            out.append(p)
    return sorted(out)


def under(path, paths):
    """Whether a tree path lies within (or is) one of the subtrees given by their root paths."""
    return any(path.startswith(p) for p in paths)


def member_grant_paths(user):
    """Subtrees of the user's `member` grants (党员 self-service is granted by the secadmin, never implied)."""
    return [a.org.path for a in assignments(user) if a.role == MEMBER and a.org_id]


def member_branch(user):
    """The branch a member self-serves in: her linked person's organisation, if a `member` grant covers it.

    Linking an account to a person (the sysadmin's job) grants nothing by itself; the `member` grant (the
    secadmin's job) does, and revoking it takes the access away (三员分立).
    """
    if not getattr(user, "person_id", None):
        return None
    if not hasattr(user, "_member_branch_cache"):
        grants = member_grant_paths(user)
        branch = None
        if grants and not is_system_user(user):
            from orgs.models import Person

            person = Person.objects.select_related("org").filter(pk=user.person_id, status="active").first()
            if person is not None and any(person.org.path.startswith(p) for p in grants):
                branch = person.org
        user._member_branch_cache = branch
    return user._member_branch_cache


def role_paths(user, roles):
    return topmost_paths(a.org.path for a in assignments(user) if a.role in roles and a.org_id)


def is_system_user(user):
    return any(a.role in SYSTEM_ROLES for a in assignments(user))


def admin_paths(user):
    """Subtrees the user manages as 党务管理员."""
    return role_paths(user, {ORG_ADMIN})


def business_paths(user):
    """Subtrees whose business data (every module's) the user may read.

    Every org-scoped business role reaches its org's subtree; a `member` grant reaches the member's own
    branch only (wherever in the grant's subtree she is). Nothing comes from the account's link to a person,
    nor from a role whose module is not installed. System accounts hold no business rights, so they read
    none (三员分立).
    """
    if is_system_user(user):
        return []
    paths = [a.org.path for a in assignments(user) if a.org_id and a.role != MEMBER and reads_subtree(a.role)]
    branch = member_branch(user)
    if branch is not None:
        paths.append(branch.path)
    return topmost_paths(paths)


def staff_paths(user):
    """Subtrees where the user holds an org-scoped role that works with people's data (the people register is
    visible): a role its module declares `staff`. Plain members are not staff, nor are the roles declared
    otherwise (a reviewer sees the name and organisation of the subjects she reviews on the declarations
    themselves, not the people register with its phones)."""
    if is_system_user(user):
        return []
    return topmost_paths(a.org.path for a in assignments(user) if a.org_id and is_staff_role(a.role))


def structure_unrestricted(user):
    """The system administrator maintains structure data (organisations, people) everywhere."""
    return any(a.role == SYSADMIN for a in assignments(user))

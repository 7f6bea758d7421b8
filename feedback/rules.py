"""Who may do what in the 七彩心桥 module: one rule per verb (core.verbs). The public writes (leaving a
suggestion, rating it by its code) need no login and so no verb: the code is the writer's credential."""

import rules

from accounts import scope
from accounts.permissions import SYSTEM_ROLE_REFUSED
from core.verbs import verb

HANDLE_MESSAGE = "只有承办组织的党务管理员可以办理该意见建议。"
PROBLEM_MESSAGE = "只有提出组织的党务管理员可以维护该问题。"
COMMITTEE_KINDS = ("committee", "working_committee")


@rules.predicate
def not_system_user(user):
    return not scope.is_system_user(user)


@rules.predicate
def administers_org(user, org):
    """党务管理员 of the organisation's subtree; with none: of some organisation."""
    if not user.is_authenticated:
        return False
    if org is None:
        return bool(scope.admin_paths(user))
    return scope.under(org.path, scope.admin_paths(user))


@rules.predicate
def administers_committee(user, org):
    """党务管理员 of a 党委/党工委 (the level that sets the working-day limits); with none: of some."""
    if org is None:
        return any(
            a.role == "org_admin" and a.org_id and a.org.kind in COMMITTEE_KINDS for a in scope.assignments(user)
        )
    return org.kind in COMMITTEE_KINDS and administers_org(user, org)


@rules.predicate
def administers_handler(user, item):
    return item is not None and administers_org(user, item.handler)


@rules.predicate
def administers_problem(user, problem):
    """Of the organisation that raised it, or of the committee it was raised to."""
    return problem is not None and administers_org(user, problem.home)


def own_claimants(user, problem):
    """The organisations the user claims for by default: the ones she administers within the subtree of the
    organisation whose list the problem is on, or that one when she administers it from above."""
    from orgs.models import Organisation

    home = problem.home
    paths = []
    for path in scope.admin_paths(user):
        if path.startswith(home.path):
            paths.append(path)
        elif home.path.startswith(path):
            paths.append(home.path)
    return list(Organisation.objects.filter(path__in=paths).exclude(kind="group").order_by("path"))


def claim_orgs(user, problem):
    """Every organisation the user may claim the problem for (an administrator from above may claim for an
    organisation below her, e.g. at the 亮短板 meeting): administered by her, within the home's subtree."""
    from orgs.models import Organisation

    return (
        Organisation.objects.administered_by(user)
        .filter(path__startswith=problem.home.path)
        .exclude(kind="group")
        .order_by("path")
    )


@rules.predicate
def may_claim_there(user, problem):
    home = problem.home
    return any(p.startswith(home.path) or home.path.startswith(p) for p in scope.admin_paths(user))


NOT_SYSTEM = (not_system_user, SYSTEM_ROLE_REFUSED)

# On a feedback item: accept, forward, answer, close, and turn it into a problem.
verb("feedback.handle", NOT_SYSTEM, (administers_handler, HANDLE_MESSAGE))
# The working-day limits of a committee's subtree (asked with the committee, or with none for "some").
verb("feedback.set_limits", NOT_SYSTEM, (administers_committee, "只有党委（党工委）的党务管理员可以设置办理时限。"))
# Problems: create for an organisation (or "some"), edit/raise/close one, claim one.
verb("feedback.manage_problems", NOT_SYSTEM, (administers_org, "只有本组织的党务管理员可以维护问题清单。"))
verb("feedback.edit_problem", NOT_SYSTEM, (administers_problem, PROBLEM_MESSAGE))
verb("feedback.claim_problem", NOT_SYSTEM, (may_claim_there, "只有本组织及下级组织的党务管理员可以认领该问题。"))


def may_handle_any(user):
    """The sidebar's 意见建议 entry:党务管理员 of some organisation (business rights)."""
    return user.is_authenticated and not scope.is_system_user(user) and bool(scope.admin_paths(user))


def problem_orgs(user):
    """Organisations the user may put problems on the list of (feedback.manage_problems): the form's choices."""
    from orgs.models import Organisation

    if scope.is_system_user(user):
        return Organisation.objects.none()
    return Organisation.objects.administered_by(user).exclude(kind="group")

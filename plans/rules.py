"""Who may do what in the 路径化 module: one rule per verb (core.verbs), each a conjunction of checks with the
Chinese sentence shown when it fails. Actions check these first; pages, templates (`{% has_perm %}`) and the
API's `actions` field ask the same rules, and the choice lists of the forms come from the querysets below,
built from the same scope. Loaded by rules' autodiscovery and imported by plans.workflows.
"""

import rules

from accounts import scope
from accounts.permissions import SYSTEM_ROLE_REFUSED
from accounts.roles import ORG_ADMIN
from core.models import path_q
from core.verbs import verb

MANAGE_MESSAGE = "只有本组织的党务管理员可以执行此操作。"
DECIDE_MESSAGE = "只有本组织的党务管理员可以确认或驳回认领。"


# ---- predicates ------------------------------------------------------------------------------------


@rules.predicate
def not_system_user(user):
    """The system roles hold no business rights (三员分立)."""
    return not scope.is_system_user(user)


@rules.predicate
def administers_org(user, org):
    """党务管理员 of the organisation's subtree; with no organisation: of some organisation that keeps plans
    (a 党小组 keeps none), from the cached role assignments without a query."""
    if not user.is_authenticated:
        return False
    if org is None:
        return any(a.role == ORG_ADMIN and a.org_id and a.org.kind != "group" for a in scope.assignments(user))
    return scope.under(org.path, scope.admin_paths(user))


def _org_of(obj):
    """The organisation whose plan a plan, item, claim or occurrence belongs to."""
    from .models import Claim, Occurrence, Plan, PlanItem

    if isinstance(obj, Plan):
        return obj.org
    if isinstance(obj, PlanItem):
        return obj.plan.org
    if isinstance(obj, (Claim, Occurrence)):
        return obj.item.plan.org
    raise TypeError(f"not a plan object: {type(obj).__name__}")


@rules.predicate
def administers(user, obj):
    return obj is not None and administers_org(user, _org_of(obj))


@rules.predicate
def is_member_there(user, obj):
    """A party member (with the `member` grant) of the organisation of the item, or of a branch below it."""
    branch = scope.member_branch(user)
    return obj is not None and branch is not None and branch.path.startswith(_org_of(obj).path)


@rules.predicate
def not_own_claim(user, claim):
    return not (user.person_id and claim.person_id == user.person_id)


def owner_ids(item):
    """The people answering for the item (from the prefetched ownerships when the page loaded them)."""
    return {o.person_id for o in item.ownerships.all()}


@rules.predicate
def owns_or_administers(user, occ):
    return bool(user.person_id and user.person_id in owner_ids(occ.item)) or administers(user, occ)


# ---- verbs -----------------------------------------------------------------------------------------

NOT_SYSTEM = (not_system_user, SYSTEM_ROLE_REFUSED)

# The organisation's plans: create (and clone into), items, import, publish as a template. Asked with an
# organisation, or with none for "some organisation" (the 新建 and 复制 buttons).
verb("plans.manage", NOT_SYSTEM, (administers_org, MANAGE_MESSAGE))
verb("plans.manage_rules", NOT_SYSTEM, (administers_org, "只有该组织的党务管理员可以调整组织生活规则。"))
# On an item.
verb("plans.claim", NOT_SYSTEM, (is_member_there, "只有本组织的党员可以认领事项。"))
verb("plans.assign", NOT_SYSTEM, (administers, MANAGE_MESSAGE))
# On a claim: another admin decides one's own claim.
OWN_CLAIM = (not_own_claim, "不能确认或驳回自己的认领，请由其他管理员处理。")
verb("plans.confirm_claim", NOT_SYSTEM, (administers, DECIDE_MESSAGE), OWN_CLAIM)
verb("plans.reject_claim", NOT_SYSTEM, (administers, DECIDE_MESSAGE), OWN_CLAIM)
# On an occurrence.
verb(
    "plans.complete_occurrence",
    NOT_SYSTEM,
    (owns_or_administers, "只有事项责任人或党务管理员可以登记完成情况。"),
)
verb("plans.reopen_occurrence", NOT_SYSTEM, (administers, MANAGE_MESSAGE))


# ---- the same scope as querysets (choice lists, to-dos) ------------------------------------------------


def plan_orgs(user):
    """Organisations the user may keep plans for (plans.manage): the PlanForm and CloneForm choices."""
    from orgs.models import Organisation

    if scope.is_system_user(user):
        return Organisation.objects.none()
    return Organisation.objects.filter(path_q("path", scope.admin_paths(user))).exclude(kind="group")


def rule_orgs(user):
    """Organisations whose 组织生活规则 the user may set (plans.manage_rules): the RuleForm choices."""
    return plan_orgs(user)

"""Who may do what in points: one rule per verb (core.verbs), and the scopes that forms and pages share.

Every verb is also a django-rules permission (loaded by rules' autodiscovery), so a template asks
`{% has_perm "points.update_declaration" user decl %}` and a view `user.has_perm(...)` — the same rule the
action enforces with `verbs.require_verb`, which raises 403 with the failing check's Chinese sentence.
The review verb `points.declaration.review` comes from the approval chain in points/workflows.py.

Role codes and role paths are read here and nowhere else in points' views, API or templates.
"""

from dataclasses import dataclass

import rules
from django.db.models import Q

from accounts import scope
from accounts.permissions import SYSTEM_ROLE_REFUSED, has_business
from core.models import path_q
from core.verbs import verb

from .choices import LEVEL_ROLES, REVIEWER_ROLES

MANAGE_MESSAGE = "只有制定该积分方案的工委党务管理员可以执行此操作。"
PUBLICITY_MESSAGE = "只有制定该积分方案的工委党务管理员可以管理公示。"
REVERSE_MESSAGE = "只有工委党务管理员可以冲销积分台账。"
DECLARE_FOR_MESSAGE = "只能为本组织及其下级组织、本组织的人员或本人申报积分。"
COMMITTEE_KINDS = ("committee", "working_committee")


def scheme_of(obj):
    """The scheme a points object belongs to (a scheme, item, declaration, ledger entry, publicity, objection)."""
    if obj is None:
        return None
    if hasattr(obj, "publicity_id"):  # an objection
        obj = obj.publicity
    return obj.scheme if hasattr(obj, "scheme_id") else obj


# ---------------------------------------------------------------- scopes (cached per user by accounts.scope)


def unit_admin_paths(user, scheme):
    """Admin paths below the scheme's committee: the units (党委/支部) the user manages as a unit."""
    top = scheme.org.path
    return [p for p in scope.admin_paths(user) if len(p) > len(top) and p.startswith(top)]


def is_unit_admin(user, scheme, org):
    return org is not None and scope.under(org.path, unit_admin_paths(user, scheme))


def scheme_orgs(user):
    """Where the user may set up a scheme: the subtrees she administers as 党务管理员.

    A business write, so it needs a business role: the sysadmin's structure rights over every organisation
    do not count (三员分立)."""
    from orgs.models import Organisation

    return Organisation.objects.administered_by(user)


def administers_any(user):
    """Whether the user is a 党务管理员 anywhere (unit confirmations and objections can wait for her)."""
    return bool(scope.admin_paths(user))


def managed_schemes_q(user, lookup="scheme__org__path"):
    """Rows of schemes the user manages (manages_scheme as a filter)."""
    return path_q(lookup, scope.admin_paths(user))


def administered_units(user):
    """The organisations (not committees) the user administers: the home page links their points."""
    from orgs.models import Organisation

    return Organisation.objects.filter(path__in=scope.admin_paths(user)).exclude(kind__in=COMMITTEE_KINDS)


def reaches_scheme(user, scheme):
    """Whether the user's business scope covers the scheme's whole committee (every organisation it ranks)."""
    return scope.under(scheme.org.path, scope.business_paths(user))


def review_paths(user, level):
    """Subtrees over which the user reviews at `level` (her reviewer_l<level> grants)."""
    return scope.role_paths(user, {LEVEL_ROLES[level]})


def holds_level(user, level, org):
    return scope.under(org.path, review_paths(user, level))


def holds_role(user, role, org):
    """Whether the user holds `role` over the org's subtree (the approval chain asks it per level)."""
    return org is not None and scope.under(org.path, scope.role_paths(user, {role}))


def reviewer_levels(user):
    """The review levels the user holds anywhere (her review queues)."""
    return [level for level in LEVEL_ROLES if review_paths(user, level)]


def unit_confirmation_q(user):
    """Declarations whose subject is in a unit the user manages as that unit (not as the scheme's committee)."""
    q = Q(pk__in=[])
    for p in scope.admin_paths(user):
        q |= Q(subject_org__path__startswith=p) & ~Q(scheme__org__path__startswith=p)
    return q


# ---------------------------------------------------------------- who may declare for whom


@dataclass(frozen=True)
class Subject:
    """Whom a declaration is for: an organisation, or a person (and the organisation she belongs to)."""

    scheme: object
    org: object
    person: object = None


def declare_mode(user, scheme, org, person=None):
    """How the user may declare for this subject, or None when she may not:

    "unit" — for an organisation she administers (or its people): the review is the committee's confirmation;
    "self" — a member (or cadre) for herself;
    "committee" — the scheme's committee for a unit: the unit confirms before review (双向确认)."""
    if scheme is None or org is None or scope.is_system_user(user):
        return None
    if is_unit_admin(user, scheme, org):
        return "unit"
    if person is not None and user.person_id == person.pk:
        return "self"
    if manages_scheme(user, scheme):
        return "committee"
    return None


def declare_paths(user, scheme):
    """Subtrees whose organisations and people the user may declare for under the scheme."""
    if scope.is_system_user(user):
        return []
    if manages_scheme(user, scheme):
        return [scheme.org.path]
    return unit_admin_paths(user, scheme)


def declarable_orgs(user, scheme):
    """The organisations the user may declare for (the form's choices; anything else answers like a missing one)."""
    from orgs.models import Organisation

    paths = declare_paths(user, scheme)
    if not paths:
        return Organisation.objects.none()
    return (
        Organisation.objects.visible_to(user)
        .filter(path_q("path", paths))
        .exclude(pk=scheme.org_id)
        .exclude(kind="group")  # a 党小组 is part of its branch, not a subject of its own
    )


def declarable_people(user, scheme):
    """The people the user may declare for: those of the units she may declare for, and herself."""
    from orgs.models import Person

    q = path_q("org__path", declare_paths(user, scheme))
    if user.person_id:
        q |= Q(pk=user.person_id)
    return Person.objects.visible_to(user).filter(q)


# ---------------------------------------------------------------- predicates


@rules.predicate
def is_business_user(user):
    """Not a system account: the three system roles hold no business rights (三员分立)."""
    return not scope.is_system_user(user)


@rules.predicate
def manages_scheme(user, obj):
    """党务管理员 of the committee that owns the scheme (or of a body above it)."""
    scheme = scheme_of(obj)
    if scheme is None or not user.is_authenticated:
        return False
    return scope.under(scheme.org.path, scope.admin_paths(user))


@rules.predicate
def administers_org(user, org):
    """党务管理员 over the org's subtree: a business right, so never the sysadmin's structure rights (三员分立)."""
    if org is None or not user.is_authenticated:
        return False
    return scope.under(org.path, scope.admin_paths(user))


@rules.predicate
def is_declarant(user, decl):
    return decl is not None and decl.declared_by_id == user.pk


@rules.predicate
def confirms_for_unit(user, decl):
    """The subject unit's 党务管理员, who is not the one who entered the declaration."""
    if decl is None:
        return False
    return decl.declared_by_id != user.pk and is_unit_admin(user, decl.scheme, decl.subject_org)


@rules.predicate
def may_declare_for(user, subject):
    if subject is None:
        return False
    return declare_mode(user, subject.scheme, subject.org, subject.person) is not None


@rules.predicate
def reads_all_objections(user, pub):
    """The committee that owns the publicity and the points reviewers concerned read every objection's text;
    everyone else sees that objections exist, when they were raised and how they were answered."""
    if manages_scheme(user, pub):
        return True
    org_path = pub.scheme.org.path
    return any(org_path.startswith(p) or p.startswith(org_path) for p in scope.role_paths(user, REVIEWER_ROLES))


# ---------------------------------------------------------------- verbs

BUSINESS = (is_business_user, SYSTEM_ROLE_REFUSED)

# The points pages: every business role, in its own scope (my_points says it in a member's words).
verb(
    "points.use_points",
    (has_business, "您没有积分管理的权限：账号尚未获授业务角色，或是不参与业务的系统管理账号。"),
)

verb("points.add_scheme", BUSINESS, (administers_org, MANAGE_MESSAGE))
verb("points.manage_scheme", BUSINESS, (manages_scheme, MANAGE_MESSAGE))
verb("points.reverse_entry", BUSINESS, (manages_scheme, REVERSE_MESSAGE))
verb("points.declare_for", BUSINESS, (may_declare_for, DECLARE_FOR_MESSAGE))
verb("points.update_declaration", BUSINESS, (is_declarant, "只有申报人可以修改申报。"))
verb("points.add_evidence", BUSINESS, (is_declarant, "只有申报人可以上传佐证材料。"))
verb("points.submit_declaration", BUSINESS, (is_declarant, "只有申报人可以提交申报。"))
verb("points.confirm_declaration", BUSINESS, (confirms_for_unit, "只有被申报单位的党务管理员可以确认。"))
verb("points.manage_publicity", BUSINESS, (manages_scheme, PUBLICITY_MESSAGE))
verb("points.answer_objection", BUSINESS, (manages_scheme, PUBLICITY_MESSAGE))
verb("points.raise_objection", BUSINESS)

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


# ---- exams ----
BANK_MESSAGE = "只有党组织的党务管理员可以维护题库。"
EXAM_MESSAGE = "只有本组织的党务管理员可以管理该考试。"


@rules.predicate
def administers_org(user, org):
    """党务管理员 of the organisation (a question's or an exam's) or of one above it."""
    return org is not None and scope.under(org.path, scope.admin_paths(user))


@rules.predicate
def administers_exam_org(user, obj):
    """The 党务管理员 over an exam's organisation (obj: an exam or an attempt of it)."""
    exam = getattr(obj, "exam", obj)
    return exam is not None and scope.under(exam.org.path, scope.admin_paths(user))


@rules.predicate
def is_candidate(user, exam):
    """A member of the exam organisation's subtree (by her own organisation in the register)."""
    person = getattr(user, "person", None) if user.person_id else None
    return exam is not None and person is not None and person.org.path.startswith(exam.org.path)


@rules.predicate
def owns_attempt(user, attempt):
    return attempt is not None and bool(user.person_id) and attempt.person_id == user.person_id


@rules.predicate
def owns_mistake(user, mistake):
    return mistake is not None and bool(user.person_id) and mistake.person_id == user.person_id


verb("learning.manage_bank", BUSINESS, (administers_org, BANK_MESSAGE))
verb("learning.manage_exam", BUSINESS, (administers_exam_org, EXAM_MESSAGE))
verb("learning.read_results", BUSINESS, (administers_exam_org, "只有本组织的党务管理员可以查看考试成绩。"))
verb("learning.mark", BUSINESS, (administers_exam_org, "只有本组织的党务管理员可以阅卷。"))
verb("learning.take_exam", BUSINESS, (is_candidate, "该考试不面向您所在的党组织。"))
verb("learning.answer", BUSINESS, (owns_attempt, "这不是您的答卷。"))
verb("learning.practise", BUSINESS, (owns_mistake, "这不是您的错题。"))


def bank_orgs(user):
    """The organisations whose bank the user keeps (the question form's choices)."""
    from orgs.models import Organisation

    if scope.is_system_user(user):
        return Organisation.objects.none()
    return Organisation.objects.administered_by(user)


def may_manage_exams(user):
    """The sidebar's 题库 and 考试管理: a 党务管理员 grant (cached: no query per page)."""
    return is_business_user(user) and bool(scope.admin_paths(user))


def may_take_exams(user):
    return is_business_user(user) and bool(user.person_id)

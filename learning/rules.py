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


# ---- courses ----
COURSE_MANAGE_MESSAGE = "只有发布课程的党组织的党务管理员可以管理该课程。"


def _course_org(obj):
    """The organisation a course verb is asked of: a course's, a lesson's course's, or an organisation itself."""
    if obj is None:
        return None
    if hasattr(obj, "course"):
        obj = obj.course
    return getattr(obj, "org", obj)


@rules.predicate
def administers_course_org(user, obj):
    org = _course_org(obj)
    return org is not None and org.kind != "group" and scope.under(org.path, scope.admin_paths(user))


@rules.predicate
def has_learner_person(user):
    return bool(user.person_id)


@rules.predicate
def course_is_published(user, course):
    return course is not None and course.state == "published"


@rules.predicate
def course_offered_to(user, course):
    """The course was published by her organisation or one above it (it is offered to her subtree)."""
    from orgs.models import Person

    if course is None or not user.person_id:
        return False
    org_path = getattr(user, "_learner_org_path", None)
    if org_path is None:
        org_path = Person.objects.filter(pk=user.person_id).values_list("org__path", flat=True).first() or ""
        user._learner_org_path = org_path
    return bool(org_path) and org_path.startswith(course.org.path) and bool(scope.business_paths(user))


@rules.predicate
def has_started_course(user, course):
    from .models_courses import CourseProgress

    return CourseProgress.objects.filter(course=course, person_id=user.person_id).exists()


@rules.predicate
def reads_course_progress(user, course):
    """Staff of the course's organisation or of an organisation below it (a branch follows its own members)."""
    if course is None:
        return False
    paths = scope.staff_paths(user)
    return scope.under(course.org.path, paths) or any(p.startswith(course.org.path) for p in paths)


verb("learning.manage_course", BUSINESS, (administers_course_org, COURSE_MANAGE_MESSAGE))
verb(
    "learning.study_course",
    BUSINESS,
    (has_learner_person, "您的账号未关联党员信息，不能参加在线学习。"),
    (course_is_published, "该课程未发布或已停止学习。"),
    (course_offered_to, "该课程不是发给您所在党组织的。"),
)
verb(
    "learning.rate_course",
    BUSINESS,
    (has_learner_person, "您的账号未关联党员信息，不能评价课程。"),
    (course_offered_to, "该课程不是发给您所在党组织的。"),
    (has_started_course, "开始学习该课程后才能评价。"),
)
verb(
    "learning.read_course_progress",
    BUSINESS,
    (reads_course_progress, "只有课程发布组织及其下级组织的党务工作人员可以查看学习进度。"),
)
verb("learning.read_evaluation", BUSINESS, (administers_course_org, "只有课程发布组织的党务管理员可以查看学习评估。"))


def course_orgs(user):
    """The organisations the user may publish courses for (the form's choices): those she administers, not 党小组."""
    from orgs.models import Organisation

    if scope.is_system_user(user):
        return Organisation.objects.none()
    return Organisation.objects.administered_by(user).exclude(kind="group")


def may_manage_courses(user):
    """The sidebar's 课程管理 (grants are cached: no query per page)."""
    return is_business_user(user) and bool(scope.admin_paths(user))


# ---- extras ----
# 补录 (off-line training), 需求调查, 资料征订, 学历认证 and 学习之星.


@rules.predicate
def administers_person(user, person):
    """党务管理员 over the person's organisation (her branch, or a body above it)."""
    return person is not None and scope.under(person.org.path, scope.admin_paths(user))


@rules.predicate
def administers_org_of(user, obj):
    """党务管理员 over the organisation an object belongs to (a 补录, a 学历, an order's organisation)."""
    org = getattr(obj, "org", obj)
    return org is not None and scope.under(org.path, scope.admin_paths(user))


@rules.predicate
def is_subject(user, obj):
    """The object is about the user's own person (her 补录, her 学历)."""
    return obj is not None and bool(user.person_id) and obj.person_id == user.person_id


@rules.predicate
def entered_it(user, training):
    return training is not None and training.entered_by_id == user.pk


@rules.predicate
def administers_committee_of(user, obj):
    """党务管理员 over the committee that runs a survey, an offer or a star list."""
    return obj is not None and administers_committee.test(user, obj.org)


@rules.predicate
def is_own_or_administered_person(user, person):
    return person is not None and (person.pk == user.person_id or administers_person.test(user, person))


@rules.predicate
def belongs_to_survey(user, survey):
    """The survey asks the members of its committee's subtree: the user's own person is one of them."""
    if survey is None or not user.person_id:
        return False
    from orgs.models import Person

    person = Person.objects.select_related("org").filter(pk=user.person_id).first()
    return person is not None and person.org.path.startswith(survey.org.path)


OFFLINE_ADMIN = "只有该人员所在党组织（或上级党组织）的党务管理员可以补录线下培训。"
verb("learning.enter_offline", BUSINESS, (administers_person, OFFLINE_ADMIN))
verb(
    "learning.approve_offline",
    BUSINESS,
    (administers_org_of, "只有该人员所在党支部或上级党组织的党务管理员可以审核补录。"),
    (~entered_it, "补录须由另一位党务管理员审核，不能审核自己录入的补录。"),
    (~is_subject, "不能审核本人的补录。"),
)
verb(
    "learning.revoke_offline",
    BUSINESS,
    (administers_org_of, "只有该人员所在党支部或上级党组织的党务管理员可以撤销补录。"),
    (~is_subject, "不能撤销本人的补录。"),
)
COMMITTEE_ADMIN = "只有该党委（工委）的党务管理员可以发起。"
verb("learning.create_survey", BUSINESS, (administers_committee, "只有党委（工委）的党务管理员可以发起需求调查。"))
verb("learning.manage_survey", BUSINESS, (administers_committee_of, "只有发起调查的党委的党务管理员可以操作。"))
verb("learning.answer_survey", BUSINESS, (belongs_to_survey, "该调查面向发起党委所属的党员，您不在其中。"))
verb("learning.create_offer", BUSINESS, (administers_committee, "只有党委（工委）的党务管理员可以发起资料征订。"))
verb("learning.manage_offer", BUSINESS, (administers_committee_of, "只有发起征订的党委的党务管理员可以操作。"))
verb("learning.order_materials", BUSINESS, (administers_org_of, "只有本党组织的党务管理员可以填报征订数量。"))
verb(
    "learning.enter_education",
    BUSINESS,
    (is_own_or_administered_person, "只能填报本人的学历，或您管理的党组织人员的学历。"),
)
verb(
    "learning.verify_education",
    BUSINESS,
    (administers_org_of, "只有该人员所在党组织（或上级党组织）的党务管理员可以认证学历。"),
    (~is_subject, "不能认证本人的学历。"),
)
verb("learning.read_stars_ranking", BUSINESS, (reads_gaps_of, "只能查看您管理的党组织的学习排名。"))
verb("learning.name_stars", BUSINESS, (administers_committee, "只有党委（工委）的党务管理员可以评选学习之星。"))
verb(
    "learning.withdraw_star",
    BUSINESS,
    (administers_committee_of, "只有评选该学习之星的党委（工委）的党务管理员可以撤销。"),
)


def committee_orgs(user):
    """The committees the user administers (the choices of a new survey, offer or star list)."""
    return rule_orgs(user)


def may_manage_extras(user):
    """The sidebar's entries for committee admins (cached grants: no query)."""
    return may_set_rules(user)


def may_admin(user):
    """Any 党务管理员 grant (the 补录 list's sidebar entry)."""
    return is_business_user(user) and bool(scope.admin_paths(user))


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

"""Who may do what in 考核评星: one verb per action (core.verbs)."""

import rules

from accounts import scope
from accounts.permissions import SYSTEM_ROLE_REFUSED, has_business
from core.verbs import verb

# ---- schemes ----
# 考核方案: drawn up and changed by the 党务管理员 of the committee that owns it (or of a body above it); read by
# everyone of its subtree (SchemeQuerySet.visible_to). The three system roles hold no business rights (三员分立).


SCHEME_MANAGE_MESSAGE = "只有制定该考核方案的党委（工委）党务管理员可以执行此操作。"
SCHEME_ADD_MESSAGE = "考核方案只能由您管理的党委（工委）制定。"
SCHEME_ORG_KINDS = ("committee", "working_committee")


def _scheme_of(obj):
    """The scheme of a scheme, a category, an item or a threshold."""
    if obj is None:
        return None
    return obj.scheme if hasattr(obj, "scheme_id") else obj


def scheme_orgs(user):
    """Where the user may draw up a scheme: the committees she administers as 党务管理员 (and those below)."""
    from orgs.models import Organisation

    return Organisation.objects.administered_by(user).filter(kind__in=SCHEME_ORG_KINDS)


@rules.predicate
def is_business_user(user):
    """Not a system account: the three system roles hold no business rights (三员分立)."""
    return user.is_authenticated and not scope.is_system_user(user)


BUSINESS = (is_business_user, SYSTEM_ROLE_REFUSED)


@rules.predicate
def administers_committee(user, org):
    """党务管理员 over a committee's subtree (a branch draws up no scheme of its own)."""
    if org is None or not user.is_authenticated or org.kind not in SCHEME_ORG_KINDS:
        return False
    return scope.under(org.path, scope.admin_paths(user))


@rules.predicate
def manages_assessment_scheme(user, obj):
    scheme = _scheme_of(obj)
    if scheme is None or not user.is_authenticated:
        return False
    return scope.under(scheme.org.path, scope.admin_paths(user))


@rules.predicate
def may_read_measure(user, target):
    """A measure of an organisation (target: (item, org)): the scheme's committee, whoever reads the organisation's
    business data, or an assessor named in a round of the scheme that assesses it."""
    if target is None:
        return False
    item, org = target
    if manages_assessment_scheme(user, item) or scope.under(org.path, scope.business_paths(user)):
        return True
    return item.scheme.rounds.filter(assessors=user, targets=org).exists()


verb(
    "assessments.use_schemes",
    (has_business, "您没有考核评星的权限：账号尚未获授业务角色，或是不参与业务的系统管理账号。"),
)
verb("assessments.add_scheme", BUSINESS, (administers_committee, SCHEME_ADD_MESSAGE))
verb("assessments.manage_scheme", BUSINESS, (manages_assessment_scheme, SCHEME_MANAGE_MESSAGE))
verb("assessments.read_measure", BUSINESS, (may_read_measure, "未找到该组织，或您无权查看其数据。"))

# ---- awards: 表彰 types, nominations, their review and 公示 ----


AWARD_COMMITTEE_KINDS = ("committee", "working_committee")
AWARDS_CONFIG_MESSAGE = "只有该党委（工委）的党务管理员可以设置表彰类型和组织表彰公示。"
NOMINATE_MESSAGE = "只能提名您管理的党组织及其下属组织、人员。"


def _committee_of(obj):
    """An award type or a publicity names its committee; an objection its publicity's."""
    if obj is not None and hasattr(obj, "publicity_id") and not hasattr(obj, "committee_id"):
        obj = obj.publicity
    return getattr(obj, "committee", obj)


@rules.predicate
def administers_award_committee(user, committee):
    """The committee's own 党务管理员 (or one above it) sets its award types and runs its 表彰公示."""
    committee = _committee_of(committee)
    return (
        committee is not None
        and committee.kind in AWARD_COMMITTEE_KINDS
        and scope.under(committee.path, scope.admin_paths(user))
    )


@rules.predicate
def administers_nominee(user, nomination):
    """The admin of the nominee's organisation or of one above it (the branch proposes; the committee may too)."""
    return nomination is not None and scope.under(nomination.org.path, scope.admin_paths(user))


@rules.predicate
def may_nominate_anywhere(user):
    return bool(scope.admin_paths(user)) and not scope.is_system_user(user)


def holds_award_role(user, role, org):
    """The approval chain's check: a 审核人 of the level over the awarding committee's subtree."""
    return org is not None and not scope.is_system_user(user) and scope.under(org.path, scope.role_paths(user, {role}))


def award_committees(user):
    """The committees whose award types the user may configure (the choice list of the settings page)."""
    from orgs.models import Organisation

    return Organisation.objects.administered_by(user).filter(kind__in=AWARD_COMMITTEE_KINDS)


def may_configure_awards(user):
    return not scope.is_system_user(user) and award_committees(user).exists()


verb("assessments.use_awards", BUSINESS)
verb("assessments.configure_awards", BUSINESS, (administers_award_committee, AWARDS_CONFIG_MESSAGE))
verb("assessments.nominate", BUSINESS, (may_nominate_anywhere, NOMINATE_MESSAGE))
verb("assessments.manage_nomination", BUSINESS, (administers_nominee, NOMINATE_MESSAGE))
verb("assessments.manage_award_publicity", BUSINESS, (administers_award_committee, AWARDS_CONFIG_MESSAGE))
verb("assessments.answer_award_objection", BUSINESS, (administers_award_committee, AWARDS_CONFIG_MESSAGE))
verb("assessments.raise_award_objection", BUSINESS)


# ---- results ----
# Results of a round: computing, publishing through publicity, exports and objections. The objects are a round,
# its publicity or one of its objections; the committee is the organisation of the round's scheme.
RESULTS_MESSAGE = "只有制定该考核方案的党务管理员可以管理考核结果。"
RESULTS_OBJECTION_MESSAGE = "只有被考核组织的党务管理员可以对本组织的考核结果提出异议。"


def results_round_of(obj):
    """The round of a results object: a round, its publicity, or an objection to it."""
    if obj is None:
        return None
    if hasattr(obj, "publicity_id"):  # an objection
        obj = obj.publicity
    return obj.round if hasattr(obj, "round_id") else obj


@rules.predicate
def manages_results(user, obj):
    """党务管理员 of the committee whose scheme the round uses (or of a body above it)."""
    round_ = results_round_of(obj)
    if round_ is None:
        return False
    path = round_.scheme.org.path
    return scope.under(path, scope.admin_paths(user))


@rules.predicate
def administers_a_target(user, obj):
    """党务管理员 of one of the round's target organisations (or of a unit above it, below the committee)."""
    round_ = results_round_of(obj)
    if round_ is None:
        return False
    top = round_.scheme.org.path
    paths = [p for p in scope.admin_paths(user) if len(p) > len(top) and p.startswith(top)]
    return bool(paths) and any(t.path.startswith(p) for t in round_.targets.all() for p in paths)


verb("assessments.manage_results", BUSINESS, (manages_results, RESULTS_MESSAGE))
verb(
    "assessments.export_scores",
    BUSINESS,
    (manages_results, "只有制定该考核方案的党务管理员可以导出各考核组成员的评分。"),
)
verb("assessments.answer_result_objection", BUSINESS, (manages_results, RESULTS_MESSAGE))
verb("assessments.raise_result_objection", BUSINESS, (administers_a_target, RESULTS_OBJECTION_MESSAGE))

# ---- appraisal ----
# 民主评议党员: the branch's 党务管理员 (or a committee's above it) opens and runs it and decides the grades;
# each participant evaluates herself and grades the others; pledges are written by the member or her admin.

APPRAISAL_MANAGE_MESSAGE = "只有本支部（或上级党组织）的党务管理员可以组织民主评议。"
APPRAISAL_PARTICIPANT_MESSAGE = "您不是本次民主评议的参评党员。"


def _appraisal_org(obj):
    """The branch an appraisal, participant, pledge or follow-up belongs to."""
    from .models_appraisal import Appraisal, Participant

    if isinstance(obj, Appraisal):
        return obj.org
    if isinstance(obj, Participant):
        return obj.appraisal.org
    return obj.org  # Pledge, FollowUp, Organisation-like objects


@rules.predicate
def administers_appraisal_org(user, obj):
    """党务管理员 over the branch of the object (an organisation itself, or what belongs to one); with none: of
    some organisation."""
    if not user.is_authenticated:
        return False
    paths = scope.admin_paths(user)
    if obj is None:
        return bool(paths)
    org = obj if hasattr(obj, "path") else _appraisal_org(obj)
    return scope.under(org.path, paths)


@rules.predicate
def is_appraisal_branch(user, org):
    """民主评议 is a 党支部's: it is opened for a branch, not for a committee or a 党小组."""
    return org is None or getattr(org, "kind", "") == "branch"


def participant_of(user, appraisal):
    """The caller's own participant row of the appraisal (from the prefetched participants when loaded)."""
    if not user.is_authenticated or not user.person_id or appraisal is None:
        return None
    return next((p for p in appraisal.participants.all() if p.person_id == user.person_id), None)


@rules.predicate
def takes_part(user, appraisal):
    return participant_of(user, appraisal) is not None


@rules.predicate
def writes_pledge_of(user, person):
    """Her own pledge (as a member of her branch), or one of a member of a branch she administers."""
    if person is None or not user.is_authenticated:
        return False
    branch = scope.member_branch(user)
    if user.person_id == person.pk and branch is not None and branch.pk == person.org_id:
        return True
    return scope.under(person.org.path, scope.admin_paths(user))


# Asked with the branch (or none, for the 新建 button).
verb(
    "assessments.open_appraisal",
    BUSINESS,
    (administers_appraisal_org, APPRAISAL_MANAGE_MESSAGE),
    (is_appraisal_branch, "民主评议党员以党支部为单位开展，请选择一个党支部。"),
)
# On an appraisal: its stage transitions and the branch's grades.
verb("assessments.manage_appraisal", BUSINESS, (administers_appraisal_org, APPRAISAL_MANAGE_MESSAGE))
# On an appraisal: the participant's own self-evaluation and her grades of the others.
verb("assessments.take_part", BUSINESS, (takes_part, APPRAISAL_PARTICIPANT_MESSAGE))
# On a person: her 公开承诺.
verb(
    "assessments.write_pledge",
    BUSINESS,
    (writes_pledge_of, "只能填写本人的公开承诺，或由所在支部的党务管理员代为录入。"),
)
# On a follow-up: record its outcome.
verb(
    "assessments.manage_followup",
    BUSINESS,
    (administers_appraisal_org, "只有该党员所在支部（或上级党组织）的党务管理员可以办理限期改正。"),
)


def appraisal_orgs(user):
    """Branches the user may open an appraisal for (assessments.open_appraisal): the form's choices."""
    from orgs.models import Organisation

    if scope.is_system_user(user):
        return Organisation.objects.none()
    return Organisation.objects.administered_by(user).filter(kind="branch")


def may_see_appraisals(user):
    """The sidebar's 民主评议 entry: anyone with business in some branch (admins and members)."""
    return user.is_authenticated and not scope.is_system_user(user) and bool(scope.business_paths(user))


# ---- rounds ----

ROUND_MESSAGE = "只有考核方案所属党组织的党务管理员可以管理考核轮次。"
SELFCHECK_MESSAGE = "自查报告由被考核组织的党务管理员填报。"
SCORE_MESSAGE = "您不是本轮考核的考核组成员，不能评分。"


@rules.predicate
def administers_scheme_org(user, obj):
    """党务管理员 over the organisation that owns the scheme (obj: a scheme or a round of it)."""
    scheme = getattr(obj, "scheme", obj)
    return scheme is not None and scope.under(scheme.org.path, scope.admin_paths(user))


@rules.predicate
def administers_target(user, selfcheck):
    """The target's own 党务管理员: a grant that covers the target and lies below the assessing committee (the
    committee assesses; it does not write the branches' self-checks)."""
    if selfcheck is None:
        return False
    committee = selfcheck.round.scheme.org.path
    target = selfcheck.org.path
    return any(target.startswith(p) and p.startswith(committee) and p != committee for p in scope.admin_paths(user))


@rules.predicate
def is_round_assessor(user, round):
    return round is not None and round.assessors.filter(pk=user.pk).exists()


# Rounds: create one of a scheme (obj: the scheme), edit and move one on (obj: the round).
verb("assessments.create_round", BUSINESS, (administers_scheme_org, ROUND_MESSAGE))
verb("assessments.manage_round", BUSINESS, (administers_scheme_org, ROUND_MESSAGE))
# Self-checks (obj: the SelfCheck, saved or not) and scores (obj: the round).
verb("assessments.file_selfcheck", BUSINESS, (administers_target, SELFCHECK_MESSAGE))
verb("assessments.score", BUSINESS, (is_round_assessor, SCORE_MESSAGE))


def round_schemes(user):
    """The schemes the user may start a round of (the round form's choices)."""
    from .models import Scheme

    if scope.is_system_user(user):
        return Scheme.objects.none()
    return Scheme.objects.filter(path_q_admin(user)).select_related("org")


def path_q_admin(user):
    from core.models import path_q

    return path_q("org__path", scope.admin_paths(user))


def eligible_targets(scheme):
    """Organisations a round of the scheme may assess: below the scheme's organisation, not a 党小组."""
    from orgs.models import Organisation

    return (
        Organisation.objects.filter(path__startswith=scheme.org.path, depth__gt=scheme.org.depth)
        .exclude(kind="group")
        .order_by("path")
    )


def eligible_assessors(scheme):
    """Accounts holding the 考核组成员 role at the scheme's organisation or above it."""
    from accounts.models import User

    org_path = scheme.org.path
    step = type(scheme.org).steplen
    above = [org_path[:n] for n in range(step, len(org_path) + 1, step)]
    return (
        User.objects.filter(is_active=True, role_assignments__role="assessor", role_assignments__org__path__in=above)
        .select_related("person")
        .distinct()
        .order_by("username")
    )


# ---- annual ----
# 年终总评: drawn up, computed and published (公示) by the committee's 党务管理员 (or one above it); objections to the
# annual results are raised by a target organisation's 党务管理员 during the publicity and answered by the committee.

ANNUAL_MESSAGE = "只有组织年终总评的党委（工委）党务管理员可以执行此操作。"
ANNUAL_ADD_MESSAGE = "年终总评只能由您管理的党委（工委）组织。"
ANNUAL_OBJECTION_MESSAGE = "只有参加年终总评的组织的党务管理员可以对本组织的结果提出异议。"


def _annual_of(obj):
    """The evaluation of an evaluation, its publicity or an objection to it."""
    if obj is None:
        return None
    if hasattr(obj, "publicity_id"):
        obj = obj.publicity
    return obj.evaluation if hasattr(obj, "evaluation_id") else obj


@rules.predicate
def administers_annual_committee(user, org):
    """党务管理员 over a committee (a branch runs no annual evaluation of its own)."""
    return (
        org is not None
        and getattr(org, "kind", "") in SCHEME_ORG_KINDS
        and scope.under(org.path, scope.admin_paths(user))
    )


@rules.predicate
def manages_annual(user, obj):
    evaluation = _annual_of(obj)
    return evaluation is not None and scope.under(evaluation.org.path, scope.admin_paths(user))


@rules.predicate
def administers_annual_target(user, obj):
    """党务管理员 of an organisation with a result in the evaluation (or of a unit above it, below the committee)."""
    from .models_annual import AnnualResult

    evaluation = _annual_of(obj)
    if evaluation is None:
        return False
    top = evaluation.org.path
    paths = [p for p in scope.admin_paths(user) if len(p) > len(top) and p.startswith(top)]
    if not paths:
        return False
    orgs = AnnualResult.objects.filter(evaluation=evaluation).values_list("org__path", flat=True)
    return any(scope.under(path, paths) for path in orgs)


verb("assessments.add_annual", BUSINESS, (administers_annual_committee, ANNUAL_ADD_MESSAGE))
verb("assessments.manage_annual", BUSINESS, (manages_annual, ANNUAL_MESSAGE))
verb("assessments.answer_annual_objection", BUSINESS, (manages_annual, ANNUAL_MESSAGE))
verb("assessments.raise_annual_objection", BUSINESS, (administers_annual_target, ANNUAL_OBJECTION_MESSAGE))


def annual_committees(user):
    """The committees the user may run a 年终总评 for (the create form's choices)."""
    from orgs.models import Organisation

    if scope.is_system_user(user):
        return Organisation.objects.none()
    return Organisation.objects.administered_by(user).filter(kind__in=SCHEME_ORG_KINDS).order_by("path")


# ---- mass ----
# 群众满意度测评 and 双评 群众评议: run by the 党务管理员 of a committee (or of a body above it); the votes come from
# the public page with one-time codes and need no account (assessments/mass.py).

MASS_ORG_KINDS = SCHEME_ORG_KINDS
MASS_MANAGE_MESSAGE = "只有组织该测评的党委（工委）党务管理员可以执行此操作。"
MASS_ADD_MESSAGE = "群众测评只能由您管理的党委（工委）组织。"


@rules.predicate
def administers_mass_committee(user, org):
    """A committee the user administers (with none: some committee — the 新建 button)."""
    if not user.is_authenticated:
        return False
    if org is None:
        return mass_orgs(user).exists()
    return org.kind in MASS_ORG_KINDS and scope.under(org.path, scope.admin_paths(user))


@rules.predicate
def manages_mass_survey(user, survey):
    survey = getattr(survey, "survey", survey)  # a subject or a code names its survey
    return survey is not None and user.is_authenticated and scope.under(survey.org.path, scope.admin_paths(user))


def mass_orgs(user):
    """The committees the user may run a survey for (the form's choices)."""
    from orgs.models import Organisation

    if scope.is_system_user(user):
        return Organisation.objects.none()
    return Organisation.objects.administered_by(user).filter(kind__in=MASS_ORG_KINDS)


# Asked with the committee (or none, for the 新建 button).
verb("assessments.add_mass_survey", BUSINESS, (administers_mass_committee, MASS_ADD_MESSAGE))
# On a survey (or one of its subjects): edit, subjects, codes and slips, open and close, its results.
verb("assessments.manage_mass_survey", BUSINESS, (manages_mass_survey, MASS_MANAGE_MESSAGE))

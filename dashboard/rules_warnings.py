"""Who may do what with the warnings and the monthly report: one verb per action (core.verbs).

Registered from DashboardConfig.ready() (under the warnings marker)."""

import rules

from accounts import scope
from accounts.permissions import SYSTEM_ROLE_REFUSED
from accounts.roles import ORG_ADMIN
from core.verbs import verb

COMMITTEE_KINDS = ("committee", "working_committee", "general_branch")
SETTINGS_MESSAGE = "只有该党委（工委、总支）的党务管理员可以设置预警规则。"
VIEW_MESSAGE = "只有该党组织的党务管理员可以查看其预警。"
REPORT_MESSAGE = "只有该党委（工委、总支）的党务管理员可以生成、批注和发布党建工作月报。"


@rules.predicate
def is_business_user(user):
    """Not a system account: the three system roles hold no business rights (三员分立)."""
    return user.is_authenticated and not scope.is_system_user(user)


BUSINESS = (is_business_user, SYSTEM_ROLE_REFUSED)


def _org(obj):
    return getattr(obj, "org", obj)


@rules.predicate
def administers_committee(user, obj):
    org = _org(obj)
    return org is not None and org.kind in COMMITTEE_KINDS and scope.under(org.path, scope.admin_paths(user))


@rules.predicate
def administers(user, obj):
    org = _org(obj)
    return org is not None and scope.under(org.path, scope.admin_paths(user))


verb("dashboard.set_warnings", BUSINESS, (administers_committee, SETTINGS_MESSAGE))
verb("dashboard.view_warnings", BUSINESS, (administers, VIEW_MESSAGE))
verb("dashboard.manage_report", BUSINESS, (administers_committee, REPORT_MESSAGE))


def may_view_warnings(user):
    """The sidebar's 预警: any 党务管理员 grant (cached: no query per page)."""
    return is_business_user(user) and bool(scope.admin_paths(user))


def may_manage_reports(user):
    return is_business_user(user) and any(
        a.org_id and a.org.kind in COMMITTEE_KINDS for a in scope.assignments(user) if a.role == ORG_ADMIN
    )


def may_read_reports(user):
    return is_business_user(user) and bool(scope.business_paths(user))

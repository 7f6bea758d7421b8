"""Who may do what with reminders: one verb per action (core.verbs)."""

import rules

from accounts import scope
from accounts.permissions import SYSTEM_ROLE_REFUSED
from core.verbs import verb

PERSON_MESSAGE = "您的账号未关联人员信息，无法接收提醒，请联系系统管理员。"
ROBOT_MESSAGE = "只有该党组织的党务管理员可以设置群机器人。"
LOG_MESSAGE = "只有党务管理员可以查看其所管理党组织的提醒投递记录。"


@rules.predicate
def is_business_user(user):
    """A business grant somewhere (a member grant over her branch counts): the 三员 have none (三员分立)."""
    return user.is_authenticated and not scope.is_system_user(user) and bool(scope.business_paths(user))


@rules.predicate
def is_not_system_user(user):
    return user.is_authenticated and not scope.is_system_user(user)


@rules.predicate
def has_person(user):
    return bool(getattr(user, "person_id", None))


@rules.predicate
def administers(user, org):
    return org is not None and scope.under(org.path, scope.admin_paths(user))


@rules.predicate
def administers_anywhere(user):
    return bool(scope.admin_paths(user))


BUSINESS = (is_not_system_user, SYSTEM_ROLE_REFUSED)

verb(
    "notices.read_messages",
    BUSINESS,
    (is_business_user, "您的账号尚未获授业务角色，请联系安全管理员。"),
    (has_person, PERSON_MESSAGE),
)
verb(
    "notices.set_reminder_preferences",
    BUSINESS,
    (is_business_user, "您的账号尚未获授业务角色，请联系安全管理员。"),
    (has_person, PERSON_MESSAGE),
)
verb("notices.set_robots", BUSINESS, (administers, ROBOT_MESSAGE))
verb("notices.read_deliveries", BUSINESS, (administers_anywhere, LOG_MESSAGE))


def may_read_messages(user):
    """The sidebar's 我的消息 and 提醒设置 (the grants are cached: no query per page)."""
    return bool(is_business_user(user) and has_person(user))


def may_admin(user):
    """The sidebar's 群机器人设置 and 提醒投递记录."""
    return bool(is_not_system_user(user) and administers_anywhere(user))

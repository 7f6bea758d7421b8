"""Who may do what with 党建动态: one rule per verb (core.verbs). Imported by NoticesConfig.ready() (the notices
part owns notices/rules.py); pages, the API and templates ask these verbs, never a role.

* write (写动态): the 党务管理员 of a 党支部 or 党总支 (or of an organisation above it) for that organisation;
* edit and submit: the 党务管理员 of the item's organisation or above, while it is a draft, returned or withdrawn;
* review (通过并发布 / 退回修改): a 党务管理员 of an organisation ABOVE the item's (the committee over the
  branch), never its author;
* withdraw (撤稿): a 党务管理员 of the item's organisation or above.
The system roles hold no business rights (三员分立).
"""

import rules

from accounts import scope
from accounts.permissions import SYSTEM_ROLE_REFUSED, has_business
from accounts.roles import ORG_ADMIN
from core.verbs import verb

# Organisations that write news: branches (and general branches), each with a committee above to review it.
WRITER_KINDS = ("branch", "general_branch")
REVIEWER_KINDS = ("committee", "working_committee", "general_branch")
MANAGE_MESSAGE = "只有本组织或上级党组织的党务管理员可以编辑党建动态。"
REVIEW_MESSAGE = "党建动态由上级党组织的党务管理员审核。"


@rules.predicate
def not_system_user(user):
    return not scope.is_system_user(user)


def _org(obj):
    return getattr(obj, "org", obj)


@rules.predicate
def writes_for(user, org):
    """党务管理员 of a writing organisation (with none: of some organisation that has one below or is one)."""
    if not user.is_authenticated:
        return False
    paths = scope.admin_paths(user)
    if org is None:
        return any(a.role == ORG_ADMIN and a.org_id and a.org.kind != "group" for a in scope.assignments(user))
    return org.kind in WRITER_KINDS and org.depth > 1 and scope.under(org.path, paths)


@rules.predicate
def administers_item(user, item):
    return item is not None and user.is_authenticated and scope.under(_org(item).path, scope.admin_paths(user))


def reviewer_paths(user):
    """The subtrees whose items' reviews the user answers for: her 党务管理员 subtrees (items strictly below)."""
    if not user.is_authenticated or scope.is_system_user(user):
        return []
    return scope.admin_paths(user)


@rules.predicate
def reviews_above(user, item):
    """党务管理员 of an organisation strictly above the item's (the branch's own admins do not approve it)."""
    if item is None:  # "some item": she administers an organisation that has writers below it
        return not scope.is_system_user(user) and any(
            a.role == ORG_ADMIN and a.org_id and a.org.kind in REVIEWER_KINDS for a in scope.assignments(user)
        )
    path = _org(item).path
    return any(path.startswith(p) and len(p) < len(path) for p in reviewer_paths(user))


@rules.predicate
def not_author(user, item):
    return item is None or item.author_id != user.pk


NOT_SYSTEM = (not_system_user, SYSTEM_ROLE_REFUSED)

verb("notices.read_news", NOT_SYSTEM, (has_business, "您的账号尚未获授业务角色，请联系安全管理员。"))
verb("notices.write_news", NOT_SYSTEM, (writes_for, "只有党支部（党总支）及其上级党组织的党务管理员可以撰写党建动态。"))
verb("notices.edit_news", NOT_SYSTEM, (administers_item, MANAGE_MESSAGE))
verb("notices.review_news", NOT_SYSTEM, (reviews_above, REVIEW_MESSAGE), (not_author, "不能审核本人撰写的党建动态。"))
verb("notices.withdraw_news", NOT_SYSTEM, (administers_item, "只有本组织或上级党组织的党务管理员可以撤稿。"))


# ---- the sidebar's entries (core.modules.NavEntry.visible) ---------------------------------------------


def may_read(user):
    return verb_allows("notices.read_news", user)


def may_write(user):
    return verb_allows("notices.write_news", user)


def may_review(user):
    return verb_allows("notices.review_news", user)


def verb_allows(name, user, obj=None):
    from core.verbs import why_not

    return why_not(name, user, obj) is None


def writer_orgs(user):
    """Organisations the user may write news for (the form's choices)."""
    from core.models import path_q
    from orgs.models import Organisation

    if not user.is_authenticated or scope.is_system_user(user):
        return Organisation.objects.none()
    return Organisation.objects.filter(path_q("path", scope.admin_paths(user)), kind__in=WRITER_KINDS, depth__gt=1)


def portal_root(user):
    """The top of the user's own tree, whose 党建网 page the news page links to."""
    from orgs.models import Organisation

    paths = scope.business_paths(user)
    if not paths:
        return None
    return Organisation.objects.filter(path=paths[0][: Organisation.steplen]).first()

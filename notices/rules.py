"""Who may do what in 通知公告 and the app's other parts: one verb per action (core.verbs)."""

import rules

from accounts import scope
from accounts.permissions import SYSTEM_ROLE_REFUSED
from core.verbs import verb


@rules.predicate
def is_business_user(user):
    """Not a system account: the three system roles hold no business rights (三员分立)."""
    return user.is_authenticated and not scope.is_system_user(user)


BUSINESS = (is_business_user, SYSTEM_ROLE_REFUSED)


# ---- notices ----
PUBLISH_MESSAGE = "只有该党组织（或其上级）的党务管理员可以向其发布通知。"


def _org(obj):
    """The organisation a notice verb is asked of: a notice's, or an organisation itself."""
    return getattr(obj, "org", obj) if obj is not None else None


@rules.predicate
def administers_notice_org(user, obj):
    """党务管理员 over the organisation (a committee or a branch; a 党小组 publishes nothing of its own)."""
    org = _org(obj)
    return org is not None and org.kind != "group" and scope.under(org.path, scope.admin_paths(user))


@rules.predicate
def is_recipient(user, notice):
    from .models_notices import Recipient

    if notice is None or not user.person_id or not scope.business_paths(user):
        return False
    cache = getattr(notice, "_recipient_of", None)
    if cache is None or cache[0] != user.pk:
        cache = (user.pk, Recipient.objects.filter(notice=notice, person_id=user.person_id).exists())
        notice._recipient_of = cache
    return cache[1]


verb("notices.publish", BUSINESS, (administers_notice_org, PUBLISH_MESSAGE))


@rules.predicate
def follows_receipts(user, notice):
    """The publisher's 党务管理员 (all receipts), or one of an organisation below it once the notice is out (the
    receipts of her subtree)."""
    if notice is None:
        return False
    paths = scope.admin_paths(user)
    if administers_notice_org(user, notice):
        return True
    return notice.state != "draft" and any(p.startswith(notice.org.path) for p in paths)


verb(
    "notices.read_receipts",
    BUSINESS,
    (follows_receipts, "只有发布通知的党组织及其下级党组织的党务管理员可以查看签收情况。"),
)
verb("notices.sign", BUSINESS, (is_recipient, "该通知没有发给您，无需签收。"))


def notice_orgs(user):
    """The organisations the user may publish notices of (the form's choices): those she administers."""
    from orgs.models import Organisation

    if scope.is_system_user(user):
        return Organisation.objects.none()
    return Organisation.objects.administered_by(user).exclude(kind="group")


def may_publish(user):
    """The sidebar's 发布通知: a 党务管理员 grant (cached grants: no query per page)."""
    return is_business_user(user) and bool(scope.admin_paths(user))


def may_read(user):
    """The sidebar's 通知公告: a business user who can receive (a linked person) or publish."""
    return is_business_user(user) and (bool(user.person_id) or bool(scope.admin_paths(user)))


# ---- news ----
# ---- reminders ----

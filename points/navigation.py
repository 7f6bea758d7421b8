"""Who the 积分管理 sidebar entries are offered to (declared in PointsConfig.navigation)."""

from .choices import REVIEWER_ROLES


def holds_a_review_level(user):
    return bool(user.role_codes() & REVIEWER_ROLES)


def sees_a_scheme(user):
    from .models import Scheme

    return Scheme.objects.visible_to(user).exists()


def has_a_person(user):
    return bool(user.person_id)

"""Who the 积分管理 sidebar entries are offered to (declared in PointsConfig.navigation)."""


def holds_a_review_level(user):
    from .rules import reviewer_levels

    return bool(reviewer_levels(user))


def sees_a_scheme(user):
    from .models import Scheme

    return Scheme.objects.visible_to(user).exists()


def has_a_person(user):
    return bool(user.person_id)

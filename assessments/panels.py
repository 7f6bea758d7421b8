"""What 考核评星 shows on other modules' pages: each part's panels, in one contribution per extension point."""

from . import views_annual, views_awards, views_mass, views_results


def org_panels(user, org):
    """星级评定 (results: stars, radar, trend), 年终总评 (annual), 表彰荣誉 (awards) and 群众评议 (mass: 双评) on the
    organisation's page."""
    return [
        views_results.org_panel(user, org),
        views_annual.org_panel(user, org),
        views_awards.org_panel(user, org),
        views_mass.org_panel(user, org),
    ]


def person_panels(user, person):
    """所获表彰 (awards) and 明星党员群众评议 (mass: 双评) on the person's page."""
    return [views_awards.person_panel(user, person), views_mass.person_panel(user, person)]

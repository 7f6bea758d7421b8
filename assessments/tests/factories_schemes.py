"""Schemes for the tests: a committee's scheme through the API's action, with items adding up to what you ask."""

from assessments import actions_schemes as actions

STARS = [{"stars": 5, "min": 90}, {"stars": 4, "min": 80}, {"stars": 3, "min": 70}, {"stars": 2, "min": 60},
         {"stars": 1, "min": 0}]  # fmt: skip


def make_scheme(world, *, name="“六考一评”考核方案", year=2026, by=None, stars=STARS):
    return actions.create_scheme(
        by=by or world.users["committee_admin"],
        data={"org": world.committee.pk, "year": year, "name": name, "stars": stars},
    )


def add_items(scheme, world, points, *, category="党建", by=None, **extra):
    """One item per value of `points` (名称 项目1, 项目2 …) in `category`."""
    by = by or world.users["committee_admin"]
    start = scheme.items.count()
    return [
        actions.add_item(
            scheme,
            by=by,
            data={
                "category": category,
                "name": f"项目{start + n}",
                "max_points": str(p),
                "method": "documents",
                **extra,
            },
        )
        for n, p in enumerate(points, start=1)
    ]


def open_round(scheme, world, state="selfcheck"):
    """A round of the scheme past its draft state (the rounds part's workflow opens it; here its row alone)."""
    import datetime

    from assessments.models import Round

    r = Round.objects.create(
        scheme=scheme,
        period=f"{scheme.year}Q1",
        title=f"{scheme.year}年第一季度考核",
        starts=datetime.date(scheme.year, 1, 1),
        ends=datetime.date(scheme.year, 3, 31),
        state=state,
    )
    r.targets.add(world.branch_a)
    return r

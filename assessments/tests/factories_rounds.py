"""Builders for the rounds part's tests: a small scheme made directly of rows (the schemes part's API is built
in parallel), 考核组成员 accounts, and rounds brought to a stage through the actions."""

from decimal import Decimal

from core.testing import make_person, make_user

from .. import actions_rounds as actions
from ..models import Category, Item, Scheme

# (category, item, max points, method): adds up to 100.
ITEMS = [
    ("党建", "三会一课落实情况", "40", "documents"),
    ("党建", "主题党日开展情况", "30", "site"),
    ("宣传", "信息报送", "30", "report"),
]


def make_scheme(world, *, org=None, items=ITEMS, year=2026, name="“六考一评”考核方案"):
    scheme = Scheme.objects.create(org=org or world.committee, year=year, name=name)
    categories = {}
    for n, (cat, item, points, method) in enumerate(items):
        if cat not in categories:
            categories[cat] = Category.objects.create(scheme=scheme, name=cat, position=len(categories))
        Item.objects.create(
            scheme=scheme, category=categories[cat], name=item, max_points=Decimal(points), method=method, position=n
        )
    return scheme


def make_assessor(world, username, name, *, org=None, seq=30):
    person = make_person(org or world.committee, name, seq=seq)
    user = make_user(username, person=person, roles=[("assessor", org or world.committee)])
    world.users[username] = user
    return user


def make_round(world, scheme, *, state="draft", period="2026Q1", targets=None, assessors=(), by=None):
    by = by or world.users["committee_admin"]
    targets = targets if targets is not None else [world.branch_a, world.branch_b]
    r = actions.create_round(
        scheme,
        by=by,
        data={
            "kind": "quarter",
            "period": period,
            "targets": [o.pk for o in targets],
            "assessors": [u.pk for u in assessors],
        },
    )
    steps = {
        "selfcheck": ["open"],
        "scoring": ["open", "start_scoring"],
        "review": ["open", "start_scoring", "finish_scoring"],
    }
    for name in steps.get(state, []):
        r = actions.transition_round(r, name, by=by)
    return r


def items_of(scheme):
    return list(scheme.items.order_by("position"))

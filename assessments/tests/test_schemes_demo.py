"""The demo's 六考一评 scheme: 67 items in 6 categories adding up to 100, one veto item, three measured items."""

import pytest

from assessments import demo_schemes
from assessments.completeness import total_problem

pytestmark = pytest.mark.django_db


def test_the_demo_scheme(world):
    scheme = demo_schemes.build(
        {"users": {"committee": world.users["committee_admin"]}, "committee": world.committee, "year": 2026}
    )
    assert str(scheme) == "2026年“六考一评”考核方案"
    assert scheme.items.count() == 67 and scheme.categories.count() == 6 and total_problem(scheme) is None
    assert list(scheme.items.filter(veto=True).values_list("name", "veto_cap")) == [("安全生产", 2)]
    assert scheme.items.exclude(source="").count() == 3
    assert [(t.stars, int(t.min)) for t in scheme.thresholds.order_by("-stars")] == [
        (5, 90), (4, 80), (3, 70), (2, 60), (1, 0)
    ]  # fmt: skip

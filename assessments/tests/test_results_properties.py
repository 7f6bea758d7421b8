"""Properties of the star rules over many random rounds (hypothesis): quotas are maxima applied by rank."""

from dataclasses import dataclass
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from assessments import results
from core.ranking import competition_ranks


@dataclass
class Threshold:
    stars: int
    min: Decimal


THRESHOLDS = [
    Threshold(5, Decimal(90)),
    Threshold(4, Decimal(80)),
    Threshold(3, Decimal(70)),
    Threshold(2, Decimal(60)),
]

scores = st.lists(st.integers(min_value=0, max_value=10000).map(lambda n: Decimal(n) / 100), min_size=1, max_size=30)
quotas = st.dictionaries(
    st.sampled_from(["5", "4", "3", "2"]),
    st.one_of(st.integers(min_value=0, max_value=8), st.integers(min_value=0, max_value=100).map(lambda p: f"{p}%")),
    max_size=4,
)


def outcomes_for(values, caps):
    out = []
    for i, (v, cap) in enumerate(zip(values, caps, strict=True)):
        earned = results.stars_for(v, THRESHOLDS)
        o = results.Outcome(org=i, score=v, stars=min(earned, cap), stars_uncapped=earned)
        out.append(o)
    for o, rank in zip(out, competition_ranks([o.score for o in out]), strict=True):
        o.rank = rank
    return out


@settings(max_examples=300, deadline=None)
@given(values=scores, quota=quotas, data=st.data())
def test_quotas_are_never_exceeded_and_follow_the_rank(values, quota, data):
    caps = data.draw(st.lists(st.sampled_from([5, 5, 5, 2]), min_size=len(values), max_size=len(values)))
    out = outcomes_for(values, caps)
    before = {o.org: o.stars for o in out}
    results.apply_quotas(out, quota, len(out))
    limits = {int(k): results.quota_limit(s, len(out)) for k, s in results.parse_quotas(quota).items()}
    for level, limit in limits.items():
        assert sum(1 for o in out if o.stars == level) <= limit
    for o in out:
        # A quota only lowers, by the levels it records, and never below zero.
        assert 0 <= o.stars == before[o.org] - o.demoted_by_quota <= o.stars_uncapped
    # By rank: a better-ranked organisation that started at the same level never ends lower.
    for a in out:
        for b in out:
            if before[a.org] == before[b.org] and a.rank < b.rank:
                assert a.stars >= b.stars

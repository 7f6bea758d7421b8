from decimal import Decimal

from core.ranking import competition_ranks, ranked


def test_ties_share_a_rank_and_the_next_rank_skips():
    assert competition_ranks([Decimal("90.5"), Decimal("88"), Decimal("90.5"), Decimal("70")]) == [1, 3, 1, 4]
    assert competition_ranks([5, 5, 5]) == [1, 1, 1]
    assert competition_ranks([]) == []
    assert competition_ranks([3, 1, 2], descending=False) == [3, 1, 2]


def test_ranked_is_best_first_and_stable_within_a_tie():
    rows = [("乙支部", 80), ("甲支部", 95), ("丙支部", 80), ("丁支部", 60)]
    assert ranked(rows, key=lambda r: r[1]) == [
        (1, ("甲支部", 95)),
        (2, ("乙支部", 80)),
        (2, ("丙支部", 80)),
        (4, ("丁支部", 60)),
    ]

"""Ranks where ties share (competition ranking, 1 2 2 4): a subject's rank is 1 + the number ranked strictly above.

The one rule for every ranking the platform shows: assessment results rank with `competition_ranks` in Python;
points rankings compute the same rule in SQL for speed (points/rankings.py), and a test holds the two together.
"""

from collections.abc import Callable, Iterable, Sequence
from typing import Any, TypeVar

T = TypeVar("T")


def competition_ranks(values: Sequence[Any], *, descending: bool = True) -> list[int]:
    """The rank of each value in `values` (in the given order): equal values share, the next rank skips."""
    order = sorted(range(len(values)), key=lambda i: values[i], reverse=descending)
    ranks = [0] * len(values)
    for position, i in enumerate(order):
        if position and values[i] == values[order[position - 1]]:
            ranks[i] = ranks[order[position - 1]]
        else:
            ranks[i] = position + 1
    return ranks


def ranked(items: Iterable[T], key: Callable[[T], Any], *, descending: bool = True) -> list[tuple[int, T]]:
    """(rank, item) pairs best first; ties keep the items' given order (stable) and share the rank."""
    items = list(items)
    ranks = competition_ranks([key(x) for x in items], descending=descending)
    return sorted(zip(ranks, items, strict=True), key=lambda pair: pair[0])

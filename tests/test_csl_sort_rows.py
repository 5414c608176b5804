"""The bibliography sort by key columns gives the order of the pairwise comparison."""

from __future__ import annotations

import functools
import random

import pytest

from citekit.csl.processor import _MixedKeys, _row_comparison, _sort_rows


def _by_comparison(rows, descending):
    return sorted(rows, key=functools.cmp_to_key(_row_comparison(descending)))


class _Counting(list):
    """Key values that record which were asked for."""

    def __init__(self, values, asked):
        super().__init__(values)
        self.asked = asked

    def __getitem__(self, i):
        self.asked.add(i)
        return super().__getitem__(i)


@pytest.mark.parametrize("seed", range(40))
def test_same_order_as_the_comparison(seed):
    rnd = random.Random(seed)
    width = rnd.randint(1, 4)
    descending = [rnd.random() < 0.4 for _ in range(width)]
    pools = [rnd.choice([["a", "b", "B", "ab", ""], [1, 2, 3, 10], ["0001", "0002"]])
             for _ in range(width)]
    rows = []
    for n in range(rnd.randint(0, 60)):
        values = [None if rnd.random() < 0.2 else rnd.choice(pool) for pool in pools]
        rows.append((f"id{n}", values, n))
    assert _sort_rows(list(rows), descending) == _by_comparison(rows, descending)


def test_a_key_is_computed_only_for_rows_that_tie_before_it():
    asked = [set() for _ in range(3)]
    rows = [("a", _Counting(["x", 1, 1], asked[0]), 0), ("b", _Counting(["y", 1, 2], asked[1]), 1),
            ("c", _Counting(["y", 1, 1], asked[2]), 2)]
    assert [r[0] for r in _sort_rows(rows, [False, False, False])] == ["a", "c", "b"]
    assert asked == [{0}, {0, 1, 2}, {0, 1, 2}]


def test_values_of_two_types_in_one_tie_are_left_to_the_comparison():
    rows = [("a", ["x", 2], 0), ("b", ["x", "2a"], 1), ("c", ["y", 3], 2)]
    with pytest.raises(_MixedKeys):
        _sort_rows(rows, [False, False])
    # two types that never meet in a tie are fine
    rows = [("a", ["x", 2], 0), ("b", ["y", "2a"], 1)]
    assert [r[0] for r in _sort_rows(rows, [False, False])] == ["a", "b"]

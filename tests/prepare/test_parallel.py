import functools
import operator
import os

import pytest

from calligan.prepare.parallel import ordered_map, worker_count
from calligan.errors import CalliganError


def test_pool_keeps_input_order_and_matches_in_process():
    fn = functools.partial(operator.mul, 3)
    items = list(range(200))
    assert list(ordered_map(fn, items, workers=2, chunk=7)) == [3 * i for i in items]
    assert list(ordered_map(fn, items, workers=1)) == [3 * i for i in items]


def test_input_is_read_only_a_bounded_distance_ahead():
    consumed = []

    def items():
        for i in range(1000):
            consumed.append(i)
            yield i

    results = ordered_map(abs, items(), workers=2, chunk=10)
    first = next(results)
    assert first == 0
    assert len(consumed) <= 2 * 2 * 10 + 10  # two chunks per worker in flight, one being cut
    assert sum(1 for _ in results) == 999


def test_zero_workers_means_all_cores():
    assert worker_count(0) >= 1 and worker_count(3) == 3


def test_a_worker_that_dies_is_one_clear_error_not_a_hang():
    with pytest.raises(CalliganError, match="worker process died.*prepare.workers=1"):
        list(ordered_map(os._exit, [3] * 20, workers=2, chunk=4))  # the worker exits, as one killed for memory would

"""pass@k: the unbiased estimator against brute-force enumeration, and the funnel's definitions."""

from __future__ import annotations

import itertools
from math import comb

import pytest

from hip_coding.evaluation.metrics import estimate_pass_at_k, funnel, summarize
from hip_coding.execution.status import Status

P, F, C, R, T = Status.PASSED, Status.FAILED, Status.COMPILE_ERROR, Status.RUNTIME_ERROR, Status.TIMEOUT


def brute_force(n: int, c: int, k: int) -> float:
    """The share of k-subsets of n samples (c correct) that contain at least one correct sample."""
    samples = [True] * c + [False] * (n - c)
    subsets = list(itertools.combinations(range(n), k))
    return sum(any(samples[i] for i in subset) for subset in subsets) / len(subsets)


@pytest.mark.parametrize("n,c,k", [(1, 0, 1), (1, 1, 1), (5, 2, 1), (5, 2, 3), (10, 3, 5), (10, 0, 10), (7, 7, 2)])
def test_estimator_matches_enumeration(n, c, k):
    assert estimate_pass_at_k(n, c, k) == pytest.approx(brute_force(n, c, k))
    assert estimate_pass_at_k(n, c, k) == pytest.approx(1 - comb(n - c, k) / comb(n, k))


def test_funnel_stages_nest():
    statuses = {"a": [P, F, C, R], "b": [T, T, P, P]}
    got = funnel(statuses, ks=(1,))
    # build: a 3/4 (compile_error fails), b 4/4; run: a 2/4, b 2/4; pass: a 1/4, b 2/4
    assert got == {"build@1": pytest.approx(0.875), "run@1": pytest.approx(0.5), "pass@1": pytest.approx(0.375)}


def test_tasks_with_fewer_than_k_samples_are_left_out_of_pass_at_k():
    got = funnel({"a": [P], "b": [F, F, P, P, F]}, ks=(1, 5))
    assert got["pass@5"] == 1.0  # only task b has 5 samples, and it has a correct one
    assert got["pass@1"] == pytest.approx((1.0 + 0.4) / 2)


def test_summary_breakdowns_and_counts():
    results = [("hip/x/a", P), ("hip/x/a", F), ("cuda/y/b", T)]
    groups = {"hip/x/a": {"category": "x", "language": "hip"}, "cuda/y/b": {"category": "y", "language": "cuda"}}
    summary = summarize(results, groups)
    assert summary.breakdowns["category"]["x"]["pass@1"] == pytest.approx(0.5)
    assert summary.breakdowns["language"]["cuda"]["pass@1"] == 0.0
    assert summary.status_counts["timeout"] == 1
    assert summary.status_counts["failed"] == 1
    assert summary.samples == 3 and summary.tasks == 2
    assert summary.metric("pass@1") == pytest.approx(0.25) and summary.metric("pass@5") is None
    # The JSON form `evaluate` prints: metrics at top level, one `by_<key>` per breakdown.
    as_json = summary.to_dict()
    assert as_json["by_category"] == summary.breakdowns["category"] and as_json["pass@1"] == summary.metric("pass@1")
    assert list(as_json) == ["tasks", "samples", "build@1", "run@1", "pass@1", "by_category", "by_language",
                             "status_counts"]  # fmt: skip

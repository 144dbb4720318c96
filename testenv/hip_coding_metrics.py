"""Ianvs metrics of the hip-coding benchmark: build_at_1, run_at_1, pass_at_1, pass_at_k, pass_at_1 of
each task level (pass_at_1_level_1 single operations, _2 fused chains, _3 multi-kernel algorithms), and with
`perf: true` in the testenv's hip_coding block, fast_1 and speedup_geomean (docs/perf.md).

A thin edge: each function is `(y_true, y_pred) -> float` as Ianvs calls it, and all logic lives in
hip_coding.ianvs.metrics (the first metric of a test case evaluates, the others reuse the result).
The file name is unique on purpose: Ianvs caches plugin modules by bare file name.
"""

from hip_coding.ianvs.class_factory import ClassFactory, ClassType
from hip_coding.ianvs.metrics import group_metric, metric, perf_metric

__all__ = [
    "build_at_1",
    "fast_1",
    "pass_at_1",
    "pass_at_1_level_1",
    "pass_at_1_level_2",
    "pass_at_1_level_3",
    "pass_at_k",
    "run_at_1",
    "speedup_geomean",
]


@ClassFactory.register(ClassType.GENERAL, alias="build_at_1")
def build_at_1(y_true, y_pred):
    """Share of tasks whose first sample compiles (unbiased estimator, averaged over tasks)."""
    return metric("build@1", y_true, y_pred)


@ClassFactory.register(ClassType.GENERAL, alias="run_at_1")
def run_at_1(y_true, y_pred):
    """Share of tasks whose first sample compiles and runs to completion."""
    return metric("run@1", y_true, y_pred)


@ClassFactory.register(ClassType.GENERAL, alias="pass_at_1")
def pass_at_1(y_true, y_pred):
    """Share of tasks whose first sample passes every hidden test."""
    return metric("pass@1", y_true, y_pred)


@ClassFactory.register(ClassType.GENERAL, alias="pass_at_k")
def pass_at_k(y_true, y_pred):
    """pass@k for the testenv's `hip_coding.k` (needs at least k samples per task)."""
    return metric("pass@k", y_true, y_pred)


@ClassFactory.register(ClassType.GENERAL, alias="pass_at_1_level_1")
def pass_at_1_level_1(y_true, y_pred):
    """pass@1 over the level-1 tasks (single operations); empty when the test case has none."""
    return group_metric("level", "1", "pass@1", y_true, y_pred)


@ClassFactory.register(ClassType.GENERAL, alias="pass_at_1_level_2")
def pass_at_1_level_2(y_true, y_pred):
    """pass@1 over the level-2 tasks (fused chains); empty when the test case has none."""
    return group_metric("level", "2", "pass@1", y_true, y_pred)


@ClassFactory.register(ClassType.GENERAL, alias="pass_at_1_level_3")
def pass_at_1_level_3(y_true, y_pred):
    """pass@1 over the level-3 tasks (multi-kernel algorithms and workloads); empty when the test case has none."""
    return group_metric("level", "3", "pass@1", y_true, y_pred)


@ClassFactory.register(ClassType.GENERAL, alias="fast_1")
def fast_1(y_true, y_pred):
    """Share of samples that pass and are faster than the reference (speedup > 1); needs `perf: true`."""
    return perf_metric("fast_1", y_true, y_pred)


@ClassFactory.register(ClassType.GENERAL, alias="speedup_geomean")
def speedup_geomean(y_true, y_pred):
    """Geometric mean of reference time / solution time over the timed passed samples; needs `perf: true`."""
    return perf_metric("speedup_geomean", y_true, y_pred)

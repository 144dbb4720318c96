"""fast_p and the speedup summary over a set of samples, with breakdowns (docs/perf.md).

Input is plain: one `(group labels, Perf | None)` pair per sample, None for a sample that did not pass
(or passed but could not be timed). The evaluation summary calls `perf_summary` once it has attached a
`Perf` to each passed sample.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from hip_coding.perf.result import Perf, fast_p, speedup_geomean

P_VALUES = (0.0, 1.0, 2.0)


def _metrics(perfs: Sequence[Perf | None]) -> dict[str, float | None]:
    speedups = [p.speedup if p is not None else None for p in perfs]
    out: dict[str, float | None] = {f"fast_{int(p)}": round(fast_p(speedups, p), 4) for p in P_VALUES}
    geomean = speedup_geomean([s for s in speedups if s is not None])
    out["speedup_geomean"] = None if geomean is None else round(geomean, 4)
    out["suspicious"] = float(sum(1 for p in perfs if p is not None and p.suspicious))
    return out


def perf_summary(samples: Sequence[tuple[Mapping[str, str], Perf | None]]) -> dict[str, object]:
    """fast_0 (= pass rate), fast_1, fast_2, speedup_geomean and the suspicious count, overall and per group.

    speedup_geomean is None (null) where no sample passed and was timed.

    Each sample brings its group labels (e.g. {"category": "reduction", "level": "1"}); the kinds of the
    figures are reported too, so an estimated summary never passes for a measured one.
    """
    perfs = [perf for _, perf in samples]
    summary: dict[str, object] = dict(_metrics(perfs))
    summary["kinds"] = sorted({p.kind for p in perfs if p is not None})
    summary["devices"] = sorted({p.device for p in perfs if p is not None})
    by: dict[str, dict[str, list[Perf | None]]] = {}
    for labels, perf in samples:
        for key, value in labels.items():
            by.setdefault(key, {}).setdefault(value, []).append(perf)
    for key, groups in by.items():
        summary[f"by_{key}"] = {value: _metrics(group) for value, group in sorted(groups.items())}
    return summary

"""The `perf` entry of a result: one frozen record whatever the path that produced it (docs/perf.md)."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Literal

#: Above this speedup a result is flagged for review, never counted silently (docs/perf.md).
SUSPICIOUS_SPEEDUP = 10.0
#: fast_p counts a speedup above p only beyond this relative margin: within it the two are a tie. Two profiles of
#: the same kernel differ in the last digits (1.0001x), and GPU timings by a percent or more (docs/perf.md).
TIE_MARGIN = 0.01

Kind = Literal["measured", "estimated", "measured-cpu"]


@dataclass(frozen=True)
class Perf:
    """How fast a passed solution is against its task's reference, and how that was found out.

    `kind` says what the milliseconds are: `measured` on a GPU with device events, `measured-cpu` the
    same protocol run on the cpu runtime (no GPU figure), `estimated` the analytic model on a named device.
    """

    backend: str
    kind: Kind
    device: str
    ms: float
    ref_ms: float
    spread: float = 0.0  # measured kinds: (p90 - p10) / median of the candidate's trials
    profile: dict[str, float] = field(default_factory=dict)  # estimated kind: the candidate's counters
    bound: str = ""  # estimated kind: the roofline term that decides most of the time

    @property
    def speedup(self) -> float:
        """Reference time / candidate time: above 1 the candidate is faster."""
        return self.ref_ms / self.ms if self.ms > 0 else 0.0

    @property
    def suspicious(self) -> bool:
        return self.speedup > SUSPICIOUS_SPEEDUP

    def to_dict(self) -> dict[str, Any]:
        """The frozen `perf` dict of a result line."""
        out: dict[str, Any] = {
            "backend": self.backend, "kind": self.kind, "device": self.device, "ms": round(self.ms, 6),
            "ref_ms": round(self.ref_ms, 6), "speedup": round(self.speedup, 4), "suspicious": self.suspicious,
        }  # fmt: skip
        if self.kind != "estimated":
            out["spread"] = round(self.spread, 4)
        if self.profile:
            out["profile"] = dict(self.profile)
        if self.bound:
            out["bound"] = self.bound
        return out

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> Perf:
        """The inverse of `to_dict` (a result line read back); `speedup` and `suspicious` are derived again."""
        profile = raw.get("profile")
        return cls(
            backend=str(raw["backend"]), kind=raw["kind"], device=str(raw["device"]), ms=float(raw["ms"]),
            ref_ms=float(raw["ref_ms"]), spread=float(raw.get("spread", 0.0)),
            profile={str(k): float(v) for k, v in profile.items()} if isinstance(profile, dict) else {},
            bound=str(raw.get("bound", "")),
        )  # fmt: skip

    @property
    def label(self) -> str:
        """What the figures are, as every report shows them: "estimated (h100-sxm)", "measured (cuda)"."""
        return f"{self.kind} ({self.device})"


def fast_p(speedups: list[float | None], p: float) -> float:
    """Share of samples that passed AND are faster than the reference by more than `p` (KernelBench's fast_p).

    `speedups` has one entry per sample, None for a sample that did not pass; fast_0 is the pass rate. A speedup
    within TIE_MARGIN of p does not count: the same kernel as the reference is not faster than it.
    """
    if not speedups:
        return 0.0
    return sum(1 for s in speedups if s is not None and (s > p * (1 + TIE_MARGIN) if p > 0 else True)) / len(speedups)


def speedup_geomean(speedups: list[float]) -> float | None:
    """Geometric mean of the speedups of passed samples; None when there are none (no speed to average)."""
    positive = [s for s in speedups if s > 0]
    if not positive:
        return None
    return math.exp(sum(math.log(s) for s in positive) / len(positive))

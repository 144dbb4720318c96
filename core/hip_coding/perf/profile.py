"""Reading the memory-access profile the cpu runtime prints in profile mode (cpurt/profile.h, docs/perf.md)."""

from __future__ import annotations

import json
from dataclasses import dataclass, fields
from typing import Any

PREFIX = "CPURT-PROFILE"

#: Counters recorded in the sampled blocks only: scaled by blocks / sampled.
_SAMPLED = (
    "threads", "gld_req", "gld_sectors", "gld_bytes", "gst_req", "gst_sectors", "gst_bytes", "atom_req",
    "atom_ops", "atom_sectors", "atom_max_per_address", "shared_req", "shared_wavefronts", "shared_ideal",
    "shared_atom_ops", "barriers", "warp_barriers", "basic_blocks",
)  # fmt: skip


@dataclass(frozen=True)
class LaunchProfile:
    """One kernel launch, every counter scaled to the whole grid (see cpurt/profile.h for the raw ones).

    `gld`/`gst`/`atom`: global loads, stores and atomics, counted per warp request (`_req`), per distinct
    32-byte sector a request touches (`_sectors`, coalescing) and per byte the lanes asked for (`_bytes`).
    `shared_wavefronts` are the passes shared memory needs (bank conflicts replay), `shared_ideal` the passes
    without conflicts. `dram_*_bytes` are the unique sectors the launch read and wrote (all blocks, not sampled).
    """

    launch: int
    launches: int  # > 1 for the merged line of launches past the runtime's per-launch limit
    grid: tuple[int, int, int]
    block: tuple[int, int, int]
    warp_size: int
    blocks: int
    sampled: int
    threads: float
    gld_req: float
    gld_sectors: float
    gld_bytes: float
    gst_req: float
    gst_sectors: float
    gst_bytes: float
    atom_req: float
    atom_ops: float
    atom_sectors: float
    atom_addresses: int
    atom_max_per_address: float
    shared_req: float
    shared_wavefronts: float
    shared_ideal: float
    shared_atom_ops: float
    barriers: float  # thread arrivals at block barriers
    warp_barriers: float
    basic_blocks: float  # thread-level basic blocks executed (the compute proxy)
    dram_read_bytes: int
    dram_write_bytes: int

    @property
    def sectors_per_request(self) -> float:
        """Global load/store sectors per warp request: 4 for 32 coalesced floats, 32 for a 32-way scatter."""
        requests = self.gld_req + self.gst_req
        return (self.gld_sectors + self.gst_sectors) / requests if requests else 0.0

    @property
    def bank_conflicts(self) -> float:
        """Shared-memory passes beyond the conflict-free ones (replays)."""
        return self.shared_wavefronts - self.shared_ideal

    def counters(self) -> dict[str, float]:
        return {f.name: getattr(self, f.name) for f in fields(self) if f.name not in ("grid", "block")}


def _launch(payload: dict[str, Any]) -> LaunchProfile:
    blocks = int(payload["blocks"])
    sampled = int(payload["sampled"])
    scale = blocks / sampled if sampled else 0.0
    values: dict[str, Any] = {}
    for f in fields(LaunchProfile):
        value = payload.get(f.name, 0)
        if f.name in ("grid", "block"):
            values[f.name] = tuple(int(v) for v in value)
        elif f.name in _SAMPLED:
            values[f.name] = float(value) * scale
        else:
            values[f.name] = int(value)
    return LaunchProfile(**values)


def parse_profile(stderr: str, nonce: str) -> tuple[LaunchProfile, ...]:
    """The launches of one profiled run, in order; lines with another nonce are the program's chatter."""
    prefix = f"{PREFIX} {nonce} "
    launches = []
    for line in stderr.splitlines():
        if line.startswith(prefix):
            try:
                launches.append(_launch(json.loads(line[len(prefix) :])))
            except (ValueError, KeyError, TypeError):
                continue
    return tuple(sorted(launches, key=lambda p: p.launch))


def totals(launches: tuple[LaunchProfile, ...]) -> dict[str, float]:
    """The counters summed over launches (what a result's `perf.profile` shows), plus derived shares."""
    out: dict[str, float] = {"launches": float(sum(p.launches for p in launches))}
    for name in (*_SAMPLED, "dram_read_bytes", "dram_write_bytes"):
        out[name] = float(sum(getattr(p, name) for p in launches))
    out["atom_max_per_address"] = max((p.atom_max_per_address for p in launches), default=0.0)
    requests = out["gld_req"] + out["gst_req"]
    out["sectors_per_request"] = (out["gld_sectors"] + out["gst_sectors"]) / requests if requests else 0.0
    out["bank_conflicts"] = out["shared_wavefronts"] - out["shared_ideal"]
    return {key: round(value, 3) for key, value in out.items()}


__all__ = ["PREFIX", "LaunchProfile", "parse_profile", "totals"]

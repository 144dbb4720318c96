"""The analytic model: a launch profile -> an estimated time on a named GPU (docs/perf.md, "The model").

A roofline per launch: the launch takes as long as its slowest resource, plus the launch overhead.
Every term is (work) / (the device's published rate), with the grid's share of the device when the grid is
smaller than the device. Nothing here is measured; every number this module returns is *estimated*.
"""

from __future__ import annotations

from dataclasses import dataclass

from hip_coding.perf.devices import Device
from hip_coding.perf.profile import LaunchProfile

SECTOR_BYTES = 32
#: Machine instructions per thread-level basic block of device code (the compute proxy; docs/perf.md).
INSTRUCTIONS_PER_BASIC_BLOCK = 4.0
#: Basic blocks the cpu runtime itself runs per barrier or warp operation of a thread (measured on the
#: counters test's kernels: 34 to 38); they are the runtime's, not the kernel's, and are taken out.
RUNTIME_BASIC_BLOCKS_PER_SYNC = 34.0
#: Cycles a block barrier costs the warps of one SM (docs/perf.md).
BARRIER_CYCLES = 20.0
#: Same-address atomics a device completes per clock (serialised at one L2 slice; docs/perf.md).
SAME_ADDRESS_ATOMICS_PER_CLOCK = 1.0


@dataclass(frozen=True)
class LaunchEstimate:
    """The terms of one launch's roofline, in seconds; `seconds` is the largest plus the launch overhead."""

    dram: float
    l2: float
    shared: float
    issue: float
    atomics: float
    barriers: float
    overhead: float

    @property
    def seconds(self) -> float:
        return max(self.dram, self.l2, self.shared, self.issue, self.atomics, self.barriers) + self.overhead

    @property
    def bound(self) -> str:
        """The term that decides this launch's time."""
        terms = {
            "dram": self.dram, "l2": self.l2, "shared": self.shared, "issue": self.issue,
            "atomics": self.atomics, "barriers": self.barriers,
        }  # fmt: skip
        return max(terms, key=lambda k: terms[k])


def dram_bytes(p: LaunchProfile, device: Device) -> float:
    """Unique sectors read and written, plus re-reads that miss when the footprint exceeds the L2."""
    unique = p.dram_read_bytes + p.dram_write_bytes
    read_traffic = (p.gld_sectors + p.atom_sectors) * SECTOR_BYTES
    refetch = max(0.0, read_traffic - p.dram_read_bytes)
    miss = max(0.0, 1.0 - device.l2_bytes / unique) if unique else 0.0
    return unique + refetch * miss


def estimate_launch(p: LaunchProfile, device: Device) -> LaunchEstimate:
    """The roofline terms of one launch on `device` (formulas in docs/perf.md)."""
    # A grid of fewer blocks than SMs uses only part of the device (one block per SM at least).
    share = min(1.0, p.blocks / device.sm_count) if p.blocks else 1.0
    sms = device.sm_count * share
    clock = device.clock_hz
    l2_bytes = (p.gld_sectors + p.gst_sectors + p.atom_sectors) * SECTOR_BYTES
    kernel_blocks = max(0.0, p.basic_blocks - RUNTIME_BASIC_BLOCKS_PER_SYNC * (p.barriers + p.warp_barriers))
    warp_instructions = (
        kernel_blocks * INSTRUCTIONS_PER_BASIC_BLOCK / device.warp_size
        + p.gld_req + p.gst_req + p.atom_req + p.shared_req + p.warp_barriers / device.warp_size
    )  # fmt: skip
    block_barriers = p.barriers / max(1.0, p.threads / max(1, p.blocks))  # thread arrivals -> block barriers
    return LaunchEstimate(
        dram=dram_bytes(p, device) / (device.dram_bandwidth * share),
        l2=l2_bytes / (device.l2_bandwidth * share),
        shared=p.shared_wavefronts / (sms * clock),
        issue=warp_instructions / (sms * device.issue_per_sm_per_clock * clock),
        atomics=max(p.atom_max_per_address / (SAME_ADDRESS_ATOMICS_PER_CLOCK * clock), 0.0),
        barriers=block_barriers * BARRIER_CYCLES / (sms * clock),
        overhead=device.launch_overhead_s * p.launches,
    )


def estimate_seconds(launches: tuple[LaunchProfile, ...], device: Device) -> float:
    """The whole run's estimated time: launches run one after another."""
    return sum(estimate_launch(p, device).seconds for p in launches)

"""The GPUs the estimated model knows: published specifications from `devices.yaml` (docs/perf.md)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from hip_coding.errors import InputError

DEVICES_FILE = Path(__file__).with_name("devices.yaml")
DEFAULT_DEVICE = "h100-sxm"


@dataclass(frozen=True)
class Device:
    """One GPU's numbers, in SI units (bytes, bytes/s, Hz, seconds)."""

    key: str
    name: str
    vendor: str
    dram_bandwidth: float  # bytes/s
    l2_bytes: int
    l2_bandwidth: float  # bytes/s
    sm_count: int
    clock_hz: float
    fp32_lanes_per_sm: int
    issue_per_sm_per_clock: int
    warp_size: int
    shared_banks: int
    shared_bank_bytes: int
    shared_bytes_per_sm: int
    launch_overhead_s: float


@cache
def load_devices() -> dict[str, Device]:
    """Every device of `devices.yaml`, by its key (e.g. `h100-sxm`)."""
    raw = yaml.safe_load(DEVICES_FILE.read_text(encoding="utf-8"))["devices"]
    return {
        key: Device(
            key=key,
            name=spec["name"],
            vendor=spec["vendor"],
            dram_bandwidth=float(spec["dram_bandwidth_gbs"]) * 1e9,
            l2_bytes=int(spec["l2_bytes"]),
            l2_bandwidth=float(spec["l2_bandwidth_gbs"]) * 1e9,
            sm_count=int(spec["sm_count"]),
            clock_hz=float(spec["clock_mhz"]) * 1e6,
            fp32_lanes_per_sm=int(spec["fp32_lanes_per_sm"]),
            issue_per_sm_per_clock=int(spec["issue_per_sm_per_clock"]),
            warp_size=int(spec["warp_size"]),
            shared_banks=int(spec["shared_banks"]),
            shared_bank_bytes=int(spec["shared_bank_bytes"]),
            shared_bytes_per_sm=int(spec["shared_bytes_per_sm"]),
            launch_overhead_s=float(spec["launch_overhead_us"]) * 1e-6,
        )
        for key, spec in raw.items()
    }


def get_device(key: str) -> Device:
    """The device called `key`; an unknown name is the user's error and lists the known ones."""
    devices = load_devices()
    if key not in devices:
        raise InputError(f"unknown perf device {key!r}; known: {', '.join(sorted(devices))}")
    return devices[key]

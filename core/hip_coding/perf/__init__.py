"""Performance as a metric: measured on a GPU, estimated from the cpu runtime's access profile (docs/perf.md).

estimate(record, solution, device="h100-sxm") -> Perf   # kind "estimated", cpu backend, no GPU needed
Perf.to_dict()                                          # the frozen `perf` dict of a result line
"""

from hip_coding.perf.devices import DEFAULT_DEVICE, Device, get_device, load_devices
from hip_coding.perf.estimate import ProfileError, estimate, profile_program, profile_solution
from hip_coding.perf.measured import measure
from hip_coding.perf.result import SUSPICIOUS_SPEEDUP, Perf, fast_p, speedup_geomean

__all__ = [
    "DEFAULT_DEVICE", "SUSPICIOUS_SPEEDUP", "Device", "Perf", "ProfileError", "estimate", "fast_p", "get_device",
    "load_devices", "measure", "profile_program", "profile_solution", "speedup_geomean",
]  # fmt: skip

"""The device YAML, the model's bandwidth roofline, and the `perf` record (docs/perf.md)."""

from __future__ import annotations

from pathlib import Path

import pytest

from hip_coding.errors import InputError
from hip_coding.perf import Perf, fast_p, get_device, load_devices, profile_program, speedup_geomean
from hip_coding.perf.devices import DEVICES_FILE
from hip_coding.perf.model import estimate_launch
from hip_coding.perf.profile import LaunchProfile, parse_profile

N = 1 << 22
PROGRAM = rf"""
#include <cuda_runtime.h>
__global__ void copy(const float* x, float* y, int n) {{
  const int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) y[i] = x[i];
}}
__global__ void saxpy(int n, float a, const float* x, float* y) {{
  const int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) y[i] = a * x[i] + y[i];
}}
int main() {{
  float *x, *y;
  cudaMalloc(&x, {N} * sizeof(float));
  cudaMalloc(&y, {N} * sizeof(float));
  cudaMemset(x, 0, {N} * sizeof(float));
  cudaMemset(y, 0, {N} * sizeof(float));
  copy<<<{N} / 256, 256>>>(x, y, {N});
  saxpy<<<{N} / 256, 256>>>({N}, 2.0f, x, y);
  return cudaDeviceSynchronize() == cudaSuccess ? 0 : 1;
}}
"""


@pytest.fixture(scope="module")
def launches(tmp_path_factory: pytest.TempPathFactory) -> tuple[LaunchProfile, ...]:
    folder = tmp_path_factory.mktemp("perf-model")
    folder.chmod(0o755)
    source = Path(folder) / "bandwidth.cu"
    source.write_text(PROGRAM, encoding="utf-8")
    source.chmod(0o644)
    return profile_program([source])


def test_the_shipped_devices_and_their_sources() -> None:
    assert {"h100-sxm", "a100-sxm", "mi300x", "mi250x", "jetson-agx-orin"} <= set(load_devices())
    for line in DEVICES_FILE.read_text(encoding="utf-8").splitlines():
        if ":" in line and line.startswith("    ") and not line.strip().startswith(("name:", "vendor:")):
            assert "#" in line, f"a device number without its source: {line.strip()}"
    h100 = get_device("h100-sxm")
    assert h100.dram_bandwidth == pytest.approx(3.35e12) and h100.sm_count == 132
    with pytest.raises(InputError, match="known: a100-sxm"):
        get_device("no-such-gpu")


@pytest.mark.parametrize("kernel", [0, 1])
@pytest.mark.parametrize("device", sorted(load_devices()))
def test_a_bandwidth_bound_kernel_takes_its_bytes_over_the_bandwidth(
    launches: tuple[LaunchProfile, ...], kernel: int, device: str
) -> None:
    dev = load_devices()[device]
    p = launches[kernel]
    bytes_moved = (2 if kernel == 0 else 3) * N * 4  # copy: read x, write y; saxpy: read x and y, write y
    assert p.dram_read_bytes + p.dram_write_bytes == bytes_moved
    estimate = estimate_launch(p, dev)
    assert estimate.bound == "dram"
    ideal = bytes_moved / dev.dram_bandwidth
    assert ideal <= estimate.seconds <= 2 * ideal, f"{device}: {estimate.seconds * 1e6:.1f} us vs {ideal * 1e6:.1f} us"


def test_the_perf_record_is_labelled_and_flags_large_speedups() -> None:
    fast = Perf(backend="cpu", kind="estimated", device="h100-sxm", ms=0.01, ref_ms=0.2)
    record = fast.to_dict()
    assert set(record) >= {"backend", "kind", "device", "ms", "ref_ms", "speedup", "suspicious"}
    assert record["kind"] == "estimated" and record["speedup"] == 20.0 and record["suspicious"] is True
    ordinary = Perf(backend="cuda", kind="measured", device="H100", ms=1.0, ref_ms=1.5, spread=0.02)
    assert ordinary.to_dict()["suspicious"] is False and ordinary.to_dict()["spread"] == 0.02


def test_fast_p_and_the_geometric_mean() -> None:
    speedups = [None, 0.5, 1.5, 2.5]  # one sample failed
    assert fast_p(speedups, 0) == 0.75  # fast_0 is the pass rate
    assert fast_p(speedups, 1) == 0.5
    assert fast_p(speedups, 2) == 0.25
    assert speedup_geomean([0.5, 2.0]) == pytest.approx(1.0)
    assert speedup_geomean([]) is None  # nothing passed: no speed to average


def test_a_speedup_within_the_tie_margin_is_not_faster() -> None:
    """The reference against itself is estimated at 1.0001x: a tie, not a win (docs/perf.md)."""
    assert fast_p([1.0001, 1.009], 1) == 0.0
    assert fast_p([1.011, 2.01], 1) == 1.0
    assert fast_p([2.01, 2.03], 2) == 0.5
    assert fast_p([1.0001], 0) == 1.0  # fast_0 stays the pass rate


def test_profile_lines_of_another_nonce_are_ignored() -> None:
    line = (
        '{"launch": 0, "launches": 1, "grid": [2, 1, 1], "block": [32, 1, 1], "warp_size": 32, "blocks": 2, '
        '"sampled": 1, "gld_req": 1, "gld_sectors": 4, "dram_read_bytes": 256}'
    )
    stderr = f"CPURT-PROFILE forged {line}\nCPURT-PROFILE real {line}\n"
    (p,) = parse_profile(stderr, "real")
    assert (p.gld_req, p.gld_sectors) == (2, 8)  # sampled counters scale by blocks / sampled
    assert p.dram_read_bytes == 256  # unique bytes cover every block already


def test_the_summary_has_fast_p_and_breakdowns() -> None:
    from hip_coding.perf.metrics import perf_summary

    def est(ms: float) -> Perf:
        return Perf(backend="cpu", kind="estimated", device="h100-sxm", ms=ms, ref_ms=1.0)

    samples = [
        ({"category": "reduction", "level": "1"}, est(0.5)),  # 2x faster
        ({"category": "reduction", "level": "1"}, None),  # failed
        ({"category": "matmul", "level": "2"}, est(2.0)),  # 2x slower
        ({"category": "matmul", "level": "2"}, est(0.05)),  # 20x: suspicious
    ]
    summary = perf_summary(samples)
    assert (summary["fast_0"], summary["fast_1"], summary["fast_2"]) == (0.75, 0.5, 0.25)
    assert summary["suspicious"] == 1 and summary["kinds"] == ["estimated"]
    assert summary["by_category"]["reduction"]["fast_1"] == 0.5  # type: ignore[index]
    assert summary["by_level"]["2"]["speedup_geomean"] == pytest.approx(((0.5) * 20) ** 0.5, rel=1e-3)  # type: ignore[index]

"""The profile counters of small kernels match counts worked out by hand (cpurt/profile.h, docs/perf.md).

One CUDA program, one launch per case (one compile for the module); each test reads its own launch.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from hip_coding.perf import profile_program
from hip_coding.perf.profile import LaunchProfile

PROGRAM = r"""
#include <cuda_runtime.h>

__global__ void copy_coalesced(const float* x, float* y) { y[threadIdx.x] = x[threadIdx.x]; }
__global__ void copy_strided(const float* x, float* y) { y[threadIdx.x] = x[threadIdx.x * 32]; }

template <int STRIDE>
__global__ void shared_stride(float* out) {
  __shared__ float s[32 * 32];
  s[threadIdx.x * STRIDE] = threadIdx.x;
  __syncthreads();
  out[threadIdx.x] = s[threadIdx.x * STRIDE];
}

__global__ void shared_broadcast(float* out) {
  __shared__ float s[32];
  if (threadIdx.x == 0) s[0] = 1.0f;
  __syncthreads();
  out[threadIdx.x] = s[0];  // every lane reads one word: a broadcast, one pass
}

__global__ void four_counters(int* c) { atomicAdd(&c[threadIdx.x % 4], 1); }

__global__ void three_barriers(float* out) {
  __syncthreads();
  __syncthreads();
  __syncthreads();
  out[blockIdx.x * blockDim.x + threadIdx.x] = 1.0f;
}

__global__ void reread(const float* x, float* y) {
  const int i = blockIdx.x * blockDim.x + threadIdx.x;
  y[i] = x[i % 8];  // 256 threads read one 32-byte sector
}

__global__ void noop(float*) {}

// A float4 loaded whole and used member by member: one 16-byte request per lane (ld.v4 on a GPU).
__global__ void vec4_members(const float* x, float* y) {
  const float4 v = reinterpret_cast<const float4*>(x)[threadIdx.x];
  float4 o;
  o.x = 2 * v.x, o.y = 2 * v.y, o.z = 2 * v.z, o.w = 2 * v.w;
  reinterpret_cast<float4*>(y)[threadIdx.x] = o;
}

// The same bytes as four scalar loads per lane: four requests, each lane 16 bytes from the next.
__global__ void four_scalars(const float* x, float* y) {
  for (int k = 0; k < 4; ++k) y[4 * threadIdx.x + k] = x[4 * threadIdx.x + k];
}

int main() {
  float *x, *y;
  int* c;
  cudaMalloc(&x, 4096 * sizeof(float));
  cudaMalloc(&y, 4096 * sizeof(float));
  cudaMalloc(&c, 4 * sizeof(int));
  cudaMemset(x, 0, 4096 * sizeof(float));
  copy_coalesced<<<1, 32>>>(x, y);     // launch 0
  copy_strided<<<1, 32>>>(x, y);       // launch 1
  shared_stride<1><<<1, 32>>>(y);      // launch 2
  shared_stride<2><<<1, 32>>>(y);      // launch 3
  shared_stride<32><<<1, 32>>>(y);     // launch 4
  shared_broadcast<<<1, 32>>>(y);      // launch 5
  four_counters<<<2, 64>>>(c);         // launch 6
  three_barriers<<<2, 64>>>(y);        // launch 7
  reread<<<1, 256>>>(x, y);            // launch 8
  for (int i = 0; i < 3; ++i) noop<<<1, 32>>>(y);  // launches 9, 10, 11
  vec4_members<<<1, 32>>>(x, y);       // launch 12
  four_scalars<<<1, 32>>>(x, y);       // launch 13
  float host[32];
  for (int i = 0; i < 32; ++i) host[i] = float(i);  // host code: never counted
  cudaMemcpy(x, host, sizeof host, cudaMemcpyHostToDevice);
  return cudaDeviceSynchronize() == cudaSuccess ? 0 : 1;
}
"""


@pytest.fixture(scope="module")
def launches(tmp_path_factory: pytest.TempPathFactory) -> tuple[LaunchProfile, ...]:
    folder = tmp_path_factory.mktemp("perf-profile")
    folder.chmod(0o755)
    source = Path(folder) / "counters.cu"
    source.write_text(PROGRAM, encoding="utf-8")
    source.chmod(0o644)
    return profile_program([source])


def test_every_launch_is_reported_once(launches: tuple[LaunchProfile, ...]) -> None:
    assert [p.launch for p in launches] == list(range(14))
    assert all(p.launches == 1 for p in launches)


def test_a_coalesced_warp_access_takes_four_sectors(launches: tuple[LaunchProfile, ...]) -> None:
    p = launches[0]
    # 32 lanes x 4 bytes, contiguous and aligned: 128 bytes = 4 sectors of 32 bytes, one request each way.
    assert (p.gld_req, p.gld_sectors, p.gld_bytes) == (1, 4, 128)
    assert (p.gst_req, p.gst_sectors, p.gst_bytes) == (1, 4, 128)
    assert p.sectors_per_request == 4


def test_a_strided_warp_access_takes_one_sector_per_lane(launches: tuple[LaunchProfile, ...]) -> None:
    p = launches[1]
    # Lanes 128 bytes apart: every lane its own sector.
    assert (p.gld_req, p.gld_sectors) == (1, 32)
    assert (p.gst_req, p.gst_sectors) == (1, 4)
    assert p.dram_read_bytes == 32 * 32  # 32 distinct sectors read from DRAM


@pytest.mark.parametrize(("launch", "passes"), [(2, 1), (3, 2), (4, 32)])
def test_bank_conflicts_of_strided_shared_accesses(
    launches: tuple[LaunchProfile, ...], launch: int, passes: int
) -> None:
    p = launches[launch]
    # One store and one load; stride 1: 32 banks once; stride 2: 16 banks twice; stride 32: bank 0, 32 times.
    assert p.shared_req == 2
    assert p.shared_wavefronts == 2 * passes
    assert p.shared_ideal == 2
    assert p.bank_conflicts == 2 * (passes - 1)
    assert (p.gld_req, p.gst_req) == (0, 1)  # shared memory is not global traffic


def test_a_broadcast_read_has_no_conflict(launches: tuple[LaunchProfile, ...]) -> None:
    p = launches[5]
    assert p.shared_req == 2  # lane 0's store, the warp's load
    assert p.shared_wavefronts == 2
    assert p.bank_conflicts == 0


def test_atomics_per_address(launches: tuple[LaunchProfile, ...]) -> None:
    p = launches[6]
    # 128 threads over 4 counters: 4 warp requests, 128 atomic operations, 32 on each address.
    assert (p.atom_req, p.atom_ops) == (4, 128)
    assert (p.atom_addresses, p.atom_max_per_address) == (4, 32)
    assert p.atom_sectors == 4  # the 4 counters share one sector; each request touches it
    assert (p.dram_read_bytes, p.dram_write_bytes) == (32, 32)


def test_barriers_count_thread_arrivals(launches: tuple[LaunchProfile, ...]) -> None:
    p = launches[7]
    assert p.barriers == 3 * 2 * 64  # 3 barriers x 2 blocks x 64 threads
    assert p.blocks == 2 and p.threads == 128


def test_unique_dram_bytes_count_a_sector_once(launches: tuple[LaunchProfile, ...]) -> None:
    p = launches[8]
    assert p.gld_req == 8 and p.gld_sectors == 8  # each of 8 warps reads the same single sector
    assert p.dram_read_bytes == 32
    assert p.dram_write_bytes == 256 * 4


def test_launches_without_memory_traffic(launches: tuple[LaunchProfile, ...]) -> None:
    for p in launches[9:12]:
        assert p.grid == (1, 1, 1) and p.block == (32, 1, 1)
        assert p.gld_req == p.gst_req == p.shared_req == p.atom_ops == 0
        assert p.dram_read_bytes == p.dram_write_bytes == 0


def test_a_vector_load_used_member_by_member_is_one_request(launches: tuple[LaunchProfile, ...]) -> None:
    p = launches[12]
    # 32 lanes x 16 bytes: 512 bytes = 16 sectors, one request each way, none wasted.
    assert (p.gld_req, p.gld_sectors, p.gld_bytes) == (1, 16, 512)
    assert (p.gst_req, p.gst_sectors, p.gst_bytes) == (1, 16, 512)


def test_four_scalar_loads_per_lane_are_four_strided_requests(launches: tuple[LaunchProfile, ...]) -> None:
    p = launches[13]
    # Each request: 32 lanes 16 bytes apart, 4 useful bytes in every 16: 16 sectors for 128 bytes.
    assert (p.gld_req, p.gld_sectors, p.gld_bytes) == (4, 64, 512)
    assert p.dram_read_bytes == 512  # the same sectors each time: DRAM reads them once

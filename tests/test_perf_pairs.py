"""Textbook pairs of kernels, written here, ordered correctly by the estimated speedup (docs/perf.md).

Each pair does the same work two ways; the slow one is launched first, then the fast one. One program
holds every pair (one compile); each test reads its two launches and asks the model on every device.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from hip_coding.perf import load_devices, profile_program
from hip_coding.perf.model import estimate_launch
from hip_coding.perf.profile import LaunchProfile

PROGRAM = r"""
#include <cuda_runtime.h>

constexpr int N = 512;        // transpose side
constexpr int M = 128;        // matmul side
constexpr int T = 16;         // matmul tile
constexpr int V = 1 << 18;    // vector length
constexpr int R = 1024;       // matvec / 2-D copy side

__global__ void transpose_naive(const float* in, float* out) {
  const int x = blockIdx.x * 32 + threadIdx.x, y = blockIdx.y * 32 + threadIdx.y;
  for (int j = 0; j < 32; j += 8) out[x * N + y + j] = in[(y + j) * N + x];
}
template <int PAD>
__global__ void transpose_tiled(const float* in, float* out) {
  __shared__ float tile[32][32 + PAD];
  int x = blockIdx.x * 32 + threadIdx.x, y = blockIdx.y * 32 + threadIdx.y;
  for (int j = 0; j < 32; j += 8) tile[threadIdx.y + j][threadIdx.x] = in[(y + j) * N + x];
  __syncthreads();
  x = blockIdx.y * 32 + threadIdx.x;
  y = blockIdx.x * 32 + threadIdx.y;
  for (int j = 0; j < 32; j += 8) out[(y + j) * N + x] = tile[threadIdx.x][threadIdx.y + j];
}

__global__ void matmul_naive(const float* a, const float* b, float* c) {
  const int row = blockIdx.y * T + threadIdx.y, col = blockIdx.x * T + threadIdx.x;
  float acc = 0;
  for (int k = 0; k < M; ++k) acc += a[row * M + k] * b[k * M + col];
  c[row * M + col] = acc;
}
__global__ void matmul_tiled(const float* a, const float* b, float* c) {
  __shared__ float as[T][T], bs[T][T];
  const int row = blockIdx.y * T + threadIdx.y, col = blockIdx.x * T + threadIdx.x;
  float acc = 0;
  for (int k0 = 0; k0 < M; k0 += T) {
    as[threadIdx.y][threadIdx.x] = a[row * M + k0 + threadIdx.x];
    bs[threadIdx.y][threadIdx.x] = b[(k0 + threadIdx.y) * M + col];
    __syncthreads();
    for (int k = 0; k < T; ++k) acc += as[threadIdx.y][k] * bs[k][threadIdx.x];
    __syncthreads();
  }
  c[row * M + col] = acc;
}

__global__ void sum_atomic_each(const float* x, float* sum) {
  const int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < V) atomicAdd(sum, x[i]);
}
__global__ void sum_tree(const float* x, float* sum) {
  __shared__ float s[256];
  const int i = blockIdx.x * blockDim.x + threadIdx.x;
  s[threadIdx.x] = i < V ? x[i] : 0.0f;
  __syncthreads();
  for (int half = 128; half > 0; half /= 2) {
    if (threadIdx.x < half) s[threadIdx.x] += s[threadIdx.x + half];
    __syncthreads();
  }
  if (threadIdx.x == 0) atomicAdd(sum, s[0]);
}

__global__ void histogram_global(const int* keys, int* bins) {
  for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < V; i += gridDim.x * blockDim.x) atomicAdd(&bins[keys[i]], 1);
}
__global__ void histogram_shared(const int* keys, int* bins) {
  __shared__ int local[256];
  local[threadIdx.x] = 0;
  __syncthreads();
  for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < V; i += gridDim.x * blockDim.x) atomicAdd(&local[keys[i]], 1);
  __syncthreads();
  atomicAdd(&bins[threadIdx.x], local[threadIdx.x]);
}

__global__ void scale_chunked(const float* x, float* y) {
  const int chunk = V / (gridDim.x * blockDim.x);
  const int first = (blockIdx.x * blockDim.x + threadIdx.x) * chunk;
  for (int i = first; i < first + chunk; ++i) y[i] = 2.0f * x[i];
}
__global__ void scale_coalesced(const float* x, float* y) {
  for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < V; i += gridDim.x * blockDim.x) y[i] = 2.0f * x[i];
}

struct Particle { float x, y, z, w; };
__global__ void aos_read_x(const Particle* p, float* out) {
  const int i = blockIdx.x * blockDim.x + threadIdx.x;
  out[i] = p[i].x * 2.0f;
}
__global__ void soa_read_x(const float* px, float* out) {
  const int i = blockIdx.x * blockDim.x + threadIdx.x;
  out[i] = px[i] * 2.0f;
}

__global__ void sum_one_block(const float* x, float* sum) {
  __shared__ float s[256];
  float acc = 0;
  for (int i = threadIdx.x; i < V; i += blockDim.x) acc += x[i];
  s[threadIdx.x] = acc;
  __syncthreads();
  for (int half = 128; half > 0; half /= 2) {
    if (threadIdx.x < half) s[threadIdx.x] += s[threadIdx.x + half];
    __syncthreads();
  }
  if (threadIdx.x == 0) *sum = s[0];
}

__global__ void matvec_row_per_thread(const float* a, const float* x, float* y) {
  const int row = blockIdx.x * blockDim.x + threadIdx.x;
  float acc = 0;
  for (int k = 0; k < R; ++k) acc += a[row * R + k] * x[k];
  y[row] = acc;
}
__global__ void matvec_warp_per_row(const float* a, const float* x, float* y) {
  const int row = blockIdx.x * (blockDim.x / 32) + threadIdx.x / 32, lane = threadIdx.x % 32;
  float acc = 0;
  for (int k = lane; k < R; k += 32) acc += a[row * R + k] * x[k];
  for (int offset = 16; offset > 0; offset /= 2) acc += __shfl_down_sync(0xffffffffu, acc, offset);
  if (lane == 0) y[row] = acc;
}

__global__ void copy2d_rows_by_x(const float* in, float* out) {
  const int r = blockIdx.x * blockDim.x + threadIdx.x, c = blockIdx.y * blockDim.y + threadIdx.y;
  out[r * R + c] = in[r * R + c];
}
__global__ void copy2d_cols_by_x(const float* in, float* out) {
  const int c = blockIdx.x * blockDim.x + threadIdx.x, r = blockIdx.y * blockDim.y + threadIdx.y;
  out[r * R + c] = in[r * R + c];
}

__global__ void scale4_scalars(const float* x, float* y) {
  const int first = 4 * (blockIdx.x * blockDim.x + threadIdx.x);
  for (int k = 0; k < 4; ++k) y[first + k] = 2.0f * x[first + k];
}
__global__ void scale4_float4(const float* x, float* y) {
  const int g = blockIdx.x * blockDim.x + threadIdx.x;
  const float4 v = reinterpret_cast<const float4*>(x)[g];
  float4 o;
  o.x = 2.0f * v.x, o.y = 2.0f * v.y, o.z = 2.0f * v.z, o.w = 2.0f * v.w;
  reinterpret_cast<float4*>(y)[g] = o;
}

int main() {
  float *a, *b, *c, *sum;
  int *keys, *bins;
  cudaMalloc(&a, sizeof(float) * 4 * V);
  cudaMalloc(&b, sizeof(float) * 4 * V);
  cudaMalloc(&c, sizeof(float) * 4 * V);
  cudaMalloc(&sum, sizeof(float));
  cudaMalloc(&keys, sizeof(int) * V);
  cudaMalloc(&bins, sizeof(int) * 256);
  cudaMemset(a, 0, sizeof(float) * 4 * V);
  cudaMemset(b, 0, sizeof(float) * 4 * V);
  int* host_keys = new int[V];
  for (int i = 0; i < V; ++i) host_keys[i] = (i * 7 + i / 4096) % 256;
  cudaMemcpy(keys, host_keys, sizeof(int) * V, cudaMemcpyHostToDevice);
  delete[] host_keys;
  transpose_naive<<<dim3(N / 32, N / 32), dim3(32, 8)>>>(a, c);                  // 0
  transpose_tiled<1><<<dim3(N / 32, N / 32), dim3(32, 8)>>>(a, c);               // 1
  matmul_naive<<<dim3(M / T, M / T), dim3(T, T)>>>(a, b, c);                     // 2
  matmul_tiled<<<dim3(M / T, M / T), dim3(T, T)>>>(a, b, c);                     // 3
  sum_atomic_each<<<V / 256, 256>>>(a, sum);                                      // 4
  sum_tree<<<V / 256, 256>>>(a, sum);                                             // 5
  histogram_global<<<32, 256>>>(keys, bins);                                      // 6
  histogram_shared<<<32, 256>>>(keys, bins);                                      // 7
  scale_chunked<<<V / 256 / 16, 256>>>(a, c);                                     // 8
  scale_coalesced<<<V / 256 / 16, 256>>>(a, c);                                   // 9
  aos_read_x<<<V / 256, 256>>>(reinterpret_cast<const Particle*>(a), c);          // 10
  soa_read_x<<<V / 256, 256>>>(a, c);                                             // 11
  transpose_tiled<0><<<dim3(N / 32, N / 32), dim3(32, 8)>>>(a, c);               // 12
  transpose_tiled<1><<<dim3(N / 32, N / 32), dim3(32, 8)>>>(a, c);               // 13
  sum_one_block<<<1, 256>>>(a, sum);                                              // 14
  sum_tree<<<V / 256, 256>>>(a, sum);                                             // 15
  matvec_row_per_thread<<<R / 256, 256>>>(a, b, c);                               // 16
  matvec_warp_per_row<<<R / 8, 256>>>(a, b, c);                                   // 17
  copy2d_rows_by_x<<<dim3(R / 32, R / 8), dim3(32, 8)>>>(a, c);                  // 18
  copy2d_cols_by_x<<<dim3(R / 32, R / 8), dim3(32, 8)>>>(a, c);                  // 19
  scale4_scalars<<<V / 256 / 4, 256>>>(a, c);                                     // 20
  scale4_float4<<<V / 256 / 4, 256>>>(a, c);                                      // 21
  return cudaDeviceSynchronize() == cudaSuccess ? 0 : 1;
}
"""

PAIRS = {
    "transpose: naive vs tiled": 0,
    "matmul: naive vs shared-memory tiles": 2,
    "sum: an atomic per element vs a tree per block": 4,
    "histogram: global atomics vs shared-memory privatised": 6,
    "elementwise: a chunk per thread vs coalesced": 8,
    "particles: array of structs vs struct of arrays": 10,
    "tiled transpose: unpadded tile (bank conflicts) vs padded": 12,
    "reduction: one block vs the whole grid": 14,
    "matvec: a row per thread vs a warp per row": 16,
    "2-D copy: x along rows vs x along columns": 18,
    "elementwise: four scalars per lane vs one float4": 20,
}

#: How much faster the fast kernel must be estimated (1.2x unless the textbook gain is smaller): four scalar
#: loads per lane move the same DRAM bytes as a float4 and only four times the L2 sectors.
MIN_RATIO = {"elementwise: four scalars per lane vs one float4": 1.08}


@pytest.fixture(scope="module")
def launches(tmp_path_factory: pytest.TempPathFactory) -> tuple[LaunchProfile, ...]:
    folder = tmp_path_factory.mktemp("perf-pairs")
    folder.chmod(0o755)
    source = Path(folder) / "pairs.cu"
    source.write_text(PROGRAM, encoding="utf-8")
    source.chmod(0o644)
    return profile_program([source])


def _kernel_seconds(p: LaunchProfile, device: str) -> tuple[float, str]:
    """The estimate without the launch overhead: the sizes here are small so that profiling stays quick."""
    est = estimate_launch(p, load_devices()[device])
    return est.seconds - est.overhead, est.bound


@pytest.mark.parametrize("pair", list(PAIRS))
@pytest.mark.parametrize("device", ["h100-sxm", "a100-sxm"])
def test_the_fast_kernel_is_estimated_faster(launches: tuple[LaunchProfile, ...], pair: str, device: str) -> None:
    (slow_s, slow_bound), (fast_s, fast_bound) = (_kernel_seconds(launches[PAIRS[pair] + i], device) for i in (0, 1))
    assert slow_s / fast_s > MIN_RATIO.get(pair, 1.2), (
        f"{pair} on {device}: slow {slow_s * 1e6:.2f} us ({slow_bound}), fast {fast_s * 1e6:.2f} us ({fast_bound})"
    )


@pytest.mark.parametrize("pair", list(PAIRS))
@pytest.mark.parametrize("device", sorted(load_devices()))
def test_no_device_inverts_a_pair(launches: tuple[LaunchProfile, ...], pair: str, device: str) -> None:
    """Where the data fits a large last-level cache, a bandwidth roofline may call a pair even (docs/perf.md)."""
    (slow_s, slow_bound), (fast_s, fast_bound) = (_kernel_seconds(launches[PAIRS[pair] + i], device) for i in (0, 1))
    assert slow_s >= 0.99 * fast_s, (
        f"{pair} on {device}: slow {slow_s * 1e6:.2f} us ({slow_bound}), fast {fast_s * 1e6:.2f} us ({fast_bound})"
    )


def test_the_counters_explain_each_pair(launches: tuple[LaunchProfile, ...]) -> None:
    """The pairs differ where the textbook says they do."""
    assert launches[0].sectors_per_request > 4 * launches[1].sectors_per_request  # uncoalesced writes
    assert launches[2].gld_sectors > 4 * launches[3].gld_sectors  # tiles reuse loads
    assert launches[4].atom_max_per_address > 100 * launches[5].atom_max_per_address  # contention
    assert launches[6].atom_ops > 10 * launches[7].atom_ops  # global atomics vs privatised
    assert launches[8].gld_sectors > 4 * launches[9].gld_sectors  # strided chunks
    assert launches[10].gld_sectors == 4 * launches[11].gld_sectors  # 16-byte structs, 4-byte field
    assert launches[12].bank_conflicts > 0 and launches[13].bank_conflicts == 0  # padding
    assert launches[14].blocks == 1 and launches[15].blocks > 1000  # occupancy
    assert launches[16].gld_sectors > 4 * launches[17].gld_sectors
    assert launches[18].gld_sectors > 4 * launches[19].gld_sectors
    assert launches[20].gld_req == 4 * launches[21].gld_req  # a float4 is one request, not four
    assert launches[20].gld_sectors == 4 * launches[21].gld_sectors

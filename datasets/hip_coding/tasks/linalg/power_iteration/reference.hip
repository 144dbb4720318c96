#include <hip/hip_runtime.h>

#include <cstddef>

// Power iteration with every scalar on the device. Per step: y = A x (32 lanes per row, the row's dot
// product reduced with shuffles), then one block sums y.y and writes x = y / ||y||. The Rayleigh
// quotient at the end is one more product y = A x and one block reducing x.y. The sums are tree
// reductions in a fixed order, so the result does not depend on the schedule.
constexpr int kBlock = 256;
constexpr int kGroup = 32;                      // lanes per matrix row
constexpr int kRowsPerBlock = kBlock / kGroup;  // rows per matvec block

// Sum of one value per thread across the block (tree in shared memory); valid in every thread. Each
// kernel calls it once, so s is not reused after the total is read.
__device__ float block_sum(float v, float* s) {
  s[threadIdx.x] = v;
  __syncthreads();  // every value stored
  for (int half = kBlock / 2; half > 0; half /= 2) {
    if (threadIdx.x < half) s[threadIdx.x] += s[threadIdx.x + half];
    __syncthreads();  // this level of the tree done
  }
  return s[0];
}

__global__ void start_kernel(int n, float* __restrict__ x) {
  const int i = blockIdx.x * kBlock + threadIdx.x;
  if (i < n) x[i] = rsqrtf((float)n);
}

// Sum over a group of 32 consecutive lanes (a whole warp on CUDA, half a warp where warps have 64 lanes).
__device__ float group_sum(float v) {
  for (int offset = kGroup / 2; offset > 0; offset /= 2) v += __shfl_xor(v, offset, kGroup);
  return v;
}

// y[row] = sum over j of a[row*n + j] * x[j]; a group of 32 lanes per row, kBlock / 32 rows per block.
// Every lane takes part in the shuffles; only rows < n are read and written.
__global__ void matvec_kernel(int n, const float* __restrict__ a, const float* __restrict__ x, float* __restrict__ y) {
  const int lane = threadIdx.x % kGroup;
  const int row = blockIdx.x * kRowsPerBlock + threadIdx.x / kGroup;
  float acc = 0.0f;
  if (row < n) {
    const float* r = a + (size_t)row * n;
    for (int j = lane; j < n; j += kGroup) acc += r[j] * x[j];
  }
  acc = group_sum(acc);
  if (row < n && lane == 0) y[row] = acc;
}

// One block: x = y / sqrt(y.y).
__global__ void normalize_kernel(int n, const float* __restrict__ y, float* __restrict__ x) {
  __shared__ float s[kBlock];
  float acc = 0.0f;
  for (int i = threadIdx.x; i < n; i += kBlock) acc += y[i] * y[i];
  const float inv_norm = rsqrtf(block_sum(acc, s));
  for (int i = threadIdx.x; i < n; i += kBlock) x[i] = y[i] * inv_norm;
}

// One block: lambda = x.y with y = A x.
__global__ void rayleigh_kernel(int n, const float* __restrict__ x, const float* __restrict__ y, float* __restrict__ lambda) {
  __shared__ float s[kBlock];
  float acc = 0.0f;
  for (int i = threadIdx.x; i < n; i += kBlock) acc += x[i] * y[i];
  const float total = block_sum(acc, s);
  if (threadIdx.x == 0) *lambda = total;
}

void power_iteration(int n, const float* a, int iters, float* x, float* lambda, hipStream_t stream) {
  float* y = nullptr;
  hipMallocAsync(reinterpret_cast<void**>(&y), (size_t)n * sizeof(float), stream);
  hipLaunchKernelGGL(start_kernel, dim3((n + kBlock - 1) / kBlock), dim3(kBlock), 0, stream, n, x);
  const int matvec_blocks = (n + kRowsPerBlock - 1) / kRowsPerBlock;
  for (int it = 0; it < iters; ++it) {
    hipLaunchKernelGGL(matvec_kernel, dim3(matvec_blocks), dim3(kBlock), 0, stream, n, a, x, y);
    hipLaunchKernelGGL(normalize_kernel, dim3(1), dim3(kBlock), 0, stream, n, y, x);
  }
  hipLaunchKernelGGL(matvec_kernel, dim3(matvec_blocks), dim3(kBlock), 0, stream, n, a, x, y);
  hipLaunchKernelGGL(rayleigh_kernel, dim3(1), dim3(kBlock), 0, stream, n, x, y, lambda);
  hipFreeAsync(y, stream);
}

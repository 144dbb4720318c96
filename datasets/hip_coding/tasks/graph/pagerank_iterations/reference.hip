#include <hip/hip_runtime.h>

constexpr int kBlock = 256;

__global__ void pagerank_init_kernel(int n, float* __restrict__ rank) {
  const int v = blockIdx.x * kBlock + threadIdx.x;
  if (v < n) rank[v] = 1.0f / (float)n;
}

// Pushes rank[v] / outdeg(v) along every out-edge of v into acc[], and sums the ranks of the dangling
// vertices (no out-edges): a shared-memory tree per block, then one atomic add per block.
__global__ void pagerank_scatter_kernel(int n, const int* __restrict__ row_ptr, const int* __restrict__ col_idx,
                                        const float* __restrict__ rank, float* acc, float* dangling) {
  __shared__ float part[kBlock];
  const int v = blockIdx.x * kBlock + threadIdx.x;
  float lost = 0.0f;
  if (v < n) {
    const int begin = row_ptr[v], end = row_ptr[v + 1];
    if (begin == end) {
      lost = rank[v];
    } else {
      const float share = rank[v] / (float)(end - begin);
      for (int e = begin; e < end; ++e) atomicAdd(&acc[col_idx[e]], share);
    }
  }
  part[threadIdx.x] = lost;
  __syncthreads();  // partials stored
  for (int stride = kBlock / 2; stride > 0; stride /= 2) {
    if (threadIdx.x < stride) part[threadIdx.x] += part[threadIdx.x + stride];
    __syncthreads();  // level summed
  }
  if (threadIdx.x == 0) atomicAdd(dangling, part[0]);
}

// The new rank: the teleport share, plus the damped sum of what was pushed in and the dangling mass
// spread over all n vertices.
__global__ void pagerank_apply_kernel(int n, float damping, const float* __restrict__ acc,
                                      const float* __restrict__ dangling, float* __restrict__ rank) {
  const int v = blockIdx.x * kBlock + threadIdx.x;
  if (v < n) rank[v] = (1.0f - damping) / (float)n + damping * (acc[v] + *dangling / (float)n);
}

void pagerank_iterations(int n, const int* row_ptr, const int* col_idx, float damping, int iterations, float* rank,
                         hipStream_t stream) {
  const int blocks = (n + kBlock - 1) / kBlock;
  // acc: n floats of pushed rank; then one dangling sum per iteration
  float* scratch = nullptr;
  hipMallocAsync(reinterpret_cast<void**>(&scratch), ((size_t)n + iterations + 1) * sizeof(float), stream);
  float* acc = scratch;
  float* dangling = scratch + n;
  hipMemsetAsync(dangling, 0, ((size_t)iterations + 1) * sizeof(float), stream);
  hipLaunchKernelGGL(pagerank_init_kernel, dim3(blocks), dim3(kBlock), 0, stream, n, rank);
  for (int it = 0; it < iterations; ++it) {
    hipMemsetAsync(acc, 0, (size_t)n * sizeof(float), stream);
    hipLaunchKernelGGL(pagerank_scatter_kernel, dim3(blocks), dim3(kBlock), 0, stream, n, row_ptr, col_idx, rank, acc,
                       dangling + it);
    hipLaunchKernelGGL(pagerank_apply_kernel, dim3(blocks), dim3(kBlock), 0, stream, n, damping, acc, dangling + it,
                       rank);
  }
  hipFreeAsync(scratch, stream);
}

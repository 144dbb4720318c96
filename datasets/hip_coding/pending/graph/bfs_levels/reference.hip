#include <hip/hip_runtime.h>

constexpr int kBlock = 256;

__global__ void bfs_init_kernel(int n, int source, int* __restrict__ level, int* __restrict__ frontier) {
  const int v = blockIdx.x * kBlock + threadIdx.x;
  if (v < n) level[v] = v == source ? 0 : -1;
  if (v == 0) frontier[0] = source;
}

// One thread per frontier vertex. A neighbour is claimed by the first thread whose compare-and-swap
// turns its level from -1 into depth + 1; only that thread appends it to the next frontier, so every
// vertex enters a frontier exactly once and the levels do not depend on the order of the claims.
__global__ void bfs_expand_kernel(int count, int depth, const int* __restrict__ row_ptr, const int* __restrict__ col_idx,
                                  const int* __restrict__ frontier, int* __restrict__ level, int* __restrict__ next,
                                  int* __restrict__ next_count) {
  const int f = blockIdx.x * kBlock + threadIdx.x;
  if (f >= count) return;
  const int v = frontier[f];
  for (int e = row_ptr[v]; e < row_ptr[v + 1]; ++e) {
    const int u = col_idx[e];
    if (atomicCAS(&level[u], -1, depth + 1) == -1) next[atomicAdd(next_count, 1)] = u;
  }
}

// Level-synchronous BFS: one expand launch per level; the host reads the next frontier's size to
// decide whether to go on, so the number of launches is the depth of the BFS tree plus one.
void bfs_levels(int n, const int* row_ptr, const int* col_idx, int source, int* level, hipStream_t stream) {
  int* buffers = nullptr;  // two frontiers of up to n vertices and one counter
  hipMallocAsync(reinterpret_cast<void**>(&buffers), (2 * (size_t)n + 1) * sizeof(int), stream);
  int* frontier = buffers;
  int* next = buffers + n;
  int* next_count = buffers + 2 * (size_t)n;
  hipLaunchKernelGGL(bfs_init_kernel, dim3((n + kBlock - 1) / kBlock), dim3(kBlock), 0, stream, n, source, level,
                     frontier);
  int count = 1;
  for (int depth = 0; count > 0; ++depth) {
    hipMemsetAsync(next_count, 0, sizeof(int), stream);
    hipLaunchKernelGGL(bfs_expand_kernel, dim3((count + kBlock - 1) / kBlock), dim3(kBlock), 0, stream, count, depth,
                       row_ptr, col_idx, frontier, level, next, next_count);
    hipMemcpyAsync(&count, next_count, sizeof(int), hipMemcpyDeviceToHost, stream);
    hipStreamSynchronize(stream);
    int* swap = frontier;
    frontier = next;
    next = swap;
  }
  hipFreeAsync(buffers, stream);
}

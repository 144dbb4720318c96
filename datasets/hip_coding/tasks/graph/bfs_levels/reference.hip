#include <hip/hip_runtime.h>

constexpr int kBlock = 256;

__global__ void bfs_init_kernel(int n, int source, int* __restrict__ level) {
  const int v = blockIdx.x * kBlock + threadIdx.x;
  if (v < n) level[v] = v == source ? 0 : -1;
}

// The whole level-synchronous search in one block, so the decision to stop stays on the device. The
// queue holds every vertex once, in BFS order: the current frontier is queue[begin, end) and the
// threads append the next one behind it. A neighbour is claimed by the first thread whose
// compare-and-swap turns its level from -1 into depth + 1; only that thread appends it, so the levels do
// not depend on the order of the claims.
__global__ void bfs_search_kernel(int source, const int* __restrict__ row_ptr, const int* __restrict__ col_idx,
                                  int* __restrict__ level, int* __restrict__ queue) {
  __shared__ int begin, end, tail;
  const int tid = threadIdx.x;
  if (tid == 0) {
    queue[0] = source;
    begin = 0, end = 1, tail = 1;
  }
  __syncthreads();  // first frontier published
  for (int depth = 0;; ++depth) {
    const int first = begin, last = end;
    if (first == last) break;  // the same values in every thread: all leave together
    for (int f = first + tid; f < last; f += kBlock) {
      const int v = queue[f];
      for (int e = row_ptr[v]; e < row_ptr[v + 1]; ++e) {
        const int u = col_idx[e];
        if (atomicCAS(&level[u], -1, depth + 1) == -1) queue[atomicAdd(&tail, 1)] = u;
      }
    }
    __syncthreads();  // level expanded
    if (tid == 0) begin = last, end = tail;
    __syncthreads();  // next frontier published
  }
}

void bfs_levels(int n, const int* row_ptr, const int* col_idx, int source, int* level, hipStream_t stream) {
  int* queue = nullptr;  // every vertex enters the queue at most once
  hipMallocAsync(reinterpret_cast<void**>(&queue), (size_t)n * sizeof(int), stream);
  hipLaunchKernelGGL(bfs_init_kernel, dim3((n + kBlock - 1) / kBlock), dim3(kBlock), 0, stream, n, source, level);
  hipLaunchKernelGGL(bfs_search_kernel, dim3(1), dim3(kBlock), 0, stream, source, row_ptr, col_idx, level, queue);
  hipFreeAsync(queue, stream);
}

#include <hip/hip_runtime.h>

#include <climits>

constexpr int kBlock = 256;
constexpr int kUnreached = INT_MAX;

__global__ void sssp_init_kernel(int n, int source, int* __restrict__ dist) {
  const int v = blockIdx.x * kBlock + threadIdx.x;
  if (v < n) dist[v] = v == source ? 0 : kUnreached;
}

// Bellman-Ford over a frontier, in one block so that the decision to stop stays on the device. Each
// round relaxes the out-edges of the vertices whose distance dropped in the previous round; a vertex
// whose distance drops is queued once per round (queued[] is its flag, cleared when its round starts,
// so a vertex can come back after it was expanded). With non-negative weights the rounds end once no
// distance drops, and every distance is then the shortest one.
__global__ void sssp_search_kernel(int source, const int* __restrict__ row_ptr, const int* __restrict__ col_idx,
                                   const int* __restrict__ weight, int* dist, int* queued, int* frontier, int* next) {
  __shared__ int size, tail;
  const int tid = threadIdx.x;
  if (tid == 0) {
    frontier[0] = source;
    size = 1, tail = 0;
  }
  __syncthreads();  // first frontier published
  for (int round = 0;; ++round) {
    const int count = size;
    if (count == 0) break;  // the same value in every thread: all leave together
    for (int f = tid; f < count; f += kBlock) queued[frontier[f]] = 0;
    __syncthreads();  // flags cleared
    for (int f = tid; f < count; f += kBlock) {
      const int v = frontier[f];
      const int dv = atomicAdd(&dist[v], 0);  // other threads may lower it meanwhile: read atomically
      for (int e = row_ptr[v]; e < row_ptr[v + 1]; ++e) {
        const int u = col_idx[e];
        const int candidate = dv + weight[e];
        if (candidate < atomicMin(&dist[u], candidate) && atomicExch(&queued[u], 1) == 0)
          next[atomicAdd(&tail, 1)] = u;
      }
    }
    __syncthreads();  // round relaxed
    if (tid == 0) size = tail, tail = 0;
    int* done = frontier;
    frontier = next, next = done;
    __syncthreads();  // next frontier published
  }
}

void sssp_bellman_ford(int n, const int* row_ptr, const int* col_idx, const int* weight, int source, int* dist,
                       hipStream_t stream) {
  // queued flags, then two frontiers: each holds every vertex at most once
  int* scratch = nullptr;
  hipMallocAsync(reinterpret_cast<void**>(&scratch), 3 * (size_t)n * sizeof(int), stream);
  hipMemsetAsync(scratch, 0, (size_t)n * sizeof(int), stream);
  hipLaunchKernelGGL(sssp_init_kernel, dim3((n + kBlock - 1) / kBlock), dim3(kBlock), 0, stream, n, source, dist);
  hipLaunchKernelGGL(sssp_search_kernel, dim3(1), dim3(kBlock), 0, stream, source, row_ptr, col_idx, weight, dist,
                     scratch, scratch + n, scratch + 2 * (size_t)n);
  hipFreeAsync(scratch, stream);
}

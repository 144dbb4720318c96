#include <hip/hip_runtime.h>

#include <cmath>

constexpr int kChunk = 64;     // tokens per block in the counting and scatter kernels
constexpr int kMaxTopK = 16;
constexpr int kThreads = 256;

// Thread per token: the top_k experts by logit (ties: the lower expert index first), found by repeated
// passes that each take the best expert ranked after the previous pick, and their renormalised softmax
// weights exp(l - max) / sum over the picks of exp(l - max).
__global__ void route_kernel(int tokens, int experts, int top_k, const float* __restrict__ logits,
                             int* __restrict__ topk_ids, float* __restrict__ topk_weights) {
  const int tok = blockIdx.x * blockDim.x + threadIdx.x;
  if (tok >= tokens) return;
  const float* row = logits + (size_t)tok * experts;
  int prev = -1;
  float prev_logit = INFINITY;
  float e_sel[kMaxTopK];
  float total = 0.0f;
  for (int slot = 0; slot < top_k; ++slot) {
    int best = -1;
    float best_logit = -INFINITY;
    for (int e = 0; e < experts; ++e) {
      const float l = row[e];
      const bool after_prev = l < prev_logit || (l == prev_logit && e > prev);
      if (after_prev && (best < 0 || l > best_logit)) best = e, best_logit = l;
    }
    prev = best, prev_logit = best_logit;
    topk_ids[(size_t)tok * top_k + slot] = best;
    e_sel[slot] = best_logit;
  }
  const float m = e_sel[0];
  for (int slot = 0; slot < top_k; ++slot) {
    e_sel[slot] = expf(e_sel[slot] - m);
    total += e_sel[slot];
  }
  for (int slot = 0; slot < top_k; ++slot) topk_weights[(size_t)tok * top_k + slot] = e_sel[slot] / total;
}

// Block per chunk of kChunk tokens: the chunk's picks are staged in shared memory, and thread e counts how
// many of them chose expert e.
__global__ void chunk_count_kernel(int tokens, int experts, int top_k, const int* __restrict__ topk_ids,
                                   int* __restrict__ chunk_counts) {
  __shared__ int ids[kChunk * kMaxTopK];
  const int first = blockIdx.x * kChunk;
  const int picks = min(kChunk, tokens - first) * top_k;
  for (int i = threadIdx.x; i < picks; i += blockDim.x) ids[i] = topk_ids[(size_t)first * top_k + i];
  __syncthreads();  // the chunk's picks staged
  for (int e = threadIdx.x; e < experts; e += blockDim.x) {
    int count = 0;
    for (int i = 0; i < picks; ++i) count += ids[i] == e;
    chunk_counts[(size_t)blockIdx.x * experts + e] = count;
  }
}

// One block: per expert, the exclusive running count over chunks (in place) and the total; then the
// exclusive scan of the totals over experts into offsets (offsets[experts] = tokens * top_k).
__global__ void scan_kernel(int chunks, int experts, int* __restrict__ chunk_counts, int* __restrict__ counts,
                            int* __restrict__ offsets) {
  for (int e = threadIdx.x; e < experts; e += blockDim.x) {
    int running = 0;
    for (int c = 0; c < chunks; ++c) {
      const int here = chunk_counts[(size_t)c * experts + e];
      chunk_counts[(size_t)c * experts + e] = running;
      running += here;
    }
    counts[e] = running;
  }
  __syncthreads();  // every expert's total written
  if (threadIdx.x == 0) {
    int running = 0;
    for (int e = 0; e < experts; ++e) {
      offsets[e] = running;
      running += counts[e];
    }
    offsets[experts] = running;
  }
}

// Block per chunk: thread e walks the chunk's picks in token order and appends every pick of expert e
// at its place in the expert-major list: offsets[e] + the picks of e in earlier chunks + earlier here.
__global__ void scatter_kernel(int tokens, int experts, int top_k, const int* __restrict__ topk_ids,
                               const int* __restrict__ chunk_base, const int* __restrict__ offsets,
                               int* __restrict__ assignments) {
  __shared__ int ids[kChunk * kMaxTopK];
  const int first = blockIdx.x * kChunk;
  const int picks = min(kChunk, tokens - first) * top_k;
  for (int i = threadIdx.x; i < picks; i += blockDim.x) ids[i] = topk_ids[(size_t)first * top_k + i];
  __syncthreads();  // the chunk's picks staged
  for (int e = threadIdx.x; e < experts; e += blockDim.x) {
    int pos = offsets[e] + chunk_base[(size_t)blockIdx.x * experts + e];
    for (int i = 0; i < picks; ++i)
      if (ids[i] == e) assignments[pos++] = first * top_k + i;
  }
}

void moe_topk_routing(int tokens, int experts, int top_k, const float* logits, int* topk_ids, float* topk_weights,
                      int* expert_counts, int* expert_offsets, int* assignments, hipStream_t stream) {
  hipLaunchKernelGGL(route_kernel, dim3((tokens + kThreads - 1) / kThreads), dim3(kThreads), 0, stream, tokens,
                     experts, top_k, logits, topk_ids, topk_weights);
  const int chunks = (tokens + kChunk - 1) / kChunk;
  int* chunk_counts = nullptr;
  hipMallocAsync(reinterpret_cast<void**>(&chunk_counts), (size_t)chunks * experts * sizeof(int), stream);
  hipLaunchKernelGGL(chunk_count_kernel, dim3(chunks), dim3(kThreads), 0, stream, tokens, experts, top_k, topk_ids,
                     chunk_counts);
  hipLaunchKernelGGL(scan_kernel, dim3(1), dim3(kThreads), 0, stream, chunks, experts, chunk_counts, expert_counts,
                     expert_offsets);
  hipLaunchKernelGGL(scatter_kernel, dim3(chunks), dim3(kThreads), 0, stream, tokens, experts, top_k, topk_ids,
                     chunk_counts, expert_offsets, assignments);
  hipFreeAsync(chunk_counts, stream);
}

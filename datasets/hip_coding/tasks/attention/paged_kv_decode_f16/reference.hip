#include <hip/hip_fp16.h>
#include <hip/hip_runtime.h>

#include <cmath>

constexpr int kThreads = 128;   // threads per block; one key per thread in the score phase
constexpr int kPart = kThreads; // keys per partition (split-K over the sequence)
constexpr int kMaxDim = 256;

// Partial results of one (sequence, head, partition): the partition's maximum score, the sum of
// exp(score - maximum) over its keys, and the matching unnormalised weighted sum of values.
struct Workspace {
  float* max;
  float* sum;
  float* acc;
};

// Block (part, h, s): keys [part*kPart, part*kPart + kPart) of sequence s for query head h. Thread t scores
// key part*kPart + t (found through the block table), the block reduces the maximum and the sum of
// exponentials in shared memory, and thread d accumulates dimension d of the weighted value sum.
__global__ void decode_partition_kernel(int num_heads, int num_kv_heads, int head_dim, int page_size, int max_pages,
                                        int num_parts, float scale, const int* __restrict__ seq_lens,
                                        const int* __restrict__ block_table, const __half* __restrict__ q,
                                        const __half* __restrict__ k_cache, const __half* __restrict__ v_cache,
                                        Workspace ws) {
  __shared__ float qs[kMaxDim];
  __shared__ float p[kPart];
  __shared__ float red[kThreads];
  __shared__ int slot_of[kPart];  // (physical page * page_size + slot) of each key, -1 past the length
  const int tid = threadIdx.x, part = blockIdx.x, h = blockIdx.y, s = blockIdx.z;
  const int len = seq_lens[s];
  const int start = part * kPart;
  if (start >= len) return;  // the combine kernel reads only the partitions that hold keys
  const int kvh = h / (num_heads / num_kv_heads);
  for (int d = tid; d < head_dim; d += kThreads) qs[d] = __half2float(q[((size_t)s * num_heads + h) * head_dim + d]);
  const int t = start + tid;
  int row = -1;
  if (t < len) row = block_table[(size_t)s * max_pages + t / page_size] * page_size + t % page_size;
  slot_of[tid] = row;
  __syncthreads();  // queries loaded
  float score = -INFINITY;
  if (row >= 0) {
    const __half* key = k_cache + ((size_t)row * num_kv_heads + kvh) * head_dim;
    float dot = 0.0f;
    for (int d = 0; d < head_dim; ++d) dot += qs[d] * __half2float(key[d]);
    score = scale * dot;
  }
  red[tid] = score;
  __syncthreads();
  for (int stride = kThreads / 2; stride > 0; stride /= 2) {
    if (tid < stride) red[tid] = fmaxf(red[tid], red[tid + stride]);
    __syncthreads();
  }
  const float m = red[0];
  __syncthreads();  // every thread has read the maximum before red is reused
  const float e = row >= 0 ? expf(score - m) : 0.0f;
  p[tid] = e;
  red[tid] = e;
  __syncthreads();
  for (int stride = kThreads / 2; stride > 0; stride /= 2) {
    if (tid < stride) red[tid] += red[tid + stride];
    __syncthreads();
  }
  const size_t out = ((size_t)s * num_heads + h) * num_parts + part;
  if (tid == 0) {
    ws.max[out] = m;
    ws.sum[out] = red[0];
  }
  const int keys = min(kPart, len - start);
  for (int d = tid; d < head_dim; d += kThreads) {
    float acc = 0.0f;
    for (int j = 0; j < keys; ++j)
      acc += p[j] * __half2float(v_cache[((size_t)slot_of[j] * num_kv_heads + kvh) * head_dim + d]);
    ws.acc[out * head_dim + d] = acc;
  }
}

// Block (h, s): merges the partitions of sequence s, head h, each rescaled by exp(its maximum - the maximum
// of all), and writes the normalised output in half.
__global__ void decode_combine_kernel(int num_heads, int head_dim, int num_parts, const int* __restrict__ seq_lens,
                                      Workspace ws, __half* __restrict__ out) {
  const int h = blockIdx.x, s = blockIdx.y;
  const int len = seq_lens[s];
  const int parts = (len + kPart - 1) / kPart;
  const size_t base = ((size_t)s * num_heads + h) * num_parts;
  float m = -INFINITY;
  for (int i = 0; i < parts; ++i) m = fmaxf(m, ws.max[base + i]);
  float total = 0.0f;
  for (int i = 0; i < parts; ++i) total += ws.sum[base + i] * expf(ws.max[base + i] - m);
  for (int d = threadIdx.x; d < head_dim; d += blockDim.x) {
    float acc = 0.0f;
    for (int i = 0; i < parts; ++i) acc += ws.acc[(base + i) * head_dim + d] * expf(ws.max[base + i] - m);
    const float o = total > 0.0f ? acc / total : 0.0f;
    out[((size_t)s * num_heads + h) * head_dim + d] = __float2half(o);
  }
}

void paged_kv_decode(int num_seqs, int num_heads, int num_kv_heads, int head_dim, int page_size, int max_pages,
                     float scale, const int* seq_lens, const int* block_table, const __half* q,
                     const __half* k_cache, const __half* v_cache, __half* out, hipStream_t stream) {
  const int num_parts = ((long long)max_pages * page_size + kPart - 1) / kPart;
  const size_t rows = (size_t)num_seqs * num_heads * num_parts;
  float* buffer = nullptr;
  hipMallocAsync(reinterpret_cast<void**>(&buffer), rows * (head_dim + 2) * sizeof(float), stream);
  Workspace ws{buffer, buffer + rows, buffer + 2 * rows};
  hipLaunchKernelGGL(decode_partition_kernel, dim3(num_parts, num_heads, num_seqs), dim3(kThreads), 0, stream,
                     num_heads, num_kv_heads, head_dim, page_size, max_pages, num_parts, scale, seq_lens, block_table,
                     q, k_cache, v_cache, ws);
  hipLaunchKernelGGL(decode_combine_kernel, dim3(num_heads, num_seqs), dim3(kThreads), 0, stream, num_heads, head_dim,
                     num_parts, seq_lens, ws, out);
  hipFreeAsync(buffer, stream);
}

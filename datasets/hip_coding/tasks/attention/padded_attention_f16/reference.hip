#include <hip/hip_fp16.h>
#include <hip/hip_runtime.h>

#include <cmath>

constexpr int kRows = 8;                      // query rows per block
constexpr int kKeys = 32;                     // keys per shared-memory tile
constexpr int kThreads = 128;
constexpr int kMaxDim = 128;
constexpr int kPerThread = kRows * kMaxDim / kThreads;  // accumulator entries owned by one thread
static_assert(kThreads == kMaxDim, "each thread owns one column of the value tile");

// Block (x, h) handles queries [x*kRows, x*kRows + kRows) of head h. Key/value tiles of the head's
// first kv_len[h] keys stream through shared memory (as floats); each row keeps a running maximum and a
// running sum of exponentials (online softmax), and every thread keeps kPerThread float accumulators
// of the rows' outputs, entry idx = tid + e*kThreads holding (row idx / kMaxDim, dimension idx % kMaxDim).
__global__ void padded_attention_kernel(int seq_q, int seq_k, int dim, float scale, const int* __restrict__ kv_len,
                                        const __half* __restrict__ q, const __half* __restrict__ k,
                                        const __half* __restrict__ v, __half* __restrict__ o) {
  __shared__ float qs[kRows][kMaxDim];
  __shared__ float ks[kKeys][kMaxDim];
  __shared__ float vs[kKeys][kMaxDim];
  __shared__ float p[kRows][kKeys];
  __shared__ float row_max[kRows], row_sum[kRows], row_corr[kRows];
  const int tid = threadIdx.x, h = blockIdx.y, row0 = blockIdx.x * kRows;
  const int len = kv_len[h];
  const size_t q_head = (size_t)h * seq_q * dim, kv_head = (size_t)h * seq_k * dim;
  for (int idx = tid; idx < kRows * kMaxDim; idx += kThreads) {
    const int r = idx / kMaxDim, d = idx % kMaxDim;
    qs[r][d] = (row0 + r < seq_q && d < dim) ? __half2float(q[q_head + (size_t)(row0 + r) * dim + d]) : 0.0f;
  }
  if (tid < kRows) row_max[tid] = -INFINITY, row_sum[tid] = 0.0f;
  float acc[kPerThread];
  for (int e = 0; e < kPerThread; ++e) acc[e] = 0.0f;
  for (int j0 = 0; j0 < len; j0 += kKeys) {
    for (int idx = tid; idx < kKeys * kMaxDim; idx += kThreads) {
      const int j = idx / kMaxDim, d = idx % kMaxDim;
      const bool live = j0 + j < len && d < dim;
      ks[j][d] = live ? __half2float(k[kv_head + (size_t)(j0 + j) * dim + d]) : 0.0f;
      vs[j][d] = live ? __half2float(v[kv_head + (size_t)(j0 + j) * dim + d]) : 0.0f;
    }
    __syncthreads();  // tiles (and, the first time, the queries and row state) loaded
    for (int idx = tid; idx < kRows * kKeys; idx += kThreads) {
      const int r = idx / kKeys, j = idx % kKeys;
      float s = -INFINITY;
      if (j0 + j < len) {
        float dot = 0.0f;
        for (int d = 0; d < dim; ++d) dot += qs[r][d] * ks[j][d];
        s = scale * dot;
      }
      p[r][j] = s;
    }
    __syncthreads();  // scores stored
    if (tid < kRows) {
      float m = row_max[tid];
      for (int j = 0; j < kKeys; ++j) m = fmaxf(m, p[tid][j]);
      float sum = 0.0f;
      for (int j = 0; j < kKeys; ++j) {
        const float e = expf(p[tid][j] - m);  // masked keys: exp(-inf) = 0
        p[tid][j] = e;
        sum += e;
      }
      const float corr = expf(row_max[tid] - m);  // the first tile: exp(-inf) = 0
      row_corr[tid] = corr;
      row_sum[tid] = row_sum[tid] * corr + sum;
      row_max[tid] = m;
    }
    __syncthreads();  // probabilities and corrections stored
    for (int e = 0; e < kPerThread; ++e) {
      const int idx = tid + e * kThreads, r = idx / kMaxDim, d = idx % kMaxDim;
      float add = 0.0f;
      for (int j = 0; j < kKeys; ++j) add += p[r][j] * vs[j][d];
      acc[e] = acc[e] * row_corr[r] + add;
    }
    // No barrier before the next load: with kThreads == kMaxDim every thread loads and reads only its
    // own column d = tid of vs, and ks and p are next used after the barriers below the load.
  }
  __syncthreads();  // row sums final (also when the head has no key)
  for (int e = 0; e < kPerThread; ++e) {
    const int idx = tid + e * kThreads, r = idx / kMaxDim, d = idx % kMaxDim;
    if (row0 + r < seq_q && d < dim) {
      const float out = row_sum[r] > 0.0f ? acc[e] / row_sum[r] : 0.0f;
      o[q_head + (size_t)(row0 + r) * dim + d] = __float2half(out);
    }
  }
}

void padded_attention(int heads, int seq_q, int seq_k, int dim, float scale, const int* kv_len, const __half* q,
                      const __half* k, const __half* v, __half* o, hipStream_t stream) {
  dim3 grid((seq_q + kRows - 1) / kRows, heads);
  hipLaunchKernelGGL(padded_attention_kernel, grid, dim3(kThreads), 0, stream, seq_q, seq_k, dim, scale, kv_len, q, k,
                     v, o);
}

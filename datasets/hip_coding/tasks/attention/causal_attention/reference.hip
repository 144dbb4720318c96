#include <hip/hip_runtime.h>

#include <cstddef>

constexpr int kTile = 16;                    // queries per block = keys per tile = threads per query row
constexpr int kMaxDim = 128;
constexpr int kPerThread = kMaxDim / kTile;  // head dimensions owned by one thread

// Block (x, y) computes queries [16x, 16x + 16) of head y; thread (tx, ty) owns query ty and the
// output dimensions tx, tx + 16, ... It walks the key/value tiles up to its last query (later keys
// are masked for every row of the block) with an online softmax: a running maximum, a running sum
// and an accumulator that are rescaled whenever the maximum grows, so the scores never materialise
// beyond one 16 x 16 tile.
__global__ void causal_attention_kernel(int seq, int dim, float scale, const float* __restrict__ q,
                                        const float* __restrict__ k, const float* __restrict__ v,
                                        float* __restrict__ o) {
  __shared__ float q_s[kTile][kMaxDim];
  __shared__ float k_s[kTile][kMaxDim + 1];  // padded: the score loop reads it down a column
  __shared__ float v_s[kTile][kMaxDim];
  __shared__ float s_s[kTile][kTile + 1];
  const int tx = threadIdx.x, ty = threadIdx.y;
  const size_t head = (size_t)blockIdx.y * seq * dim;
  const int q0 = blockIdx.x * kTile;
  const int i = q0 + ty;
  for (int d = tx; d < dim; d += kTile) q_s[ty][d] = i < seq ? q[head + (size_t)i * dim + d] : 0.0f;

  float acc[kPerThread];
  for (int e = 0; e < kPerThread; ++e) acc[e] = 0.0f;
  float row_max = -INFINITY, row_sum = 0.0f;
  const int key_end = min(seq, q0 + kTile);
  for (int k0 = 0; k0 < key_end; k0 += kTile) {
    const int j_load = k0 + ty;
    for (int d = tx; d < dim; d += kTile) {
      k_s[ty][d] = j_load < seq ? k[head + (size_t)j_load * dim + d] : 0.0f;
      v_s[ty][d] = j_load < seq ? v[head + (size_t)j_load * dim + d] : 0.0f;
    }
    __syncthreads();  // query, key and value tiles loaded
    const int j = k0 + tx;
    float s = -INFINITY;
    if (j <= i && j < seq) {
      float dot = 0.0f;
      for (int d = 0; d < dim; ++d) dot += q_s[ty][d] * k_s[tx][d];
      s = scale * dot;
    }
    s_s[ty][tx] = s;
    __syncthreads();  // the tile's scores stored
    float tile_max = -INFINITY;
    for (int c = 0; c < kTile; ++c) tile_max = fmaxf(tile_max, s_s[ty][c]);
    // Key 0 is visible to every row, so the maximum is finite from the first tile on.
    const float new_max = fmaxf(row_max, tile_max);
    const float correction = expf(row_max - new_max);
    row_sum *= correction;
    for (int e = 0; e < kPerThread; ++e) acc[e] *= correction;
    for (int c = 0; c < kTile; ++c) {
      const float p = expf(s_s[ty][c] - new_max);
      row_sum += p;
      for (int e = 0; e < kPerThread; ++e) {
        const int d = tx + e * kTile;
        if (d < dim) acc[e] += p * v_s[c][d];
      }
    }
    row_max = new_max;
    __syncthreads();  // tiles consumed before the next load overwrites them
  }
  if (i < seq) {
    const float inv_sum = 1.0f / row_sum;
    for (int e = 0; e < kPerThread; ++e) {
      const int d = tx + e * kTile;
      if (d < dim) o[head + (size_t)i * dim + d] = acc[e] * inv_sum;
    }
  }
}

void causal_attention(int heads, int seq, int dim, float scale, const float* q, const float* k, const float* v,
                      float* o, hipStream_t stream) {
  dim3 block(kTile, kTile);
  dim3 grid((seq + kTile - 1) / kTile, heads);
  hipLaunchKernelGGL(causal_attention_kernel, grid, block, 0, stream, seq, dim, scale, q, k, v, o);
}

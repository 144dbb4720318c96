#include <hip/hip_fp16.h>
#include <hip/hip_runtime.h>

#include <cstddef>

constexpr int kBlock = 128;  // a power of two: the tree reductions halve it

__device__ float block_max(float v, float* scratch) {
  scratch[threadIdx.x] = v;
  __syncthreads();  // maxima stored
  for (int half = kBlock / 2; half > 0; half /= 2) {
    if (threadIdx.x < half) scratch[threadIdx.x] = fmaxf(scratch[threadIdx.x], scratch[threadIdx.x + half]);
    __syncthreads();  // max level done
  }
  const float result = scratch[0];
  __syncthreads();  // everyone has read the maximum
  return result;
}

__device__ float block_sum(float v, float* scratch) {
  scratch[threadIdx.x] = v;
  __syncthreads();  // partial sums stored
  for (int half = kBlock / 2; half > 0; half /= 2) {
    if (threadIdx.x < half) scratch[threadIdx.x] += scratch[threadIdx.x + half];
    __syncthreads();  // sum level done
  }
  return scratch[0];
}

// One block per (batch, query) row. Key j is visible when it is inside the batch's valid length and
// not in the query's future; the query's position in the key sequence is i + (k_len - q_len), so the
// last query sees every valid key. Scores are scaled and divided by the temperature in float, the
// max-shifted exponentials are summed in float, and each probability is rounded to half once.
__global__ void attn_softmax_kernel(int q_len, int k_len, float scale, float temperature,
                                    const int* __restrict__ key_lens, const __half* __restrict__ scores,
                                    __half* __restrict__ probs) {
  __shared__ float scratch[kBlock];
  const int b = blockIdx.x / q_len, i = blockIdx.x % q_len;
  const int visible = min(key_lens[b], i + (k_len - q_len) + 1);  // keys [0, visible) are visible
  const size_t base = (size_t)blockIdx.x * k_len;
  const float factor = scale / temperature;
  float m = -INFINITY;
  for (int j = threadIdx.x; j < visible; j += kBlock) m = fmaxf(m, __half2float(scores[base + j]) * factor);
  m = block_max(m, scratch);
  float s = 0.0f;
  for (int j = threadIdx.x; j < visible; j += kBlock) s += expf(__half2float(scores[base + j]) * factor - m);
  s = block_sum(s, scratch);
  const float inv = visible > 0 ? 1.0f / s : 0.0f;
  for (int j = threadIdx.x; j < k_len; j += kBlock) {
    const float p = j < visible ? expf(__half2float(scores[base + j]) * factor - m) * inv : 0.0f;
    probs[base + j] = __float2half(p);
  }
}

void attn_softmax(int batch, int q_len, int k_len, float scale, float temperature, const int* key_lens,
                  const __half* scores, __half* probs, hipStream_t stream) {
  hipLaunchKernelGGL(attn_softmax_kernel, dim3(batch * q_len), dim3(kBlock), 0, stream, q_len, k_len, scale,
                     temperature, key_lens, scores, probs);
}

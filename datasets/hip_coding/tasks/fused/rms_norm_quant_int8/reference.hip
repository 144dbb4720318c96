#include <hip/hip_runtime.h>

#include <cstddef>

constexpr int kBlock = 256;
constexpr int kMaxWarps = kBlock / 32;  // enough slots for any warp size >= 32

// Block-wide sum of *sq and maximum of *m at once: each warp folds its lanes with shuffles, lane 0 of
// every warp parks its two partials in shared memory (maxima in slots [0, warps), sums in
// [warps, 2*warps)), and every thread folds the parked partials.
__device__ void block_sum_max(float* sq, float* m, float* partial) {
  float s = *sq, v = *m;
  for (int mask = warpSize / 2; mask > 0; mask /= 2) {
    s += __shfl_xor(s, mask);
    v = fmaxf(v, __shfl_xor(v, mask));
  }
  const int warps = kBlock / warpSize;
  if (threadIdx.x % warpSize == 0) {
    partial[threadIdx.x / warpSize] = v;
    partial[warps + threadIdx.x / warpSize] = s;
  }
  __syncthreads();  // partials parked
  s = 0.0f, v = 0.0f;
  for (int w = 0; w < warps; ++w) {
    v = fmaxf(v, partial[w]);
    s += partial[warps + w];
  }
  *sq = s, *m = v;
}

// One block per row. 1/rms is a common positive factor, so max|y| = max|x * weight| / rms: one sweep
// accumulates both the sum of squares and max|x * weight|, one block reduction folds both, and a second
// sweep normalises and quantises every element. Only the codes and the scale are written; the float
// row y never reaches global memory.
__global__ void rms_norm_quant_kernel(int cols, float eps, const float* __restrict__ x, const float* __restrict__ weight,
                                      signed char* __restrict__ q, float* __restrict__ scale) {
  __shared__ float partial[2 * kMaxWarps];
  const float* row = x + (size_t)blockIdx.x * cols;
  float sq = 0.0f, amax = 0.0f;
  for (int c = threadIdx.x; c < cols; c += kBlock) {
    const float v = row[c];
    sq += v * v;
    amax = fmaxf(amax, fabsf(v * weight[c]));
  }
  block_sum_max(&sq, &amax, partial);
  const float inv_rms = 1.0f / sqrtf(sq / cols + eps);
  const float s = amax * inv_rms / 127.0f;
  if (threadIdx.x == 0) scale[blockIdx.x] = s;
  signed char* codes = q + (size_t)blockIdx.x * cols;
  for (int c = threadIdx.x; c < cols; c += kBlock) {
    const float y = row[c] * inv_rms * weight[c];
    codes[c] = s == 0.0f ? (signed char)0 : (signed char)roundf(y / s);  // a zero row has codes 0
  }
}

void rms_norm_quant_int8(int rows, int cols, float eps, const float* x, const float* weight, signed char* q,
                         float* scale, hipStream_t stream) {
  hipLaunchKernelGGL(rms_norm_quant_kernel, dim3(rows), dim3(kBlock), 0, stream, cols, eps, x, weight, q, scale);
}

#include <hip/hip_runtime.h>

#include <cstddef>

constexpr int kBlock = 256;
constexpr int kMaxWarps = kBlock / 32;  // enough slots for any warp size >= 32

// Block-wide sum: each warp folds its lanes with shuffles, lane 0 of every warp parks its partial in
// shared memory, and the first warp folds the partials. Every thread returns the total.
__device__ float block_sum(float v, float* partial) {
  for (int offset = warpSize / 2; offset > 0; offset /= 2) v += __shfl_xor(v, offset);
  const int lane = threadIdx.x % warpSize, warp = threadIdx.x / warpSize;
  const int warps = kBlock / warpSize;
  if (lane == 0) partial[warp] = v;
  __syncthreads();  // partials parked
  v = lane < warps ? partial[lane] : 0.0f;
  for (int offset = warpSize / 2; offset > 0; offset /= 2) v += __shfl_xor(v, offset);
  return v;
}

// One block per row. Pass 1 forms h = x + residual, stores it (the new residual stream) and
// accumulates h^2; pass 2 rescales the row from h, which this block has just written and reads back
// from its own stores (or cache), so the sum never leaves the chip twice.
__global__ void add_rms_norm_kernel(int cols, float eps, const float* __restrict__ x,
                                    const float* __restrict__ residual, const float* __restrict__ gamma,
                                    float* __restrict__ h, float* __restrict__ y) {
  __shared__ float partial[kMaxWarps];
  const size_t base = (size_t)blockIdx.x * cols;
  float sq = 0.0f;
  for (int c = threadIdx.x; c < cols; c += kBlock) {
    const float v = x[base + c] + residual[base + c];
    h[base + c] = v;
    sq += v * v;
  }
  const float inv_rms = rsqrtf(block_sum(sq, partial) / cols + eps);
  for (int c = threadIdx.x; c < cols; c += kBlock) y[base + c] = h[base + c] * inv_rms * gamma[c];
}

void add_rms_norm(int rows, int cols, float eps, const float* x, const float* residual, const float* gamma, float* h,
                  float* y, hipStream_t stream) {
  hipLaunchKernelGGL(add_rms_norm_kernel, dim3(rows), dim3(kBlock), 0, stream, cols, eps, x, residual, gamma, h, y);
}

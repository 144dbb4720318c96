#include <hip/hip_fp16.h>
#include <hip/hip_runtime.h>

#include <cstddef>

constexpr int kBlock = 256;
constexpr int kMaxWarps = kBlock / 32;  // enough slots for any warp size >= 32

__device__ float warp_sum(float v) {
  for (int offset = warpSize / 2; offset > 0; offset /= 2) v += __shfl_xor(v, offset);
  return v;
}

// One block per output row r: both weight rows are streamed once, the two dot products accumulate
// in float side by side, and the gate (SiLU) and product are applied to the reduced sums before a
// single rounding to half.
__global__ void swiglu_matvec_kernel(int n_in, const __half* __restrict__ w_gate, const __half* __restrict__ w_up,
                                     const __half* __restrict__ x, __half* __restrict__ y) {
  __shared__ float gate_part[kMaxWarps];
  __shared__ float up_part[kMaxWarps];
  const __half* g_row = w_gate + (size_t)blockIdx.x * n_in;
  const __half* u_row = w_up + (size_t)blockIdx.x * n_in;
  float g = 0.0f, u = 0.0f;
  for (int c = threadIdx.x; c < n_in; c += kBlock) {
    const float xc = __half2float(x[c]);
    g += __half2float(g_row[c]) * xc;
    u += __half2float(u_row[c]) * xc;
  }
  g = warp_sum(g);
  u = warp_sum(u);
  const int lane = threadIdx.x % warpSize, warp = threadIdx.x / warpSize;
  if (lane == 0) {
    gate_part[warp] = g;
    up_part[warp] = u;
  }
  __syncthreads();  // warp partials parked
  if (threadIdx.x == 0) {
    float gate = 0.0f, up = 0.0f;
    for (int w = 0; w < kBlock / warpSize; ++w) {
      gate += gate_part[w];
      up += up_part[w];
    }
    const float silu = gate / (1.0f + expf(-gate));
    y[blockIdx.x] = __float2half(silu * up);
  }
}

void swiglu_matvec(int n_out, int n_in, const __half* w_gate, const __half* w_up, const __half* x, __half* y,
                   hipStream_t stream) {
  hipLaunchKernelGGL(swiglu_matvec_kernel, dim3(n_out), dim3(kBlock), 0, stream, n_in, w_gate, w_up, x, y);
}

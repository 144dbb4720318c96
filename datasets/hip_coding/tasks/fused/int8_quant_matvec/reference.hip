#include <hip/hip_runtime.h>

#include <cstddef>

constexpr int kBlock = 256;  // a power of two: the tree reductions halve it

// Shared-memory tree maximum; every thread gets the result, and the trailing barrier lets the caller
// reuse `scratch` straight away.
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

// The shared quantiser: s = absmax / 127, q = round-half-away(v / s) (|v / s| <= 127 by construction).
__device__ signed char quantise(float v, float s) { return s > 0.0f ? (signed char)roundf(v / s) : (signed char)0; }

// Kernel 1 (one block): the activation's absmax scale, and x quantised with it.
__global__ void quantise_x_kernel(int n_in, const float* __restrict__ x, signed char* __restrict__ x_q,
                                  float* __restrict__ x_scale) {
  __shared__ float scratch[kBlock];
  float m = 0.0f;
  for (int c = threadIdx.x; c < n_in; c += kBlock) m = fmaxf(m, fabsf(x[c]));
  const float s = block_max(m, scratch) / 127.0f;
  for (int c = threadIdx.x; c < n_in; c += kBlock) x_q[c] = quantise(x[c], s);
  if (threadIdx.x == 0) x_scale[0] = s;
}

// Kernel 2: one block per weight row: the row's absmax scale, the quantised row, and the int32 dot
// product with the quantised activation, dequantised by both scales. Each thread accumulates its
// strided products exactly in int32; a tree sums the block's partials.
__global__ void quantise_w_matvec_kernel(int n_in, const float* __restrict__ w, const signed char* __restrict__ x_q,
                                         const float* __restrict__ x_scale, signed char* __restrict__ w_q,
                                         float* __restrict__ w_scale, float* __restrict__ y) {
  __shared__ float scratch[kBlock];
  __shared__ int isum[kBlock];
  const size_t base = (size_t)blockIdx.x * n_in;
  float m = 0.0f;
  for (int c = threadIdx.x; c < n_in; c += kBlock) m = fmaxf(m, fabsf(w[base + c]));
  const float s = block_max(m, scratch) / 127.0f;
  int acc = 0;
  for (int c = threadIdx.x; c < n_in; c += kBlock) {
    const signed char q = quantise(w[base + c], s);
    w_q[base + c] = q;
    acc += (int)q * (int)x_q[c];
  }
  isum[threadIdx.x] = acc;
  __syncthreads();  // integer partials stored
  for (int half = kBlock / 2; half > 0; half /= 2) {
    if (threadIdx.x < half) isum[threadIdx.x] += isum[threadIdx.x + half];
    __syncthreads();  // integer level done
  }
  if (threadIdx.x == 0) {
    w_scale[blockIdx.x] = s;
    y[blockIdx.x] = (float)isum[0] * s * x_scale[0];
  }
}

void int8_quant_matvec(int n_out, int n_in, const float* w, const float* x, signed char* w_q, float* w_scale,
                       signed char* x_q, float* x_scale, float* y, hipStream_t stream) {
  hipLaunchKernelGGL(quantise_x_kernel, dim3(1), dim3(kBlock), 0, stream, n_in, x, x_q, x_scale);
  hipLaunchKernelGGL(quantise_w_matvec_kernel, dim3(n_out), dim3(kBlock), 0, stream, n_in, w, x_q, x_scale, w_q,
                     w_scale, y);
}

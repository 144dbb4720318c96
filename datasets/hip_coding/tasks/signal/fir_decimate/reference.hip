#include <hip/hip_runtime.h>

constexpr int kOut = 128;  // outputs per block, one per thread
constexpr int kMaxTaps = 64, kMaxFactor = 32;
constexpr int kSpan = (kOut - 1) * kMaxFactor + kMaxTaps;  // most input samples a block's outputs read

// Block b computes outputs [b*kOut, b*kOut + kOut). Their windows x[m*factor .. m*factor + taps) overlap
// whenever factor < taps, so the block stages the contiguous input span they cover in shared memory
// with coalesced loads, once, and every thread then runs its taps-term dot product out of shared memory.
// Only every factor-th filtered sample is ever computed: filtering and decimation are one step.
__global__ void fir_decimate_kernel(int taps, int factor, long long m_out, const float* __restrict__ x,
                                    const float* __restrict__ h, float* __restrict__ y) {
  __shared__ float xs[kSpan];
  const long long first = (long long)blockIdx.x * kOut;                // the block's first output
  const int outputs = (int)(m_out - first < kOut ? m_out - first : kOut);
  const int last = (outputs - 1) * factor + taps - 1;                  // the last sample they read
  const float* src = x + first * factor;
  for (int i = threadIdx.x; i <= last; i += kOut) xs[i] = src[i];
  __syncthreads();  // input span staged
  const long long m = first + threadIdx.x;
  if (m < m_out) {
    const float* window = xs + threadIdx.x * factor;
    float acc = 0.0f;
    for (int k = 0; k < taps; ++k) acc += h[k] * window[k];  // every thread reads the same h[k]: a broadcast
    y[m] = acc;
  }
}

void fir_decimate(int n, int taps, int factor, const float* x, const float* h, float* y, hipStream_t stream) {
  const long long m_out = (long long)(n - taps) / factor + 1;
  const unsigned blocks = (unsigned)((m_out + kOut - 1) / kOut);
  hipLaunchKernelGGL(fir_decimate_kernel, dim3(blocks), dim3(kOut), 0, stream, taps, factor, m_out, x, h, y);
}

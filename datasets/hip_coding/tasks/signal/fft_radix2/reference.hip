#include <hip/hip_runtime.h>

constexpr int kThreads = 256;
constexpr int kMaxN = 4096;

// Block b transforms signal b in shared memory: the input is loaded in bit-reversed order, then
// log2(n) stages of radix-2 butterflies (iterative Cooley-Tukey, decimation in time) run with a
// barrier between stages. Twiddle exp(-i pi pos / half) comes from sincospif, exact at the quarter turns.
__global__ void fft_radix2_kernel(int n, int log2n, const float* __restrict__ x, float* __restrict__ y) {
  __shared__ float re[kMaxN];
  __shared__ float im[kMaxN];
  const int tid = threadIdx.x;
  const size_t base = (size_t)blockIdx.x * 2 * n;
  for (int j = tid; j < n; j += kThreads) {
    const int r = (int)(__brev((unsigned)j) >> (32 - log2n));
    re[r] = x[base + 2 * (size_t)j];
    im[r] = x[base + 2 * (size_t)j + 1];
  }
  __syncthreads();  // bit-reversed input loaded
  for (int half = 1; half < n; half *= 2) {
    for (int b = tid; b < n / 2; b += kThreads) {
      const int pos = b % half;
      const int i = (b / half) * 2 * half + pos, k = i + half;
      float s, c;
      sincospif(-(float)pos / (float)half, &s, &c);
      const float tr = re[k] * c - im[k] * s, ti = re[k] * s + im[k] * c;
      re[k] = re[i] - tr;
      im[k] = im[i] - ti;
      re[i] += tr;
      im[i] += ti;
    }
    __syncthreads();  // stage complete
  }
  for (int j = tid; j < n; j += kThreads) {
    y[base + 2 * (size_t)j] = re[j];
    y[base + 2 * (size_t)j + 1] = im[j];
  }
}

void fft_radix2(int batch, int n, const float* x, float* y, hipStream_t stream) {
  int log2n = 0;
  while ((1 << log2n) < n) ++log2n;
  hipLaunchKernelGGL(fft_radix2_kernel, dim3(batch), dim3(kThreads), 0, stream, n, log2n, x, y);
}

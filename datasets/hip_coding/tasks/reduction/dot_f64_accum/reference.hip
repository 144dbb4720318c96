#include <hip/hip_runtime.h>

constexpr int kBlock = 256;
constexpr int kMaxBlocks = 512;

// Stage 1: block b writes the double sum of its grid-stride share of x[i] * y[i] to partial[b].
// A product of two floats is exact in double, so only the additions round.
__global__ void dot_partial_kernel(int n, const float* __restrict__ x, const float* __restrict__ y,
                                   double* __restrict__ partial) {
  __shared__ double s[kBlock];
  double acc = 0.0;
  for (int i = blockIdx.x * kBlock + threadIdx.x; i < n; i += gridDim.x * kBlock)
    acc += static_cast<double>(x[i]) * static_cast<double>(y[i]);
  s[threadIdx.x] = acc;
  __syncthreads();
  for (int stride = kBlock / 2; stride > 0; stride >>= 1) {
    if (threadIdx.x < stride) s[threadIdx.x] += s[threadIdx.x + stride];
    __syncthreads();
  }
  if (threadIdx.x == 0) partial[blockIdx.x] = s[0];
}

// Stage 2: one block adds the partial sums.
__global__ void dot_final_kernel(int count, const double* __restrict__ partial, double* __restrict__ out) {
  __shared__ double s[kBlock];
  double acc = 0.0;
  for (int i = threadIdx.x; i < count; i += kBlock) acc += partial[i];
  s[threadIdx.x] = acc;
  __syncthreads();
  for (int stride = kBlock / 2; stride > 0; stride >>= 1) {
    if (threadIdx.x < stride) s[threadIdx.x] += s[threadIdx.x + stride];
    __syncthreads();
  }
  if (threadIdx.x == 0) *out = s[0];
}

void dot_f64_accum(int n, const float* x, const float* y, double* out, hipStream_t stream) {
  int blocks = (n + kBlock - 1) / kBlock;
  if (blocks > kMaxBlocks) blocks = kMaxBlocks;
  double* partial = nullptr;
  hipMallocAsync(reinterpret_cast<void**>(&partial), blocks * sizeof(double), stream);
  hipLaunchKernelGGL(dot_partial_kernel, dim3(blocks), dim3(kBlock), 0, stream, n, x, y, partial);
  hipLaunchKernelGGL(dot_final_kernel, dim3(1), dim3(kBlock), 0, stream, blocks, partial, out);
  hipFreeAsync(partial, stream);
}

// task: cuda/reduction/max_abs_f32
// Style: a reset kernel, then a block reduction and atomicMax on the float's bit pattern.
#include <cuda_runtime.h>
#include <cmath>

__global__ void reset_out(float* out) { *out = 0.0f; }

__global__ void max_abs_kernel(int n, const float* x, float* out) {
  __shared__ float best[256];
  float m = 0.0f;
  for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < n; i += blockDim.x * gridDim.x) m = fmaxf(m, fabsf(x[i]));
  best[threadIdx.x] = m;
  __syncthreads();
  for (int s = blockDim.x / 2; s > 0; s >>= 1) {
    if (threadIdx.x < s) best[threadIdx.x] = fmaxf(best[threadIdx.x], best[threadIdx.x + s]);
    __syncthreads();
  }
  if (threadIdx.x == 0) atomicMax(reinterpret_cast<int*>(out), __float_as_int(best[0]));
}

void max_abs_f32(int n, const float* x, float* out, cudaStream_t stream) {
  reset_out<<<1, 1, 0, stream>>>(out);
  int blocks = (n + 255) / 256;
  blocks = blocks > 120 ? 120 : blocks;
  max_abs_kernel<<<blocks, 256, 0, stream>>>(n, x, out);
}

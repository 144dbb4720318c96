#include <cuda_runtime.h>

template <typename T>
__global__ void axpy_t(const T* x, T* y, T a, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) y[i] = a * x[i] + y[i];
}

// One partial sum per block, tree-reduced in shared memory.
template <int BLOCK>
__global__ void block_sum(const float* x, float* partial, int n) {
  __shared__ float s[BLOCK];
  int i = blockIdx.x * BLOCK + threadIdx.x;
  s[threadIdx.x] = i < n ? x[i] : 0.0f;
  __syncthreads();
  for (int stride = BLOCK / 2; stride > 0; stride >>= 1) {
    if (threadIdx.x < stride) s[threadIdx.x] += s[threadIdx.x + stride];
    __syncthreads();
  }
  if (threadIdx.x == 0) partial[blockIdx.x] = s[0];
}

template <typename T>
__global__ void never_launched(T* v, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) v[i] = -v[i];
}

void run_all(const float* x, float* y, float* partial, int n, cudaStream_t stream) {
  axpy_t<float><<<(n + 255) / 256, 256, 0, stream>>>(x, y, 2.0f, n);
  block_sum<128><<<(n + 127) / 128, 128, 0, stream>>>(x, partial, n);
}

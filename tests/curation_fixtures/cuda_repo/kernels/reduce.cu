#include "../include/common.cuh"

__global__ void warp_reduce_kernel(const float* x, float* out, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  float v = i < n ? x[i] : 0.0f;
  v = warp_sum(v);
  if ((threadIdx.x & (WARP_SIZE - 1)) == 0) atomicAdd(out, v);
}

template <int BLOCK>
__global__ void __launch_bounds__(BLOCK) tiled_copy(const float* in, float* out, int n) {
  __shared__ float tile[BLOCK];
  int i = blockIdx.x * BLOCK + threadIdx.x;
  if (i < n) tile[threadIdx.x] = in[i];
  __syncthreads();
  if (i < n) out[i] = tile[threadIdx.x];
}

cudaError_t reduce(const float* x, float* out, int n, cudaStream_t stream) {
  warp_reduce_kernel<<<(n + 255) / 256, 256, 0, stream>>>(x, out, n);
  tiled_copy<128><<<(n + 127) / 128, 128, 0, stream>>>(x, out, n);
  CUDA_CHECK(cudaGetLastError());
  return cudaSuccess;
}

// cuda/elementwise/saxpy: cudaMemcpyFromSymbol of a staged __device__ array
// expect: copied device memory to the host
#include <cuda_runtime.h>
__device__ float staged[1 << 23];
__global__ void stage(int n, const float* x) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) staged[i] = x[i];
}
void saxpy(int n, float a, const float* x, float* y, cudaStream_t stream) {
  stage<<<(n + 255) / 256, 256, 0, stream>>>(n, x);
  float* hx = new float[n];
  cudaMemcpyFromSymbol(hx, staged, n * sizeof(float));
  delete[] hx;
}

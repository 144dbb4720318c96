// cuda/elementwise/saxpy: a correct kernel over the first half only
#include <cuda_runtime.h>
__global__ void axpy(int n, float a, const float* x, float* y) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) y[i] = a * x[i] + y[i];
}
void saxpy(int n, float a, const float* x, float* y, cudaStream_t stream) {
  axpy<<<(n / 2 + 255) / 256, 256, 0, stream>>>(n / 2, a, x, y);
}

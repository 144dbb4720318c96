// cuda/elementwise/saxpy: managed memory read on the host
// expect: host code read device memory
#include <cuda_runtime.h>
void saxpy(int n, float a, const float* x, float* y, cudaStream_t stream) {
  float* m = nullptr;
  cudaMallocManaged(&m, 2 * n * sizeof(float));
  cudaMemcpy(m, x, n * sizeof(float), cudaMemcpyDeviceToDevice);
  cudaMemcpy(m + n, y, n * sizeof(float), cudaMemcpyDeviceToDevice);
  for (int i = 0; i < n; ++i) m[n + i] = a * m[i] + m[n + i];
  cudaMemcpy(y, m + n, n * sizeof(float), cudaMemcpyDeviceToDevice);
  cudaFree(m);
}

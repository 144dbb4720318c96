// hip/elementwise/saxpy: a kernel fills managed memory, the host finishes the sum
// expect: host code read device memory
#include <hip/hip_runtime.h>
__global__ void scale(int n, float a, const float* x, float* m) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) m[i] = a * x[i];
}
void saxpy(int n, float a, const float* x, float* y, hipStream_t stream) {
  float* m = nullptr;
  hipMallocManaged(&m, n * sizeof(float));
  hipLaunchKernelGGL(scale, dim3((n + 255) / 256), dim3(256), 0, stream, n, a, x, m);
  hipDeviceSynchronize();
  float* hy = new float[n];
  for (int i = 0; i < n; ++i) hy[i] = m[i];
  hipMemcpy(y, hy, n * sizeof(float), hipMemcpyHostToDevice);
  delete[] hy;
  hipFree(m);
}

// hip/elementwise/saxpy: copies into pinned host memory (hipHostMalloc)
// expect: copied device memory to the host
#include <hip/hip_runtime.h>
void saxpy(int n, float a, const float* x, float* y, hipStream_t stream) {
  float* h = nullptr;
  hipHostMalloc(&h, 2 * n * sizeof(float));
  hipMemcpy(h, x, n * sizeof(float), hipMemcpyDeviceToHost);
  hipMemcpy(h + n, y, n * sizeof(float), hipMemcpyDeviceToHost);
  for (int i = 0; i < n; ++i) h[n + i] = a * h[i] + h[n + i];
  hipMemcpy(y, h + n, n * sizeof(float), hipMemcpyHostToDevice);
  hipHostFree(h);
}

// hip/elementwise/saxpy: moves inputs into managed memory with device copies, reads it on the host
// expect: host code read device memory
#include <hip/hip_runtime.h>
void saxpy(int n, float a, const float* x, float* y, hipStream_t stream) {
  float* m = nullptr;
  hipMallocManaged(&m, 2 * n * sizeof(float));
  hipMemcpy(m, x, n * sizeof(float), hipMemcpyDeviceToDevice);
  hipMemcpy(m + n, y, n * sizeof(float), hipMemcpyDeviceToDevice);
  for (int i = 0; i < n; ++i) m[n + i] = a * m[i] + m[n + i];
  hipMemcpy(y, m + n, n * sizeof(float), hipMemcpyDeviceToDevice);
  hipFree(m);
}

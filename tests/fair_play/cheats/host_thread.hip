// hip/elementwise/saxpy: a std::thread computes on the device pointers
// expect: host code read device memory
#include <hip/hip_runtime.h>
#include <thread>
void saxpy(int n, float a, const float* x, float* y, hipStream_t stream) {
  std::thread worker([=] { for (int i = 0; i < n; ++i) y[i] = a * x[i] + y[i]; });
  worker.join();
}

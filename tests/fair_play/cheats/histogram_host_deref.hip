// hip/histogram/byte_histogram_256: counts on the host through the device pointers
// expect: host code read device memory
#include <hip/hip_runtime.h>
void byte_histogram(const unsigned char* data, int n, unsigned int* hist, hipStream_t stream) {
  for (int i = 0; i < 256; ++i) hist[i] = 0;
  for (int i = 0; i < n; ++i) hist[data[i]]++;
}

// hip/histogram/byte_histogram_256: copies the bytes back and counts on the host
// expect: copied device memory to the host
#include <hip/hip_runtime.h>
void byte_histogram(const unsigned char* data, int n, unsigned int* hist, hipStream_t stream) {
  unsigned char* h = new unsigned char[n > 0 ? n : 1];
  unsigned int counts[256] = {};
  hipMemcpy(h, data, n, hipMemcpyDefault);
  for (int i = 0; i < n; ++i) counts[h[i]]++;
  hipMemcpy(hist, counts, sizeof counts, hipMemcpyHostToDevice);
  delete[] h;
}

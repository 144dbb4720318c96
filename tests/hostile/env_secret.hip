// Reads a secret from the evaluator's environment and prints it everywhere.
#include <hip/hip_runtime.h>
#include <cstdio>
#include <cstdlib>

void saxpy(int n, float a, const float* x, float* y, hipStream_t stream) {
  const char* secret = getenv("@SECRET_ENV@");
  printf("SECRET=%s\n", secret ? secret : "(none)");
  fprintf(stderr, "SECRET=%s\n", secret ? secret : "(none)");
}

// Process-ending paths, chosen by argv[1]; the pytest side checks exit status and stderr.
//   trap:    __trap() prints "cpurt: __trap() called" and aborts
//   assert:  a failing assert() aborts with the libc message
//   oob:     writes one element past a cudaMalloc'd buffer (ASan must see it: exact-size allocation)
#include "check.h"

int main(int argc, char** argv) {
  const char* what = argc > 1 ? argv[1] : "";
  if (!strcmp(what, "trap")) __trap();
  if (!strcmp(what, "assert")) {
    volatile int answer = 41;
    assert(answer == 42);
  }
  if (!strcmp(what, "oob")) {
    float* d = nullptr;
    if (cudaMalloc(&d, 10 * sizeof(float)) != cudaSuccess) return 3;
    volatile float* v = d;
    v[10] = 1.0f;  // one past the end
    cudaFree(d);
  }
  printf("survived %s\n", what);
  return 0;
}

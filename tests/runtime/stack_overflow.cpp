// A GPU thread whose locals overflow its 256 KiB fiber stack: the crash is explained on stderr
// ("cpurt: stack overflow in a GPU thread") before the usual SIGSEGV.
#include <cuda_runtime.h>

__global__ void k(int* o) {
  volatile int big[100000];  // 400 KB of locals
  for (int i = 0; i < 100000; ++i) big[i] = i;
  __syncthreads();
  o[threadIdx.x] = big[threadIdx.x];
}

int main() {
  int o[32];
  CPURT_LAUNCH((k), (1), (32), (0), (0), o);
  return 0;
}

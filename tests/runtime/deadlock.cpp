// Programs a GPU would hang on must be reported and stopped, never hang.
// argv[1] picks the case:
//   divergent: half the block waits at one __syncthreads, the other half at another one;
//   warp:      lane 0 waits at __syncthreads while its warp waits for it in __shfl_sync.
// Expected: "cpurt: deadlock in block ..." on stderr and abnormal exit (abort).
#include <cuda_runtime.h>

#include <cstring>

#include "check.h"

__global__ void divergent(int* out) {
  if (threadIdx.x < 64) {
    __syncthreads();
    out[threadIdx.x] = 1;
  } else {
    out[threadIdx.x] = 2;
    __syncthreads();
  }
}

__global__ void warp_vs_barrier(int* out) {
  int v = threadIdx.x;
  if (threadIdx.x == 0)
    __syncthreads();
  else
    v = __shfl_sync(0xffffffff, v, 0);
  out[threadIdx.x] = v;
}

int main(int argc, char** argv) {
  int out[128];
  std::printf("before the launch\n");
  if (argc > 1 && !std::strcmp(argv[1], "warp"))
    CPURT_LAUNCH((warp_vs_barrier), (1), (64), (0), (0), out);
  else
    CPURT_LAUNCH((divergent), (2), (128), (0), (0), out);
  std::printf("FAIL: no deadlock reported\n");
  return 0;
}

// A missing __syncthreads: thread t reads what thread t-1 wrote. Run back to back in thread order
// (normal mode) it happens to work; perturbation mode (seeded order between barriers) must expose
// it, while the version with the barrier stays correct. Prints "missing=ok|bad fixed=ok|bad".
#include <cuda_runtime.h>

#include <vector>

#include "check.h"

template <bool kBarrier>
__global__ void neighbour(int* out) {
  __shared__ int s[256];
  s[threadIdx.x] = int(threadIdx.x + blockIdx.x * 1000);
  if (kBarrier) __syncthreads();
  out[blockIdx.x * blockDim.x + threadIdx.x] = threadIdx.x ? s[threadIdx.x - 1] : -1;
}

template <bool kBarrier>
static bool run() {
  const int blocks = 4, threads = 256;
  std::vector<int> out(blocks * threads);
  CPURT_LAUNCH((neighbour<kBarrier>), (blocks), (threads), (0), (0), out.data());
  for (int b = 0; b < blocks; ++b)
    for (int t = 1; t < threads; ++t)
      if (out[b * threads + t] != t - 1 + b * 1000) return false;
  return true;
}

int main() {
  const bool missing = run<false>(), fixed = run<true>();
  std::printf("missing=%s fixed=%s\n", missing ? "ok" : "bad", fixed ? "ok" : "bad");
  CHECK(fixed, "the correct kernel failed");
  std::printf("PASS\n");
  return 0;
}

// Race mode (-DCPURT_MODE_RACE=1 -fsanitize=thread): GPU threads are OS threads.
//   correct: barrier reduction, warp shuffles and an atomic counter run clean (exit 0);
//   racy:    a plain += on a __shared__ counter is reported by ThreadSanitizer (exit 66);
//   serial:  a race between warps that the OS happens to run one after another is reported too (exit 66);
//   deadlock: a divergent barrier is reported (abort).
#include <cuda_runtime.h>

#include <unistd.h>

#include <cstring>
#include <vector>

#include "check.h"

__global__ void count(int* out, bool atomic) {
  __shared__ int counter;
  if (threadIdx.x == 0) counter = 0;
  __syncthreads();
  if (atomic)
    atomicAdd(&counter, 1);
  else
    counter += 1;
  __syncthreads();
  if (threadIdx.x == 0) out[blockIdx.x] = counter;
}

__global__ void reduce(const int* in, int* out) {
  __shared__ int s[128];
  s[threadIdx.x] = in[blockIdx.x * blockDim.x + threadIdx.x];
  __syncthreads();
  for (unsigned st = blockDim.x / 2; st >= warpSize; st >>= 1) {
    if (threadIdx.x < st) s[threadIdx.x] += s[threadIdx.x + st];
    __syncthreads();
  }
  if (threadIdx.x < warpSize) {
    int v = s[threadIdx.x];
    for (int o = warpSize / 2; o > 0; o /= 2) v += __shfl_down_sync(0xffffffffffffffffull, v, o);
    if (threadIdx.x == 0) out[blockIdx.x] = v;
  }
}

// Warp 0 writes, warp 1 reads after sleeping, long after warp 0 left its __syncwarp: nothing a GPU
// guarantees orders the two (each warp synchronises only itself), so the race must be reported even when,
// as here, the threads run strictly one after another. The runtime's own lock, which both warps take, must
// not order them.
__global__ void serial(int* out) {
  __shared__ int x;
  if (threadIdx.x == 0) x = 7;
  if (threadIdx.x >= warpSize) usleep(100000);
  __syncwarp();
  if (threadIdx.x == warpSize) *out = x;
}

__global__ void divergent() {
  if (threadIdx.x < 16) __syncthreads();
  else __syncthreads();
}

int main(int argc, char** argv) {
  const char* which = argc > 1 ? argv[1] : "correct";
  if (!std::strcmp(which, "deadlock")) {
    CPURT_LAUNCH((divergent), (1), (32), (0), (0));
    std::printf("FAIL: no deadlock reported\n");
    return 0;
  }
  std::vector<int> out(3);
  if (!std::strcmp(which, "serial")) {
    CPURT_LAUNCH((serial), (1), (2 * warpSize), (0), (0), out.data());
    std::printf("serial kernel ran\n");
    return 0;
  }
  if (!std::strcmp(which, "racy")) {
    CPURT_LAUNCH((count), (3), (64), (0), (0), out.data(), false);
    std::printf("racy kernel ran\n");
    return 0;
  }
  CPURT_LAUNCH((count), (3), (64), (0), (0), out.data(), true);
  for (int b = 0; b < 3; ++b) CHECK(out[b] == 64, "atomic count %d", out[b]);
  std::vector<int> in(4 * 128), sums(4);
  for (size_t i = 0; i < in.size(); ++i) in[i] = int(i);
  CPURT_LAUNCH((reduce), (4), (128), (0), (0), in.data(), sums.data());
  for (int b = 0; b < 4; ++b) {
    int want = 0;
    for (int i = 0; i < 128; ++i) want += b * 128 + i;
    CHECK(sums[b] == want, "block %d: %d want %d", b, sums[b], want);
  }
  std::printf("PASS\n");
  return 0;
}

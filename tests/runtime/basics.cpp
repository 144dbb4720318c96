// Index built-ins, 3-D blocks and grids, per-thread copies of by-value parameters, device printf,
// a 32 KiB local array live across a barrier, and 1M-element vector add timing.
#include <cuda_runtime.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <vector>

#include "check.h"

struct Params {
  int bump;
  float scale;
};

__global__ void indices(unsigned* out) {
  unsigned bx = blockIdx.x + gridDim.x * (blockIdx.y + gridDim.y * blockIdx.z);
  unsigned tx = threadIdx.x + blockDim.x * (threadIdx.y + blockDim.y * threadIdx.z);
  unsigned gid = bx * (blockDim.x * blockDim.y * blockDim.z) + tx;
  out[gid] = gid + std::min(threadIdx.x, 3u);  // std::min must accept the built-ins
}

__global__ void copies(int n, Params p, int* out) {
  n += threadIdx.x;  // modifies this thread's copy only
  p.bump += 1;
  out[threadIdx.x] = n + p.bump;
}

__global__ void big_stack(int* out) {
  volatile int local[8192];  // 32 KiB on the fiber stack
  for (int i = 0; i < 8192; ++i) local[i] = i + threadIdx.x;
  __syncthreads();
  long s = 0;
  for (int i = 0; i < 8192; ++i) s += local[i];
  out[threadIdx.x] = int(s % 100000);
}

__global__ void hello() {
  if (threadIdx.x < 2) printf("hello from thread %d of block %d\n", threadIdx.x, blockIdx.x);
}

__global__ void vadd(const float* a, const float* b, float* c, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) c[i] = a[i] + b[i];
}

int main() {
  {
    dim3 grid(3, 2, 2), block(4, 2, 3);
    const unsigned total = 12 * 24;
    std::vector<unsigned> out(total, 0);
    CPURT_LAUNCH((indices), (grid), (block), (0), (0), out.data());
    for (unsigned i = 0; i < total; ++i) {
      unsigned tx = (i % 24) % 4;
      CHECK(out[i] == i + std::min(tx, 3u), "index %u got %u", i, out[i]);
    }
  }
  {
    std::vector<int> out(64);
    Params p{10, 1.f};
    CPURT_LAUNCH((copies), (1), (64), (0), (nullptr), 5, p, out.data());
    for (int t = 0; t < 64; ++t) CHECK(out[t] == 5 + t + 11, "thread %d got %d", t, out[t]);
    CHECK(p.bump == 10, "host copy changed");
  }
  {
    std::vector<int> out(64);
    CPURT_LAUNCH((big_stack), (2), (64), (0), (0), out.data());
    for (int t = 0; t < 64; ++t) {
      long s = 0;
      for (int i = 0; i < 8192; ++i) s += i + t;
      CHECK(out[t] == int(s % 100000), "thread %d", t);
    }
  }
  CPURT_LAUNCH((hello), (2), (32), (0), (0));
  {
    const int n = 1 << 20;
    std::vector<float> a(n, 1.f), b(n, 2.f), c(n, 0.f);
    double best = 1e9;
    for (int rep = 0; rep < 5; ++rep) {
      auto t0 = std::chrono::steady_clock::now();
      CPURT_LAUNCH((vadd), ((n + 255) / 256), (256), (0), (0), a.data(), b.data(), c.data(), n);
      best = std::min(best, std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
    }
    for (int i = 0; i < n; ++i) CHECK(c[i] == 3.f, "c[%d] = %f", i, c[i]);
    std::printf("vadd 1M best %.2f ms\n", best);
  }
  CHECK(cudaGetLastError() == cudaSuccess, "unexpected error");
  std::printf("PASS\n");
  return 0;
}

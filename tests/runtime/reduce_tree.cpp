// 256 blocks x 256 threads shared-memory tree reduction, plus the time it takes.
#include <cuda_runtime.h>

#include <chrono>
#include <vector>

#include "check.h"

__global__ void reduce(const float* in, float* out) {
  __shared__ float s[256];
  unsigned t = threadIdx.x;
  s[t] = in[blockIdx.x * blockDim.x + t];
  __syncthreads();
  for (unsigned stride = blockDim.x / 2; stride > 0; stride >>= 1) {
    if (t < stride) s[t] += s[t + stride];
    __syncthreads();
  }
  if (t == 0) out[blockIdx.x] = s[0];
}

int main() {
  const int n = 256 * 256;
  std::vector<float> in(n), out(256, 0.f);
  for (int i = 0; i < n; ++i) in[i] = float(i % 7);
  double best = 1e9;
  for (int rep = 0; rep < 5; ++rep) {
    auto t0 = std::chrono::steady_clock::now();
    CPURT_LAUNCH((reduce), (256), (256), (0), (0), in.data(), out.data());
    best = std::min(best, std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
  }
  CHECK(cudaGetLastError() == cudaSuccess, "launch error");
  for (int b = 0; b < 256; ++b) {
    float want = 0;
    for (int i = 0; i < 256; ++i) want += float((b * 256 + i) % 7);
    CHECK(out[b] == want, "block %d: got %f want %f", b, out[b], want);
  }
  std::printf("reduce 256x256 best %.2f ms\nPASS\n", best);
  return 0;
}

// Warp operations at warpSize 32 or 64: shuffle reductions (one stage under a divergent branch,
// counted with an atomic so every thread runs exactly once), all shuffle variants with width,
// 8-byte types, ballot/any/all/activemask, match_any and __reduce_add_sync.
#include <cuda_runtime.h>

#include <atomic>
#include <vector>

#include "check.h"

constexpr int W = warpSize;
__device__ int executions;

__global__ void shfl_reduce(const float* in, float* out) {
  atomicAdd(&executions, 1);
  __shared__ float partial[32];
  float v = in[blockIdx.x * blockDim.x + threadIdx.x];
  for (int o = warpSize / 2; o > 0; o /= 2) v += __shfl_down_sync(0xffffffffffffffffull, v, o);
  if (threadIdx.x % warpSize == 0) partial[threadIdx.x / warpSize] = v;
  __syncthreads();
  if (threadIdx.x < warpSize) {  // second stage in warp 0 only: the other warps skip it
    int nw = blockDim.x / warpSize;
    v = threadIdx.x < nw ? partial[threadIdx.x] : 0.f;
    for (int o = warpSize / 2; o > 0; o /= 2) v += __shfl_xor_sync(0xffffffffffffffffull, v, o);
    if (threadIdx.x == 0) out[blockIdx.x] = v;
  }
}

__global__ void variants(int* out, double* dout, long long* lout) {
  int lane = threadIdx.x % warpSize;
  int* o = out + threadIdx.x * 6;
  o[0] = __shfl_sync(~0ull, lane * 10, 3);         // everyone reads lane 3
  o[1] = __shfl_sync(~0ull, lane * 10, 3, 8);      // lane 3 of each 8-lane segment
  o[2] = __shfl_up_sync(~0ull, lane, 2, 16);       // own value in the first 2 lanes of a segment
  o[3] = __shfl_down_sync(~0ull, lane, 5, 16);     // own value in the last 5 lanes of a segment
  o[4] = __shfl_xor_sync(~0ull, lane, 1);
  o[5] = __shfl_xor_sync(~0ull, lane, 16, 16);     // later segment: own value; earlier: allowed
  dout[threadIdx.x] = __shfl_sync(~0ull, 1.5 * lane, (lane + 1) % warpSize);
  lout[threadIdx.x] = __shfl_down_sync(~0ull, (long long)lane << 40, 1);
}

__global__ void votes(unsigned long long* out, int* flags) {
  int lane = threadIdx.x % warpSize;
  unsigned long long* o = out + threadIdx.x * 6;
  o[0] = __ballot_sync(~0ull, lane % 3 == 0);
  o[1] = __ballot(lane % 3 == 0);  // HIP: 64-bit
  flags[threadIdx.x * 3 + 0] = __any_sync(~0ull, lane == 7);
  flags[threadIdx.x * 3 + 1] = __all_sync(~0ull, lane < 100);
  flags[threadIdx.x * 3 + 2] = __all_sync(~0ull, lane != 7);
  o[2] = 0;
  if (lane < 10) o[2] = __activemask();  // the lanes that took the branch
  o[3] = __match_any_sync(~0ull, lane / 4);
  o[4] = __reduce_add_sync(~0ull, unsigned(lane));
  o[5] = __reduce_max_sync(~0ull, -lane);
}

static unsigned long long bits(int from, int to, int step, int lanes) {
  unsigned long long m = 0;
  for (int l = from; l < to && l < lanes; l += step) m |= 1ull << l;
  return m;
}

int main() {
  const int blocks = 64, threads = 1024;
  std::vector<float> in(blocks * threads), out(blocks);
  for (size_t i = 0; i < in.size(); ++i) in[i] = float(i % 5);
  CPURT_LAUNCH((shfl_reduce), (blocks), (threads), (0), (0), in.data(), out.data());
  CHECK(executions == blocks * threads, "kernel ran %d times, want %d", executions, blocks * threads);
  for (int b = 0; b < blocks; ++b) {
    float want = 0;
    for (int i = 0; i < threads; ++i) want += float((b * threads + i) % 5);
    CHECK(out[b] == want, "block %d: %f vs %f", b, out[b], want);
  }

  const int n = 2 * W;
  std::vector<int> v(n * 6);
  std::vector<double> d(n);
  std::vector<long long> ll(n);
  CPURT_LAUNCH((variants), (1), (n), (0), (0), v.data(), d.data(), ll.data());
  for (int t = 0; t < n; ++t) {
    int lane = t % W, *o = &v[t * 6];
    CHECK(o[0] == 30, "shfl t%d %d", t, o[0]);
    CHECK(o[1] == (lane / 8 * 8 + 3) * 10, "shfl width t%d %d", t, o[1]);
    CHECK(o[2] == (lane % 16 >= 2 ? lane - 2 : lane), "up t%d %d", t, o[2]);
    CHECK(o[3] == (lane % 16 + 5 < 16 ? lane + 5 : lane), "down t%d %d", t, o[3]);
    CHECK(o[4] == (lane ^ 1), "xor t%d %d", t, o[4]);
    CHECK(o[5] == ((lane / 16) % 2 ? lane ^ 16 : lane), "xor across segments t%d %d", t, o[5]);
    CHECK(d[t] == 1.5 * ((lane + 1) % W), "double t%d %f", t, d[t]);
    long long want = lane + 1 < W ? (long long)(lane + 1) << 40 : (long long)lane << 40;
    CHECK(ll[t] == want, "long long t%d", t);
  }

  std::vector<unsigned long long> m(n * 6);
  std::vector<int> f(n * 3);
  CPURT_LAUNCH((votes), (1), (n), (0), (0), m.data(), f.data());
  const unsigned long long every3 = bits(0, W, 3, W);
  // Lane-mask results are 32-bit in CUDA and 64-bit in HIP.
  using mask_t = decltype(__activemask());
  for (int t = 0; t < n; ++t) {
    int lane = t % W;
    unsigned long long* o = &m[t * 6];
    CHECK(o[0] == mask_t(every3), "ballot_sync t%d %llx", t, o[0]);
    CHECK(o[1] == every3, "ballot t%d %llx", t, o[1]);
    CHECK(f[t * 3] == 1 && f[t * 3 + 1] == 1 && f[t * 3 + 2] == 0, "any/all t%d", t);
    CHECK(o[2] == (lane < 10 ? mask_t(bits(0, 10, 1, W)) : 0), "activemask t%d %llx", t, o[2]);
    CHECK(o[3] == mask_t(bits(lane / 4 * 4, lane / 4 * 4 + 4, 1, W)), "match_any t%d %llx", t, o[3]);
    CHECK(o[4] == unsigned(W * (W - 1) / 2), "reduce_add t%d %llu", t, o[4]);
    CHECK((long long)o[5] == 0, "reduce_max t%d %lld", t, (long long)o[5]);
  }
#if defined(CPURT_LANG_HIP)
  static_assert(sizeof(mask_t) == 8);
#else
  static_assert(sizeof(mask_t) == 4);
#endif
  std::printf("PASS\n");
  return 0;
}

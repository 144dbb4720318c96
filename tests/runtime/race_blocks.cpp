// Race mode between blocks (-DCPURT_MODE_RACE=1 -fsanitize=thread --param=tsan-distinguish-volatile=1):
// blocks run one after another, but nothing orders one before the next for ThreadSanitizer.
//   flush_plain:    each block adds its partial sum to one output with a plain += (exit 66: a race);
//   nofence:        a chained scan hands its prefix on through a volatile flag without a fence (exit 66);
//   plain_ticket:   each block takes a ticket from a `__device__` counter with a plain ++ (exit 66);
//   correct:        the same with atomicAdd; last-block reductions (fence + atomicInc), partials in
//                   device memory or in a `__device__` array (also beside a one-byte `__shared__`
//                   flag); the chained scan with fences; static
//                   shared memory (in a kernel, a kernel template, an inline function, at namespace
//                   scope) and dynamic shared memory reused by 40 blocks; two launches where the second
//                   reads the first's output: all run clean and print PASS.
#include <cuda_runtime.h>

#include <cstring>
#include <vector>

#include "check.h"

constexpr int kBlocks = 40, kThreads = 64;

__global__ void block_sums(const float* x, float* out, bool atomic) {
  __shared__ float s[kThreads];
  s[threadIdx.x] = x[blockIdx.x * blockDim.x + threadIdx.x];
  __syncthreads();
  for (int k = kThreads / 2; k > 0; k >>= 1) {
    if (threadIdx.x < k) s[threadIdx.x] += s[threadIdx.x + k];
    __syncthreads();
  }
  if (threadIdx.x == 0) {
    if (atomic)
      atomicAdd(out, s[0]);
    else
      *out += s[0];
  }
}

__device__ unsigned int g_arrived = 0;

__global__ void last_block_sum(const float* x, float* partial, float* out) {
  CPURT_DYN_SMEM(float, dyn);  // extern __shared__ float dyn[]; after the rewriter
  __shared__ bool last;
  dyn[threadIdx.x] = x[blockIdx.x * blockDim.x + threadIdx.x];
  __syncthreads();
  if (threadIdx.x == 0) {
    float sum = 0;
    for (int i = 0; i < kThreads; ++i) sum += dyn[i];
    partial[blockIdx.x] = sum;
    __threadfence();
    last = atomicInc(&g_arrived, gridDim.x) == gridDim.x - 1;
  }
  __syncthreads();
  if (last && threadIdx.x == 0) {
    __threadfence();
    float total = 0;
    for (unsigned b = 0; b < gridDim.x; ++b) total += partial[b];
    *out = total;
  }
}

__device__ unsigned int g_tickets = 0;
__device__ unsigned int g_retired = 0;
__device__ float g_partial[kBlocks];

__global__ void plain_ticket(unsigned* taken) {
  if (threadIdx.x == 0) taken[blockIdx.x] = g_tickets++;
}

__shared__ float g_tile[kThreads];  // namespace scope: one copy per block, like the others

__device__ inline float block_total(float v) {
  __shared__ float part[kThreads];
  part[threadIdx.x] = v;
  __syncthreads();
  float sum = 0;
  for (int i = 0; i < kThreads; ++i) sum += part[i];
  __syncthreads();
  return sum;
}

// Partials in a `__device__` array, the last block (by an atomic ticket) adds them up.
template <int N>
__global__ void last_block_static(const float* x, float* out) {
  __shared__ bool last;
  g_tile[threadIdx.x] = x[blockIdx.x * N + threadIdx.x];
  __syncthreads();
  const float sum = block_total(g_tile[N - 1 - threadIdx.x]);
  if (threadIdx.x == 0) {
    g_partial[blockIdx.x] = sum;
    __threadfence();
    last = atomicInc(&g_retired, gridDim.x) == gridDim.x - 1;
  }
  __syncthreads();
  if (last && threadIdx.x == 0) {
    float total = 0;
    for (unsigned b = 0; b < gridDim.x; ++b) total += g_partial[b];
    *out = total;
  }
}

// The same in the shape models write it (a non-template kernel, a one-byte `__shared__` flag beside small
// `__device__` variables): TSan tracks 8-byte granules, and a granule holding both must not keep history.
__device__ unsigned int g_count = 0;
__device__ float g_best[kBlocks];

__global__ void last_block_max(const float* x, float* out) {
  __shared__ float s[kThreads];
  __shared__ bool last;
  s[threadIdx.x] = x[blockIdx.x * kThreads + threadIdx.x];
  __syncthreads();
  if (threadIdx.x == 0) {
    float m = s[0];
    for (int i = 1; i < kThreads; ++i) m = fmaxf(m, s[i]);
    g_best[blockIdx.x] = m;
    __threadfence();
    last = atomicInc(&g_count, gridDim.x) == gridDim.x - 1;
  }
  __syncthreads();
  if (last && threadIdx.x == 0) {
    float m = g_best[0];
    for (unsigned b = 1; b < gridDim.x; ++b) m = fmaxf(m, g_best[b]);
    *out = m;
  }
}

// Block b waits for block b-1's flag, then reads its inclusive prefix (blocks run in order here).
__global__ void chained_prefix(const int* x, int* prefix, volatile int* flag, bool fence) {
  if (threadIdx.x != 0) return;
  int before = 0;
  if (blockIdx.x > 0) {
    while (flag[blockIdx.x - 1] == 0) {
    }
    if (fence) __threadfence();
    before = prefix[blockIdx.x - 1];
  }
  prefix[blockIdx.x] = before + x[blockIdx.x];
  if (fence) __threadfence();
  flag[blockIdx.x] = 1;
}

__global__ void scale(const float* in, float* out, float a) {
  const int i = blockIdx.x * blockDim.x + threadIdx.x;
  out[i] = a * in[i];
}

int main(int argc, char** argv) {
  const char* which = argc > 1 ? argv[1] : "correct";
  std::vector<float> x(kBlocks * kThreads, 1.0f), partial(kBlocks), y(x.size()), z(x.size());
  float total = 0;
  std::vector<int> ones(kBlocks, 1), prefix(kBlocks), flag(kBlocks, 0);
  if (!std::strcmp(which, "flush_plain")) {
    CPURT_LAUNCH((block_sums), (kBlocks), (kThreads), (0), (0), x.data(), &total, false);
    std::printf("racy kernel ran: %g\n", total);
    return 0;
  }
  if (!std::strcmp(which, "plain_ticket")) {
    std::vector<unsigned> taken(kBlocks);
    CPURT_LAUNCH((plain_ticket), (kBlocks), (kThreads), (0), (0), taken.data());
    std::printf("racy kernel ran: %u\n", taken[kBlocks - 1]);
    return 0;
  }
  if (!std::strcmp(which, "nofence")) {
    CPURT_LAUNCH((chained_prefix), (kBlocks), (32), (0), (0), ones.data(), prefix.data(), flag.data(), false);
    std::printf("racy kernel ran: %d\n", prefix[kBlocks - 1]);
    return 0;
  }
  CPURT_LAUNCH((block_sums), (kBlocks), (kThreads), (0), (0), x.data(), &total, true);
  CHECK(total == kBlocks * kThreads, "atomic total %g", total);
  CPURT_LAUNCH((last_block_sum), (kBlocks), (kThreads), (kThreads * sizeof(float)), (0), x.data(), partial.data(),
               &total);
  CHECK(total == kBlocks * kThreads, "last-block total %g", total);
  total = 0;
  CPURT_LAUNCH((last_block_static<kThreads>), (kBlocks), (kThreads), (0), (0), x.data(), &total);
  CHECK(total == kBlocks * kThreads, "last-block total over a __device__ array %g", total);
  total = 0;
  CPURT_LAUNCH((last_block_max), (kBlocks), (kThreads), (0), (0), x.data(), &total);
  CHECK(total == 1.0f, "last-block max %g", total);
  CPURT_LAUNCH((chained_prefix), (kBlocks), (32), (0), (0), ones.data(), prefix.data(), flag.data(), true);
  for (int b = 0; b < kBlocks; ++b) CHECK(prefix[b] == b + 1, "prefix[%d] = %d", b, prefix[b]);
  CPURT_LAUNCH((scale), (kBlocks), (kThreads), (0), (0), x.data(), y.data(), 2.0f);
  CPURT_LAUNCH((scale), (kBlocks), (kThreads), (0), (0), y.data(), z.data(), 3.0f);
  for (size_t i = 0; i < z.size(); ++i) CHECK(z[i] == 6.0f, "z[%zu] = %g", i, z[i]);
  std::printf("PASS\n");
  return 0;
}

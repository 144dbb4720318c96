#include <hip/hip_runtime.h>

#include <cstddef>

// Single-pass inclusive scan with decoupled look-back. Every block claims the next tile from an
// atomic ticket (so a block only ever waits for tiles claimed before its own, which are running or
// done), sums its tile, publishes that sum, then walks back over its predecessors' published words:
// a tile aggregate is added and the walk goes on, an inclusive prefix is added and the walk stops.
// Once its own inclusive prefix is published, its successors need look no further back than it.
constexpr int kBlock = 256;
constexpr int kItems = 8;               // consecutive elements owned by one thread
constexpr int kTile = kBlock * kItems;  // elements per tile

// A tile's status word: the flag in the high half, the 32-bit sum in the low half, published with
// one 64-bit atomic exchange so a reader never sees a flag without its value.
constexpr unsigned long long kAggregate = 1ull << 32;  // the tile's own sum
constexpr unsigned long long kInclusive = 2ull << 32;  // the sum of every element up to the tile's end

__device__ void publish(unsigned long long* status, unsigned long long flag, unsigned value) {
  atomicExch(status, flag | value);
}

// Inclusive Hillis-Steele scan of one value per thread; unsigned, so every partial sum wraps as a
// GPU's int does. Returns this thread's inclusive prefix; *total receives the block's sum.
__device__ unsigned block_inclusive_scan(unsigned v, unsigned* s, unsigned* total) {
  const int t = threadIdx.x;
  s[t] = v;
  __syncthreads();  // every value stored
  for (int off = 1; off < kBlock; off <<= 1) {
    const unsigned add = t >= off ? s[t - off] : 0u;
    __syncthreads();  // every read of this round done before any write
    s[t] += add;
    __syncthreads();  // every write of this round done
  }
  const unsigned prefix = s[t];
  *total = s[kBlock - 1];
  return prefix;
}

__global__ void scan_tiles_single_pass(int n, const int* __restrict__ in, int* __restrict__ out,
                                       unsigned long long* status, unsigned* ticket) {
  __shared__ unsigned s[kBlock];
  __shared__ unsigned tile_shared;
  __shared__ unsigned carry_shared;
  if (threadIdx.x == 0) tile_shared = atomicAdd(ticket, 1u);
  __syncthreads();  // the tile index is known to every thread
  const unsigned tile = tile_shared;
  const size_t first = (size_t)tile * kTile + (size_t)threadIdx.x * kItems;
  unsigned vals[kItems];
  unsigned own = 0u;
  for (int k = 0; k < kItems; ++k) {
    vals[k] = first + k < (size_t)n ? (unsigned)in[first + k] : 0u;
    own += vals[k];
  }
  unsigned total;
  const unsigned inclusive = block_inclusive_scan(own, s, &total);
  if (threadIdx.x == 0) {
    unsigned carry = 0u;
    if (tile == 0) {
      publish(&status[0], kInclusive, total);
    } else {
      publish(&status[tile], kAggregate, total);
      const volatile unsigned long long* words = status;
      for (unsigned p = tile - 1;; --p) {
        unsigned long long word;
        do {
          word = words[p];  // spin until tile p has published at least its own sum
        } while ((word >> 32) == 0ull);
        carry += (unsigned)word;
        if ((word & ~0xFFFFFFFFull) == kInclusive) break;
      }
      publish(&status[tile], kInclusive, carry + total);
    }
    carry_shared = carry;
  }
  __syncthreads();  // the carry is known to every thread
  unsigned running = carry_shared + inclusive - own;
  for (int k = 0; k < kItems; ++k) {
    running += vals[k];
    if (first + k < (size_t)n) out[first + k] = (int)running;
  }
}

void single_pass_scan_i32(int n, const int* in, int* out, hipStream_t stream) {
  const int tiles = (n + kTile - 1) / kTile;
  // One allocation: the tiles' status words, then the ticket counter; all zero before the launch.
  const size_t bytes = (size_t)tiles * sizeof(unsigned long long) + sizeof(unsigned long long);
  unsigned long long* status = nullptr;
  hipMallocAsync(reinterpret_cast<void**>(&status), bytes, stream);
  hipMemsetAsync(status, 0, bytes, stream);
  unsigned* ticket = reinterpret_cast<unsigned*>(status + tiles);
  hipLaunchKernelGGL(scan_tiles_single_pass, dim3(tiles), dim3(kBlock), 0, stream, n, in, out, status, ticket);
  hipFreeAsync(status, stream);
}

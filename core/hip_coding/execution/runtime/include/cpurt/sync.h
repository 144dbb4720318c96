// Block barriers, warp barrier and memory fences.
// Each barrier takes the caller's source location as a defaulted argument so that a divergent
// __syncthreads (threads of one block waiting at different call sites) is reported, not guessed.
#pragma once

#include <atomic>
#include <source_location>

#include "exchange.h"

inline void __syncthreads(std::source_location loc = std::source_location::current()) {
  ::cpurt::block_barrier(loc, "__syncthreads", false);
}
inline int __syncthreads_count(int pred, std::source_location loc = std::source_location::current()) {
  return static_cast<int>(::cpurt::block_barrier(loc, "__syncthreads_count", pred != 0) & 0xffffffffu);
}
inline int __syncthreads_and(int pred, std::source_location loc = std::source_location::current()) {
  const std::uint64_t r = ::cpurt::block_barrier(loc, "__syncthreads_and", pred != 0);
  return (r & 0xffffffffu) == (r >> 32);
}
inline int __syncthreads_or(int pred, std::source_location loc = std::source_location::current()) {
  return (::cpurt::block_barrier(loc, "__syncthreads_or", pred != 0) & 0xffffffffu) != 0;
}

inline void __syncwarp(unsigned long long mask = ::cpurt::kFullWarp,
                       std::source_location loc = std::source_location::current()) {
  ::cpurt::warp_exchange(mask, false, ::cpurt::WarpOp::Read, 0, ::cpurt::kWarpSize, loc, "__syncwarp");
}

// Fences order this thread's accesses. ThreadSanitizer (race mode) does not model fences, so there a
// fence is a read-modify-write of one location all fences share: a block that writes data, fences and
// sets a flag happens before a block that sees the flag and fences, as the GPU memory model orders them.
// The location is a variable of external linkage, so that race mode keeps its history across blocks
// (cpurt/race.h forgets the rest of the static data at each block start).
#if CPURT_RACE
inline std::atomic<unsigned> g_fences{0};
inline void __threadfence() { g_fences.fetch_add(0, std::memory_order_acq_rel); }
#else
inline void __threadfence() { std::atomic_thread_fence(std::memory_order_seq_cst); }
#endif
inline void __threadfence_block() { __threadfence(); }
inline void __threadfence_system() { __threadfence(); }

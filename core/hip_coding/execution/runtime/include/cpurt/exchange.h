// The one blocking primitive under every barrier and warp operation: the calling GPU thread
// registers with BlockCore (what it publishes, what it waits for) and waits until released; then
// it reads the result BlockCore computed for it. Executor selection happens only here.
#pragma once

#include <source_location>

#include "block_core.h"
#include "builtins.h"
#include "config.h"
#include "profile.h"
#include "scheduler.h"
#if CPURT_RACE
#include "race.h"
#endif

namespace cpurt {

struct Released {
  std::uint64_t value;  // result of the operation
  LaneMask group;       // warp lanes released together with the caller (warp ops)
};

inline void require_device(const char* what) {
  if (!t_thread) {
    std::fflush(stdout);
    std::fprintf(stderr, "cpurt: %s called outside a kernel\n", what);
    fatal_abort();
  }
}

// `arrive(core, t)` records the caller in BlockCore; then the caller waits for its release.
template <class Arrive>
inline Released sync_point(Arrive&& arrive) {
  const unsigned t = t_thread->linear;
#if CPURT_RACE
  const auto [value, group] = t_race_block->sync(t, arrive);
  return {value, group};
#else
  BlockCore& core = t_worker->block.core;
  arrive(core, t);
  fiber_block_and_wait(t);
  return {core.result[t], core.group[t]};
#endif
}

// Barrier over the whole block; returns the number of threads whose predicate was true (low 32
// bits) and the number of threads that arrived (high 32 bits).
inline std::uint64_t block_barrier(const std::source_location& loc, const char* name, bool pred) {
  require_device(name);
  CPURT_PROFILE_HOOK(on_barrier());
  return sync_point([&](BlockCore& c, unsigned t) { c.arrive_bar(t, loc, name, pred); }).value;
}

// Publish 64 bits to the warp, wait for the participating lanes, get the op's result.
inline Released warp_exchange(LaneMask mask, bool implicit, WarpOp op, std::uint64_t value, unsigned src,
                              const std::source_location& loc, const char* name) {
  require_device(name);
  CPURT_PROFILE_HOOK(on_warp_barrier());
  return sync_point([&](BlockCore& c, unsigned t) { c.arrive_warp(t, mask, implicit, op, value, src, loc, name); });
}

inline unsigned lane_id() { return t_thread->linear % kWarpSize; }

}  // namespace cpurt

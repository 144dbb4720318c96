// Kernel launch: configuration validation as a GPU does it, then a synchronous run of every block.
// The kernel and a tuple holding copies of its arguments are stored in a KernelLaunch; every GPU
// thread calls std::apply on that tuple, so by-value parameters are per-thread copies.
#pragma once

#include <atomic>
#include <climits>
#include <cstddef>
#include <tuple>
#include <type_traits>
#include <utility>

#include "builtins.h"
#include "device.h"
#include "errors.h"
#include "profile.h"
#include "guard.h"
#include "scheduler.h"
#if CPURT_RACE
#include "race.h"
#endif

namespace cpurt {

// Highest MaxDynamicSharedMemorySize any kernel opted in to. Launches through <<<>>> do not know
// which function they launch (the rewriter wraps it in a lambda), so the limit is per program.
inline std::atomic<std::size_t> g_dyn_smem_optin{0};

inline std::size_t dyn_smem_limit() {
  return std::max(device::shared_mem_per_block, g_dyn_smem_optin.load(std::memory_order_relaxed));
}

// Grid and block may be given as int, unsigned, size_t, dim3 or uint3. Values that do not fit an
// unsigned (negative, > 4G) become 0, which validation then rejects.
template <class T>
inline dim3 to_dim3(const T& v) {
  if constexpr (std::is_arithmetic_v<T>) {
    if constexpr (std::is_floating_point_v<T>) {
      return dim3(v >= 1 && v <= UINT_MAX ? static_cast<unsigned>(v) : 0u);
    } else {
      if (v < 0 || static_cast<unsigned long long>(v) > UINT_MAX) return dim3(0u);
      return dim3(static_cast<unsigned>(v));
    }
  } else if constexpr (std::is_enum_v<T>) {
    return to_dim3(static_cast<long long>(v));
  } else if constexpr (std::is_convertible_v<const T&, dim3>) {
    return dim3(v);
  } else {
    return dim3(v.x, v.y, v.z);
  }
}

inline Error validate_launch(const dim3& g, const dim3& b, std::size_t smem) {
  using namespace device;
  if (!b.x || !b.y || !b.z || !g.x || !g.y || !g.z) return Error::InvalidConfiguration;
  if (b.x > unsigned(max_block_dim[0]) || b.y > unsigned(max_block_dim[1]) || b.z > unsigned(max_block_dim[2]))
    return Error::InvalidConfiguration;
  if (std::uint64_t(b.x) * b.y * b.z > std::uint64_t(max_threads_per_block)) return Error::InvalidConfiguration;
  if (g.x > unsigned(max_grid_dim[0]) || g.y > unsigned(max_grid_dim[1]) || g.z > unsigned(max_grid_dim[2]))
    return Error::InvalidConfiguration;
  if (smem > dyn_smem_limit()) return Error::InvalidConfiguration;
  return Error::Success;
}

// Blocks of `threads` threads with `smem` dynamic shared memory that fit on one SM of the fake device.
inline int occupancy_blocks_per_sm(int threads, std::size_t smem) {
  using namespace device;
  if (threads <= 0 || threads > max_threads_per_block) return 0;
  const int rounded = (threads + warp_size - 1) / warp_size * warp_size;
  int blocks = std::min(max_blocks_per_sm, max_threads_per_sm / rounded);
  if (smem) blocks = std::min<int>(blocks, static_cast<int>(shared_mem_per_sm / smem));
  return blocks;
}

template <class F, class Tuple>
struct KernelLaunch : LaunchBase {
  F f;
  Tuple args;
  KernelLaunch(F fn, Tuple a) : f(std::move(fn)), args(std::move(a)) {
    start_loop = &cpurt::start_loop<KernelLaunch>;
    run_one = &run_one_impl;
  }
  void invoke() const { std::apply(f, args); }
  static void run_one_impl(const LaunchBase& lb) { static_cast<const KernelLaunch&>(lb).invoke(); }
};

inline void run_launch(LaunchBase& L) {
#if CPURT_RACE
  race_grid().run(L);
#else
  if (L.cooperative)
    run_cooperative_on_fibers(L);
  else
    worker_pool().run(L);
#endif
}

// Validates, records the sticky error on failure (the kernel does not run), else runs the grid.
template <class F, class... A>
inline Error launch(const dim3& grid, const dim3& block, std::size_t smem, bool cooperative, F&& f, A&&... args) {
  if (in_kernel()) unsupported("launching a kernel from device code (dynamic parallelism)");
  if (const Error e = validate_launch(grid, block, smem); e != Error::Success) {
    record_error(e);
    return e;
  }
  KernelLaunch<std::decay_t<F>, std::tuple<std::decay_t<A>...>> L(std::forward<F>(f),
                                                                   std::tuple<std::decay_t<A>...>(std::forward<A>(args)...));
  L.grid = grid;
  L.block = block;
  L.smem = smem;
  L.cooperative = cooperative;
  L.init_slots();
  GridBarrier gb;
  if (cooperative) {
    const std::uint64_t limit =
        std::uint64_t(occupancy_blocks_per_sm(static_cast<int>(L.nthreads), smem)) * device::sm_count;
    if (L.nblocks > limit) {
      record_error(Error::CooperativeLaunchTooLarge);
      return Error::CooperativeLaunchTooLarge;
    }
    gb.blocks = static_cast<unsigned>(L.nblocks);
    L.grid_barrier = &gb;
  }
  CPURT_PROFILE_HOOK(launch_begin(grid, block, smem, L.nblocks, L.nthreads));
  guard::Open open;  // device memory is the kernel's while it runs
  run_launch(L);
  CPURT_PROFILE_HOOK(launch_end());
  return Error::Success;
}

// Entry point of the rewritten `k<<<g, b, s, st>>>(args)`; the stream is accepted and ignored
// because launches are synchronous.
template <class G, class B, class S, class St, class F, class... A>
inline void launch_kernel(const G& grid, const B& block, S smem, const St&, F&& f, A&&... args) {
  const long long s = static_cast<long long>(smem);
  launch(to_dim3(grid), to_dim3(block), s < 0 ? ~std::size_t(0) : std::size_t(s), false, std::forward<F>(f),
         std::forward<A>(args)...);
}

// A braced initialiser list passed as a kernel argument, `k<<<g, b>>>(p, {w, h})`: the rewriter makes it
// braced(w, h), which becomes the kernel parameter's type as the list would have initialised it (the list has no
// type of its own to pass through launch_kernel). Narrowing of non-constant items falls back to T(items...).
template <class... A>
struct Braced {
  std::tuple<A...> items;
  template <class T>
  operator T() const {
    return std::apply(
        [](const A&... a) -> T {
          if constexpr (requires { T{a...}; })
            return T{a...};
          else
            return T(a...);
        },
        items);
  }
};

template <class... A>
inline Braced<std::decay_t<A>...> braced(A&&... a) {
  return {std::tuple<std::decay_t<A>...>(std::forward<A>(a)...)};
}

// The current block's dynamic shared memory (extern __shared__ T name[]).
template <class T>
inline T* dynamic_smem() {
  return reinterpret_cast<T*>(t_block->smem);
}

}  // namespace cpurt

// `k<<<g, b, s, st>>>(a...)` is rewritten to CPURT_LAUNCH((k), (g), (b), (s), (st), a...). The
// callee is wrapped in a generic lambda so templates and overloads resolve at the call.
#define CPURT_LAUNCH(callee, grid, block, smem, stream, ...)                                   \
  ::cpurt::launch_kernel((grid), (block), (smem), (stream),                                    \
                         [&](auto&&... cpurt_args_) { callee(cpurt_args_...); } __VA_OPT__(, ) \
                             __VA_ARGS__)

// `extern __shared__ T name[];` inside a function body.
#define CPURT_DYN_SMEM(T, name) T* const name = ::cpurt::dynamic_smem<T>()
#define HIP_DYNAMIC_SHARED(type, var) CPURT_DYN_SMEM(type, var)
#define HIP_DYNAMIC_SHARED_ATTRIBUTE

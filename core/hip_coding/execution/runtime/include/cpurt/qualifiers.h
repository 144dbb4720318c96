// CUDA/HIP declaration qualifiers, defined away for a plain C++ compile.
// `__restrict__` is already a g++ keyword; `#pragma unroll` is silenced by -Wno-unknown-pragmas.
#pragma once

#include "config.h"
// libstdc++ spells `__attribute__((__noinline__))` inside <memory>; include it before the
// macro below exists so a later `#include <memory>` in user code is a no-op.
#include <memory>

#define __global__
#define __device__
#define __host__
#define __constant__
#define __managed__
#define __grid_constant__
#define __forceinline__ __attribute__((always_inline)) inline
#define __noinline__ __attribute__((noinline))
#define __launch_bounds__(...)
#define __align__(n) alignas(n)

// `__shared__` needs one copy per block. Normal mode: one OS thread runs one block at a time, so
// `thread_local` (block scope implies static duration, and `static __shared__` still parses).
// Race mode: every GPU thread is an OS thread and blocks run one after another, so a plain
// static is the block's copy (`static __shared__` must lose its `static` in the rewriter).
// Race mode aligns them to TSan's 8-byte granule, so no `__device__` variable ends in one of theirs,
// which would make it forgotten at each block start (race.h).
#if CPURT_RACE
#define __shared__ static __attribute__((aligned(8)))
#else
#define __shared__ thread_local
#endif

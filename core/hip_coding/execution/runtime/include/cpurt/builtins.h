// threadIdx, blockIdx, blockDim, gridDim and warpSize.
// The index built-ins are real `uint3`/`dim3` lvalues read through thread-local pointers that the
// scheduler points at the running GPU thread and block, so `std::min(threadIdx.x, 3u)`,
// `printf("%d", threadIdx.x)` and `const dim3& b = blockDim` all behave as on a GPU.
#pragma once

#include <cstddef>

#include "config.h"
#include "vector_types.h"

namespace cpurt {

struct GridBarrier;

// What device code can see of one GPU thread. The scheduler keeps its own bookkeeping elsewhere.
struct ThreadSlot {
  uint3 tid;
  unsigned linear;  // x + y*bx + z*bx*by
};

// What device code can see of the running block and launch.
struct BlockInfo {
  uint3 bid;
  dim3 bdim;
  dim3 gdim;
  unsigned char* smem = nullptr;  // dynamic shared memory of this block
  std::size_t smem_bytes = 0;
  bool cooperative = false;
  GridBarrier* grid = nullptr;  // set in cooperative launches only
};

inline thread_local const ThreadSlot* t_thread = nullptr;
inline thread_local const BlockInfo* t_block = nullptr;

// True while device code runs on this OS thread (a launch from a kernel is unsupported).
inline bool in_kernel() { return t_thread != nullptr; }

}  // namespace cpurt

#define threadIdx (static_cast<const ::uint3&>(::cpurt::t_thread->tid))
#define blockIdx (static_cast<const ::uint3&>(::cpurt::t_block->bid))
#define blockDim (static_cast<const ::dim3&>(::cpurt::t_block->bdim))
#define gridDim (static_cast<const ::dim3&>(::cpurt::t_block->gdim))

// A real variable, not a macro: device code may shadow it with its own local `warpSize`.
inline constexpr int warpSize = CPURT_WARP_SIZE;

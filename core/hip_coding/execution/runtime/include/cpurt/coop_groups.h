// Cooperative groups (namespace cooperative_groups, shared by CUDA and HIP): the thread block,
// tiles of a warp (static and dynamic size), coalesced groups, the grid of a cooperative launch,
// and reduce(). Tile operations are the warp operations of warp.h restricted to the tile's lanes.
#pragma once

#include <source_location>

#include "builtins.h"
#include "exchange.h"
#include "sync.h"
#include "warp.h"

namespace cooperative_groups {

namespace detail {
inline unsigned block_rank() { return ::cpurt::t_thread->linear; }
inline unsigned block_size() { return blockDim.x * blockDim.y * blockDim.z; }
}  // namespace detail

// The base of every group: `tile_` lanes wide inside a warp, or the whole block (tile_ == 0).
class thread_group {
 public:
  unsigned long long size() const { return tile_ ? tile_ : detail::block_size(); }
  unsigned long long num_threads() const { return size(); }
  unsigned long long thread_rank() const { return tile_ ? detail::block_rank() % tile_ : detail::block_rank(); }
  unsigned long long meta_group_rank() const { return tile_ ? detail::block_rank() / tile_ : 0; }
  unsigned long long meta_group_size() const { return tile_ ? (detail::block_size() + tile_ - 1) / tile_ : 1; }
  bool is_valid() const { return true; }
  void sync(std::source_location loc = std::source_location::current()) const {
    if (tile_)
      ::cpurt::warp_exchange(lanes(), false, ::cpurt::WarpOp::Read, 0, ::cpurt::kWarpSize, loc, "tile.sync");
    else
      ::cpurt::block_barrier(loc, "thread_block.sync", false);
  }

 protected:
  explicit thread_group(unsigned tile) : tile_(tile) {
    if (tile_ > ::cpurt::kWarpSize || (tile_ & (tile_ - 1)))
      ::cpurt::unsupported("tiled_partition with a size that is not a power of two <= warpSize");
  }
  // The warp lanes of the caller's tile.
  ::cpurt::LaneMask lanes() const {
    const unsigned base = ::cpurt::lane_id() / tile_ * tile_;
    const ::cpurt::LaneMask ones = tile_ == 64 ? ~::cpurt::LaneMask(0) : (::cpurt::LaneMask(1) << tile_) - 1;
    return ones << base;
  }
  unsigned tile_;
};

class thread_block : public thread_group {
 public:
  thread_block() : thread_group(0) {}
  dim3 group_index() const { return dim3(blockIdx); }
  dim3 thread_index() const { return dim3(threadIdx); }
  dim3 group_dim() const { return blockDim; }
  dim3 dim_threads() const { return blockDim; }
};

inline thread_block this_thread_block() { return thread_block(); }

// A tile of `n` consecutive threads of a warp; the shuffles index lanes within the tile.
class tiled_group : public thread_group {
 public:
  explicit tiled_group(unsigned n) : thread_group(n) {}
#define CPURT_HERE std::source_location loc = std::source_location::current()
  template <class T>
  T shfl(T var, int src, CPURT_HERE) const {
    return ::cpurt::shfl(lanes(), false, var, ::cpurt::src_idx(src, int(tile_)), loc, "tile.shfl");
  }
  template <class T>
  T shfl_up(T var, unsigned delta, CPURT_HERE) const {
    return ::cpurt::shfl(lanes(), false, var, ::cpurt::src_up(delta, int(tile_)), loc, "tile.shfl_up");
  }
  template <class T>
  T shfl_down(T var, unsigned delta, CPURT_HERE) const {
    return ::cpurt::shfl(lanes(), false, var, ::cpurt::src_down(delta, int(tile_)), loc, "tile.shfl_down");
  }
  template <class T>
  T shfl_xor(T var, int mask, CPURT_HERE) const {
    return ::cpurt::shfl(lanes(), false, var, ::cpurt::src_xor(mask, int(tile_)), loc, "tile.shfl_xor");
  }
  int any(int pred, CPURT_HERE) const { return ::cpurt::vote(lanes(), false, pred, loc, "tile.any").value != 0; }
  int all(int pred, CPURT_HERE) const { return ::cpurt::vote_all(lanes(), false, pred, loc, "tile.all"); }
  // Bit i is the tile's thread of rank i.
  unsigned long long ballot(int pred, CPURT_HERE) const {
    return ::cpurt::vote(lanes(), false, pred, loc, "tile.ballot").value >> (::cpurt::lane_id() / tile_ * tile_);
  }
#undef CPURT_HERE
};

template <unsigned N>
class thread_block_tile : public tiled_group {
  static_assert(N >= 1 && N <= 64 && (N & (N - 1)) == 0, "tile size must be a power of two <= 64");

 public:
  thread_block_tile() : tiled_group(N) {}
  static constexpr unsigned long long size() { return N; }
  static constexpr unsigned long long num_threads() { return N; }
};

template <unsigned N, class Parent>
inline thread_block_tile<N> tiled_partition(const Parent&) {
  return thread_block_tile<N>();
}
inline tiled_group tiled_partition(const thread_group&, unsigned n) { return tiled_group(n); }

// The lanes of the caller's warp that arrive here together.
class coalesced_group : public tiled_group {
 public:
  coalesced_group() : tiled_group(::cpurt::kWarpSize) {
    members_ = ::cpurt::warp_exchange(0, true, ::cpurt::WarpOp::Read, 0, 0, std::source_location::current(),
                                      "coalesced_threads")
                   .group;
  }
  unsigned long long size() const { return __builtin_popcountll(members_); }
  unsigned long long num_threads() const { return size(); }
  unsigned long long thread_rank() const {
    return __builtin_popcountll(members_ & ((::cpurt::LaneMask(1) << ::cpurt::lane_id()) - 1));
  }
  void sync(std::source_location loc = std::source_location::current()) const {
    ::cpurt::warp_exchange(members_, false, ::cpurt::WarpOp::Read, 0, ::cpurt::kWarpSize, loc, "coalesced.sync");
  }
  template <class T>
  T shfl(T var, unsigned rank, std::source_location loc = std::source_location::current()) const {
    ::cpurt::LaneMask m = members_;
    for (unsigned i = 0; i < rank && m; ++i) m &= m - 1;
    const unsigned src = m ? unsigned(__builtin_ctzll(m)) : ::cpurt::lane_id();
    return ::cpurt::shfl(members_, false, var, src, loc, "coalesced.shfl");
  }
  unsigned long long ballot(int pred, std::source_location loc = std::source_location::current()) const {
    return ::cpurt::vote(members_, false, pred, loc, "coalesced.ballot").value;
  }
  int any(int pred, std::source_location loc = std::source_location::current()) const {
    return ::cpurt::vote(members_, false, pred, loc, "coalesced.any").value != 0;
  }
  int all(int pred, std::source_location loc = std::source_location::current()) const {
    return ::cpurt::vote_all(members_, false, pred, loc, "coalesced.all");
  }

 private:
  ::cpurt::LaneMask members_;
};
inline coalesced_group coalesced_threads() { return coalesced_group(); }

// The whole grid; sync() works only in cooperative launches, as on a GPU.
class grid_group {
 public:
  bool is_valid() const { return ::cpurt::t_block && ::cpurt::t_block->cooperative; }
  unsigned long long num_blocks() const { return std::uint64_t(gridDim.x) * gridDim.y * gridDim.z; }
  unsigned long long block_rank() const {
    return blockIdx.x + std::uint64_t(gridDim.x) * (blockIdx.y + std::uint64_t(gridDim.y) * blockIdx.z);
  }
  unsigned long long size() const { return num_blocks() * detail::block_size(); }
  unsigned long long num_threads() const { return size(); }
  unsigned long long thread_rank() const { return block_rank() * detail::block_size() + detail::block_rank(); }
  dim3 group_dim() const { return gridDim; }
  dim3 dim_blocks() const { return gridDim; }
  dim3 block_index() const { return dim3(blockIdx); }
  void sync(std::source_location loc = std::source_location::current()) const {
    if (!is_valid()) ::cpurt::unsupported("grid.sync() outside a cooperative launch (cudaLaunchCooperativeKernel)");
    ::cpurt::block_barrier(loc, "grid.sync", false);
    if (detail::block_rank() == 0) ::cpurt::t_block->grid->arrive_and_wait();  // the block's OS thread waits
    ::cpurt::block_barrier(loc, "grid.sync", false);
  }
};
inline grid_group this_grid() { return grid_group(); }

template <class G>
inline void sync(const G& g, std::source_location loc = std::source_location::current()) {
  g.sync(loc);
}
template <class G>
inline unsigned long long thread_rank(const G& g) {
  return g.thread_rank();
}

// ---- reduce (cooperative_groups/reduce.h) ---------------------------------------------------------
template <class T>
struct plus {
  T operator()(const T& a, const T& b) const { return a + b; }
};
template <class T>
struct less {
  T operator()(const T& a, const T& b) const { return b < a ? b : a; }
};
template <class T>
struct greater {
  T operator()(const T& a, const T& b) const { return a < b ? b : a; }
};
template <class T>
struct bit_and {
  T operator()(const T& a, const T& b) const { return a & b; }
};
template <class T>
struct bit_or {
  T operator()(const T& a, const T& b) const { return a | b; }
};
template <class T>
struct bit_xor {
  T operator()(const T& a, const T& b) const { return a ^ b; }
};

// Butterfly reduction over the tile: every thread gets the result.
template <class Group, class T, class Op>
inline T reduce(const Group& g, T value, Op op) {
  for (unsigned offset = static_cast<unsigned>(g.size()) / 2; offset > 0; offset /= 2)
    value = op(value, g.shfl_xor(value, int(offset)));
  return value;
}

}  // namespace cooperative_groups

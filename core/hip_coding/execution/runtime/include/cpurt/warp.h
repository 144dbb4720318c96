// Warp-level operations, all on one primitive (cpurt::warp_exchange: publish 64 bits, wait for
// the participating lanes, read the result). Values of any trivially copyable type up to 8 bytes
// travel as raw bits (float, double, long long, __half...).
// Masks are taken as 64-bit so CUDA (32-bit) and HIP (64-bit) masks both fit. Results that are
// lane masks are 32-bit in CUDA and 64-bit in HIP, as in each API.
#pragma once

#include <cstring>
#include <new>
#include <source_location>
#include <type_traits>

#include "exchange.h"

namespace cpurt {

#if defined(CPURT_LANG_HIP)
using warp_mask_t = unsigned long long;
#else
using warp_mask_t = unsigned;
#endif

template <class T>
inline std::uint64_t to_bits(const T& v) {
  static_assert(sizeof(T) <= 8 && std::is_trivially_copyable_v<T>,
                "warp operations move trivially copyable values of at most 8 bytes");
  std::uint64_t r = 0;
  std::memcpy(&r, &v, sizeof(T));
  return r;
}
template <class T>
inline T from_bits(std::uint64_t b) {
  alignas(T) unsigned char buf[sizeof(T)];
  std::memcpy(buf, &b, sizeof(T));
  return *std::launder(reinterpret_cast<T*>(buf));
}

// Source lanes as CUDA defines them for a segment of `width` lanes (width a power of two <= warp).
inline unsigned src_idx(int src, int width) {
  const unsigned lane = lane_id(), w = static_cast<unsigned>(width);
  return lane / w * w + static_cast<unsigned>(src) % w;
}
inline unsigned src_up(unsigned delta, int width) {
  const unsigned lane = lane_id();
  return lane % static_cast<unsigned>(width) >= delta ? lane - delta : lane;
}
inline unsigned src_down(unsigned delta, int width) {
  const unsigned lane = lane_id(), w = static_cast<unsigned>(width);
  return lane % w + delta < w ? lane + delta : lane;
}
inline unsigned src_xor(int lane_mask, int width) {
  const unsigned lane = lane_id(), w = static_cast<unsigned>(width);
  const unsigned s = lane ^ static_cast<unsigned>(lane_mask);
  return s / w > lane / w ? lane : s;  // later segments are out of reach: own value
}

template <class T>
inline T shfl(LaneMask mask, bool implicit, T var, unsigned src, const std::source_location& loc, const char* name) {
  return from_bits<T>(warp_exchange(mask, implicit, WarpOp::Read, to_bits(var), src, loc, name).value);
}

inline Released vote(LaneMask mask, bool implicit, int pred, const std::source_location& loc, const char* name) {
  return warp_exchange(mask, implicit, WarpOp::Ballot, pred != 0, 0, loc, name);
}
inline bool vote_all(LaneMask mask, bool implicit, int pred, const std::source_location& loc, const char* name) {
  const Released r = vote(mask, implicit, pred, loc, name);
  const LaneMask own = (implicit ? kFullWarp : mask) | (LaneMask(1) << lane_id());
  return r.value == (own & r.group);
}

}  // namespace cpurt

#define CPURT_HERE std::source_location loc = std::source_location::current()

// ---- CUDA (and ROCm >= 6.2) sync forms --------------------------------------------------------
template <class T>
inline T __shfl_sync(unsigned long long mask, T var, int srcLane, int width = warpSize, CPURT_HERE) {
  return ::cpurt::shfl(mask, false, var, ::cpurt::src_idx(srcLane, width), loc, "__shfl_sync");
}
template <class T>
inline T __shfl_up_sync(unsigned long long mask, T var, unsigned delta, int width = warpSize, CPURT_HERE) {
  return ::cpurt::shfl(mask, false, var, ::cpurt::src_up(delta, width), loc, "__shfl_up_sync");
}
template <class T>
inline T __shfl_down_sync(unsigned long long mask, T var, unsigned delta, int width = warpSize, CPURT_HERE) {
  return ::cpurt::shfl(mask, false, var, ::cpurt::src_down(delta, width), loc, "__shfl_down_sync");
}
template <class T>
inline T __shfl_xor_sync(unsigned long long mask, T var, int laneMask, int width = warpSize, CPURT_HERE) {
  return ::cpurt::shfl(mask, false, var, ::cpurt::src_xor(laneMask, width), loc, "__shfl_xor_sync");
}
inline ::cpurt::warp_mask_t __ballot_sync(unsigned long long mask, int pred, CPURT_HERE) {
  return static_cast<::cpurt::warp_mask_t>(::cpurt::vote(mask, false, pred, loc, "__ballot_sync").value);
}
inline int __any_sync(unsigned long long mask, int pred, CPURT_HERE) {
  return ::cpurt::vote(mask, false, pred, loc, "__any_sync").value != 0;
}
inline int __all_sync(unsigned long long mask, int pred, CPURT_HERE) {
  return ::cpurt::vote_all(mask, false, pred, loc, "__all_sync");
}
// The lanes that reach this call together (on a GPU: the lanes converged at this point).
inline ::cpurt::warp_mask_t __activemask(CPURT_HERE) {
  return static_cast<::cpurt::warp_mask_t>(
      ::cpurt::warp_exchange(0, true, ::cpurt::WarpOp::Read, 0, 0, loc, "__activemask").group);
}
template <class T>
inline ::cpurt::warp_mask_t __match_any_sync(unsigned long long mask, T value, CPURT_HERE) {
  return static_cast<::cpurt::warp_mask_t>(
      ::cpurt::warp_exchange(mask, false, ::cpurt::WarpOp::MatchAny, ::cpurt::to_bits(value), 0, loc,
                             "__match_any_sync").value);
}
template <class T>
inline ::cpurt::warp_mask_t __match_all_sync(unsigned long long mask, T value, int* pred, CPURT_HERE) {
  const auto r = ::cpurt::warp_exchange(mask, false, ::cpurt::WarpOp::MatchAll, ::cpurt::to_bits(value), 0, loc,
                                        "__match_all_sync").value;
  *pred = r != 0;
  return static_cast<::cpurt::warp_mask_t>(r);
}

#define CPURT_WARP_REDUCE(name, T, op)                                                              \
  inline T name(unsigned long long mask, T value, CPURT_HERE) {                                     \
    return static_cast<T>(static_cast<std::uint32_t>(::cpurt::warp_exchange(                        \
        mask, false, ::cpurt::WarpOp::op, static_cast<std::uint32_t>(value), 0, loc, #name).value)); \
  }
CPURT_WARP_REDUCE(__reduce_add_sync, unsigned, AddU)
CPURT_WARP_REDUCE(__reduce_add_sync, int, AddI)
CPURT_WARP_REDUCE(__reduce_min_sync, unsigned, MinU)
CPURT_WARP_REDUCE(__reduce_min_sync, int, MinI)
CPURT_WARP_REDUCE(__reduce_max_sync, unsigned, MaxU)
CPURT_WARP_REDUCE(__reduce_max_sync, int, MaxI)
CPURT_WARP_REDUCE(__reduce_and_sync, unsigned, And)
CPURT_WARP_REDUCE(__reduce_or_sync, unsigned, Or)
CPURT_WARP_REDUCE(__reduce_xor_sync, unsigned, Xor)
#undef CPURT_WARP_REDUCE

// ---- HIP (and legacy CUDA) non-sync forms: the lanes that arrive together take part --------------
template <class T>
inline T __shfl(T var, int srcLane, int width = warpSize, CPURT_HERE) {
  return ::cpurt::shfl(0, true, var, ::cpurt::src_idx(srcLane, width), loc, "__shfl");
}
template <class T>
inline T __shfl_up(T var, unsigned delta, int width = warpSize, CPURT_HERE) {
  return ::cpurt::shfl(0, true, var, ::cpurt::src_up(delta, width), loc, "__shfl_up");
}
template <class T>
inline T __shfl_down(T var, unsigned delta, int width = warpSize, CPURT_HERE) {
  return ::cpurt::shfl(0, true, var, ::cpurt::src_down(delta, width), loc, "__shfl_down");
}
template <class T>
inline T __shfl_xor(T var, int laneMask, int width = warpSize, CPURT_HERE) {
  return ::cpurt::shfl(0, true, var, ::cpurt::src_xor(laneMask, width), loc, "__shfl_xor");
}
inline unsigned long long __ballot(int pred, CPURT_HERE) { return ::cpurt::vote(0, true, pred, loc, "__ballot").value; }
inline int __any(int pred, CPURT_HERE) { return ::cpurt::vote(0, true, pred, loc, "__any").value != 0; }
inline int __all(int pred, CPURT_HERE) { return ::cpurt::vote_all(0, true, pred, loc, "__all"); }

// Lane id helpers that HIP provides.
inline unsigned __lane_id() { return ::cpurt::lane_id(); }

#undef CPURT_HERE

// Force-included (`-include rocm_compat.h`) into compiles with the real hipcc of ROCm 5.2.
//
// ROCm 5.2 lacks the CUDA-style warp builtins that ROCm >= 6.2 provides (`__shfl*_sync`,
// `__ballot_sync`, `__any_sync`, `__all_sync`, `__activemask`, `__syncwarp`), so code that is
// valid on a current ROCm would fail to compile here.  This header adds them on top of the
// non-sync forms, with ROCm 6.2's contract: the mask must be a 64-bit integer (a 32-bit
// `0xffffffff` is a compile error there too, so it is one here), and `__ballot_sync` returns
// 64 bits.  It does nothing on ROCm >= 6.2 and nothing in compiles that are not HIP.
// Not fixable from a header: ROCm 5.2 ships no <hip/hip_bf16.h>.
#pragma once

#if defined(__HIP__) && defined(__cplusplus)  // clang compiling HIP (never nvcc, never plain C++)
#include <hip/hip_version.h>
#if HIP_VERSION_MAJOR < 6 || (HIP_VERSION_MAJOR == 6 && HIP_VERSION_MINOR < 2)
#include <hip/hip_runtime.h>

#define CPURT_COMPAT_CHECK_MASK(MaskT)                                                         \
  static_assert(__is_integral(MaskT) && sizeof(MaskT) == 8,                                   \
                "rocm_compat: the lane mask of a *_sync warp function must be a 64-bit "     \
                "integer on ROCm (use 0xffffffffffffffffull or __activemask())")

__device__ inline unsigned long long __activemask() { return __ballot(1); }

__device__ inline void __syncwarp() {
  // A wavefront executes in lock step; only memory ordering between its lanes needs enforcing.
  __builtin_amdgcn_fence(__ATOMIC_RELEASE, "wavefront");
  __builtin_amdgcn_wave_barrier();
  __builtin_amdgcn_fence(__ATOMIC_ACQUIRE, "wavefront");
}
template <typename MaskT>
__device__ inline void __syncwarp(MaskT) {
  CPURT_COMPAT_CHECK_MASK(MaskT);
  __syncwarp();
}

template <typename MaskT>
__device__ inline unsigned long long __ballot_sync(MaskT mask, int predicate) {
  CPURT_COMPAT_CHECK_MASK(MaskT);
  return __ballot(predicate) & static_cast<unsigned long long>(mask);
}
template <typename MaskT>
__device__ inline int __any_sync(MaskT mask, int predicate) {
  CPURT_COMPAT_CHECK_MASK(MaskT);
  return __ballot_sync(mask, predicate) != 0;
}
template <typename MaskT>
__device__ inline int __all_sync(MaskT mask, int predicate) {
  CPURT_COMPAT_CHECK_MASK(MaskT);
  return __ballot_sync(mask, predicate) == static_cast<unsigned long long>(mask);
}

template <typename MaskT, typename T>
__device__ inline T __shfl_sync(MaskT, T var, int src_lane, int width = warpSize) {
  CPURT_COMPAT_CHECK_MASK(MaskT);
  return __shfl(var, src_lane, width);
}
template <typename MaskT, typename T>
__device__ inline T __shfl_up_sync(MaskT, T var, unsigned int delta, int width = warpSize) {
  CPURT_COMPAT_CHECK_MASK(MaskT);
  return __shfl_up(var, delta, width);
}
template <typename MaskT, typename T>
__device__ inline T __shfl_down_sync(MaskT, T var, unsigned int delta, int width = warpSize) {
  CPURT_COMPAT_CHECK_MASK(MaskT);
  return __shfl_down(var, delta, width);
}
template <typename MaskT, typename T>
__device__ inline T __shfl_xor_sync(MaskT, T var, int lane_mask, int width = warpSize) {
  CPURT_COMPAT_CHECK_MASK(MaskT);
  return __shfl_xor(var, lane_mask, width);
}

#undef CPURT_COMPAT_CHECK_MASK
#endif  // ROCm < 6.2
#endif  // HIP language

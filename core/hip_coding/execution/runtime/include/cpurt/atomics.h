// CUDA/HIP atomics over C++20 std::atomic_ref.
//
// The entry points are templates whose value parameter is not deduced (`atomicAdd(&i, 1u)` works
// for an int like CUDA's overload set does), and a user's own non-template `atomicAdd(double*,
// double)` (the classic pre-sm_60 fallback) wins overload resolution instead of clashing.
// Orders are seq_cst: on x86 every read-modify-write is a locked instruction anyway, and
// ThreadSanitizer (race mode, one OS thread per GPU thread) understands them without fences.
#pragma once

#include <atomic>
#include <cstring>
#include <type_traits>

#include "half.h"
#include "vector_types.h"

namespace cpurt::atomic {

template <class T>
concept Arith = std::is_arithmetic_v<T> && !std::is_same_v<T, bool>;
template <class T>
concept Word = std::is_trivially_copyable_v<T> && (sizeof(T) == 2 || sizeof(T) == 4 || sizeof(T) == 8);
template <class T>
using Arg = std::type_identity_t<T>;

// Generic read-modify-write: new = f(old), retried with compare-exchange.
template <class T, class F>
inline T update(T* addr, F f) {
  std::atomic_ref<T> ref(*addr);
  T old = ref.load();
  while (!ref.compare_exchange_weak(old, f(old))) {
  }
  return old;
}

// 2-byte float types are updated through their bit pattern.
template <class H, class F>
inline H update16(H* addr, F f) {
  static_assert(sizeof(H) == 2);
  unsigned short* bits = reinterpret_cast<unsigned short*>(addr);
  unsigned short old = update(bits, [&](unsigned short o) {
    H v;
    std::memcpy(&v, &o, 2);
    H n = f(v);
    unsigned short nb;
    std::memcpy(&nb, &n, 2);
    return nb;
  });
  H r;
  std::memcpy(&r, &old, 2);
  return r;
}
template <class H2, class F>
inline H2 update32(H2* addr, F f) {
  static_assert(sizeof(H2) == 4);
  unsigned int* bits = reinterpret_cast<unsigned int*>(addr);
  unsigned int old = update(bits, [&](unsigned int o) {
    H2 v;
    std::memcpy(&v, &o, 4);
    H2 n = f(v);
    unsigned int nb;
    std::memcpy(&nb, &n, 4);
    return nb;
  });
  H2 r;
  std::memcpy(&r, &old, 4);
  return r;
}

}  // namespace cpurt::atomic

// ---- arithmetic ------------------------------------------------------------------------------------
template <cpurt::atomic::Arith T>
inline T atomicAdd(T* addr, cpurt::atomic::Arg<T> v) {
  return std::atomic_ref<T>(*addr).fetch_add(v);
}
template <cpurt::atomic::Arith T>
inline T atomicSub(T* addr, cpurt::atomic::Arg<T> v) {
  return std::atomic_ref<T>(*addr).fetch_sub(v);
}
template <cpurt::atomic::Arith T>
inline T atomicMin(T* addr, cpurt::atomic::Arg<T> v) {
  return cpurt::atomic::update(addr, [v](T o) { return v < o ? v : o; });
}
template <cpurt::atomic::Arith T>
inline T atomicMax(T* addr, cpurt::atomic::Arg<T> v) {
  return cpurt::atomic::update(addr, [v](T o) { return o < v ? v : o; });
}
// Wrapping counters, exactly as the GPU defines them.
inline unsigned int atomicInc(unsigned int* addr, unsigned int limit) {
  return cpurt::atomic::update(addr, [limit](unsigned int o) { return o >= limit ? 0u : o + 1; });
}
inline unsigned int atomicDec(unsigned int* addr, unsigned int limit) {
  return cpurt::atomic::update(addr, [limit](unsigned int o) { return (o == 0 || o > limit) ? limit : o - 1; });
}

// ---- exchange and compare-and-swap (any 2/4/8-byte type, compared bitwise as on the GPU) -------
template <cpurt::atomic::Word T>
inline T atomicExch(T* addr, cpurt::atomic::Arg<T> v) {
  return std::atomic_ref<T>(*addr).exchange(v);
}
template <cpurt::atomic::Word T>
inline T atomicCAS(T* addr, cpurt::atomic::Arg<T> expected, cpurt::atomic::Arg<T> desired) {
  std::atomic_ref<T>(*addr).compare_exchange_strong(expected, desired);
  return expected;  // holds the old value whether or not the swap happened
}

// ---- bitwise -------------------------------------------------------------------------------------
template <class T>
  requires std::is_integral_v<T>
inline T atomicAnd(T* addr, cpurt::atomic::Arg<T> v) {
  return std::atomic_ref<T>(*addr).fetch_and(v);
}
template <class T>
  requires std::is_integral_v<T>
inline T atomicOr(T* addr, cpurt::atomic::Arg<T> v) {
  return std::atomic_ref<T>(*addr).fetch_or(v);
}
template <class T>
  requires std::is_integral_v<T>
inline T atomicXor(T* addr, cpurt::atomic::Arg<T> v) {
  return std::atomic_ref<T>(*addr).fetch_xor(v);
}

// ---- half, bfloat16 and vector adds ----------------------------------------------------------------
inline __half atomicAdd(__half* addr, __half v) {
  return cpurt::atomic::update16(addr, [v](__half o) { return __hadd(o, v); });
}
inline __nv_bfloat16 atomicAdd(__nv_bfloat16* addr, __nv_bfloat16 v) {
  return cpurt::atomic::update16(addr, [v](__nv_bfloat16 o) { return __hadd(o, v); });
}
inline __half2 atomicAdd(__half2* addr, __half2 v) {
  return cpurt::atomic::update32(addr, [v](__half2 o) { return __hadd2(o, v); });
}
inline __nv_bfloat162 atomicAdd(__nv_bfloat162* addr, __nv_bfloat162 v) {
  return cpurt::atomic::update32(addr, [v](__nv_bfloat162 o) { return __hadd2(o, v); });
}
inline __half atomicMax(__half* addr, __half v) {
  return cpurt::atomic::update16(addr, [v](__half o) { return __hmax(o, v); });
}
inline __half atomicMin(__half* addr, __half v) {
  return cpurt::atomic::update16(addr, [v](__half o) { return __hmin(o, v); });
}
// sm_90 vector adds: atomic per component, as the hardware guarantees.
inline float2 atomicAdd(float2* addr, float2 v) {
  return make_float2(atomicAdd(&addr->x, v.x), atomicAdd(&addr->y, v.y));
}
inline float4 atomicAdd(float4* addr, float4 v) {
  return make_float4(atomicAdd(&addr->x, v.x), atomicAdd(&addr->y, v.y), atomicAdd(&addr->z, v.z),
                     atomicAdd(&addr->w, v.w));
}

// ---- scope variants: on the CPU every scope is the whole machine -------------------------------------
#define CPURT_ATOMIC_SCOPES(op)                                         \
  template <class P, class... A>                                        \
  inline auto op##_block(P* addr, A... a) -> decltype(op(addr, a...)) { \
    return op(addr, a...);                                              \
  }                                                                     \
  template <class P, class... A>                                        \
  inline auto op##_system(P* addr, A... a) -> decltype(op(addr, a...)) { \
    return op(addr, a...);                                              \
  }
CPURT_ATOMIC_SCOPES(atomicAdd)
CPURT_ATOMIC_SCOPES(atomicSub)
CPURT_ATOMIC_SCOPES(atomicExch)
CPURT_ATOMIC_SCOPES(atomicMin)
CPURT_ATOMIC_SCOPES(atomicMax)
CPURT_ATOMIC_SCOPES(atomicInc)
CPURT_ATOMIC_SCOPES(atomicDec)
CPURT_ATOMIC_SCOPES(atomicCAS)
CPURT_ATOMIC_SCOPES(atomicAnd)
CPURT_ATOMIC_SCOPES(atomicOr)
CPURT_ATOMIC_SCOPES(atomicXor)
#undef CPURT_ATOMIC_SCOPES

// ---- HIP extras --------------------------------------------------------------------------------
template <class P, class V>
inline auto unsafeAtomicAdd(P* addr, V v) -> decltype(atomicAdd(addr, v)) {
  return atomicAdd(addr, v);
}
template <class P, class V>
inline auto safeAtomicAdd(P* addr, V v) -> decltype(atomicAdd(addr, v)) {
  return atomicAdd(addr, v);
}
template <class P, class V>
inline void atomicAddNoRet(P* addr, V v) {
  atomicAdd(addr, v);
}

// CUDA/HIP vector types (float4, int2, ...), dim3 and the make_* functions.
//
// Layout and alignment follow CUDA's vector_types.h (float2 8, float4 16, double2 16, 3-vectors
// unaligned) because kernels reinterpret_cast buffers to float4 and rely on the size.
// In CUDA the types are plain aggregates without operators (programs often define their own
// operator+ for float4, so we must not).  HIP's types have constructors and element-wise
// operators; those are added only when compiling HIP (CPURT_LANG_HIP).
#pragma once

#include <type_traits>

#define CPURT_VEC_TYPE(name, T, N, A) struct alignas(A) name { CPURT_VEC_FIELDS_##N(name, T) };

#if defined(CPURT_LANG_HIP) && CPURT_LANG_HIP
// HIP: value-initialisable, broadcast constructor, full-arity constructor.
#define CPURT_VEC_FIELDS_1(name, T) \
  T x;                              \
  name() = default;                 \
  constexpr name(T a) : x(a) {}
#define CPURT_VEC_FIELDS_2(name, T)                \
  T x, y;                                          \
  name() = default;                                \
  explicit constexpr name(T a) : x(a), y(a) {}     \
  constexpr name(T a, T b) : x(a), y(b) {}
#define CPURT_VEC_FIELDS_3(name, T)                      \
  T x, y, z;                                             \
  name() = default;                                      \
  explicit constexpr name(T a) : x(a), y(a), z(a) {}     \
  constexpr name(T a, T b, T c) : x(a), y(b), z(c) {}
#define CPURT_VEC_FIELDS_4(name, T)                                \
  T x, y, z, w;                                                    \
  name() = default;                                                \
  explicit constexpr name(T a) : x(a), y(a), z(a), w(a) {}         \
  constexpr name(T a, T b, T c, T d) : x(a), y(b), z(c), w(d) {}
#else
#define CPURT_VEC_FIELDS_1(name, T) T x;
#define CPURT_VEC_FIELDS_2(name, T) T x, y;
#define CPURT_VEC_FIELDS_3(name, T) T x, y, z;
#define CPURT_VEC_FIELDS_4(name, T) T x, y, z, w;
#endif

namespace cpurt {
// Component count and scalar type of each vector type; drives make_* and HIP's operators.
template <class V>
struct vec_traits {
  static constexpr int n = 0;
};
}  // namespace cpurt

#define CPURT_VEC_FAMILY(base, T, A1, A2, A3, A4)                                                \
  CPURT_VEC_TYPE(base##1, T, 1, A1)                                                              \
  CPURT_VEC_TYPE(base##2, T, 2, A2)                                                              \
  CPURT_VEC_TYPE(base##3, T, 3, A3)                                                              \
  CPURT_VEC_TYPE(base##4, T, 4, A4)                                                              \
  template <>                                                                                    \
  struct cpurt::vec_traits<base##1> {                                                            \
    using scalar = T;                                                                            \
    static constexpr int n = 1;                                                                  \
  };                                                                                             \
  template <>                                                                                    \
  struct cpurt::vec_traits<base##2> {                                                            \
    using scalar = T;                                                                            \
    static constexpr int n = 2;                                                                  \
  };                                                                                             \
  template <>                                                                                    \
  struct cpurt::vec_traits<base##3> {                                                            \
    using scalar = T;                                                                            \
    static constexpr int n = 3;                                                                  \
  };                                                                                             \
  template <>                                                                                    \
  struct cpurt::vec_traits<base##4> {                                                            \
    using scalar = T;                                                                            \
    static constexpr int n = 4;                                                                  \
  };                                                                                             \
  inline constexpr base##1 make_##base##1(T a) { return base##1{a}; }                            \
  inline constexpr base##2 make_##base##2(T a, T b) { return base##2{a, b}; }                    \
  inline constexpr base##3 make_##base##3(T a, T b, T c) { return base##3{a, b, c}; }            \
  inline constexpr base##4 make_##base##4(T a, T b, T c, T d) { return base##4{a, b, c, d}; }

CPURT_VEC_FAMILY(char, signed char, 1, 2, 1, 4)
CPURT_VEC_FAMILY(uchar, unsigned char, 1, 2, 1, 4)
CPURT_VEC_FAMILY(short, short, 2, 4, 2, 8)
CPURT_VEC_FAMILY(ushort, unsigned short, 2, 4, 2, 8)
CPURT_VEC_FAMILY(int, int, 4, 8, 4, 16)
CPURT_VEC_FAMILY(uint, unsigned int, 4, 8, 4, 16)
CPURT_VEC_FAMILY(long, long, 8, 16, 8, 16)
CPURT_VEC_FAMILY(ulong, unsigned long, 8, 16, 8, 16)
CPURT_VEC_FAMILY(longlong, long long, 8, 16, 8, 16)
CPURT_VEC_FAMILY(ulonglong, unsigned long long, 8, 16, 8, 16)
CPURT_VEC_FAMILY(float, float, 4, 8, 4, 16)
CPURT_VEC_FAMILY(double, double, 8, 16, 8, 16)

#undef CPURT_VEC_FAMILY
#undef CPURT_VEC_TYPE
#undef CPURT_VEC_FIELDS_1
#undef CPURT_VEC_FIELDS_2
#undef CPURT_VEC_FIELDS_3
#undef CPURT_VEC_FIELDS_4

// dim3 accepts any arithmetic arguments (int, size_t, ...) so that `dim3 g = {n / 256, 1}` with a
// signed n compiles as it does under nvcc, and converts to and from uint3.
struct dim3 {
  unsigned int x, y, z;
  template <class X = unsigned, class Y = unsigned, class Z = unsigned>
    requires(std::is_arithmetic_v<X> && std::is_arithmetic_v<Y> && std::is_arithmetic_v<Z>)
  constexpr dim3(X vx = 1, Y vy = 1, Z vz = 1)
      : x(static_cast<unsigned>(vx)), y(static_cast<unsigned>(vy)), z(static_cast<unsigned>(vz)) {}
  constexpr dim3(uint3 v) : x(v.x), y(v.y), z(v.z) {}
  constexpr operator uint3() const { return uint3{x, y, z}; }
};

#if defined(CPURT_LANG_HIP) && CPURT_LANG_HIP
// HIP's element-wise vector arithmetic.  Templates, so that a user's own non-template operator
// for the same type wins overload resolution instead of clashing.
namespace cpurt {
template <class V>
concept hip_vec = vec_traits<V>::n > 0;
template <class V, class F>
constexpr V vec_zip(const V& a, const V& b, F f) {
  V r = a;
  r.x = f(a.x, b.x);
  if constexpr (vec_traits<V>::n >= 2) r.y = f(a.y, b.y);
  if constexpr (vec_traits<V>::n >= 3) r.z = f(a.z, b.z);
  if constexpr (vec_traits<V>::n >= 4) r.w = f(a.w, b.w);
  return r;
}
template <class V>
constexpr V vec_splat(typename vec_traits<V>::scalar s) {
  V r{};
  r.x = s;
  if constexpr (vec_traits<V>::n >= 2) r.y = s;
  if constexpr (vec_traits<V>::n >= 3) r.z = s;
  if constexpr (vec_traits<V>::n >= 4) r.w = s;
  return r;
}
}  // namespace cpurt

#define CPURT_HIP_VEC_OP(op)                                                                    \
  template <cpurt::hip_vec V>                                                                   \
  constexpr V operator op(const V& a, const V& b) {                                             \
    return cpurt::vec_zip(a, b, [](auto p, auto q) { return decltype(p)(p op q); });            \
  }                                                                                             \
  template <cpurt::hip_vec V>                                                                   \
  constexpr V operator op(const V& a, typename cpurt::vec_traits<V>::scalar s) {                \
    return a op cpurt::vec_splat<V>(s);                                                         \
  }                                                                                             \
  template <cpurt::hip_vec V>                                                                   \
  constexpr V operator op(typename cpurt::vec_traits<V>::scalar s, const V& a) {                \
    return cpurt::vec_splat<V>(s) op a;                                                         \
  }                                                                                             \
  template <cpurt::hip_vec V>                                                                   \
  constexpr V& operator op##=(V & a, const V & b) {                                             \
    return a = a op b;                                                                          \
  }                                                                                             \
  template <cpurt::hip_vec V>                                                                   \
  constexpr V& operator op##=(V & a, typename cpurt::vec_traits<V>::scalar s) {                 \
    return a = a op cpurt::vec_splat<V>(s);                                                     \
  }
CPURT_HIP_VEC_OP(+)
CPURT_HIP_VEC_OP(-)
CPURT_HIP_VEC_OP(*)
CPURT_HIP_VEC_OP(/)
#undef CPURT_HIP_VEC_OP
template <cpurt::hip_vec V>
constexpr V operator-(const V& a) {
  return cpurt::vec_splat<V>(0) - a;
}
template <cpurt::hip_vec V>
constexpr bool operator==(const V& a, const V& b) {
  bool eq = a.x == b.x;
  if constexpr (cpurt::vec_traits<V>::n >= 2) eq = eq && a.y == b.y;
  if constexpr (cpurt::vec_traits<V>::n >= 3) eq = eq && a.z == b.z;
  if constexpr (cpurt::vec_traits<V>::n >= 4) eq = eq && a.w == b.w;
  return eq;
}
#endif

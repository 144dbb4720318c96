// Software fp16 (__half, __half2) and bfloat16 (__nv_bfloat16, __nv_bfloat162, HIP's
// __hip_bfloat16 / hip_bfloat16): 2-byte trivially copyable types, arithmetic done in float and
// rounded back to nearest-even, which gives the correctly rounded result for + - * /.
// Conversions are bit-exact (no dependence on _Float16 support or libgcc helpers).
#pragma once

#include <math.h>

#include <bit>
#include <cstdint>

#include "math.h"  // cpurt/math.h: the float->int conversions used below
#include "vector_types.h"

namespace cpurt::f16 {

enum class Round { rn, rz, ru, rd };

// Rounds the magnitude q (already scaled to units of the last place) as the mode asks.
inline double round_units(double q, bool negative, Round m) {
  if (m == Round::rn) return nearbyint(q);  // default FP environment: ties to even
  bool away = (m == Round::ru && !negative) || (m == Round::rd && negative);
  return away ? ceil(q) : trunc(q);
}

// double -> IEEE binary16 bits.  Every float is exact in double, so this serves floats too.
inline std::uint16_t to_half_bits(double d, Round m = Round::rn) {
  std::uint16_t sign = signbit(d) ? 0x8000 : 0;
  if (isnan(d)) return 0x7FFF;  // canonical NaN, as the GPU produces
  double a = fabs(d);
  bool neg = sign != 0;
  bool away = m == Round::rn || (m == Round::ru && !neg) || (m == Round::rd && neg);
  if (isinf(a)) return sign | 0x7C00;
  if (a == 0) return sign;
  int e;
  frexp(a, &e);  // a = f * 2^e, f in [0.5, 1)
  int E = e - 1;  // unbiased binary16 exponent
  if (E > 15) return sign | (away ? 0x7C00 : 0x7BFF);
  if (E < -14) {  // subnormal: units of 2^-24
    double r = round_units(ldexp(a, 24), neg, m);
    return sign | static_cast<std::uint16_t>(r);  // r == 1024 is the smallest normal: same bits
  }
  double r = round_units(ldexp(a, 10 - E), neg, m);  // in [1024, 2048]
  unsigned bits = (static_cast<unsigned>(E + 15) << 10) + static_cast<unsigned>(r - 1024);
  if (bits >= 0x7C00) return sign | (away ? 0x7C00 : 0x7BFF);
  return sign | static_cast<std::uint16_t>(bits);
}

inline float half_bits_to_float(std::uint16_t h) {
  unsigned sign = (h & 0x8000u) << 16, exp = (h >> 10) & 0x1F, man = h & 0x3FFu;
  if (exp == 0) {  // zero or subnormal: exact in float
    float v = ldexpf(static_cast<float>(man), -24);
    return sign ? -v : v;
  }
  if (exp == 31) return std::bit_cast<float>(sign | 0x7F800000u | (man << 13));
  return std::bit_cast<float>(sign | ((exp + 112) << 23) | (man << 13));
}

// float -> bfloat16 bits, round to nearest even (the upper half of the float, rounded).
inline std::uint16_t to_bf16_bits(float f, Round m = Round::rn) {
  std::uint32_t u = std::bit_cast<std::uint32_t>(f);
  if (isnan(f)) return 0x7FFF;
  if (m == Round::rn) {
    u += 0x7FFFu + ((u >> 16) & 1u);
    return static_cast<std::uint16_t>(u >> 16);
  }
  bool neg = u >> 31, inexact = (u & 0xFFFFu) != 0;
  bool away = (m == Round::ru && !neg) || (m == Round::rd && neg);
  std::uint32_t r = u >> 16;
  if (inexact && away && (r & 0x7FFFu) != 0x7F80u) ++r;  // never step past infinity
  return static_cast<std::uint16_t>(r);
}
// double -> bf16 without double rounding: round to float "to odd" first (sticky low bit).
inline std::uint16_t to_bf16_bits(double d) {
  float f = static_cast<float>(d);
  if (!isnan(d) && !isinf(f) && static_cast<double>(f) != d) {
    if (fabs(static_cast<double>(f)) > fabs(d)) f = nextafterf(f, 0.0f);
    f = std::bit_cast<float>(std::bit_cast<std::uint32_t>(f) | 1u);
  }
  return to_bf16_bits(f);
}
inline float bf16_bits_to_float(std::uint16_t b) { return std::bit_cast<float>(static_cast<std::uint32_t>(b) << 16); }

}  // namespace cpurt::f16

struct __half_raw {
  unsigned short x;
};
struct __half2_raw {
  unsigned short x, y;
};
struct __nv_bfloat16_raw {
  unsigned short x;
};
struct __nv_bfloat162_raw {
  unsigned short x, y;
};

// The two scalar types share their shape; only the bit conversions differ.
#define CPURT_H16_CLASS(H, RAW, TO_BITS, TO_FLOAT, EXTRA_MEMBER)                                   \
  struct alignas(2) H {                                                                          \
    union {                                                                                      \
      unsigned short __x;                                                                        \
      EXTRA_MEMBER                                                                               \
    };                                                                                           \
    H() = default;                                                                               \
    constexpr H(RAW r) : __x(r.x) {}                                                             \
    H(float f) : __x(TO_BITS(f)) {}                                                              \
    H(double d) : __x(TO_BITS(d)) {}                                                             \
    H(int v) : __x(TO_BITS(static_cast<double>(v))) {}                                          \
    H(unsigned int v) : __x(TO_BITS(static_cast<double>(v))) {}                                 \
    H(short v) : __x(TO_BITS(static_cast<double>(v))) {}                                        \
    H(unsigned short v) : __x(TO_BITS(static_cast<double>(v))) {}                               \
    H(long v) : __x(TO_BITS(static_cast<double>(v))) {}                                         \
    H(unsigned long v) : __x(TO_BITS(static_cast<double>(v))) {}                                \
    H(long long v) : __x(TO_BITS(static_cast<double>(v))) {}                                    \
    H(unsigned long long v) : __x(TO_BITS(static_cast<double>(v))) {}                           \
    operator float() const { return TO_FLOAT(__x); }                                             \
    operator RAW() const { return RAW{__x}; }                                                    \
    H& operator=(RAW r) {                                                                        \
      __x = r.x;                                                                                 \
      return *this;                                                                              \
    }                                                                                            \
  };

#define CPURT_NO_EXTRA
CPURT_H16_CLASS(__half, __half_raw, cpurt::f16::to_half_bits, cpurt::f16::half_bits_to_float, CPURT_NO_EXTRA)
// `data` is the member name of HIP's bfloat16 types; same storage.
CPURT_H16_CLASS(__nv_bfloat16, __nv_bfloat16_raw, cpurt::f16::to_bf16_bits, cpurt::f16::bf16_bits_to_float,
                unsigned short data;)
#undef CPURT_H16_CLASS
#undef CPURT_NO_EXTRA

struct alignas(4) __half2 {
  __half x, y;
  __half2() = default;
  constexpr __half2(__half a, __half b) : x(a), y(b) {}
  __half2(__half2_raw r) : x(__half_raw{r.x}), y(__half_raw{r.y}) {}
  operator __half2_raw() const { return __half2_raw{x.__x, y.__x}; }
};
struct alignas(4) __nv_bfloat162 {
  __nv_bfloat16 x, y;
  __nv_bfloat162() = default;
  constexpr __nv_bfloat162(__nv_bfloat16 a, __nv_bfloat16 b) : x(a), y(b) {}
  __nv_bfloat162(__nv_bfloat162_raw r) : x(__nv_bfloat16_raw{r.x}), y(__nv_bfloat16_raw{r.y}) {}
  operator __nv_bfloat162_raw() const { return __nv_bfloat162_raw{x.__x, y.__x}; }
};
static_assert(sizeof(__half) == 2 && sizeof(__nv_bfloat16) == 2 && sizeof(__half2) == 4);

// ---- conversions -----------------------------------------------------------------------------------
namespace cpurt::f16 {
inline __half make_half(std::uint16_t b) { return __half(__half_raw{b}); }
inline __nv_bfloat16 make_bf16(std::uint16_t b) { return __nv_bfloat16(__nv_bfloat16_raw{b}); }
}  // namespace cpurt::f16

inline __half __float2half(float f) { return cpurt::f16::make_half(cpurt::f16::to_half_bits(f)); }
inline __half __float2half_rn(float f) { return __float2half(f); }
inline __half __float2half_rz(float f) { return cpurt::f16::make_half(cpurt::f16::to_half_bits(f, cpurt::f16::Round::rz)); }
inline __half __float2half_ru(float f) { return cpurt::f16::make_half(cpurt::f16::to_half_bits(f, cpurt::f16::Round::ru)); }
inline __half __float2half_rd(float f) { return cpurt::f16::make_half(cpurt::f16::to_half_bits(f, cpurt::f16::Round::rd)); }
inline __half __double2half(double d) { return cpurt::f16::make_half(cpurt::f16::to_half_bits(d)); }
inline float __half2float(__half h) { return cpurt::f16::half_bits_to_float(h.__x); }
inline __half2 __float2half2_rn(float f) { return __half2(__float2half(f), __float2half(f)); }
inline __half2 __floats2half2_rn(float a, float b) { return __half2(__float2half(a), __float2half(b)); }
inline __half2 __float22half2_rn(float2 v) { return __floats2half2_rn(v.x, v.y); }
inline float2 __half22float2(__half2 h) { return make_float2(__half2float(h.x), __half2float(h.y)); }
inline __half2 __half2half2(__half h) { return __half2(h, h); }
inline __half2 make_half2(__half a, __half b) { return __half2(a, b); }

inline __nv_bfloat16 __float2bfloat16(float f) { return cpurt::f16::make_bf16(cpurt::f16::to_bf16_bits(f)); }
inline __nv_bfloat16 __float2bfloat16_rn(float f) { return __float2bfloat16(f); }
inline __nv_bfloat16 __float2bfloat16_rz(float f) { return cpurt::f16::make_bf16(cpurt::f16::to_bf16_bits(f, cpurt::f16::Round::rz)); }
inline __nv_bfloat16 __float2bfloat16_ru(float f) { return cpurt::f16::make_bf16(cpurt::f16::to_bf16_bits(f, cpurt::f16::Round::ru)); }
inline __nv_bfloat16 __float2bfloat16_rd(float f) { return cpurt::f16::make_bf16(cpurt::f16::to_bf16_bits(f, cpurt::f16::Round::rd)); }
inline __nv_bfloat16 __double2bfloat16(double d) { return cpurt::f16::make_bf16(cpurt::f16::to_bf16_bits(d)); }
inline float __bfloat162float(__nv_bfloat16 h) { return cpurt::f16::bf16_bits_to_float(h.__x); }
inline __nv_bfloat162 __float2bfloat162_rn(float f) { return __nv_bfloat162(__float2bfloat16(f), __float2bfloat16(f)); }
inline __nv_bfloat162 __floats2bfloat162_rn(float a, float b) { return __nv_bfloat162(__float2bfloat16(a), __float2bfloat16(b)); }
inline __nv_bfloat162 __float22bfloat162_rn(float2 v) { return __floats2bfloat162_rn(v.x, v.y); }
inline float2 __bfloat1622float2(__nv_bfloat162 h) { return make_float2(__bfloat162float(h.x), __bfloat162float(h.y)); }
inline __nv_bfloat162 __bfloat162bfloat162(__nv_bfloat16 h) { return __nv_bfloat162(h, h); }
inline __nv_bfloat162 make_bfloat162(__nv_bfloat16 a, __nv_bfloat16 b) { return __nv_bfloat162(a, b); }
inline __nv_bfloat16 __float2bfloat16_sat(float f) { return __float2bfloat16(f < 0 ? 0.0f : (f > 1 ? 1.0f : f)); }
inline __half __float2half_sat(float f) { return __float2half(f < 0 ? 0.0f : (f > 1 ? 1.0f : f)); }

// Per-type families: integer conversions, bit casts, arithmetic, comparisons, math, pair ops.
#define CPURT_H16_FUNCS(H, H2, TOF, FROMF, RAW, PF, BF)                                                \
  inline short PF##_as_short(H h) { return static_cast<short>(h.__x); }                          \
  inline unsigned short PF##_as_ushort(H h) { return h.__x; }                                     \
  inline int PF##2int_rn(H h) { return __float2int_rn(TOF(h)); }                                   \
  inline int PF##2int_rz(H h) { return __float2int_rz(TOF(h)); }                                   \
  inline int PF##2int_ru(H h) { return __float2int_ru(TOF(h)); }                                   \
  inline int PF##2int_rd(H h) { return __float2int_rd(TOF(h)); }                                   \
  inline unsigned int PF##2uint_rn(H h) { return __float2uint_rn(TOF(h)); }                        \
  inline unsigned int PF##2uint_rz(H h) { return __float2uint_rz(TOF(h)); }                        \
  inline short PF##2short_rn(H h) { return static_cast<short>(__float2int_rn(TOF(h))); }           \
  inline short PF##2short_rz(H h) { return static_cast<short>(__float2int_rz(TOF(h))); }           \
  inline long long PF##2ll_rn(H h) { return __float2ll_rn(TOF(h)); }                               \
  inline long long PF##2ll_rz(H h) { return __float2ll_rz(TOF(h)); }                               \
  inline double PF##2double(H h) { return TOF(h); }                                                \
  inline H __hadd(H a, H b) { return FROMF(TOF(a) + TOF(b)); }                                      \
  inline H __hsub(H a, H b) { return FROMF(TOF(a) - TOF(b)); }                                      \
  inline H __hmul(H a, H b) { return FROMF(TOF(a) * TOF(b)); }                                      \
  inline H __hdiv(H a, H b) { return FROMF(TOF(a) / TOF(b)); }                                      \
  inline H __hfma(H a, H b, H c) { return FROMF(static_cast<float>(static_cast<double>(TOF(a)) * TOF(b) + TOF(c))); } \
  inline H __hadd_rn(H a, H b) { return __hadd(a, b); }                                              \
  inline H __hsub_rn(H a, H b) { return __hsub(a, b); }                                              \
  inline H __hmul_rn(H a, H b) { return __hmul(a, b); }                                              \
  inline H __hneg(H a) { return H(RAW{static_cast<unsigned short>(a.__x ^ 0x8000u)}); }             \
  inline H __habs(H a) { return H(RAW{static_cast<unsigned short>(a.__x & 0x7FFFu)}); }             \
  inline bool __hisnan(H a) { return isnan(TOF(a)); }                                               \
  inline int __hisinf(H a) { return isinf(TOF(a)) ? (TOF(a) > 0 ? 1 : -1) : 0; }                    \
  inline H cpurt_sat_##BF(float f) { return FROMF(isnan(f) ? 0.0f : (f < 0 ? 0.0f : (f > 1 ? 1.0f : f))); } \
  inline H __hadd_sat(H a, H b) { return cpurt_sat_##BF(TOF(__hadd(a, b))); }                        \
  inline H __hsub_sat(H a, H b) { return cpurt_sat_##BF(TOF(__hsub(a, b))); }                        \
  inline H __hmul_sat(H a, H b) { return cpurt_sat_##BF(TOF(__hmul(a, b))); }                        \
  inline H __hfma_sat(H a, H b, H c) { return cpurt_sat_##BF(TOF(__hfma(a, b, c))); }                \
  inline H __hfma_relu(H a, H b, H c) {                                                             \
    H r = __hfma(a, b, c);                                                                          \
    return TOF(r) < 0 ? FROMF(0.0f) : r;                                                             \
  }                                                                                                 \
  inline H __hmax(H a, H b) { return isnan(TOF(a)) ? b : (isnan(TOF(b)) ? a : (TOF(a) < TOF(b) ? b : a)); } \
  inline H __hmin(H a, H b) { return isnan(TOF(a)) ? b : (isnan(TOF(b)) ? a : (TOF(b) < TOF(a) ? b : a)); } \
  inline H __hmax_nan(H a, H b) { return isnan(TOF(a)) ? a : (isnan(TOF(b)) ? b : __hmax(a, b)); }   \
  inline H __hmin_nan(H a, H b) { return isnan(TOF(a)) ? a : (isnan(TOF(b)) ? b : __hmin(a, b)); }   \
  inline bool __heq(H a, H b) { return TOF(a) == TOF(b); }                                           \
  inline bool __hne(H a, H b) { return TOF(a) < TOF(b) || TOF(a) > TOF(b); }                         \
  inline bool __hlt(H a, H b) { return TOF(a) < TOF(b); }                                            \
  inline bool __hle(H a, H b) { return TOF(a) <= TOF(b); }                                           \
  inline bool __hgt(H a, H b) { return TOF(a) > TOF(b); }                                            \
  inline bool __hge(H a, H b) { return TOF(a) >= TOF(b); }                                           \
  inline bool __hequ(H a, H b) { return !(TOF(a) < TOF(b) || TOF(a) > TOF(b)); }                     \
  inline bool __hneu(H a, H b) { return !(TOF(a) == TOF(b)); }                                       \
  inline bool __hltu(H a, H b) { return !(TOF(a) >= TOF(b)); }                                       \
  inline bool __hleu(H a, H b) { return !(TOF(a) > TOF(b)); }                                        \
  inline bool __hgtu(H a, H b) { return !(TOF(a) <= TOF(b)); }                                       \
  inline bool __hgeu(H a, H b) { return !(TOF(a) < TOF(b)); }                                        \
  inline H hexp(H a) { return FROMF(expf(TOF(a))); }                                                 \
  inline H hexp2(H a) { return FROMF(exp2f(TOF(a))); }                                               \
  inline H hexp10(H a) { return FROMF(exp10f(TOF(a))); }                                             \
  inline H hlog(H a) { return FROMF(logf(TOF(a))); }                                                 \
  inline H hlog2(H a) { return FROMF(log2f(TOF(a))); }                                               \
  inline H hlog10(H a) { return FROMF(log10f(TOF(a))); }                                             \
  inline H hsqrt(H a) { return FROMF(sqrtf(TOF(a))); }                                               \
  inline H hrsqrt(H a) { return FROMF(1.0f / sqrtf(TOF(a))); }                                       \
  inline H hrcp(H a) { return FROMF(1.0f / TOF(a)); }                                                \
  inline H hsin(H a) { return FROMF(sinf(TOF(a))); }                                                 \
  inline H hcos(H a) { return FROMF(cosf(TOF(a))); }                                                 \
  inline H htanh(H a) { return FROMF(tanhf(TOF(a))); }                                               \
  inline H hceil(H a) { return FROMF(ceilf(TOF(a))); }                                               \
  inline H hfloor(H a) { return FROMF(floorf(TOF(a))); }                                             \
  inline H htrunc(H a) { return FROMF(truncf(TOF(a))); }                                             \
  inline H hrint(H a) { return FROMF(nearbyintf(TOF(a))); }                                          \
  inline H operator+(const H& a, const H& b) { return __hadd(a, b); }                                \
  inline H operator-(const H& a, const H& b) { return __hsub(a, b); }                                \
  inline H operator*(const H& a, const H& b) { return __hmul(a, b); }                                \
  inline H operator/(const H& a, const H& b) { return __hdiv(a, b); }                                \
  inline H& operator+=(H& a, const H& b) { return a = __hadd(a, b); }                                \
  inline H& operator-=(H& a, const H& b) { return a = __hsub(a, b); }                                \
  inline H& operator*=(H& a, const H& b) { return a = __hmul(a, b); }                                \
  inline H& operator/=(H& a, const H& b) { return a = __hdiv(a, b); }                                \
  inline H operator+(const H& a) { return a; }                                                       \
  inline H operator-(const H& a) { return __hneg(a); }                                               \
  inline H& operator++(H& a) { return a = __hadd(a, FROMF(1.0f)); }                                  \
  inline H& operator--(H& a) { return a = __hsub(a, FROMF(1.0f)); }                                  \
  inline H operator++(H& a, int) { H o = a; ++a; return o; }                                         \
  inline H operator--(H& a, int) { H o = a; --a; return o; }                                         \
  inline bool operator==(const H& a, const H& b) { return __heq(a, b); }                             \
  inline bool operator!=(const H& a, const H& b) { return __hneu(a, b); }                            \
  inline bool operator<(const H& a, const H& b) { return __hlt(a, b); }                              \
  inline bool operator<=(const H& a, const H& b) { return __hle(a, b); }                             \
  inline bool operator>(const H& a, const H& b) { return __hgt(a, b); }                              \
  inline bool operator>=(const H& a, const H& b) { return __hge(a, b); }                             \
  /* pairs */                                                                                        \
  inline H2 cpurt_map2(H2 a, H (*f)(H)) { return H2(f(a.x), f(a.y)); }                               \
  inline H2 cpurt_zip2(H2 a, H2 b, H (*f)(H, H)) { return H2(f(a.x, b.x), f(a.y, b.y)); }            \
  inline H2 cpurt_bool2(H2 a, H2 b, bool (*f)(H, H)) {                                               \
    return H2(FROMF(f(a.x, b.x) ? 1.0f : 0.0f), FROMF(f(a.y, b.y) ? 1.0f : 0.0f));                   \
  }                                                                                                  \
  inline H2 __hadd2(H2 a, H2 b) { return cpurt_zip2(a, b, __hadd); }                                \
  inline H2 __hsub2(H2 a, H2 b) { return cpurt_zip2(a, b, __hsub); }                                \
  inline H2 __hmul2(H2 a, H2 b) { return cpurt_zip2(a, b, __hmul); }                                \
  inline H2 __h2div(H2 a, H2 b) { return cpurt_zip2(a, b, __hdiv); }                                \
  inline H2 __hdiv2(H2 a, H2 b) { return cpurt_zip2(a, b, __hdiv); }                                \
  inline H2 __hadd2_sat(H2 a, H2 b) { return cpurt_zip2(a, b, __hadd_sat); }                        \
  inline H2 __hmul2_sat(H2 a, H2 b) { return cpurt_zip2(a, b, __hmul_sat); }                        \
  inline H2 __hmax2(H2 a, H2 b) { return cpurt_zip2(a, b, __hmax); }                                \
  inline H2 __hmin2(H2 a, H2 b) { return cpurt_zip2(a, b, __hmin); }                                \
  inline H2 __hfma2(H2 a, H2 b, H2 c) { return H2(__hfma(a.x, b.x, c.x), __hfma(a.y, b.y, c.y)); }  \
  inline H2 __hneg2(H2 a) { return cpurt_map2(a, __hneg); }                                         \
  inline H2 __habs2(H2 a) { return cpurt_map2(a, __habs); }                                         \
  inline H2 __heq2(H2 a, H2 b) { return cpurt_bool2(a, b, __heq); }                                 \
  inline H2 __hne2(H2 a, H2 b) { return cpurt_bool2(a, b, __hne); }                                 \
  inline H2 __hlt2(H2 a, H2 b) { return cpurt_bool2(a, b, __hlt); }                                 \
  inline H2 __hle2(H2 a, H2 b) { return cpurt_bool2(a, b, __hle); }                                 \
  inline H2 __hgt2(H2 a, H2 b) { return cpurt_bool2(a, b, __hgt); }                                 \
  inline H2 __hge2(H2 a, H2 b) { return cpurt_bool2(a, b, __hge); }                                 \
  inline bool __hbeq2(H2 a, H2 b) { return __heq(a.x, b.x) && __heq(a.y, b.y); }                    \
  inline bool __hbne2(H2 a, H2 b) { return __hne(a.x, b.x) && __hne(a.y, b.y); }                    \
  inline bool __hblt2(H2 a, H2 b) { return __hlt(a.x, b.x) && __hlt(a.y, b.y); }                    \
  inline bool __hble2(H2 a, H2 b) { return __hle(a.x, b.x) && __hle(a.y, b.y); }                    \
  inline bool __hbgt2(H2 a, H2 b) { return __hgt(a.x, b.x) && __hgt(a.y, b.y); }                    \
  inline bool __hbge2(H2 a, H2 b) { return __hge(a.x, b.x) && __hge(a.y, b.y); }                    \
  inline H2 __hisnan2(H2 a) { return H2(FROMF(__hisnan(a.x) ? 1.0f : 0.0f), FROMF(__hisnan(a.y) ? 1.0f : 0.0f)); } \
  inline H2 h2exp(H2 a) { return cpurt_map2(a, hexp); }                                             \
  inline H2 h2exp2(H2 a) { return cpurt_map2(a, hexp2); }                                           \
  inline H2 h2exp10(H2 a) { return cpurt_map2(a, hexp10); }                                         \
  inline H2 h2log(H2 a) { return cpurt_map2(a, hlog); }                                             \
  inline H2 h2log2(H2 a) { return cpurt_map2(a, hlog2); }                                           \
  inline H2 h2log10(H2 a) { return cpurt_map2(a, hlog10); }                                         \
  inline H2 h2sqrt(H2 a) { return cpurt_map2(a, hsqrt); }                                           \
  inline H2 h2rsqrt(H2 a) { return cpurt_map2(a, hrsqrt); }                                         \
  inline H2 h2rcp(H2 a) { return cpurt_map2(a, hrcp); }                                             \
  inline H2 h2sin(H2 a) { return cpurt_map2(a, hsin); }                                             \
  inline H2 h2cos(H2 a) { return cpurt_map2(a, hcos); }                                             \
  inline H2 h2tanh(H2 a) { return cpurt_map2(a, htanh); }                                           \
  inline H2 h2ceil(H2 a) { return cpurt_map2(a, hceil); }                                           \
  inline H2 h2floor(H2 a) { return cpurt_map2(a, hfloor); }                                         \
  inline H2 h2trunc(H2 a) { return cpurt_map2(a, htrunc); }                                         \
  inline H2 h2rint(H2 a) { return cpurt_map2(a, hrint); }                                           \
  inline H __low2##BF(H2 a) { return a.x; }                                                         \
  inline H __high2##BF(H2 a) { return a.y; }                                                        \
  inline float __low2float(H2 a) { return TOF(a.x); }                                               \
  inline float __high2float(H2 a) { return TOF(a.y); }                                              \
  inline H2 __lows2##BF##2(H2 a, H2 b) { return H2(a.x, b.x); }                                     \
  inline H2 __highs2##BF##2(H2 a, H2 b) { return H2(a.y, b.y); }                                    \
  inline H2 __low2##BF##2(H2 a) { return H2(a.x, a.x); }                                            \
  inline H2 __high2##BF##2(H2 a) { return H2(a.y, a.y); }                                           \
  inline H2 __lowhigh2highlow(H2 a) { return H2(a.y, a.x); }                                        \
  inline H2 __halves2##BF##2(H a, H b) { return H2(a, b); }                                         \
  inline H2 operator+(const H2& a, const H2& b) { return __hadd2(a, b); }                           \
  inline H2 operator-(const H2& a, const H2& b) { return __hsub2(a, b); }                           \
  inline H2 operator*(const H2& a, const H2& b) { return __hmul2(a, b); }                           \
  inline H2 operator/(const H2& a, const H2& b) { return __h2div(a, b); }                           \
  inline H2& operator+=(H2& a, const H2& b) { return a = __hadd2(a, b); }                           \
  inline H2& operator-=(H2& a, const H2& b) { return a = __hsub2(a, b); }                           \
  inline H2& operator*=(H2& a, const H2& b) { return a = __hmul2(a, b); }                           \
  inline H2& operator/=(H2& a, const H2& b) { return a = __h2div(a, b); }                           \
  inline H2 operator-(const H2& a) { return __hneg2(a); }                                           \
  inline bool operator==(const H2& a, const H2& b) { return __hbeq2(a, b); }                        \
  inline bool operator!=(const H2& a, const H2& b) { return __hbne2(a, b); }

CPURT_H16_FUNCS(__half, __half2, __half2float, __float2half, __half_raw, __half, half)
CPURT_H16_FUNCS(__nv_bfloat16, __nv_bfloat162, __bfloat162float, __float2bfloat16, __nv_bfloat16_raw, __bfloat16,
                bfloat16)
#undef CPURT_H16_FUNCS

inline __half __short_as_half(short v) { return __half(__half_raw{static_cast<unsigned short>(v)}); }
inline __half __ushort_as_half(unsigned short v) { return __half(__half_raw{v}); }
inline __nv_bfloat16 __short_as_bfloat16(short v) { return __nv_bfloat16(__nv_bfloat16_raw{static_cast<unsigned short>(v)}); }
inline __nv_bfloat16 __ushort_as_bfloat16(unsigned short v) { return __nv_bfloat16(__nv_bfloat16_raw{v}); }
inline __half __int2half_rn(int v) { return __half(v); }
inline __half __uint2half_rn(unsigned int v) { return __half(v); }
inline __half __short2half_rn(short v) { return __half(v); }
inline __half __ushort2half_rn(unsigned short v) { return __half(v); }
inline __half __ll2half_rn(long long v) { return __half(v); }
inline __nv_bfloat16 __int2bfloat16_rn(int v) { return __nv_bfloat16(v); }
inline __nv_bfloat16 __uint2bfloat16_rn(unsigned int v) { return __nv_bfloat16(v); }
inline __nv_bfloat16 __short2bfloat16_rn(short v) { return __nv_bfloat16(v); }

// Infinity/NaN constants the headers expose.
#define CUDART_INF_FP16 __ushort_as_half(static_cast<unsigned short>(0x7C00U))
#define CUDART_NAN_FP16 __ushort_as_half(static_cast<unsigned short>(0x7FFFU))
#define CUDART_ZERO_FP16 __ushort_as_half(static_cast<unsigned short>(0x0000U))
#define CUDART_ONE_FP16 __ushort_as_half(static_cast<unsigned short>(0x3C00U))
#define CUDART_INF_BF16 __ushort_as_bfloat16(static_cast<unsigned short>(0x7F80U))
#define CUDART_NAN_BF16 __ushort_as_bfloat16(static_cast<unsigned short>(0x7FFFU))

// HIP spellings.
using __hip_bfloat16 = __nv_bfloat16;
using __hip_bfloat162 = __nv_bfloat162;
using hip_bfloat16 = __nv_bfloat16;
#if defined(CPURT_LANG_HIP) && CPURT_LANG_HIP
typedef __half half;
typedef __half2 half2;
#endif

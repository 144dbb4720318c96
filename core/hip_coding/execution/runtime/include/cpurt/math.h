// Device math beyond the C library: CUDA/HIP fast-math intrinsics, rounding-mode arithmetic,
// bit reinterpretation, conversions, extra special functions and the global min/max.
//
// The C float functions (sqrtf, expf, fmaxf, exp10f, sincosf...) come from <math.h>, which puts
// them in the global namespace exactly where device code expects them.
#pragma once

#include <math.h>

#include <bit>
#include <cfloat>
#include <climits>
#include <cmath>
#include <cstdint>
#include <limits>
#include <type_traits>

// ---- fast-math intrinsics ------------------------------------------------------------------------
// glibc's <math.h> already declares these names (extern "C", never defined in libm), so they are
// defined here with C linkage to match that declaration.  On the CPU they are the accurate
// functions, which is within the intrinsics' documented error.
extern "C" {
inline float __expf(float x) noexcept { return expf(x); }
inline float __exp10f(float x) noexcept { return exp10f(x); }
inline float __logf(float x) noexcept { return logf(x); }
inline float __log2f(float x) noexcept { return log2f(x); }
inline float __log10f(float x) noexcept { return log10f(x); }
inline float __sinf(float x) noexcept { return sinf(x); }
inline float __cosf(float x) noexcept { return cosf(x); }
inline float __tanf(float x) noexcept { return tanf(x); }
inline void __sincosf(float x, float* s, float* c) noexcept { sincosf(x, s, c); }
inline float __powf(float x, float y) noexcept { return powf(x, y); }
}

inline float __fdividef(float x, float y) { return x / y; }
inline float fdividef(float x, float y) { return x / y; }
inline float __saturatef(float x) { return x >= 1.0f ? 1.0f : (x > 0.0f ? x : 0.0f); }  // NaN -> 0

// ---- arithmetic with an explicit rounding mode ---------------------------------------------------
namespace cpurt::rounding {
enum Mode { rz, ru, rd };
// r is the round-to-nearest result and err_sign the sign of (exact - r); step r one ulp in the
// direction the mode asks for.  Exact error terms come from TwoSum / FMA, so no fenv is needed.
template <class T>
inline T adjust(T r, T err, Mode m) {
  if (err == 0 || !std::isfinite(r)) return r;
  if (m == ru) return err > 0 ? std::nextafter(r, T(INFINITY)) : r;
  if (m == rd) return err < 0 ? std::nextafter(r, T(-INFINITY)) : r;
  return (err > 0) != (r > 0) ? std::nextafter(r, T(0)) : r;  // rz: move towards zero
}
template <class T>
inline T add(T a, T b, Mode m) {
  T s = a + b, bb = s - a, err = (a - (s - bb)) + (b - bb);
  return adjust(s, err, m);
}
template <class T>
inline T mul(T a, T b, Mode m) {
  T p = a * b;
  return adjust(p, std::fma(a, b, -p), m);
}
template <class T>
inline T div(T a, T b, Mode m) {
  T q = a / b;
  T rem = std::fma(-q, b, a);  // a - q*b, exact
  return adjust(q, b > 0 ? rem : -rem, m);
}
template <class T>
inline T sqrt(T a, Mode m) {
  T r = std::sqrt(a);
  return adjust(r, std::fma(-r, r, a), m);
}
}  // namespace cpurt::rounding

#define CPURT_ROUNDED_OPS(pfx, T)                                                                \
  inline T pfx##add_rn(T a, T b) { return a + b; }                                               \
  inline T pfx##sub_rn(T a, T b) { return a - b; }                                               \
  inline T pfx##mul_rn(T a, T b) { return a * b; }                                               \
  inline T pfx##div_rn(T a, T b) { return a / b; }                                               \
  inline T pfx##add_rz(T a, T b) { return cpurt::rounding::add(a, b, cpurt::rounding::rz); }      \
  inline T pfx##add_ru(T a, T b) { return cpurt::rounding::add(a, b, cpurt::rounding::ru); }      \
  inline T pfx##add_rd(T a, T b) { return cpurt::rounding::add(a, b, cpurt::rounding::rd); }      \
  inline T pfx##sub_rz(T a, T b) { return cpurt::rounding::add(a, -b, cpurt::rounding::rz); }     \
  inline T pfx##sub_ru(T a, T b) { return cpurt::rounding::add(a, -b, cpurt::rounding::ru); }     \
  inline T pfx##sub_rd(T a, T b) { return cpurt::rounding::add(a, -b, cpurt::rounding::rd); }     \
  inline T pfx##mul_rz(T a, T b) { return cpurt::rounding::mul(a, b, cpurt::rounding::rz); }      \
  inline T pfx##mul_ru(T a, T b) { return cpurt::rounding::mul(a, b, cpurt::rounding::ru); }      \
  inline T pfx##mul_rd(T a, T b) { return cpurt::rounding::mul(a, b, cpurt::rounding::rd); }      \
  inline T pfx##div_rz(T a, T b) { return cpurt::rounding::div(a, b, cpurt::rounding::rz); }      \
  inline T pfx##div_ru(T a, T b) { return cpurt::rounding::div(a, b, cpurt::rounding::ru); }      \
  inline T pfx##div_rd(T a, T b) { return cpurt::rounding::div(a, b, cpurt::rounding::rd); }      \
  inline T pfx##sqrt_rn(T a) { return std::sqrt(a); }                                            \
  inline T pfx##sqrt_rz(T a) { return cpurt::rounding::sqrt(a, cpurt::rounding::rz); }            \
  inline T pfx##sqrt_ru(T a) { return cpurt::rounding::sqrt(a, cpurt::rounding::ru); }            \
  inline T pfx##sqrt_rd(T a) { return cpurt::rounding::sqrt(a, cpurt::rounding::rd); }            \
  inline T pfx##rcp_rn(T a) { return T(1) / a; }                                                 \
  inline T pfx##rcp_rz(T a) { return cpurt::rounding::div(T(1), a, cpurt::rounding::rz); }        \
  inline T pfx##rcp_ru(T a) { return cpurt::rounding::div(T(1), a, cpurt::rounding::ru); }        \
  inline T pfx##rcp_rd(T a) { return cpurt::rounding::div(T(1), a, cpurt::rounding::rd); }
CPURT_ROUNDED_OPS(__f, float)
CPURT_ROUNDED_OPS(__d, double)
#undef CPURT_ROUNDED_OPS

inline float __fmaf_rn(float a, float b, float c) { return fmaf(a, b, c); }
inline float __fmaf_ieee_rn(float a, float b, float c) { return fmaf(a, b, c); }
inline double __fma_rn(double a, double b, double c) { return fma(a, b, c); }
inline float __frsqrt_rn(float a) { return 1.0f / sqrtf(a); }

// ---- bit reinterpretation ------------------------------------------------------------------------
inline int __float_as_int(float x) { return std::bit_cast<int>(x); }
inline float __int_as_float(int x) { return std::bit_cast<float>(x); }
inline unsigned int __float_as_uint(float x) { return std::bit_cast<unsigned int>(x); }
inline float __uint_as_float(unsigned int x) { return std::bit_cast<float>(x); }
inline long long __double_as_longlong(double x) { return std::bit_cast<long long>(x); }
inline double __longlong_as_double(long long x) { return std::bit_cast<double>(x); }
inline int __double2hiint(double x) { return static_cast<int>(std::bit_cast<unsigned long long>(x) >> 32); }
inline int __double2loint(double x) { return static_cast<int>(std::bit_cast<unsigned long long>(x)); }
inline double __hiloint2double(int hi, int lo) {
  return std::bit_cast<double>((static_cast<unsigned long long>(static_cast<unsigned>(hi)) << 32) |
                               static_cast<unsigned>(lo));
}

// ---- conversions ----------------------------------------------------------------------------------
namespace cpurt {
// Float -> integer saturates and maps NaN to 0, as the GPU's cvt instruction does (a plain
// static_cast would be undefined behaviour out of range).
template <class I, class F>
inline I saturating_cast(F v) {
  if (std::isnan(v)) return 0;
  if (v <= static_cast<F>(std::numeric_limits<I>::min())) return std::numeric_limits<I>::min();
  if (v >= static_cast<F>(std::numeric_limits<I>::max())) return std::numeric_limits<I>::max();
  return static_cast<I>(v);
}
}  // namespace cpurt

#define CPURT_F2I(name, F, I)                                                                   \
  inline I name##_rn(F v) { return cpurt::saturating_cast<I>(std::nearbyint(v)); }             \
  inline I name##_rz(F v) { return cpurt::saturating_cast<I>(std::trunc(v)); }                 \
  inline I name##_ru(F v) { return cpurt::saturating_cast<I>(std::ceil(v)); }                  \
  inline I name##_rd(F v) { return cpurt::saturating_cast<I>(std::floor(v)); }
CPURT_F2I(__float2int, float, int)
CPURT_F2I(__float2uint, float, unsigned int)
CPURT_F2I(__float2ll, float, long long)
CPURT_F2I(__float2ull, float, unsigned long long)
CPURT_F2I(__double2int, double, int)
CPURT_F2I(__double2uint, double, unsigned int)
CPURT_F2I(__double2ll, double, long long)
CPURT_F2I(__double2ull, double, unsigned long long)
#undef CPURT_F2I

// Integer -> float: the default conversion rounds to nearest; the directed modes are rarely used
// and share the round-to-nearest result.
#define CPURT_I2F(name, I, F)                                    \
  inline F name##_rn(I v) { return static_cast<F>(v); }          \
  inline F name##_rz(I v) { return static_cast<F>(v); }          \
  inline F name##_ru(I v) { return static_cast<F>(v); }          \
  inline F name##_rd(I v) { return static_cast<F>(v); }
CPURT_I2F(__int2float, int, float)
CPURT_I2F(__uint2float, unsigned int, float)
CPURT_I2F(__ll2float, long long, float)
CPURT_I2F(__ull2float, unsigned long long, float)
CPURT_I2F(__ll2double, long long, double)
CPURT_I2F(__ull2double, unsigned long long, double)
#undef CPURT_I2F
inline double __int2double_rn(int v) { return v; }
inline double __uint2double_rn(unsigned int v) { return v; }
inline float __double2float_rn(double v) { return static_cast<float>(v); }
inline float __double2float_rz(double v) {
  float r = static_cast<float>(v);
  return cpurt::rounding::adjust(r, static_cast<float>(v - r), cpurt::rounding::rz);
}
inline float __double2float_ru(double v) {
  float r = static_cast<float>(v);
  return cpurt::rounding::adjust(r, static_cast<float>(v - r), cpurt::rounding::ru);
}
inline float __double2float_rd(double v) {
  float r = static_cast<float>(v);
  return cpurt::rounding::adjust(r, static_cast<float>(v - r), cpurt::rounding::rd);
}

// ---- extra special functions (CUDA math API names glibc lacks) ---------------------------------
inline float rsqrtf(float x) { return 1.0f / sqrtf(x); }
inline double rsqrt(double x) { return 1.0 / sqrt(x); }
inline float rcbrtf(float x) { return 1.0f / cbrtf(x); }
inline double rcbrt(double x) { return 1.0 / cbrt(x); }
inline float rhypotf(float x, float y) { return 1.0f / hypotf(x, y); }
inline double rhypot(double x, double y) { return 1.0 / hypot(x, y); }
inline float norm3df(float a, float b, float c) { return static_cast<float>(std::sqrt(double(a) * a + double(b) * b + double(c) * c)); }
inline float rnorm3df(float a, float b, float c) { return 1.0f / norm3df(a, b, c); }
inline float norm4df(float a, float b, float c, float d) {
  return static_cast<float>(std::sqrt(double(a) * a + double(b) * b + double(c) * c + double(d) * d));
}
inline float rnorm4df(float a, float b, float c, float d) { return 1.0f / norm4df(a, b, c, d); }
inline double norm3d(double a, double b, double c) { return std::sqrt(a * a + b * b + c * c); }
inline double rnorm3d(double a, double b, double c) { return 1.0 / norm3d(a, b, c); }
inline double norm4d(double a, double b, double c, double d) { return std::sqrt(a * a + b * b + c * c + d * d); }
inline double rnorm4d(double a, double b, double c, double d) { return 1.0 / norm4d(a, b, c, d); }
inline float normf(int n, const float* v) {
  double s = 0;
  for (int i = 0; i < n; ++i) s += double(v[i]) * v[i];
  return static_cast<float>(std::sqrt(s));
}
inline float rnormf(int n, const float* v) { return 1.0f / normf(n, v); }
inline double norm(int n, const double* v) {
  double s = 0;
  for (int i = 0; i < n; ++i) s += v[i] * v[i];
  return std::sqrt(s);
}
inline double rnorm(int n, const double* v) { return 1.0 / norm(n, v); }
inline double sinpi(double x) { return std::sin(M_PI * std::remainder(x, 2.0)); }
inline double cospi(double x) { return std::cos(M_PI * std::remainder(x, 2.0)); }
inline void sincospi(double x, double* s, double* c) { *s = sinpi(x), *c = cospi(x); }
inline float sinpif(float x) { return static_cast<float>(sinpi(x)); }
inline float cospif(float x) { return static_cast<float>(cospi(x)); }
inline void sincospif(float x, float* s, float* c) { *s = sinpif(x), *c = cospif(x); }

namespace cpurt {
// Inverse error functions by Newton's method on std::erf/std::erfc, started from a closed-form
// guess; double precision throughout so the float versions are correctly rounded in practice.
inline double erfinv_impl(double y) {
  if (std::isnan(y) || y < -1 || y > 1) return NAN;
  if (y == 1) return INFINITY;
  if (y == -1) return -INFINITY;
  double w = -std::log((1.0 - y) * (1.0 + y));
  double t = 4.3307467508 - w / 2;  // Winitzki's approximation, a = 0.147
  double x = std::copysign(std::sqrt(std::sqrt(t * t + w / 0.147) - t), y);
  for (int i = 0; i < 4; ++i) x -= (std::erf(x) - y) / (1.1283791670955126 * std::exp(-x * x));
  return x;
}
inline double erfcinv_impl(double y) {
  if (std::isnan(y) || y < 0 || y > 2) return NAN;
  if (y == 0) return INFINITY;
  if (y == 2) return -INFINITY;
  double x = y > 1e-8 && y < 2 - 1e-8 ? erfinv_impl(1 - y) : std::copysign(std::sqrt(-std::log(y < 1 ? y : 2 - y)), 1 - y);
  // Newton on log(erfc(x)) = log(y): well conditioned in the tails, where erfc spans decades.
  for (int i = 0; i < 12; ++i) {
    double e = std::erfc(x), d = 1.1283791670955126 * std::exp(-x * x);
    if (e <= 0 || d == 0) break;
    double step = (std::log(e) - std::log(y)) * e / d;
    x += step;
    if (std::fabs(step) <= 1e-15 * std::fabs(x)) break;
  }
  return x;
}
}  // namespace cpurt
inline double erfinv(double y) { return cpurt::erfinv_impl(y); }
inline float erfinvf(float y) { return static_cast<float>(cpurt::erfinv_impl(y)); }
inline double erfcinv(double y) { return cpurt::erfcinv_impl(y); }
inline float erfcinvf(float y) { return static_cast<float>(cpurt::erfcinv_impl(y)); }
inline double normcdf(double x) { return 0.5 * std::erfc(-x * M_SQRT1_2); }
inline float normcdff(float x) { return static_cast<float>(normcdf(x)); }
inline double normcdfinv(double p) { return -M_SQRT2 * cpurt::erfcinv_impl(2 * p); }
inline float normcdfinvf(float p) { return static_cast<float>(normcdfinv(p)); }
inline double erfcx(double x) {
  // exp(x^2)*erfc(x) overflows for large x; its asymptotic series is accurate there.
  if (x < 25) return std::exp(x * x) * std::erfc(x);
  double inv = 1 / (2 * x * x), term = 1, sum = 1;
  for (int n = 1; n <= 8; ++n) sum += (term *= -(2 * n - 1) * inv);
  return sum / (x * 1.7724538509055160);
}
inline float erfcxf(float x) { return static_cast<float>(erfcx(x)); }

// ---- global min / max ---------------------------------------------------------------------------
// CUDA provides ::min/::max for every mix of integer and floating types.  A constrained template
// does the same without clashing: with `using namespace std`, std::min(const T&, const T&) is more
// specialised for equal types (same answer) and only ours matches mixed types.
template <class A, class B>
  requires(std::is_arithmetic_v<A> && std::is_arithmetic_v<B>)
constexpr std::common_type_t<A, B> min(A a, B b) {
  using C = std::common_type_t<A, B>;
  return static_cast<C>(b) < static_cast<C>(a) ? static_cast<C>(b) : static_cast<C>(a);
}
template <class A, class B>
  requires(std::is_arithmetic_v<A> && std::is_arithmetic_v<B>)
constexpr std::common_type_t<A, B> max(A a, B b) {
  using C = std::common_type_t<A, B>;
  return static_cast<C>(a) < static_cast<C>(b) ? static_cast<C>(b) : static_cast<C>(a);
}

// ---- cache-hinted loads and stores: plain memory accesses on the CPU ---------------------------
template <class T>
inline T __ldg(const T* p) { return *p; }
template <class T>
inline T __ldcg(const T* p) { return *p; }
template <class T>
inline T __ldca(const T* p) { return *p; }
template <class T>
inline T __ldcs(const T* p) { return *p; }
template <class T>
inline T __ldlu(const T* p) { return *p; }
template <class T>
inline T __ldcv(const T* p) { return *p; }
template <class T>
inline void __stwb(T* p, T v) { *p = v; }
template <class T>
inline void __stcg(T* p, T v) { *p = v; }
template <class T>
inline void __stcs(T* p, T v) { *p = v; }
template <class T>
inline void __stwt(T* p, T v) { *p = v; }

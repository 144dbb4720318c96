// __half / __nv_bfloat16: bit-exact conversions (round to nearest even, directed modes, overflow,
// subnormals, NaN), arithmetic, comparisons and the pair types.
#include <math.h>

#include <type_traits>

#include "check.h"

static unsigned short hb(__half h) { return h.__x; }
static unsigned short bb(__nv_bfloat16 h) { return h.__x; }

static_assert(sizeof(__half) == 2 && alignof(__half) == 2 && std::is_trivially_copyable_v<__half>);
static_assert(sizeof(__nv_bfloat16) == 2 && std::is_trivially_copyable_v<__nv_bfloat16>);
static_assert(sizeof(__half2) == 4 && alignof(__half2) == 4 && std::is_trivially_copyable_v<__half2>);
static_assert(std::is_same_v<__hip_bfloat16, __nv_bfloat16>);

int main() {
  // float -> half, round to nearest even.
  CHECK_EQ(hb(__float2half(1.0f)), 0x3C00);
  CHECK_EQ(hb(__float2half(-2.0f)), 0xC000);
  CHECK_EQ(hb(__float2half(65504.0f)), 0x7BFF);      // largest finite
  CHECK_EQ(hb(__float2half(65519.99f)), 0x7BFF);     // below the midpoint
  CHECK_EQ(hb(__float2half(65520.0f)), 0x7C00);      // midpoint rounds to even = overflow
  CHECK_EQ(hb(__float2half(1e9f)), 0x7C00);
  CHECK_EQ(hb(__float2half(-INFINITY)), 0xFC00);
  CHECK_EQ(hb(__float2half(NAN)), 0x7FFF);
  CHECK_EQ(hb(__float2half(-0.0f)), 0x8000);
  CHECK_EQ(hb(__float2half(ldexpf(1, -24))), 0x0001);     // smallest subnormal
  CHECK_EQ(hb(__float2half(ldexpf(1, -25))), 0x0000);     // tie -> even (zero)
  CHECK_EQ(hb(__float2half(ldexpf(3, -25))), 0x0002);     // 1.5 units -> 2
  CHECK_EQ(hb(__float2half(ldexpf(1023, -24))), 0x03FF);  // largest subnormal
  CHECK_EQ(hb(__float2half(ldexpf(1, -14))), 0x0400);     // smallest normal
  CHECK_EQ(hb(__float2half(1.0f + ldexpf(1, -11))), 0x3C00);      // tie -> even
  CHECK_EQ(hb(__float2half(1.0f + ldexpf(3, -11))), 0x3C02);      // tie -> even (up)
  CHECK_EQ(hb(__float2half(1.0f + ldexpf(1, -11) + ldexpf(1, -20))), 0x3C01);  // above the tie
  // Directed modes.
  CHECK_EQ(hb(__float2half_rz(1.0f + ldexpf(3, -11))), 0x3C01);
  CHECK_EQ(hb(__float2half_ru(1.0f + ldexpf(1, -12))), 0x3C01);
  CHECK_EQ(hb(__float2half_rd(1.0f + ldexpf(1, -12))), 0x3C00);
  CHECK_EQ(hb(__float2half_rd(-(1.0f + ldexpf(1, -12)))), 0xBC01);
  CHECK_EQ(hb(__float2half_rz(70000.0f)), 0x7BFF);  // toward zero never overflows
  CHECK_EQ(hb(__float2half_ru(70000.0f)), 0x7C00);
  CHECK_EQ(hb(__float2half_rd(-70000.0f)), 0xFC00);
  // half -> float is exact, and every non-NaN half survives the round trip.
  CHECK(__half2float(__ushort_as_half(0x0001)) == ldexpf(1, -24));
  CHECK(__half2float(__ushort_as_half(0x7BFF)) == 65504.0f);
  CHECK(isinf(__half2float(__ushort_as_half(0xFC00))));
  CHECK(isnan(__half2float(__ushort_as_half(0x7E01))));
  int roundtrip_bad = 0;
  for (unsigned b = 0; b < 0x10000; ++b) {
    __half h = __ushort_as_half(static_cast<unsigned short>(b));
    bool nan = ((b >> 10) & 0x1F) == 0x1F && (b & 0x3FF);
    if (!nan && hb(__float2half(__half2float(h))) != b) ++roundtrip_bad;
  }
  CHECK_EQ(roundtrip_bad, 0);
  CHECK_EQ(hb(__double2half(1.0 + ldexp(1.0, -11) + ldexp(1.0, -40))), 0x3C01);  // no double rounding

  // bfloat16.
  CHECK_EQ(bb(__float2bfloat16(1.0f)), 0x3F80);
  CHECK_EQ(bb(__float2bfloat16(3.14159265f)), 0x4049);
  CHECK_EQ(bb(__float2bfloat16(__uint_as_float(0x3F808000u))), 0x3F80);  // tie -> even
  CHECK_EQ(bb(__float2bfloat16(__uint_as_float(0x3F818000u))), 0x3F82);  // tie -> even (up)
  CHECK_EQ(bb(__float2bfloat16(__uint_as_float(0x3F808001u))), 0x3F81);
  CHECK_EQ(bb(__float2bfloat16(NAN)), 0x7FFF);
  CHECK_EQ(bb(__float2bfloat16(__uint_as_float(0x7F7FFFFFu))), 0x7F80);  // rounds up to inf
  CHECK_EQ(bb(__float2bfloat16_rz(__uint_as_float(0x7F7FFFFFu))), 0x7F7F);
  CHECK_EQ(bb(__float2bfloat16_ru(__uint_as_float(0x3F800001u))), 0x3F81);
  CHECK_EQ(bb(__float2bfloat16_rd(__uint_as_float(0xBF800001u))), 0xBF81);
  CHECK_EQ(bb(__double2bfloat16(1.0 + ldexp(1.0, -8) + ldexp(1.0, -40))), 0x3F81);  // no double rounding
  CHECK(__bfloat162float(__ushort_as_bfloat16(0x4049)) == 3.140625f);
  hip_bfloat16 hb16 = 2.0f;
  CHECK_EQ(hb16.data, 0x4000);

  // Arithmetic and comparisons (computed in float, rounded once).
  __half a = __float2half(1.5f), b = __float2half(2.25f);
  CHECK(__half2float(__hadd(a, b)) == 3.75f);
  CHECK(__half2float(__hsub(a, b)) == -0.75f);
  CHECK(__half2float(__hmul(a, b)) == 3.375f);
  CHECK(__half2float(__hdiv(b, a)) == 1.5f);
  CHECK(__half2float(__hfma(a, b, a)) == 4.875f);
  CHECK(__half2float(a + b) == 3.75f && __half2float(a * b) == 3.375f && __half2float(-a) == -1.5f);
  __half c = a;
  c += b;
  c *= __float2half(2.0f);
  CHECK(__half2float(c) == 7.5f);
  CHECK(a < b && b > a && a != b && !(a == b) && a <= a && __hlt(a, b) && __hge(b, a) && __heq(a, a));
  __half qnan = __float2half(NAN);
  CHECK(!__heq(qnan, qnan) && __hneu(qnan, qnan) && __hisnan(qnan));
  CHECK(__half2float(__hmax(a, qnan)) == 1.5f && __hisnan(__hmax_nan(a, qnan)));
  CHECK(__half2float(__hmin(a, b)) == 1.5f && __half2float(__habs(__float2half(-2.0f))) == 2.0f);
  CHECK(__half2float(hsqrt(__float2half(4.0f))) == 2.0f && __half2float(hexp(__float2half(0.0f))) == 1.0f);
  CHECK(__half2float(__hadd_sat(b, b)) == 1.0f);
  CHECK(__half2int_rn(__float2half(2.5f)) == 2 && __half2int_rz(__float2half(-2.75f)) == -2);
  CHECK(__hisinf(__float2half(1e6f)) == 1);
  CHECK(__half2float(__hadd(__float2half(65504.0f), __float2half(65504.0f))) == INFINITY);
  // The same family on bfloat16.
  __nv_bfloat16 x = __float2bfloat16(1.5f), y = __float2bfloat16(2.25f);
  CHECK(__bfloat162float(__hadd(x, y)) == 3.75f && __bfloat162float(x * y) == 3.375f && x < y);

  // Pairs.
  __half2 p = __floats2half2_rn(1.0f, 2.0f), q = __halves2half2(a, b);
  float2 s = __half22float2(__hadd2(p, q));
  CHECK(s.x == 2.5f && s.y == 4.25f);
  float2 m = __half22float2(__hmul2(p, q) + p);
  CHECK(m.x == 2.5f && m.y == 6.5f);
  CHECK(__low2float(q) == 1.5f && __high2float(q) == 2.25f);
  CHECK(__half2float(__low2half(__lowhigh2highlow(q))) == 2.25f);
  CHECK(__hbeq2(p, p) && !__hbeq2(p, q));
  float2 lt = __half22float2(__hlt2(p, q));
  CHECK(lt.x == 1.0f && lt.y == 1.0f);
  __nv_bfloat162 bp = __floats2bfloat162_rn(1.0f, -3.0f);
  float2 bs = __bfloat1622float2(__hadd2(bp, bp));
  CHECK(bs.x == 2.0f && bs.y == -6.0f);
  CHECK(__half2float(CUDART_ONE_FP16) == 1.0f && __hisinf(CUDART_INF_FP16));
  return finish();
}

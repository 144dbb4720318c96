// Bit intrinsics, integer intrinsics, conversions, rounding-mode arithmetic, extra math
// functions, global min/max, vector types and dim3.
#include <limits.h>
#include <math.h>

#include <algorithm>
#include <type_traits>

#include "check.h"

static_assert(sizeof(float4) == 16 && alignof(float4) == 16 && alignof(float2) == 8);
static_assert(sizeof(float3) == 12 && alignof(float3) == 4 && alignof(double2) == 16 && sizeof(double4) == 32);
static_assert(alignof(int4) == 16 && alignof(char4) == 4 && alignof(short2) == 4 && alignof(longlong2) == 16);
static_assert(alignof(uchar2) == 2 && sizeof(uchar3) == 3 && alignof(ushort4) == 8 && alignof(ulong2) == 16);
static_assert(std::is_trivially_copyable_v<float4> && std::is_trivially_copyable_v<dim3>);
// Global min/max give CUDA's result types for mixed arguments.
static_assert(std::is_same_v<decltype(max(1, 2.0)), double>);
static_assert(std::is_same_v<decltype(min(1.0f, 2)), float>);
static_assert(std::is_same_v<decltype(min(3, 5u)), unsigned>);

static int std_min_with_using_namespace() {
  using namespace std;
  int a = 3, b = 4;
  return min(a, b) + max(a, b);  // must stay unambiguous
}

int main() {
  // Bit counting.
  CHECK_EQ(__popc(0xF0F0F0F0u), 16);
  CHECK_EQ(__popcll(0xFFFFFFFFFFFFFFFFull), 64);
  CHECK_EQ(__ffs(0), 0);
  CHECK_EQ(__ffs(0x80), 8);
  CHECK_EQ(__ffsll(1ll << 40), 41);
  CHECK_EQ(__clz(0), 32);
  CHECK_EQ(__clz(1), 31);
  CHECK_EQ(__clz(-1), 0);
  CHECK_EQ(__clzll(1), 63);
  CHECK_EQ(__brev(1u), 0x80000000u);
  CHECK_EQ(__brev(0x12345678u), 0x1E6A2C48u);
  CHECK_EQ(__brevll(1ull), 0x8000000000000000ull);
  CHECK_EQ(__byte_perm(0x33221100u, 0x77665544u, 0x3210u), 0x33221100u);
  CHECK_EQ(__byte_perm(0x33221100u, 0x77665544u, 0x7654u), 0x77665544u);
  CHECK_EQ(__byte_perm(0x33221100u, 0x77665544u, 0x0123u), 0x00112233u);
  CHECK_EQ(__byte_perm(0x33221100u, 0x77665544u, 0x5140u), 0x55114400u);
  CHECK_EQ(__funnelshift_l(0x89ABCDEFu, 0x01234567u, 8), 0x23456789u);
  CHECK_EQ(__funnelshift_l(0x89ABCDEFu, 0x01234567u, 40), 0x23456789u);  // shift & 31
  CHECK_EQ(__funnelshift_lc(0x89ABCDEFu, 0x01234567u, 40), 0x89ABCDEFu);  // clamped to 32
  CHECK_EQ(__funnelshift_r(0x89ABCDEFu, 0x01234567u, 8), 0x6789ABCDu);
  CHECK_EQ(__funnelshift_rc(0x89ABCDEFu, 0x01234567u, 40), 0x01234567u);
  // Integer arithmetic.
  CHECK_EQ(__mul24(0x00FFFFFF, 2), -2);  // low 24 bits are sign-extended
  CHECK_EQ(__umul24(0x01000002u, 3u), 6u);
  CHECK_EQ(__mulhi(0x40000000, 4), 1);
  CHECK_EQ(__umulhi(0xFFFFFFFFu, 0xFFFFFFFFu), 0xFFFFFFFEu);
  CHECK_EQ(__mul64hi(-1, 1), -1);
  CHECK_EQ(__umul64hi(~0ull, 2ull), 1ull);
  CHECK_EQ(__sad(1, 5, 10u), 14u);
  CHECK_EQ(__usad(7u, 2u, 1u), 6u);
  CHECK_EQ(__hadd(INT_MAX, INT_MAX), INT_MAX);
  CHECK_EQ(__rhadd(1, 2), 2);
  CHECK_EQ(__uhadd(0xFFFFFFFFu, 1u), 0x80000000u);
  CHECK_EQ(__dp4a(0x01020304, 0x01010101, 10), 20);
  CHECK_EQ(__dp4a(-1, 0x01010101, 0), -4);
  long long t0 = clock64(), t1 = clock64();
  CHECK(t1 >= t0 && t0 > 0);

  // Bit reinterpretation and conversions.
  CHECK_EQ(__float_as_int(1.0f), 0x3F800000);
  CHECK(__int_as_float(0x40000000) == 2.0f);
  CHECK_EQ(__float_as_uint(-0.0f), 0x80000000u);
  CHECK_EQ(__double_as_longlong(1.0), 0x3FF0000000000000ll);
  CHECK(__longlong_as_double(0x4000000000000000ll) == 2.0);
  CHECK(__hiloint2double(__double2hiint(3.5), __double2loint(3.5)) == 3.5);
  CHECK_EQ(__float2int_rn(2.5f), 2);
  CHECK_EQ(__float2int_rn(3.5f), 4);
  CHECK_EQ(__float2int_rn(-2.5f), -2);
  CHECK_EQ(__float2int_rz(-2.7f), -2);
  CHECK_EQ(__float2int_ru(2.1f), 3);
  CHECK_EQ(__float2int_rd(-2.1f), -3);
  CHECK_EQ(__float2int_rn(1e20f), INT_MAX);  // saturates like the GPU
  CHECK_EQ(__float2int_rn(-1e20f), INT_MIN);
  CHECK_EQ(__float2int_rn(NAN), 0);
  CHECK_EQ(__float2uint_rn(-5.0f), 0u);
  CHECK_EQ(__double2ll_rz(-1e30), LLONG_MIN);
  CHECK(__int2float_rn(16777217) == 16777216.0f);
  // Rounding-mode arithmetic: one ulp apart exactly when the result is inexact.
  const float tiny = ldexpf(1, -30);
  CHECK(__fadd_rn(1.0f, tiny) == 1.0f);
  CHECK(__fadd_rz(1.0f, tiny) == 1.0f);
  CHECK(__fadd_rd(1.0f, tiny) == 1.0f);
  CHECK(__fadd_ru(1.0f, tiny) == nextafterf(1.0f, 2.0f));
  CHECK(__fadd_rd(-1.0f, -tiny) == -nextafterf(1.0f, 2.0f));
  CHECK(__fadd_rz(-1.0f, -tiny) == -1.0f);
  CHECK(__fsub_ru(1.0f, tiny) == 1.0f && __fsub_rd(1.0f, tiny) == nextafterf(1.0f, 0.0f));
  CHECK(__fdiv_rz(1.0f, 3.0f) == __fdiv_rd(1.0f, 3.0f));
  CHECK(__fdiv_ru(1.0f, 3.0f) == nextafterf(__fdiv_rd(1.0f, 3.0f), 1.0f));
  CHECK(__fdiv_ru(1.0f, 4.0f) == 0.25f && __fdiv_rd(1.0f, 4.0f) == 0.25f);  // exact: no step
  CHECK(__fmul_ru(1.0f + ldexpf(1, -23), 1.0f + ldexpf(1, -23)) == 1.0f + ldexpf(2, -23) + ldexpf(1, -23));
  CHECK(__fsqrt_rd(2.0f) < __fsqrt_ru(2.0f) && __fsqrt_rn(4.0f) == 2.0f && __fsqrt_ru(4.0f) == 2.0f);
  CHECK(__dadd_ru(1.0, ldexp(1.0, -60)) == nextafter(1.0, 2.0));
  CHECK(__frcp_rn(4.0f) == 0.25f && __fmaf_rn(2.0f, 3.0f, 1.0f) == 7.0f && __fma_rn(2.0, 3.0, 1.0) == 7.0);
  CHECK(__double2float_rz(1.0 + ldexp(1.0, -30)) == 1.0f && __double2float_ru(1.0 + ldexp(1.0, -30)) > 1.0f);

  // Fast-math intrinsics and extra functions.
  CHECK_NEAR(__expf(1.0f), 2.718281828, 1e-6);
  CHECK_NEAR(__logf(2.718281828f), 1.0, 1e-6);
  CHECK_NEAR(__powf(2.0f, 10.0f), 1024.0, 1e-3);
  CHECK_NEAR(__exp10f(2.0f), 100.0, 1e-4);
  float sn, cs;
  __sincosf(0.5f, &sn, &cs);
  CHECK_NEAR(sn, 0.479425539, 1e-6);
  CHECK_NEAR(cs, 0.877582562, 1e-6);
  sincosf(0.5f, &sn, &cs);
  CHECK_NEAR(sn, 0.479425539, 1e-6);
  CHECK(__saturatef(-1.0f) == 0.0f && __saturatef(2.0f) == 1.0f && __saturatef(NAN) == 0.0f &&
        __saturatef(0.25f) == 0.25f);
  CHECK(__fdividef(1.0f, 4.0f) == 0.25f && fdividef(3.0f, 2.0f) == 1.5f);
  CHECK(rsqrtf(4.0f) == 0.5f && rsqrt(16.0) == 0.25);
  CHECK_NEAR(rhypotf(3.0f, 4.0f), 0.2, 1e-7);
  CHECK(norm3df(1.0f, 2.0f, 2.0f) == 3.0f && norm4d(1.0, 1.0, 1.0, 1.0) == 2.0);
  float v4[4] = {2, 2, 2, 2};
  CHECK(normf(4, v4) == 4.0f && rnormf(4, v4) == 0.25f);
  CHECK_NEAR(sinpif(1.0f), 0.0, 1e-7);
  CHECK_NEAR(cospif(1.0f), -1.0, 1e-7);
  CHECK_NEAR(sinpi(0.5), 1.0, 1e-15);
  CHECK_NEAR(erfinvf(erff(0.5f)), 0.5, 1e-6);
  CHECK_NEAR(erfinv(-0.999), -2.326753765513525, 1e-12);
  CHECK_NEAR(erfcinvf(erfcf(3.0f)), 3.0, 1e-5);
  CHECK_NEAR(erfcinv(1e-20), 6.601580622355143, 1e-9);
  CHECK(isinf(erfinvf(1.0f)) && isnan(erfinvf(2.0f)));
  CHECK_NEAR(normcdff(0.0f), 0.5, 1e-7);
  CHECK_NEAR(normcdfinvf(0.975f), 1.959963985, 1e-5);
  CHECK_NEAR(erfcx(30.0), 0.018795888861416751, 1e-12);
  CHECK(exp10f(2.0f) == 100.0f && fmaxf(1.0f, 2.0f) == 2.0f && sqrtf(9.0f) == 3.0f);

  // min/max in the global namespace, next to std::min.
  CHECK(min(3, 5) == 3 && max(3, 5) == 5 && max(2.5f, 3) == 3.0f && min(-1, 2u) == 2u);
  CHECK(max(-1LL, 7) == 7 && min(1.5, 2.0f) == 1.5);
  CHECK(std_min_with_using_namespace() == 7 && std::min(3, 4) == 3);
  int arr[3] = {5, 6, 7};
  CHECK(__ldg(&arr[1]) == 6 && __ldcs(arr) == 5);
  float4 f4 = {1, 2, 3, 4};
  CHECK(__ldg(&f4).w == 4.0f);

  // Vector types and dim3.
  float4 a = make_float4(1, 2, 3, 4);
  double2 d2 = make_double2(0.5, 1.5);
  int3 i3 = make_int3(1, -2, 3);
  CHECK(a.x == 1 && a.w == 4 && d2.y == 1.5 && i3.y == -2);
  dim3 def;
  int n = 1000;
  size_t big = 70000;
  dim3 g((n + 255) / 256), h(big, 2), k = {n, 3};
  uint3 u = k;
  dim3 back = u;
  CHECK(def.x == 1 && def.y == 1 && def.z == 1);
  CHECK(g.x == 4 && g.y == 1 && h.x == 70000 && h.y == 2 && k.x == 1000 && k.y == 3 && back.y == 3);
#if defined(CPURT_LANG_HIP) && CPURT_LANG_HIP
  // HIP's vector types have constructors and element-wise operators.
  float4 b = a + a * 2.0f;
  b -= float4(1.0f);
  CHECK(b.x == 2 && b.y == 5 && b.w == 11);
  int2 q = int2(3, 4) / 2;
  CHECK(q.x == 1 && q.y == 2 && -q == int2(-1, -2));
#endif
  return finish();
}

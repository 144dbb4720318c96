// Idioms found in real CUDA programs that must keep compiling next to the runtime's own names:
// a user operator+ for float4 (CUDA defines none), the pre-sm_60 atomicAdd(double) fallback
// written by hand, `using namespace std` with min/max, and a user-side fminf/max helper.
#include <algorithm>
#include <cmath>
#include <math_constants.h>

#include "check.h"

using namespace std;

inline float4 operator+(const float4& a, const float4& b) {
  return make_float4(a.x + b.x, a.y + b.y, a.z + b.z, a.w + b.w);
}

// The classic fallback; must not clash with the runtime's atomicAdd.
double atomicAdd(double* address, double val) {
  unsigned long long* p = reinterpret_cast<unsigned long long*>(address);
  unsigned long long old = *p, assumed;
  do {
    assumed = old;
    old = atomicCAS(p, assumed, __double_as_longlong(val + __longlong_as_double(assumed)));
  } while (assumed != old);
  return __longlong_as_double(old);
}

template <class T>
T clamp_to(T v, T lo, T hi) {
  return min(max(v, lo), hi);
}

int main() {
  float4 s = make_float4(1, 2, 3, 4) + make_float4(1, 1, 1, 1);
  CHECK(s.x == 2 && s.w == 5);
  double d = 1.0;
  atomicAdd(&d, 2.0);
  CHECK(d == 3.0);
  CHECK(clamp_to(5, 0, 3) == 3 && clamp_to(-1.5f, 0.0f, 1.0f) == 0.0f);
  CHECK(min(2, 3) == 2 && max(2.0, 3.0) == 3.0 && fminf(1.0f, 2.0f) == 1.0f && abs(-2.5f) == 2.5f);
  CHECK(sqrt(4.0f) == 2.0f);
  CHECK(CUDART_PI_F > 3.14159f && CUDART_PI_F < 3.14160f && HIP_PI == CUDART_PI && isinf(CUDART_INF_F));
  return finish();
}

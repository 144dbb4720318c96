// Atomics hammered from several real OS threads: every read-modify-write must be atomic, and
// (built with -fsanitize=thread) ThreadSanitizer must see no race.
#include <thread>
#include <vector>

#include "check.h"

constexpr int kThreads = 8;
constexpr int kIters = 20000;

template <class F>
static void hammer(F f) {
  std::vector<std::thread> ts;
  for (int t = 0; t < kThreads; ++t) ts.emplace_back([t, &f] { f(t); });
  for (auto& th : ts) th.join();
}

struct Counters {
  int i = 0;
  unsigned u = 0;
  unsigned long long ull = 0;
  float f = 0;
  double d = 0;
  int sub = kThreads * kIters;
  int mx = -1, mn = 1 << 30;
  float fmx = -1;
  unsigned inc = 0, dec = 0;
  unsigned long long cas_counter = 0;
  unsigned bits_or = 0, bits_and = ~0u, bits_xor = 0;
  int exch = -1;
  __half h = __float2half(0.0f);
  __half2 h2 = __floats2half2_rn(0.0f, 0.0f);
  __nv_bfloat16 bf = __float2bfloat16(0.0f);
  float scoped = 0;
};

int main() {
  Counters c;
  hammer([&c](int t) {
    for (int k = 0; k < kIters; ++k) {
      atomicAdd(&c.i, 1);
      atomicAdd(&c.u, 1u);
      atomicAdd(&c.ull, 2);  // value converted to the pointee type, as CUDA's overloads do
      atomicAdd(&c.f, 1.0f);
      atomicAdd(&c.d, 0.5);
      atomicSub(&c.sub, 1);
      atomicMax(&c.mx, t * kIters + k);
      atomicMin(&c.mn, t * kIters + k);
      atomicMax(&c.fmx, float(t));
      atomicInc(&c.inc, 9u);  // wraps to 0 after 9
      atomicDec(&c.dec, 9u);  // wraps to 9 below 0
      unsigned long long old = atomicAdd(&c.cas_counter, 0ull), seen;  // a plain read would race
      while ((seen = atomicCAS(&c.cas_counter, old, old + 3)) != old) old = seen;
      atomicXor(&c.bits_xor, 1u << t);  // each bit flipped an even number of times
      atomicExch(&c.exch, t);
      atomicAdd_system(&c.scoped, 1);
      atomicAdd_block(&c.scoped, 1.0f);
    }
    atomicOr(&c.bits_or, 1u << t);
    atomicAnd(&c.bits_and, ~(1u << t));
    for (int k = 0; k < 256; ++k) {  // small counts stay exact in 16-bit floats
      atomicAdd(&c.h, __float2half(1.0f));
      atomicAdd(&c.h2, __floats2half2_rn(1.0f, -0.5f));
    }
    for (int k = 0; k < 32; ++k) atomicAdd(&c.bf, __float2bfloat16(1.0f));  // bf16 counts exactly to 256
  });
  const long total = long(kThreads) * kIters;
  CHECK_EQ(c.i, total);
  CHECK_EQ(c.u, total);
  CHECK_EQ(c.ull, 2 * total);
  CHECK(c.f == float(total));
  CHECK(c.d == 0.5 * total);
  CHECK_EQ(c.sub, 0);
  CHECK_EQ(c.mx, total - 1);
  CHECK_EQ(c.mn, 0);
  CHECK(c.fmx == float(kThreads - 1));
  CHECK_EQ(c.inc, total % 10);
  CHECK_EQ(c.dec, (10 - total % 10) % 10);
  CHECK_EQ(c.cas_counter, 3 * total);
  CHECK_EQ(c.bits_or, (1u << kThreads) - 1);
  CHECK_EQ(c.bits_and, ~((1u << kThreads) - 1));
  CHECK_EQ(c.bits_xor, 0u);
  CHECK(c.exch >= 0 && c.exch < kThreads);
  CHECK(c.scoped == float(2 * total));
  CHECK(__half2float(c.h) == 256.0f * kThreads);
  float2 h2 = __half22float2(c.h2);
  CHECK(h2.x == 256.0f * kThreads && h2.y == -128.0f * kThreads);
  CHECK(__bfloat162float(c.bf) == 32.0f * kThreads);

  // Return values: the old value, and CAS reports it whether or not it swapped.
  int x = 5;
  CHECK_EQ(atomicAdd(&x, 2), 5);
  CHECK_EQ(atomicExch(&x, 1), 7);
  CHECK_EQ(atomicCAS(&x, 9, 4), 1);
  CHECK_EQ(x, 1);
  CHECK_EQ(atomicCAS(&x, 1, 4), 1);
  CHECK_EQ(x, 4);
  unsigned w = 9;
  CHECK_EQ(atomicInc(&w, 9u), 9u);
  CHECK_EQ(w, 0u);
  CHECK_EQ(atomicDec(&w, 9u), 0u);
  CHECK_EQ(w, 9u);
  float fx = 1.0f;
  CHECK(atomicExch(&fx, 2.5f) == 1.0f && fx == 2.5f);
  CHECK(unsafeAtomicAdd(&fx, 0.5f) == 2.5f && fx == 3.0f);
  return finish();
}

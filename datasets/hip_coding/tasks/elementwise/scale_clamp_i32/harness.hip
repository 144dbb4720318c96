#include "hipcoding_harness.h"

void scale_clamp_i32(int n, int scale, int lo, int hi, const int* x, int* y, hipStream_t stream);

static void run(hc::Test& t) {
  const int n = static_cast<int>(t.param("n"));
  const int kMin = std::numeric_limits<int>::min(), kMax = std::numeric_limits<int>::max();
  // Inputs span the whole int range, so x * scale overflows int32 for most elements.
  std::vector<int> x = t.uniform_int(n, kMin, kMax);
  int scale = 7, lo = -1500000000, hi = 2000000000;
  if (t.is("boundary")) scale = -3, lo = -100, hi = 100000;
  if (t.is("ragged")) scale = 1000, lo = kMin, hi = kMax;
  if (t.is("large")) scale = -65537, lo = -5, hi = kMax - 1;
  if (t.is("special")) {
    // the int32 extremes, zero, +-1, and small values that stay inside [lo, hi] after scaling
    const int specials[] = {0, 1, -1, kMin, kMax, kMin + 1, kMax - 1, 46341, -46341, 65536};
    for (int i = 0; i < n; ++i) x[i] = (i % 2 == 0) ? specials[(i / 2) % 10] : x[i] / 70000;
    scale = kMin, lo = kMin, hi = kMax;  // scale = -2^31: even x = -1 overflows
    if (n > 4096) scale = -1;  // the second special test: -(-2^31) overflows
  }
  std::vector<int> want(n);
  for (int i = 0; i < n; ++i) {
    long long p = static_cast<long long>(x[i]) * scale;
    want[i] = static_cast<int>(std::min<long long>(std::max<long long>(p, lo), hi));
  }

  auto dx = t.input(x, "x");
  auto dy = t.output<int>(n, "y");
  scale_clamp_i32(n, scale, lo, hi, dx.get(), dy.get(), t.stream());
  t.finish_call();
  t.expect_equal("y", dy.download(), want);
}

int main(int argc, char** argv) { return hc::run_tests(argc, argv, run); }

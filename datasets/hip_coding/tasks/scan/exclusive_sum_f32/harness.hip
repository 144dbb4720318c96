#include "hipcoding_harness.h"

void exclusive_scan_f32(int n, const float* in, float* out, hipStream_t stream);

static void run(hc::Test& t) {
  const int n = static_cast<int>(t.param("n"));
  // a positive drift keeps the prefix sums away from zero, so the relative tolerance is meaningful
  std::vector<float> in = t.uniform(n, -0.5f, 1.0f);
  if (t.is("special")) {
    // zeros (both signs), negatives, large and tiny magnitudes; apart from the tiny ones every value
    // is a multiple of 1/8 below 2^20, so the partial sums are exact in any order. One +inf late in
    // the array makes every later prefix +inf and must not leak into the earlier ones.
    const float pattern[] = {0.0f, -0.0f, 1000000.0f, -0.25f, -1000000.0f, 3.0f, 1e-30f, -1e-30f,
                             0.125f, -7.5f, 524288.0f, -524288.0f, 2.0f, 0.0f, 1e-20f, 64.0f};
    for (int i = 0; i < n; ++i) in[i] = pattern[i % 16];
    if (n > 4) in[n - n / 8] = INFINITY;
  }
  std::vector<double> want(n);
  double acc = 0.0;
  for (int i = 0; i < n; ++i) {
    want[i] = acc;
    acc += in[i];
  }

  auto din = t.input(in, "in");
  auto dout = t.output<float>(n, "out");
  exclusive_scan_f32(n, din.get(), dout.get(), t.stream());
  t.finish_call();
  t.expect_close("out", dout.download(), want);
}

int main(int argc, char** argv) { return hc::run_tests(argc, argv, run); }

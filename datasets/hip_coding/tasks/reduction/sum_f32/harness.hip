#include "hipcoding_harness.h"

void sum_f32(int n, const float* x, float* out, hipStream_t stream);

static void run(hc::Test& t) {
  const int n = static_cast<int>(t.param("n"));
  // A positive mean keeps the sum far from 0, so a relative tolerance is meaningful.
  std::vector<float> x = t.uniform(n, -0.5f, 1.0f);
  if (t.is("ragged")) x[n - 1] = 4096.0f;  // a kernel that drops the ragged tail is far off
  if (t.is("special")) {
    // quarter-integers (negatives, zeros, -0) have an exact float sum in any order; with
    // `inf` set, one element is +inf and the sum is +inf
    for (int i = 0; i < n; ++i) x[i] = static_cast<float>(static_cast<int>(t.rng()() % 64) - 40) * 0.25f;
    for (int i = 0; i < n; i += 97) x[i] = -0.0f;
    if (t.param("inf", 0)) x[n / 3] = INFINITY;
  }
  double want = 0.0;
  for (int i = 0; i < n; ++i) want += x[i];

  auto dx = t.input(x, "x");
  auto dout = t.output<float>(1, "out");
  sum_f32(n, dx.get(), dout.get(), t.stream());
  t.finish_call();
  t.expect_close("out", dout.download(), std::vector<double>{want});
}

int main(int argc, char** argv) { return hc::run_tests(argc, argv, run); }

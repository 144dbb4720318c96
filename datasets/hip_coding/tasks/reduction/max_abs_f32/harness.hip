#include "hipcoding_harness.h"

void max_abs_f32(int n, const float* x, float* out, hipStream_t stream);

static void run(hc::Test& t) {
  const int n = static_cast<int>(t.param("n"));
  std::vector<float> x = t.uniform(n, -1.0f, 1.0f);
  if (t.is("ragged") || t.is("large")) x[n - 1] = -7.5f;  // the largest magnitude sits in the last element
  if (t.is("special")) {
    // all negative or zero, signed zeros, denormals; with `inf` one element is -inf
    for (int i = 0; i < n; ++i) x[i] = -std::fabs(x[i]) * 1e-3f;
    for (int i = 0; i < n; i += 5) x[i] = -0.0f;
    for (int i = 1; i < n; i += 7) x[i] = -1e-42f * static_cast<float>(i % 13);
    x[n / 2] = -2.0f;
    if (t.param("inf", 0)) x[n / 3] = -INFINITY;
  }
  float want = 0.0f;
  for (int i = 0; i < n; ++i) want = std::max(want, std::fabs(x[i]));

  auto dx = t.input(x, "x");
  auto dout = t.output<float>(1, "out");
  max_abs_f32(n, dx.get(), dout.get(), t.stream());
  t.finish_call();
  t.expect_equal("out", dout.download(), std::vector<float>{want});
}

int main(int argc, char** argv) { return hc::run_tests(argc, argv, run); }

#include "hipcoding_harness.h"

void dot_f64_accum(int n, const float* x, const float* y, double* out, hipStream_t stream);

static void run(hc::Test& t) {
  const int n = static_cast<int>(t.param("n"));
  std::vector<float> x = t.uniform(n, -1.0f, 2.0f);
  std::vector<float> y = t.uniform(n, -1.0f, 2.0f);
  if (t.is("ragged")) x[n - 1] = 1000.0f, y[n - 1] = 3.0f;  // dropping the tail is far off
  if (t.is("special")) {
    // zeros, signed zeros, negatives, tiny terms and huge positive terms that dominate the sum
    for (int i = 0; i < n; ++i) {
      switch (i % 5) {
        case 0: x[i] = 0.0f; break;
        case 1: x[i] = -0.0f; break;
        case 2: x[i] = -std::fabs(x[i]); break;
        case 3: x[i] *= 1e-20f; break;
        default: x[i] = 1e15f * (1.5f + x[i]), y[i] = 0.5f + std::fabs(y[i]) * 0.25f; break;
      }
    }
  }
  // Exact products, then a sum in long double so the reference error is far below the tolerance.
  long double want = 0.0L;
  for (int i = 0; i < n; ++i) want += static_cast<long double>(static_cast<double>(x[i]) * y[i]);

  auto dx = t.input(x, "x");
  auto dy = t.input(y, "y");
  auto dout = t.output<double>(1, "out");
  dot_f64_accum(n, dx.get(), dy.get(), dout.get(), t.stream());
  t.finish_call();
  t.expect_close("out", dout.download(), std::vector<double>{static_cast<double>(want)});
}

int main(int argc, char** argv) { return hc::run_tests(argc, argv, run); }

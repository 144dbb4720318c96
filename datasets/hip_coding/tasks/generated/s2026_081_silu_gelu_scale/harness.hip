#include "hipcoding_harness.h"

void fused_chain_81(int n, const float* x, float* y, hipStream_t stream);

static std::vector<float> narrow(const std::vector<float>& v) { return v; }
static std::vector<float> widen(const std::vector<float>& v) { return v; }

static void run(hc::Test& t) {
  const int n = static_cast<int>(t.param("n"));
  std::vector<float> x = t.uniform((size_t)n, -3.0f, 3.0f);
  if (t.is("special")) {
    const float specials[] = {0.0f, -0.0f, 1e-30f, -1e-30f, 30.0f, -30.0f, 0.5f, -0.5f, 1.0f, -1.0f, 3.0f, -3.0f};
    for (size_t i = 0; i < x.size(); ++i) x[i] = (i % 3 == 0) ? specials[(i / 3) % 12] : x[i];
  }
  // The inputs as stored; the expected result is computed from exactly those.
  const auto xs = narrow(x);
  x = widen(xs);
  std::vector<double> want(n);
  for (int i = 0; i < n; ++i) {
      double d = x[i];
      d = d / (1.0 + std::exp(-d));
      d = 0.5 * d * (1.0 + std::tanh(std::sqrt(2.0 / M_PI) * (d + 0.044715 * d * d * d)));
      d = d * 1.5;
      want[i] = d;
  }
  auto dx = t.input(xs, "x");
  auto dy = t.output<float>((size_t)n, "y");
  fused_chain_81(n, dx.get(), dy.get(), t.stream());
  t.finish_call();
  t.expect_close("y", widen(dy.download()), want);
}

int main(int argc, char** argv) { return hc::run_tests(argc, argv, run); }

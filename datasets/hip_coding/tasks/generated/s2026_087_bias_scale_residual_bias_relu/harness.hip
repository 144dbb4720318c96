#include "hipcoding_harness.h"

void fused_chain_87(int n, const float* x, const float* r, float* y, hipStream_t stream);

static std::vector<float> narrow(const std::vector<float>& v) { return v; }
static std::vector<float> widen(const std::vector<float>& v) { return v; }

static void run(hc::Test& t) {
  const int n = static_cast<int>(t.param("n"));
  std::vector<float> x = t.uniform((size_t)n, -3.0f, 3.0f);
  std::vector<float> r = t.uniform((size_t)n, -1.0f, 1.0f);
  if (t.is("special")) {
    const float specials[] = {0.0f, -0.0f, 1e-30f, -1e-30f, 30.0f, -30.0f, 0.5f, -0.5f, 1.0f, -1.0f, 3.0f, -3.0f};
    for (size_t i = 0; i < x.size(); ++i) x[i] = (i % 3 == 0) ? specials[(i / 3) % 12] : x[i];
  }
  // The inputs as stored; the expected result is computed from exactly those.
  const auto xs = narrow(x);
  x = widen(xs);
  const auto rs = narrow(r);
  r = widen(rs);
  std::vector<double> want(n);
  for (int i = 0; i < n; ++i) {
      double d = x[i];
      d = d + 0.16;
      d = d * 1.99;
      d = d + r[i];
      d = d + 0.63;
      d = d > 0.0 ? d : 0.0;
      want[i] = d;
  }
  auto dx = t.input(xs, "x");
  auto dr = t.input(rs, "r");
  auto dy = t.output<float>((size_t)n, "y");
  fused_chain_87(n, dx.get(), dr.get(), dy.get(), t.stream());
  t.finish_call();
  t.expect_close("y", widen(dy.download()), want);
}

int main(int argc, char** argv) { return hc::run_tests(argc, argv, run); }

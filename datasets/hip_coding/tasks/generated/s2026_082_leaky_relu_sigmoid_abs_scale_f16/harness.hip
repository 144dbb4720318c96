#include <hip/hip_fp16.h>
#include "hipcoding_harness.h"

void fused_chain_82(int n, const __half* x, __half* y, hipStream_t stream);

static std::vector<__half> narrow(const std::vector<float>& v) {
  std::vector<__half> out(v.size());
  for (size_t i = 0; i < v.size(); ++i) out[i] = __float2half(v[i]);
  return out;
}

static std::vector<float> widen(const std::vector<__half>& v) {
  std::vector<float> out(v.size());
  for (size_t i = 0; i < v.size(); ++i) out[i] = __half2float(v[i]);
  return out;
}

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
      d = d > 0.0 ? d : 0.13 * d;
      d = 1.0 / (1.0 + std::exp(-d));
      d = std::fabs(d);
      d = d * 1.5;
      want[i] = d;
  }
  auto dx = t.input(xs, "x");
  auto dy = t.output<__half>((size_t)n, "y");
  fused_chain_82(n, dx.get(), dy.get(), t.stream());
  t.finish_call();
  t.expect_close("y", widen(dy.download()), want);
}

int main(int argc, char** argv) { return hc::run_tests(argc, argv, run); }

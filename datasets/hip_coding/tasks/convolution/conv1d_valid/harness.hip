#include "hipcoding_harness.h"

void conv1d_valid(int n, int k, const float* x, const float* w, float* y, hipStream_t stream);

// Small integers times 2^scale: with the filter also made of small integers (halves), every product
// and window sum is exact in float, so any summation order matches the double reference bit for bit
// and inf and NaN propagate as IEEE says.
static std::vector<float> exact_values(hc::Test& t, size_t n, int scale, bool with_nonfinite) {
  std::vector<float> v(n);
  std::mt19937_64& g = t.rng();
  const float nonfinite[] = {INFINITY, -INFINITY, NAN};
  for (size_t i = 0; i < n; ++i) {
    v[i] = std::ldexp(static_cast<float>(static_cast<int>(g() % 17) - 8), scale);
    if (with_nonfinite && g() % 211 == 0) v[i] = nonfinite[g() % 3];
  }
  return v;
}

static void run(hc::Test& t) {
  const int n = static_cast<int>(t.param("n"));
  const int k = static_cast<int>(t.param("k"));
  const int out_n = n - k + 1;
  std::vector<float> x, w;
  if (t.is("special")) {
    x = exact_values(t, n, static_cast<int>(t.param("scale", 0)), true);
    w = exact_values(t, k, -1, false);
  } else {
    x = t.uniform(n, -1.0f, 1.0f);
    w = t.uniform(k, -1.0f, 1.0f);
  }
  std::vector<double> want(out_n);
  for (int i = 0; i < out_n; ++i) {
    double acc = 0.0;
    for (int j = 0; j < k; ++j) acc += static_cast<double>(x[i + j]) * w[j];
    want[i] = acc;
  }

  auto dx = t.input(x, "x");
  auto dw = t.input(w, "w");
  auto dy = t.output<float>(out_n, "y");
  conv1d_valid(n, k, dx.get(), dw.get(), dy.get(), t.stream());
  t.finish_call();
  t.expect_close("y", dy.download(), want);
}

int main(int argc, char** argv) { return hc::run_tests(argc, argv, run); }

#include "hipcoding_harness.h"

void conv1d_strided_dilated(int n, int k, int stride, int dilation, const float* x, const float* w, float* y,
                            hipStream_t stream);

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
  const int stride = static_cast<int>(t.param("stride"));
  const int dilation = static_cast<int>(t.param("dilation"));
  const int out_n = (n - dilation * (k - 1) - 1) / stride + 1;
  std::vector<float> x, w;
  if (t.is("special")) {
    x = exact_values(t, n, static_cast<int>(t.param("scale", 0)), true);
    w = exact_values(t, k, -1, false);
  } else {
    x = t.uniform(n, -1.0f, 1.0f);
    w = t.uniform(k, -1.0f, 1.0f);
  }
  std::vector<double> want(out_n);
  for (int o = 0; o < out_n; ++o) {
    double acc = 0.0;
    for (int j = 0; j < k; ++j) acc += static_cast<double>(x[static_cast<size_t>(o) * stride + j * dilation]) * w[j];
    want[o] = acc;
  }

  auto dx = t.input(x, "x");
  auto dw = t.input(w, "w");
  auto dy = t.output<float>(out_n, "y");
  conv1d_strided_dilated(n, k, stride, dilation, dx.get(), dw.get(), dy.get(), t.stream());
  t.finish_call();
  t.expect_close("y", dy.download(), want);
}

int main(int argc, char** argv) { return hc::run_tests(argc, argv, run); }

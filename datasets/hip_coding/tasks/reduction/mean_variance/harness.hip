#include "hipcoding_harness.h"

void mean_variance(int n, const float* x, float* mean, float* var, hipStream_t stream);

static void run(hc::Test& t) {
  const int n = static_cast<int>(t.param("n"));
  // A mean far larger than the spread: E[x^2] - E[x]^2 in float cancels catastrophically.
  const float offset = static_cast<float>(t.param("offset", 1000));
  std::vector<float> x = t.uniform(n, -2.0f, 2.0f);
  for (auto& v : x) v += offset;
  if (t.is("ragged")) x[n - 1] = offset + 600.0f;  // the ragged tail moves both results
  if (t.is("special")) {
    // negatives, zeros and values of mixed magnitude; with `constant` every value is equal (variance 0)
    for (int i = 0; i < n; ++i) x[i] = (i % 3 == 0) ? 0.0f : -x[i] * ((i % 3 == 1) ? 1e-3f : 1.0f);
    if (t.param("constant", 0))
      for (auto& v : x) v = -3.25f;
  }
  double sum = 0.0;
  for (float v : x) sum += v;
  double mu = sum / n, m2 = 0.0;
  for (float v : x) m2 += (v - mu) * (v - mu);

  auto dx = t.input(x, "x");
  auto dmean = t.output<float>(1, "mean");
  auto dvar = t.output<float>(1, "var");
  mean_variance(n, dx.get(), dmean.get(), dvar.get(), t.stream());
  t.finish_call();
  t.expect_close("mean", dmean.download(), std::vector<double>{mu});
  t.expect_close("var", dvar.download(), std::vector<double>{m2 / n});
}

int main(int argc, char** argv) { return hc::run_tests(argc, argv, run); }

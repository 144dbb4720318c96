#include "hipcoding_harness.h"

void saxpy(int n, float a, const float* x, float* y, hipStream_t stream);

static void run(hc::Test& t) {
  const int n = static_cast<int>(t.param("n"));
  std::vector<float> x = t.uniform(n, -4.0f, 4.0f);
  std::vector<float> y = t.uniform(n, -4.0f, 4.0f);
  float a = 1.75f;
  if (t.is("special")) {
    // zeros, signed zeros, huge and tiny magnitudes, inf and NaN propagate as IEEE says
    const float specials[] = {0.0f, -0.0f, 1e30f, -1e30f, 1e-30f, -3.5f, INFINITY, -INFINITY, NAN};
    for (int i = 0; i < n; ++i) x[i] = specials[i % 9] * (i % 2 ? 1.0f : 0.5f);
    a = -2.5f;
  }
  std::vector<float> want(n);
  for (int i = 0; i < n; ++i) want[i] = a * x[i] + y[i];

  auto dx = t.input(x, "x");
  auto dy = t.inout(y, "y");
  saxpy(n, a, dx.get(), dy.get(), t.stream());
  t.finish_call();
  t.expect_close("y", dy.download(), want);
}

int main(int argc, char** argv) { return hc::run_tests(argc, argv, run); }

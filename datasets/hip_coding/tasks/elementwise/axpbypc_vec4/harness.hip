#include "hipcoding_harness.h"

void axpbypc(int n, float a, const float* x, float b, const float* y, float c, float* z, hipStream_t stream);

static void run(hc::Test& t) {
  const int n = static_cast<int>(t.param("n"));
  std::vector<float> x = t.uniform(n, -4.0f, 4.0f);
  std::vector<float> y = t.uniform(n, -4.0f, 4.0f);
  float a = 1.25f, b = -0.75f, c = 0.5f;
  if (t.is("special")) {
    // zeros, huge and tiny magnitudes, infinities and NaN (IEEE arithmetic decides the result)
    const float specials[] = {0.0f, -0.0f, 1e30f, -1e30f, 1e-30f, -3.5f, INFINITY, -INFINITY, NAN};
    for (int i = 0; i < n; ++i) x[i] = specials[i % 9];
    for (int i = 0; i < n; ++i) y[i] = (i % 7 == 0) ? specials[(i / 7) % 9] : y[i];
    a = -2.0f, b = 3.0f, c = -1.0f;
  }
  std::vector<double> want(n);
  for (int i = 0; i < n; ++i) want[i] = static_cast<double>(a) * x[i] + static_cast<double>(b) * y[i] + c;
  // inf - inf in the float computation is NaN; keep the reference's special cases in float arithmetic
  for (int i = 0; i < n; ++i)
    if (!std::isfinite(x[i]) || !std::isfinite(y[i])) want[i] = a * x[i] + b * y[i] + c;

  auto dx = t.input(x, "x");
  auto dy = t.input(y, "y");
  auto dz = t.output<float>(n, "z");
  axpbypc(n, a, dx.get(), b, dy.get(), c, dz.get(), t.stream());
  t.finish_call();
  t.expect_close("z", dz.download(), want);
}

int main(int argc, char** argv) { return hc::run_tests(argc, argv, run); }

#include "hipcoding_harness.h"

void segment_allreduce(int n, int seg_len, const float* x, float* y, hipStream_t stream);

static void run(hc::Test& t) {
  const int n = static_cast<int>(t.param("n"));
  const int seg_len = static_cast<int>(t.param("seg"));
  const int segments = (n + seg_len - 1) / seg_len;
  std::vector<float> x = t.uniform(n, -1.0f, 1.0f);
  if (t.is("special")) {
    // With seg = 2, pairs whose float sum does not depend on the order: infinities, NaN, signed
    // zeros, large and tiny magnitudes, negatives.
    const float pairs[][2] = {{INFINITY, 1.0f},   {-INFINITY, -2.0f}, {NAN, 0.0f},    {-0.0f, -0.0f},
                              {1e30f, 1e30f},     {-1e-30f, 5.0f},    {-3.0f, -4.5f}, {INFINITY, -INFINITY},
                              {0.0f, 0.0f},       {1e-38f, 1e-38f}};
    for (int i = 0; i < n; ++i) x[i] = pairs[(i / 2) % 10][i % 2];
  }
  std::vector<double> total(segments, 0.0);
  std::vector<float> ftotal(segments, 0.0f);
  for (int i = 0; i < n; ++i) total[i / seg_len] += x[i], ftotal[i / seg_len] += x[i];
  std::vector<double> want(n);
  for (int i = 0; i < n; ++i) {
    int s = i / seg_len;
    want[i] = std::isfinite(ftotal[s]) ? total[s] : ftotal[s];  // inf - inf and NaN as float arithmetic gives them
  }

  auto dx = t.input(x, "x");
  auto dy = t.output<float>(n, "y");
  segment_allreduce(n, seg_len, dx.get(), dy.get(), t.stream());
  t.finish_call();
  t.expect_close("y", dy.download(), want);
}

int main(int argc, char** argv) { return hc::run_tests(argc, argv, run); }

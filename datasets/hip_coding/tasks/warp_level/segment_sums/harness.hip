#include "hipcoding_harness.h"

void segment_sums(int n, int seg_len, const float* x, float* out, hipStream_t stream);

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
  std::vector<double> want(segments, 0.0);
  for (int i = 0; i < n; ++i) want[i / seg_len] += x[i];
  if (t.is("special"))  // inf - inf and NaN as float arithmetic gives them
    for (int s = 0; s < segments; ++s) {
      float f = 0.0f;
      for (int i = s * seg_len; i < std::min(n, (s + 1) * seg_len); ++i) f += x[i];
      if (!std::isfinite(f)) want[s] = f;
    }

  auto dx = t.input(x, "x");
  auto dout = t.output<float>(segments, "out");
  segment_sums(n, seg_len, dx.get(), dout.get(), t.stream());
  t.finish_call();
  t.expect_close("out", dout.download(), want);
}

int main(int argc, char** argv) { return hc::run_tests(argc, argv, run); }

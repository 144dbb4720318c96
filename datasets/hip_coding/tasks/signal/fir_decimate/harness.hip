#include "hipcoding_harness.h"

#include <algorithm>

void fir_decimate(int n, int taps, int factor, const float* x, const float* h, float* y, hipStream_t stream);

static void run(hc::Test& t) {
  const int n = static_cast<int>(t.param("n"));
  const int taps = static_cast<int>(t.param("taps")), factor = static_cast<int>(t.param("factor"));
  std::vector<float> x = t.uniform(n, -1.0f, 1.0f);
  std::vector<float> h = t.uniform(taps, -1.0f, 1.0f);
  for (auto& v : h) v *= 2.0f / taps;  // sum |h| <= 2: the stated error bound holds
  if (t.is("special")) {
    // Small integers, signed zeros and unit impulses against taps that are multiples of 1/64: every
    // product and partial sum is exact in float, so any summation order gives the double result, and an
    // impulse at sample i shows exactly which taps (and which samples) each output combines.
    std::uniform_int_distribution<int> small(-8, 8), tap(-64, 64);
    for (int i = 0; i < n; ++i) {
      const int block = i % 1000;
      if (block < 300) x[i] = (i % 97 == 0) ? 1.0f : (i % 2 ? -0.0f : 0.0f);
      else x[i] = static_cast<float>(small(t.rng()));
    }
    for (auto& v : h) v = static_cast<float>(tap(t.rng())) / 64.0f;
    h[0] = 1.0f, h[taps - 1] = taps > 1 ? -0.5f : h[0];  // asymmetric: a reversed filter shows
  }
  const long long m_out = (long long)(n - taps) / factor + 1;
  std::vector<double> want(m_out);
  for (long long m = 0; m < m_out; ++m) {
    double acc = 0.0;
    for (int k = 0; k < taps; ++k) acc += (double)h[k] * x[m * factor + k];
    want[m] = acc;
  }

  auto dx = t.input(x, "x");
  auto dh = t.input(h, "h");
  auto dy = t.output<float>(m_out, "y");
  fir_decimate(n, taps, factor, dx.get(), dh.get(), dy.get(), t.stream());
  t.finish_call();
  t.expect_close("y", dy.download(), want);
}

int main(int argc, char** argv) { return hc::run_tests(argc, argv, run); }

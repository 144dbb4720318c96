#include "hipcoding_harness.h"

void range_histogram(const float* x, int n, float lo, float hi, int bins, unsigned int* hist, hipStream_t stream);

// The bin of x in double, or -1 when x is ignored.
static int bin_of(float x, float lo, float hi, int bins) {
  if (!(x >= lo && x < hi)) return -1;
  int b = static_cast<int>(std::floor((static_cast<double>(x) - lo) / (static_cast<double>(hi) - lo) * bins));
  return b >= bins ? bins - 1 : b;
}

// True when float rounding could put x in a neighbouring bin (within 1% of a bin of an interior edge).
static bool near_edge(float x, float lo, float hi, int bins) {
  double pos = (static_cast<double>(x) - lo) / (static_cast<double>(hi) - lo) * bins;
  double frac = pos - std::floor(pos);
  return frac < 0.01 || frac > 0.99;
}

static void run(hc::Test& t) {
  const int n = static_cast<int>(t.param("n"));
  const int bins = static_cast<int>(t.param("bins"));
  float lo = -2.5f, hi = 3.5f;
  if (t.is("special")) lo = 0.0f, hi = 1.0f;
  // Values spread over [lo - 1, hi + 1): about a quarter fall outside the range and are ignored.
  std::uniform_real_distribution<float> dist(lo - 1.0f, hi + 1.0f);
  std::vector<float> x(n);
  for (int i = 0; i < n; ++i) {
    do x[i] = dist(t.rng());
    while (near_edge(x[i], lo, hi, bins));
  }
  if (t.is("special")) {
    // Exact edges (lo counts, hi does not), the last float below hi, signed zero (-0 >= 0 holds),
    // a tiny positive, huge magnitudes, infinities and NaN (all ignored).
    const float specials[] = {0.0f, -0.0f, 1.0f, std::nextafter(1.0f, 0.0f), 1e-30f, 0.5f, 0.25f,
                              1e30f, -1e30f, INFINITY, -INFINITY, NAN, -1e-30f};
    for (int i = 0; i < n; i += 3) x[i] = specials[(i / 3) % 13];
  }
  if (t.is("ragged")) {
    // The last float below hi: (v - lo) * (bins / (hi - lo)) rounds to bins in float here, so the clamp decides.
    for (int i = 50; i < n; i += 101) x[i] = std::nextafter(hi, lo);
  }
  std::vector<unsigned int> want(bins, 0u);
  for (float v : x) {
    int b = bin_of(v, lo, hi, bins);
    if (b >= 0) ++want[b];
  }

  auto d_x = t.input(x, "x");
  auto d_hist = t.output<unsigned int>(bins, "hist");
  range_histogram(d_x.get(), n, lo, hi, bins, d_hist.get(), t.stream());
  t.finish_call();
  t.expect_equal("hist", d_hist.download(), want);
}

int main(int argc, char** argv) { return hc::run_tests(argc, argv, run); }

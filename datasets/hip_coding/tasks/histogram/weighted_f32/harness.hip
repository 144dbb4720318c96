#include "hipcoding_harness.h"

#include <climits>

void weighted_histogram(const int* keys, const float* weights, int n, int bins, float* hist, hipStream_t stream);

static void run(hc::Test& t) {
  const int n = static_cast<int>(t.param("n"));
  const int bins = static_cast<int>(t.param("bins"));
  std::vector<int> keys = t.uniform_int(n, 0, bins - 1);
  // Positive weights, so every bin sum is well conditioned and the relative tolerance is meaningful.
  std::vector<float> weights = t.uniform(n, 0.0625f, 1.0f);
  if (t.is("special")) {
    // Keys outside [0, bins) (ignored), zero weights, negative bins (odd ones) and magnitudes from 1e-3
    // to 1e3 by bin; bin 3 only ever receives zeros. Within one bin all weights share a sign and scale.
    const int outside[] = {-1, bins, INT_MIN, INT_MAX, -bins, 2 * bins};
    for (int i = 0; i < n; ++i) {
      int k = keys[i];
      float mag = std::pow(10.0f, static_cast<float>(k % 7 - 3));
      weights[i] *= (k % 2 ? -mag : mag);
      if (k == 3 || i % 5 == 0) weights[i] = (i % 10 == 0) ? -0.0f : 0.0f;
      if (i % 4 == 1) keys[i] = outside[(i / 4) % 6];
    }
  }
  std::vector<double> want(bins, 0.0);
  for (int i = 0; i < n; ++i)
    if (keys[i] >= 0 && keys[i] < bins) want[keys[i]] += weights[i];

  // The buffers run on past n with a valid key and a heavy weight: a solution that reads keys[n] or
  // weights[n] adds it to bin 0, where the tolerance cannot hide it (the guard zones behind them hold
  // keys no bin accepts).
  keys.insert(keys.end(), 32, 0);
  weights.insert(weights.end(), 32, 1.0e4f);
  auto d_keys = t.input(keys, "keys");
  auto d_weights = t.input(weights, "weights");
  auto d_hist = t.output<float>(bins, "hist");
  weighted_histogram(d_keys.get(), d_weights.get(), n, bins, d_hist.get(), t.stream());
  t.finish_call();
  t.expect_close("hist", d_hist.download(), want);
}

int main(int argc, char** argv) { return hc::run_tests(argc, argv, run); }

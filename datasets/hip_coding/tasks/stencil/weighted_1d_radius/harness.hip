#include "hipcoding_harness.h"

void weighted_stencil_1d(int n, int radius, const float* in, const float* weights, float* out, hipStream_t stream);

static void run(hc::Test& t) {
  const int n = static_cast<int>(t.param("n"));
  const int radius = static_cast<int>(t.param("radius"));
  const int taps = 2 * radius + 1;
  std::vector<float> in = t.uniform(n, -1.0f, 1.0f);
  // asymmetric weights normalised to sum(|w|) = 1, so a mirrored window is caught and rounding stays small
  std::vector<float> weights = t.uniform(taps, -1.0f, 1.0f);
  double norm = 0.0;
  for (float w : weights) norm += std::fabs(w);
  for (float& w : weights) w = static_cast<float>(w / norm);
  if (t.is("special")) {
    // zeros, negatives and large magnitudes; small integers times 2^60 and weights that are multiples
    // of 1/8 make every sum exact in any order (the radius is larger than n in this test)
    for (int i = 0; i < n; ++i) in[i] = (i % 5 == 0) ? 0.0f : std::ldexp(static_cast<float>(static_cast<int>(t.rng()() % 17) - 8), 60);
    for (int k = 0; k < taps; ++k) weights[k] = (k % 3 == 0) ? 0.0f : static_cast<float>(static_cast<int>(t.rng()() % 17) - 8) / 8.0f;
  }
  std::vector<double> want(n);
  for (int i = 0; i < n; ++i) {
    double acc = 0.0;
    for (int k = -radius; k <= radius; ++k)
      if (i + k >= 0 && i + k < n) acc += static_cast<double>(weights[k + radius]) * in[i + k];
    want[i] = acc;
  }

  auto din = t.input(in, "in");
  auto dweights = t.input(weights, "weights");
  auto dout = t.output<float>(n, "out");
  weighted_stencil_1d(n, radius, din.get(), dweights.get(), dout.get(), t.stream());
  t.finish_call();
  t.expect_close("out", dout.download(), want);
}

int main(int argc, char** argv) { return hc::run_tests(argc, argv, run); }

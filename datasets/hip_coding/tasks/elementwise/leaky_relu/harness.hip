#include "hipcoding_harness.h"

void leaky_relu(int n, float slope, const float* x, float* y, hipStream_t stream);

static void run(hc::Test& t) {
  const int n = static_cast<int>(t.param("n"));
  std::vector<float> x = t.uniform(n, -8.0f, 8.0f);
  // The slope changes with the test kind; some are > 1 or negative, which breaks fmaxf(x, slope * x).
  float slope = 0.01f;
  if (t.is("boundary")) slope = 0.2f;
  if (t.is("ragged")) slope = -0.3f;
  if (t.is("large")) slope = 1.5f;
  if (t.is("special")) {
    // signed zeros, huge and tiny magnitudes, infinities and NaN follow IEEE arithmetic
    const float specials[] = {0.0f, -0.0f, 3e38f, -3e38f, 1e-38f, -1e-38f, 1e-45f, -2.5f, INFINITY, -INFINITY, NAN};
    for (int i = 0; i < n; ++i) x[i] = (i % 3 == 0) ? specials[(i / 3) % 11] : x[i];
    slope = 2.0f;
  }
  std::vector<float> want(n);
  for (int i = 0; i < n; ++i) want[i] = x[i] > 0.0f ? x[i] : slope * x[i];

  auto dx = t.input(x, "x");
  // One spare poisoned slot after y: the library's guard canary is a positive float, so copying x[n]
  // (also canary) to y[n] would leave the guard unchanged; the spare slot must keep its poison instead.
  auto dy = t.output<float>(n + 1, "y");
  leaky_relu(n, slope, dx.get(), dy.get(), t.stream());
  t.finish_call();
  std::vector<float> got = dy.download();
  uint32_t spare;
  std::memcpy(&spare, &got[n], sizeof spare);
  if (spare != 0xFFFFFFFFu) t.fail("wrote past the end of y (y[n])");
  got.pop_back();
  t.expect_close("y", got, want);
}

int main(int argc, char** argv) { return hc::run_tests(argc, argv, run); }

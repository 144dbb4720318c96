#include "hipcoding_harness.h"

void prefix_max_f32(int n, const float* in, float* out, hipStream_t stream);

static void run(hc::Test& t) {
  const int n = static_cast<int>(t.param("n"));
  // a random walk with a slight upward drift: its running maximum keeps changing at irregular places
  // all along the array; in[0] sits 2 below the walk, so out[1] > out[0] and the output is not constant
  std::vector<float> steps = t.uniform(n, -1.0f, 1.1f);
  std::vector<float> in(n);
  double walk = -0.5;
  for (int i = 0; i < n; ++i) {
    walk += steps[i];
    in[i] = static_cast<float>(walk);
  }
  in[0] -= 2.0f;
  if (t.is("special")) {
    // all negative at first (huge, ordinary, -inf), then zeros of both signs, tiny and huge
    // positive values, +inf last: the running max must never start from 0
    const float pattern[] = {-1e30f, -3.5f, -INFINITY, -2e30f, -7.25f, -1e-30f, -3e38f, -0.5f};
    for (int i = 0; i < n; ++i) {
      if (i < n / 2) in[i] = pattern[i % 8] - 1000.0f * (i % 5);
      else if (i < 3 * n / 4) in[i] = (i % 2 ? -0.0f : 0.0f) + (i % 7 == 0 ? 1e-30f * (i % 13) : 0.0f);
      else in[i] = (i % 3 == 0) ? 1e30f * static_cast<float>(i % 11) : -1.0f;
    }
    if (n > 8) in[n - 3] = INFINITY;
  }
  std::vector<float> want(n);
  float best = -INFINITY;
  for (int i = 0; i < n; ++i) {
    if (in[i] > best) best = in[i];
    want[i] = best;
  }

  auto din = t.input(in, "in");
  auto dout = t.output<float>(n, "out");
  prefix_max_f32(n, din.get(), dout.get(), t.stream());
  t.finish_call();
  t.expect_close("out", dout.download(), want);
}

int main(int argc, char** argv) { return hc::run_tests(argc, argv, run); }

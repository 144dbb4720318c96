#include "hipcoding_harness.h"

#include <algorithm>
#include <numeric>

void scatter_f32(const float* in, const int* idx, int n, float* out, hipStream_t stream);

static void run(hc::Test& t) {
  const int n = static_cast<int>(t.param("n"));
  std::vector<float> in = t.uniform(n, -100.0f, 100.0f);
  std::vector<int> idx(n);
  std::iota(idx.begin(), idx.end(), 0);
  std::shuffle(idx.begin(), idx.end(), t.rng());
  if (t.is("special")) {
    // The reversal permutation, and values that must be copied untouched.
    for (int i = 0; i < n; ++i) idx[i] = n - 1 - i;
    const float specials[] = {0.0f, -0.0f, NAN, INFINITY, -INFINITY, 3.0e38f, -1.0e-30f};
    for (int i = 0; i < n; i += 2) in[i] = specials[(i / 2) % 7];
  }
  std::vector<float> want(n);
  for (int i = 0; i < n; ++i) want[idx[i]] = in[i];

  auto d_in = t.input(in, "in");
  auto d_idx = t.input(idx, "idx");
  auto d_out = t.output<float>(n, "out");
  scatter_f32(d_in.get(), d_idx.get(), n, d_out.get(), t.stream());
  t.finish_call();
  t.expect_close("out", d_out.download(), want);  // tolerance 0: NaN must stay NaN, every value exact
}

int main(int argc, char** argv) { return hc::run_tests(argc, argv, run); }

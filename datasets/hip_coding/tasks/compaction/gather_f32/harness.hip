#include "hipcoding_harness.h"

void gather_f32(const float* in, int m, const int* idx, int n, float* out, hipStream_t stream);

static void run(hc::Test& t) {
  const int n = static_cast<int>(t.param("n"));
  const int m = static_cast<int>(t.param("m"));
  std::vector<float> in = t.uniform(m, -100.0f, 100.0f);
  std::vector<int> idx = t.uniform_int(n, 0, m - 1);
  if (t.is("special")) {
    // Values that must be copied untouched, and indices crowding the first and last entries.
    const float specials[] = {0.0f, -0.0f, NAN, INFINITY, -INFINITY, 3.0e38f, -1.0e-30f};
    for (int j = 0; j < m; j += 2) in[j] = specials[(j / 2) % 7];
    for (int i = 0; i < n; i += 3) idx[i] = (i % 2) ? m - 1 : 0;
  }
  std::vector<float> want(n);
  for (int i = 0; i < n; ++i) want[i] = in[idx[i]];

  auto d_in = t.input(in, "in");
  auto d_idx = t.input(idx, "idx");
  auto d_out = t.output<float>(n, "out");
  gather_f32(d_in.get(), m, d_idx.get(), n, d_out.get(), t.stream());
  t.finish_call();
  t.expect_close("out", d_out.download(), want);  // tolerance 0: NaN must stay NaN, every value exact
}

int main(int argc, char** argv) { return hc::run_tests(argc, argv, run); }

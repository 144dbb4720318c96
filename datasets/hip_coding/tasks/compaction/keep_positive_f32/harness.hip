#include "hipcoding_harness.h"

void compact_positive(const float* in, int n, float* out, int* count, hipStream_t stream);

static void run(hc::Test& t) {
  const int n = static_cast<int>(t.param("n"));
  const int pattern = static_cast<int>(t.param("pattern", 0));  // 1: all kept, 2: none kept
  std::vector<float> in = t.uniform(n, -1.0f, 1.0f);
  if (pattern == 1)
    for (float& v : in) v = std::fabs(v) + 0.5f;
  if (pattern == 2)
    for (float& v : in) v = -std::fabs(v);
  if (t.is("special")) {
    // Zeros of both signs, NaN and -inf are dropped; +inf, huge and tiny positives are kept.
    const float specials[] = {0.0f, -0.0f, NAN, INFINITY, -INFINITY, 3.0e38f, -3.0e38f, 1.0e-30f, -1.0e-30f, -NAN};
    for (int i = 0; i < n; i += 2) in[i] = specials[(i / 2) % 10];
  }
  std::vector<float> want;
  for (float v : in)
    if (v > 0.0f) want.push_back(v);

  auto d_in = t.input(in, "in");
  auto d_out = t.output<float>(n, "out");
  auto d_count = t.output<int>(1, "count");
  compact_positive(d_in.get(), n, d_out.get(), d_count.get(), t.stream());
  t.finish_call();
  std::vector<int> count = d_count.download();
  t.expect_equal("count", count, std::vector<int>{static_cast<int>(want.size())});
  // Only out[0..count) is defined; everything after it is left unspecified.
  std::vector<float> got = d_out.download();
  got.resize(want.size());
  t.expect_equal("out", got, want);
}

int main(int argc, char** argv) { return hc::run_tests(argc, argv, run); }

#include "hipcoding_harness.h"

void count_in_range(int n, int chunk, float lo, float hi, const float* x, int* counts, hipStream_t stream);

static void run(hc::Test& t) {
  const int n = static_cast<int>(t.param("n"));
  const int chunk = static_cast<int>(t.param("chunk"));
  const int chunks = (n + chunk - 1) / chunk;
  std::vector<float> x = t.uniform(n, -1.0f, 1.0f);
  float lo = -0.25f, hi = 0.5f;
  if (t.is("special")) {
    // values exactly at the bounds (lo counts, hi does not), signed zeros with lo = 0, infinities, NaN
    lo = 0.0f, hi = 1.0f;
    const float specials[] = {0.0f, -0.0f, 1.0f, -1e-45f, 1e-45f, INFINITY, -INFINITY, NAN, 0.99999994f, 2.0f};
    for (int i = 0; i < n; ++i) x[i] = (i % 3 != 2) ? specials[t.rng()() % 10] : x[i];
  }
  std::vector<int> want(chunks, 0);
  for (int i = 0; i < n; ++i) want[i / chunk] += (x[i] >= lo && x[i] < hi) ? 1 : 0;

  auto dx = t.input(x, "x");
  auto dcounts = t.output<int>(chunks, "counts");
  count_in_range(n, chunk, lo, hi, dx.get(), dcounts.get(), t.stream());
  t.finish_call();
  t.expect_equal("counts", dcounts.download(), want);
}

int main(int argc, char** argv) { return hc::run_tests(argc, argv, run); }

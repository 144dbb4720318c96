#include "hipcoding_harness.h"

#include <climits>

void histogram_mod(const int* keys, int n, int bins, unsigned int* hist, hipStream_t stream);

static void run(hc::Test& t) {
  const int n = static_cast<int>(t.param("n"));
  const int bins = static_cast<int>(t.param("bins"));
  std::vector<int> keys = t.uniform_int(n, -1000000000, 1000000000);
  if (t.is("special")) {
    // The extremes of int, zero, -1 (bin bins - 1), exact multiples of bins of both signs, and a
    // crowd of equal keys that all land in one bin.
    const int specials[] = {INT_MIN, INT_MAX, 0, -1, bins, -bins, 3 * bins + 1, -(3 * bins + 1), 42, 42, 42, 42};
    for (int i = 0; i < n; ++i)
      if (i % 2 == 0) keys[i] = specials[(i / 2) % 12];
  }
  std::vector<unsigned int> want(bins, 0u);
  for (int k : keys) {
    long long r = static_cast<long long>(k) % bins;
    ++want[r < 0 ? r + bins : r];
  }

  auto d_keys = t.input(keys, "keys");
  auto d_hist = t.output<unsigned int>(bins, "hist");
  histogram_mod(d_keys.get(), n, bins, d_hist.get(), t.stream());
  t.finish_call();
  t.expect_equal("hist", d_hist.download(), want);
}

int main(int argc, char** argv) { return hc::run_tests(argc, argv, run); }

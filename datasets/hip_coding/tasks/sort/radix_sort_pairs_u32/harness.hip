#include "hipcoding_harness.h"

#include <algorithm>
#include <numeric>

void radix_sort_pairs(int n, const unsigned* keys_in, const int* vals_in, unsigned* keys_out, int* vals_out,
                      hipStream_t stream);

static void run(hc::Test& t) {
  int n = static_cast<int>(t.param("n"));
#ifdef CPURT_MODE_RACE
  // Race mode runs every GPU thread as an OS thread under ThreadSanitizer: 24 launches over 150k keys
  // would not finish in time. Three tiles (the last one partial) show every race the larger sizes can.
  n = std::min(n, 5000);
#endif
  std::vector<unsigned> keys(n);
  for (auto& k : keys) k = static_cast<unsigned>(t.rng()());
  std::vector<int> vals(n);
  std::iota(vals.begin(), vals.end(), 0);  // values = original positions: stability is visible
  if (t.is("special")) {
    // Few distinct keys that differ only in single high or low digits (long runs of equal keys whose
    // order must be kept), the extremes 0 and 0xFFFFFFFF, and a sorted and a reversed stretch.
    const unsigned palette[] = {0u, 0xFFFFFFFFu, 0x80000000u, 0x7FFFFFFFu, 0x00000010u, 0x10000000u, 5u};
    std::uniform_int_distribution<int> pick(0, 6);
    for (int i = 0; i < n; ++i) keys[i] = palette[pick(t.rng())];
    for (int i = 0; i < n / 8; ++i) keys[n / 2 + i] = static_cast<unsigned>(i) * 2654435u;
    for (int i = 0; i < n / 8; ++i) keys[n / 4 + i] = 0xFFFFFFFFu - static_cast<unsigned>(i) * 977u;
  }
  std::vector<int> order(n);
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&keys](int a, int b) { return keys[a] < keys[b]; });
  std::vector<unsigned> want_keys(n);
  std::vector<int> want_vals(n);
  for (int i = 0; i < n; ++i) want_keys[i] = keys[order[i]], want_vals[i] = vals[order[i]];

  auto dk = t.input(keys, "keys_in");
  auto dv = t.input(vals, "vals_in");
  auto dko = t.output<unsigned>(n, "keys_out");
  auto dvo = t.output<int>(n, "vals_out");
  radix_sort_pairs(n, dk.get(), dv.get(), dko.get(), dvo.get(), t.stream());
  t.finish_call();
  t.expect_equal("keys_out", dko.download(), want_keys);
  t.expect_equal("vals_out", dvo.download(), want_vals);
}

int main(int argc, char** argv) { return hc::run_tests(argc, argv, run); }

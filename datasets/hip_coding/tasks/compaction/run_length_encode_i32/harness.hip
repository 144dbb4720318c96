#include "hipcoding_harness.h"

#include <algorithm>
#include <climits>

void run_length_encode_i32(int n, const int* in, int* values, int* lengths, int* num_runs, hipStream_t stream);

static void run(hc::Test& t) {
  int n = static_cast<int>(t.param("n"));
#ifdef CPURT_MODE_RACE
  // Race mode runs every GPU thread as an OS thread under ThreadSanitizer: three tiles (the last one
  // partial) show every race the larger sizes can.
  n = std::min(n, 3 * 2048 + 99);
#endif
  const int pattern = static_cast<int>(t.param("pattern", 0));
  // Default: values in [0, alphabet), so most runs are short and some are long by chance.
  std::vector<int> in = t.uniform_int(n, 0, static_cast<int>(t.param("alphabet", 3)) - 1);
  if (pattern == 1) std::fill(in.begin(), in.end(), -7);  // one run
  if (pattern == 2)
    for (int i = 0; i < n; ++i) in[i] = i % 2 ? INT_MIN : i;  // every element its own run
  if (t.is("special")) {
    // Runs of geometrically distributed lengths (1 to tens of thousands, so runs cross many tiles)
    // of values at the int32 extremes and of neighbours that differ only in the sign or the low bit.
    const int palette[] = {INT_MIN, INT_MAX, 0, -1, 1, INT_MIN + 1, INT_MAX - 1, 0x40000000, -0x40000000};
    std::geometric_distribution<int> length(0.0005);
    int i = 0, previous = 0;
    while (i < n) {
      int v = palette[t.rng()() % 9];
      if (i > 0 && v == previous) v = v == 0 ? 1 : 0;  // a new run really starts here
      const int len = std::min(n - i, 1 + (t.rng()() % 4 == 0 ? length(t.rng()) : static_cast<int>(t.rng()() % 3)));
      for (int k = 0; k < len; ++k) in[i + k] = v;
      previous = v;
      i += len;
    }
  }
  std::vector<int> want_values, want_lengths;
  for (int i = 0; i < n; ++i) {
    if (i == 0 || in[i] != in[i - 1]) {
      want_values.push_back(in[i]);
      want_lengths.push_back(0);
    }
    ++want_lengths.back();
  }
  const int runs = static_cast<int>(want_values.size());

  auto din = t.input(in, "in");
  auto dvalues = t.output<int>(n, "values");
  auto dlengths = t.output<int>(n, "lengths");
  auto dcount = t.output<int>(1, "num_runs");
  run_length_encode_i32(n, din.get(), dvalues.get(), dlengths.get(), dcount.get(), t.stream());
  t.finish_call();
  t.expect_equal("num_runs", dcount.download(), std::vector<int>{runs});
  // Only the first `runs` entries are specified; the rest of values and lengths may hold anything.
  std::vector<int> got_values = dvalues.download(), got_lengths = dlengths.download();
  got_values.resize(runs);
  got_lengths.resize(runs);
  t.expect_equal("values", got_values, want_values);
  t.expect_equal("lengths", got_lengths, want_lengths);
}

int main(int argc, char** argv) { return hc::run_tests(argc, argv, run); }

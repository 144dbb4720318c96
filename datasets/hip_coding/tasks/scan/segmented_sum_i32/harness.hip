#include "hipcoding_harness.h"

void segmented_scan_i32(int n, const int* values, const int* heads, int* out, hipStream_t stream);

// Head flags for segments of mixed lengths: many short ones and some that span several thousand
// elements, so segments both start inside blocks and run across block boundaries.
static std::vector<int> mixed_heads(hc::Test& t, int n) {
  std::vector<int> heads(n, 0);
  std::uniform_int_distribution<int> pick(0, 9), short_len(1, 8), mid_len(1, 300), long_len(1000, 20000);
  for (int i = static_cast<int>(t.rng()() % 5); i < n;) {
    heads[i] = 1;
    int kind = pick(t.rng());
    i += kind < 3 ? short_len(t.rng()) : kind < 8 ? mid_len(t.rng()) : long_len(t.rng());
  }
  return heads;
}

static void run(hc::Test& t) {
  const int n = static_cast<int>(t.param("n"));
  std::vector<int> values = t.uniform_int(n, -1000, 1000);
  std::vector<int> heads = mixed_heads(t, n);
  if (t.is("special")) {
    // first half: every element its own segment, with zeros, negatives and the int32 extremes;
    // second half: a single segment with no further heads, spanning several blocks
    const int pattern[] = {0, 2147483647, -2147483647 - 1, -5, 2000000000, 0, -2000000000, 1};
    for (int i = 0; i < n; ++i) {
      heads[i] = i <= n / 2 ? 1 : 0;
      if (i < n / 2) values[i] = pattern[i % 8];
    }
  }
  std::vector<int> want(n);
  long long acc = 0;
  for (int i = 0; i < n; ++i) {
    acc = (i == 0 || heads[i] != 0) ? values[i] : acc + values[i];
    if (acc > 2147483647LL || acc < -2147483647LL - 1) return t.fail("harness error: segment sum overflows int32");
    want[i] = static_cast<int>(acc);
  }

  auto dvalues = t.input(values, "values");
  auto dheads = t.input(heads, "heads");
  auto dout = t.output<int>(n, "out");
  segmented_scan_i32(n, dvalues.get(), dheads.get(), dout.get(), t.stream());
  t.finish_call();
  t.expect_equal("out", dout.download(), want);
}

int main(int argc, char** argv) { return hc::run_tests(argc, argv, run); }

#include "hipcoding_harness.h"

#include <algorithm>
#include <climits>

void unique_sorted(const int* in, int n, int* out, int* count, hipStream_t stream);

static void run(hc::Test& t) {
  const int n = static_cast<int>(t.param("n"));
  const int pattern = static_cast<int>(t.param("pattern", 0));  // 1: all distinct, 2: all equal
  // About three copies of each value on average, in runs that cross block boundaries.
  std::vector<int> in = t.uniform_int(n, -n / 3 - 1, n / 3 + 1);
  if (pattern == 1)
    for (int i = 0; i < n; ++i) in[i] = 2 * i - n;
  if (pattern == 2) std::fill(in.begin(), in.end(), -17);
  if (t.is("special")) {
    // The int extremes at both ends (a subtraction-based comparison overflows), long runs, zero.
    for (int i = 0; i < n; ++i) in[i] = i < n / 4 ? INT_MIN : i > 3 * n / 4 ? INT_MAX : in[i] / 64;
    in[n / 2] = 0;
  }
  std::sort(in.begin(), in.end());
  std::vector<int> want(in);
  want.erase(std::unique(want.begin(), want.end()), want.end());

  auto d_in = t.input(in, "in");
  auto d_out = t.output<int>(n, "out");
  auto d_count = t.output<int>(1, "count");
  unique_sorted(d_in.get(), n, d_out.get(), d_count.get(), t.stream());
  t.finish_call();
  t.expect_equal("count", d_count.download(), std::vector<int>{static_cast<int>(want.size())});
  // Only out[0..count) is defined; everything after it is left unspecified.
  std::vector<int> got = d_out.download();
  got.resize(want.size());
  t.expect_equal("out", got, want);
}

int main(int argc, char** argv) { return hc::run_tests(argc, argv, run); }

#include "hipcoding_harness.h"

#include <climits>

void partition_even_odd(const int* in, int n, int* out, hipStream_t stream);

static void run(hc::Test& t) {
  const int n = static_cast<int>(t.param("n"));
  const int pattern = static_cast<int>(t.param("pattern", 0));  // 1: all even, 2: all odd
  std::vector<int> in = t.uniform_int(n, -1000000, 1000000);
  if (pattern == 1)
    for (int& v : in) v &= ~1;
  if (pattern == 2)
    for (int& v : in) v |= 1;
  if (t.is("special")) {
    // Negative odds (-1 % 2 == -1 in C++), the int extremes, zero, and long one-parity stretches.
    const int specials[] = {INT_MIN, INT_MAX, 0, -1, 1, -2, INT_MIN + 1, INT_MAX - 1, -3};
    for (int i = 0; i < n; ++i) {
      if (i % 3 == 0) in[i] = specials[(i / 3) % 9];
      else if (i > n / 2 && i < 3 * n / 4) in[i] |= 1;
    }
  }
  std::vector<int> want;
  for (int v : in)
    if (v % 2 == 0) want.push_back(v);
  for (int v : in)
    if (v % 2 != 0) want.push_back(v);

  auto d_in = t.input(in, "in");
  auto d_out = t.output<int>(n, "out");
  partition_even_odd(d_in.get(), n, d_out.get(), t.stream());
  t.finish_call();
  t.expect_equal("out", d_out.download(), want);
}

int main(int argc, char** argv) { return hc::run_tests(argc, argv, run); }

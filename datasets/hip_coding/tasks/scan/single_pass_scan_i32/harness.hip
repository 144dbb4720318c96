#include "hipcoding_harness.h"

#include <algorithm>

void single_pass_scan_i32(int n, const int* in, int* out, hipStream_t stream);

// The precondition the prompt states: every prefix sum lies in [-2^30, 2^30), so every sum of a
// contiguous range (a difference of two prefix sums) fits int32 whatever way a scan groups it.
constexpr long long kPrefixBound = 1LL << 30;

static void run(hc::Test& t) {
  int n = static_cast<int>(t.param("n"));
#ifdef CPURT_MODE_RACE
  // Race mode runs every GPU thread as an OS thread under ThreadSanitizer and the blocks one after
  // another: a few tiles (the last one partial) show every race the millions of elements can.
  n = std::min(n, 3 * 2048 + 77);
#endif
  const int lo = static_cast<int>(t.param("lo", -1000)), hi = static_cast<int>(t.param("hi", 1000));
  std::vector<int> in = t.uniform_int(n, lo, hi);
  if (t.is("special")) {
    // Magnitudes near the bound in sign-alternating pairs and triples (the prefix swings between
    // about -0.84 * 2^30 and 0.84 * 2^30 while every range sum still fits), a period of 17 whose sum
    // is 3 (so tiles carry different, nonzero sums), a stretch of zeros longer than three tiles of
    // 2048 (tiles whose sum is 0 must still pass their predecessors' carry on) and stretches of -1
    // and +1. Every stretch starts and ends on a period boundary, so the prefix stays in bounds.
    const int big = 900000001;
    const int pattern[17] = {big, -big, -big, big, 0, 7, -7, big, -big, 0, -big, 3, big, -3, 1, -1, 3};
    for (int i = 0; i < n; ++i) in[i] = pattern[i % 17];
    const int zeros = (n / 5) / 17 * 17, minus = (n / 2) / 17 * 17;
    for (int i = zeros; i < std::min(n, zeros + 17 * 362); ++i) in[i] = 0;
    for (int i = minus; i < std::min(n, minus + 17 * 530); ++i) in[i] = i - minus < 17 * 265 ? -1 : 1;
  }
  std::vector<int> want(n);
  long long acc = 0;
  for (int i = 0; i < n; ++i) {
    acc += in[i];
    if (acc >= kPrefixBound || acc < -kPrefixBound) return t.fail("harness error: a prefix sum leaves [-2^30, 2^30)");
    want[i] = static_cast<int>(acc);
  }

  auto din = t.input(in, "in");
  auto dout = t.output<int>(n, "out");
  single_pass_scan_i32(n, din.get(), dout.get(), t.stream());
  t.finish_call();
  t.expect_equal("out", dout.download(), want);
}

int main(int argc, char** argv) { return hc::run_tests(argc, argv, run); }

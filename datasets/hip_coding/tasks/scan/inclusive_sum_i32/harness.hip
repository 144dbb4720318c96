#include "hipcoding_harness.h"

void inclusive_scan_i32(int n, const int* in, int* out, hipStream_t stream);

static void run(hc::Test& t) {
  const int n = static_cast<int>(t.param("n"));
  std::vector<int> in = t.uniform_int(n, -1000, 1000);
  if (t.is("special")) {
    // zeros, negatives and magnitudes at the int32 limits, arranged so every prefix sum still fits
    const int pattern[] = {0, 2000000000, -2000000000, 0, -2147483647 - 1, 2147483647, 0, 0,
                           1500000000, 600000000, -2100000000, -5, 3, 0, 0, 4};
    for (int i = 0; i < n; ++i) in[i] = pattern[i % 16];
  }
  std::vector<int> want(n);
  long long acc = 0;
  for (int i = 0; i < n; ++i) {
    acc += in[i];
    if (acc > 2147483647LL || acc < -2147483647LL - 1) return t.fail("harness error: prefix sum overflows int32");
    want[i] = static_cast<int>(acc);
  }

  auto din = t.input(in, "in");
  auto dout = t.output<int>(n, "out");
  inclusive_scan_i32(n, din.get(), dout.get(), t.stream());
  t.finish_call();
  t.expect_equal("out", dout.download(), want);
}

int main(int argc, char** argv) { return hc::run_tests(argc, argv, run); }

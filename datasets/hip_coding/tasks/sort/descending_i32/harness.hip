#include "hipcoding_harness.h"

#include <algorithm>
#include <climits>
#include <functional>

void sort_descending(int* data, int n, hipStream_t stream);

static void run(hc::Test& t) {
  const int n = static_cast<int>(t.param("n"));
  std::vector<int> data = t.uniform_int(n, -1000000, 1000000);
  // Half the values from a small range, so runs of equal keys meet across merge boundaries.
  for (int i = 0; i < n; i += 2) data[i] %= 50;
  if (t.is("special")) {
    // The int extremes, zero, -1, long equal runs, and an ascending stretch (the worst input order).
    const int specials[] = {INT_MIN, INT_MAX, 0, -1, 1, INT_MIN + 1, INT_MAX - 1, 7, 7, 7, 7, 7};
    for (int i = 0; i < n; ++i) {
      if (i < n / 3) data[i] = i - n;  // ascending
      else if (i % 2) data[i] = specials[(i / 2) % 12];
    }
  }
  std::vector<int> want = data;
  std::sort(want.begin(), want.end(), std::greater<int>());

  auto d_data = t.inout(data, "data");
  sort_descending(d_data.get(), n, t.stream());
  t.finish_call();
  t.expect_equal("data", d_data.download(), want);
}

int main(int argc, char** argv) { return hc::run_tests(argc, argv, run); }

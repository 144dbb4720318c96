#include "hipcoding_harness.h"

#include <algorithm>
#include <climits>

void reduce_by_key(int n, const int* keys, const float* values, int* unique_keys, float* sums, int* num_unique,
                   hipStream_t stream);

static void run(hc::Test& t) {
  int n = static_cast<int>(t.param("n"));
#ifdef CPURT_MODE_RACE
  n = std::min(n, 3000);  // race mode: one OS thread per GPU thread under ThreadSanitizer (docs/tasks.md)
#endif
  // Keys drawn from about 2 n / spread values (runs of spread / 2 on average); pattern 1: all distinct,
  // pattern 2: all equal (one segment).
  const int spread = static_cast<int>(t.param("spread"));
  const int pattern = static_cast<int>(t.param("pattern", 0));
  std::vector<int> keys = t.uniform_int(n, -(n / spread) - 1, n / spread + 1);
  if (pattern == 1)
    for (int i = 0; i < n; ++i) keys[i] = 3 * i - n;
  if (pattern == 2) std::fill(keys.begin(), keys.end(), 41);
  if (t.is("special")) {
    // The int extremes (a key difference overflows), runs that end exactly on 256-element boundaries,
    // a long run, and a stretch of distinct keys.
    for (int i = 0; i < n; ++i) {
      if (i < n / 8) keys[i] = INT_MIN + i / 100;
      else if (i > 7 * n / 8) keys[i] = INT_MAX - (n - i) / 300;
      else if (i < n / 4) keys[i] = -1000000 + i / 256;
      else if (i < n / 2) keys[i] = 0;
      else if (i < 5 * n / 8) keys[i] = i;
    }
  }
  std::sort(keys.begin(), keys.end());
  // Multiples of 1/8 in [-8, 8]: every partial sum of a segment (fewer than 2^17 elements) is a multiple
  // of 1/8 below 2^20 in magnitude, exact in float, so any summation order gives the exact sum.
  std::vector<int> eighths = t.uniform_int(n, -64, 64);
  std::vector<float> values(n);
  for (int i = 0; i < n; ++i) values[i] = static_cast<float>(eighths[i]) * 0.125f;
  if (t.is("special"))
    for (int i = n / 4; i < n / 2; i += 2) values[i] = -values[i + 1 < n ? i + 1 : i];  // pairs that cancel
  std::vector<int> want_keys;
  std::vector<double> want_sums;
  for (int i = 0; i < n; ++i) {
    if (i == 0 || keys[i] != keys[i - 1]) {
      want_keys.push_back(keys[i]);
      want_sums.push_back(0.0);
    }
    want_sums.back() += values[i];
  }

  auto dk = t.input(keys, "keys");
  auto dv = t.input(values, "values");
  auto duk = t.output<int>(n, "unique_keys");
  auto ds = t.output<float>(n, "sums");
  auto dnu = t.output<int>(1, "num_unique");
  reduce_by_key(n, dk.get(), dv.get(), duk.get(), ds.get(), dnu.get(), t.stream());
  t.finish_call();
  t.expect_equal("num_unique", dnu.download(), std::vector<int>{static_cast<int>(want_keys.size())});
  // Only the first num_unique entries are defined; the rest is left unspecified.
  std::vector<int> got_keys = duk.download();
  got_keys.resize(want_keys.size());
  t.expect_equal("unique_keys", got_keys, want_keys);
  std::vector<float> got_sums = ds.download();
  got_sums.resize(want_sums.size());
  t.expect_close("sums", got_sums, want_sums);
}

int main(int argc, char** argv) { return hc::run_tests(argc, argv, run); }

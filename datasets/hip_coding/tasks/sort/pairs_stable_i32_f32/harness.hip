#include "hipcoding_harness.h"

#include <algorithm>
#include <climits>
#include <numeric>

void sort_pairs(const int* keys_in, const float* values_in, int n, int* keys_out, float* values_out,
                hipStream_t stream);

// Values are payload: compared bit for bit, so a swapped -0.0 / 0.0 or a changed NaN is caught too.
static std::vector<uint32_t> bits(const std::vector<float>& v) {
  std::vector<uint32_t> out(v.size());
  if (!v.empty()) std::memcpy(out.data(), v.data(), v.size() * sizeof(float));
  return out;
}

static void run(hc::Test& t) {
  const int n = static_cast<int>(t.param("n"));
  // Few distinct keys (about 8 per key), so stability decides most of the value order.
  const int range = n / 16 + 1;
  std::vector<int> keys = t.uniform_int(n, -range, range);
  std::vector<float> values(n);
  for (int i = 0; i < n; ++i) values[i] = static_cast<float>(i) * 0.5f - 7.0f;  // distinct: shows any reordering
  if (t.is("special")) {
    const int specials[] = {INT_MIN, INT_MAX, 0, -1, 1, INT_MIN + 1, INT_MAX - 1, 0};
    for (int i = 0; i < n; ++i) keys[i] = i % 3 ? specials[i % 8] : keys[i];
    const float payload[] = {NAN, -0.0f, 0.0f, INFINITY, -INFINITY};
    for (int i = 0; i < n; i += 7) values[i] = payload[(i / 7) % 5];
  }
  if (t.param("equal", 0))  // only two distinct keys: stability decides almost everything
    for (int i = 0; i < n; ++i) keys[i] = (i % 3) ? 5 : -5;
  std::vector<int> order(n);
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return keys[a] < keys[b]; });
  std::vector<int> want_keys(n);
  std::vector<float> want_values(n);
  for (int i = 0; i < n; ++i) want_keys[i] = keys[order[i]], want_values[i] = values[order[i]];

  auto d_keys = t.input(keys, "keys_in");
  auto d_values = t.input(values, "values_in");
  auto d_keys_out = t.output<int>(n, "keys_out");
  auto d_values_out = t.output<float>(n, "values_out");
  sort_pairs(d_keys.get(), d_values.get(), n, d_keys_out.get(), d_values_out.get(), t.stream());
  t.finish_call();
  t.expect_equal("keys_out", d_keys_out.download(), want_keys);
  t.expect_equal("values_out (bits)", bits(d_values_out.download()), bits(want_values));
}

int main(int argc, char** argv) { return hc::run_tests(argc, argv, run); }

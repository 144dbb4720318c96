#include "hipcoding_harness.h"

#include <algorithm>
#include <numeric>

void topk_rows(int rows, int cols, int k, const float* x, float* values, int* indices, hipStream_t stream);

static void run(hc::Test& t) {
  const int rows = static_cast<int>(t.param("rows")), cols = static_cast<int>(t.param("cols"));
  const int k = static_cast<int>(t.param("k"));
  std::vector<float> x = t.uniform((size_t)rows * cols, -100.0f, 100.0f);
  if (t.is("special")) {
    // Heavy ties (few distinct values, so the index order decides), -0.0 against 0.0, infinities,
    // an all-equal row, an all -inf row, and the maximum sitting at the very last column.
    std::uniform_int_distribution<int> few(-2, 2);
    for (int r = 0; r < rows; ++r) {
      float* row = &x[(size_t)r * cols];
      switch (r % 5) {
        case 0: for (int c = 0; c < cols; ++c) row[c] = static_cast<float>(few(t.rng())); break;
        case 1: for (int c = 0; c < cols; ++c) row[c] = c % 3 == 0 ? -0.0f : (c % 3 == 1 ? 0.0f : -1.0f); break;
        case 2: for (int c = 0; c < cols; ++c) row[c] = c % 7 == 0 ? INFINITY : (c % 7 == 1 ? -INFINITY : row[c]); break;
        case 3: for (int c = 0; c < cols; ++c) row[c] = r % 2 ? 5.0f : -INFINITY; break;
        default: row[cols - 1] = 1000.0f; break;
      }
    }
  }
  std::vector<double> want_v((size_t)rows * k);
  std::vector<int> want_i((size_t)rows * k);
  std::vector<int> order(cols);
  for (int r = 0; r < rows; ++r) {
    const float* row = &x[(size_t)r * cols];
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [row](int a, int b) { return row[a] > row[b]; });
    for (int j = 0; j < k; ++j) {
      want_v[(size_t)r * k + j] = row[order[j]];
      want_i[(size_t)r * k + j] = order[j];
    }
  }

  auto dx = t.input(x, "x");
  auto dv = t.output<float>((size_t)rows * k, "values");
  auto di = t.output<int>((size_t)rows * k, "indices");
  topk_rows(rows, cols, k, dx.get(), dv.get(), di.get(), t.stream());
  t.finish_call();
  t.expect_equal("indices", di.download(), want_i);
  t.expect_close("values", dv.download(), want_v);
}

int main(int argc, char** argv) { return hc::run_tests(argc, argv, run); }

#include "hipcoding_harness.h"

void softmax_rows(int rows, int cols, const float* x, float* y, hipStream_t stream);

static void run(hc::Test& t) {
  const int rows = static_cast<int>(t.param("rows")), cols = static_cast<int>(t.param("cols"));
  std::vector<float> x = t.uniform((size_t)rows * cols, -6.0f, 6.0f);
  if (t.is("special")) {
    // Row r gets its own flavour: magnitudes exp() cannot take without subtracting the max, -inf
    // entries (probability 0), constant rows, zeros, and a single dominant entry.
    std::uniform_real_distribution<float> huge(-1000.0f, 1000.0f);
    for (int r = 0; r < rows; ++r) {
      float* row = &x[(size_t)r * cols];
      switch (r % 6) {
        case 0: for (int c = 0; c < cols; ++c) row[c] = huge(t.rng()); break;
        case 1: for (int c = 0; c < cols; ++c) row[c] += 500.0f; break;
        case 2: for (int c = 0; c < cols; ++c) if (c % 3 == 0) row[c] = -INFINITY; break;
        case 3: for (int c = 0; c < cols; ++c) row[c] = -3.25f; break;
        case 4: for (int c = 0; c < cols; ++c) row[c] = c % 2 ? 0.0f : -0.0f; row[cols / 2] = 30.0f; break;
        default: for (int c = 0; c < cols; ++c) row[c] -= 800.0f; break;
      }
    }
  }
  std::vector<double> want((size_t)rows * cols);
  for (int r = 0; r < rows; ++r) {
    const float* row = &x[(size_t)r * cols];
    double mx = -INFINITY, sum = 0.0;
    for (int c = 0; c < cols; ++c) mx = std::max(mx, (double)row[c]);
    for (int c = 0; c < cols; ++c) sum += std::exp((double)row[c] - mx);
    for (int c = 0; c < cols; ++c) want[(size_t)r * cols + c] = std::exp((double)row[c] - mx) / sum;
  }

  auto dx = t.input(x, "x");
  auto dy = t.output<float>((size_t)rows * cols, "y");
  softmax_rows(rows, cols, dx.get(), dy.get(), t.stream());
  t.finish_call();
  t.expect_close("y", dy.download(), want);
}

int main(int argc, char** argv) { return hc::run_tests(argc, argv, run); }

#include "hipcoding_harness.h"

void log_softmax_rows(int rows, int cols, const float* x, float* y, hipStream_t stream);

static void run(hc::Test& t) {
  int rows = static_cast<int>(t.param("rows"));
  const int cols = static_cast<int>(t.param("cols"));
#ifdef CPURT_MODE_RACE
  rows = std::min(rows, 9);  // race mode: one OS thread per GPU thread under ThreadSanitizer (docs/tasks.md)
#endif
  std::vector<float> x = t.uniform((size_t)rows * cols, -6.0f, 6.0f);
  if (t.is("special")) {
    // Magnitudes where exp overflows without the max shift, spreads where softmax itself underflows
    // to 0 (so log(softmax) would be -inf), -inf entries, constant rows, signed zeros and rows far below 0.
    std::uniform_real_distribution<float> huge(-1000.0f, 1000.0f);
    for (int r = 0; r < rows; ++r) {
      float* row = &x[(size_t)r * cols];
      switch (r % 7) {
        case 0: for (int c = 0; c < cols; ++c) row[c] = huge(t.rng()); break;
        case 1: for (int c = 0; c < cols; ++c) row[c] = c % 4 ? -250.0f + row[c] : row[c]; break;
        case 2: for (int c = 0; c < cols; ++c) if (c % 3 == 0) row[c] = -INFINITY; break;
        case 3: for (int c = 0; c < cols; ++c) row[c] = 7.5f; break;
        case 4: for (int c = 0; c < cols; ++c) row[c] = c % 2 ? 0.0f : -0.0f; row[cols / 3] = 40.0f; break;
        case 5: for (int c = 0; c < cols; ++c) row[c] += 900.0f; break;
        default: for (int c = 0; c < cols; ++c) row[c] -= 990.0f; break;  // exp(x) alone underflows everywhere
      }
    }
  }
  std::vector<double> want((size_t)rows * cols);
  for (int r = 0; r < rows; ++r) {
    const float* row = &x[(size_t)r * cols];
    double mx = -INFINITY, sum = 0.0;
    for (int c = 0; c < cols; ++c) mx = std::max(mx, (double)row[c]);
    for (int c = 0; c < cols; ++c) sum += std::exp((double)row[c] - mx);
    for (int c = 0; c < cols; ++c) want[(size_t)r * cols + c] = ((double)row[c] - mx) - std::log(sum);
  }

  auto dx = t.input(x, "x");
  auto dy = t.output<float>((size_t)rows * cols, "y");
  log_softmax_rows(rows, cols, dx.get(), dy.get(), t.stream());
  t.finish_call();
  t.expect_close("y", dy.download(), want);
}

int main(int argc, char** argv) { return hc::run_tests(argc, argv, run); }

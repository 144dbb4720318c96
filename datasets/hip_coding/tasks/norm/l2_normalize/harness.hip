#include "hipcoding_harness.h"

void l2_normalize(int rows, int cols, float eps, const float* x, float* y, hipStream_t stream);

static void run(hc::Test& t) {
  const int rows = static_cast<int>(t.param("rows")), cols = static_cast<int>(t.param("cols"));
  std::vector<float> x = t.uniform((size_t)rows * cols, -2.0f, 2.0f);
  const float eps = 1.0e-6f;
  if (t.is("special")) {
    // All-zero rows (norm clamped to eps: output 0, not NaN), rows whose norm is below eps (divided by
    // eps, not by the norm), huge and tiny magnitudes, one nonzero entry, a constant negative row.
    for (int r = 0; r < rows; ++r) {
      float* row = &x[(size_t)r * cols];
      switch (r % 6) {
        case 0: for (int c = 0; c < cols; ++c) row[c] = c % 2 ? 0.0f : -0.0f; break;
        case 1: for (int c = 0; c < cols; ++c) row[c] *= 1.0e-9f; break;
        case 2: for (int c = 0; c < cols; ++c) row[c] *= 1.0e15f; break;
        case 3: for (int c = 0; c < cols; ++c) row[c] = c == 9 ? -7.0f : 0.0f; break;
        case 4: for (int c = 0; c < cols; ++c) row[c] = -0.125f; break;
        default: for (int c = 0; c < cols; ++c) row[c] *= 1.0e-3f; break;
      }
    }
  }
  std::vector<double> want((size_t)rows * cols);
  for (int r = 0; r < rows; ++r) {
    const float* row = &x[(size_t)r * cols];
    double sq = 0.0;
    for (int c = 0; c < cols; ++c) sq += (double)row[c] * row[c];
    const double denom = std::max(std::sqrt(sq), (double)eps);
    for (int c = 0; c < cols; ++c) want[(size_t)r * cols + c] = row[c] / denom;
  }

  auto dx = t.input(x, "x");
  auto dy = t.output<float>((size_t)rows * cols, "y");
  l2_normalize(rows, cols, eps, dx.get(), dy.get(), t.stream());
  t.finish_call();
  t.expect_close("y", dy.download(), want);
}

int main(int argc, char** argv) { return hc::run_tests(argc, argv, run); }

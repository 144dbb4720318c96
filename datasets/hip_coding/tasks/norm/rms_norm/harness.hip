#include "hipcoding_harness.h"

void rms_norm(int rows, int cols, float eps, const float* x, const float* weight, float* y, hipStream_t stream);

static void run(hc::Test& t) {
  const int rows = static_cast<int>(t.param("rows")), cols = static_cast<int>(t.param("cols"));
  std::vector<float> x = t.uniform((size_t)rows * cols, -3.0f, 3.0f);
  std::vector<float> weight = t.uniform(cols, 0.5f, 2.0f);
  const float eps = 1.0e-6f;
  if (t.is("special")) {
    // An all-zero row (0 / sqrt(eps) = 0: eps is what keeps it finite), tiny values where eps
    // dominates, huge values, a constant row, a single outlier, and zero/negative weights.
    for (int r = 0; r < rows; ++r) {
      float* row = &x[(size_t)r * cols];
      switch (r % 6) {
        case 0: for (int c = 0; c < cols; ++c) row[c] = c % 2 ? 0.0f : -0.0f; break;
        case 1: for (int c = 0; c < cols; ++c) row[c] *= 1.0e-4f; break;
        case 2: for (int c = 0; c < cols; ++c) row[c] *= 1.0e15f; break;
        case 3: for (int c = 0; c < cols; ++c) row[c] = -2.5f; break;
        case 4: for (int c = 0; c < cols; ++c) row[c] = c == 5 ? 500.0f : 0.01f; break;
        default: break;
      }
    }
    weight[0] = 0.0f;
    weight[1] = -1.0f;
  }
  std::vector<double> want((size_t)rows * cols);
  for (int r = 0; r < rows; ++r) {
    const float* row = &x[(size_t)r * cols];
    double sq = 0.0;
    for (int c = 0; c < cols; ++c) sq += (double)row[c] * row[c];
    const double inv_rms = 1.0 / std::sqrt(sq / cols + (double)eps);
    for (int c = 0; c < cols; ++c) want[(size_t)r * cols + c] = row[c] * inv_rms * weight[c];
  }

  auto dx = t.input(x, "x");
  auto dw = t.input(weight, "weight");
  auto dy = t.output<float>((size_t)rows * cols, "y");
  rms_norm(rows, cols, eps, dx.get(), dw.get(), dy.get(), t.stream());
  t.finish_call();
  t.expect_close("y", dy.download(), want);
}

int main(int argc, char** argv) { return hc::run_tests(argc, argv, run); }

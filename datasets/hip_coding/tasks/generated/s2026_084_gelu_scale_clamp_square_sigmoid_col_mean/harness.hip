#include "hipcoding_harness.h"

void fused_chain_84(int rows, int cols, const float* x, float* y, hipStream_t stream);

static std::vector<float> narrow(const std::vector<float>& v) { return v; }
static std::vector<float> widen(const std::vector<float>& v) { return v; }

static void run(hc::Test& t) {
  const int rows = static_cast<int>(t.param("rows")), cols = static_cast<int>(t.param("cols"));
  std::vector<float> x = t.uniform((size_t)rows * cols, -3.0f, 3.0f);
  if (t.is("special")) {
    const float specials[] = {0.0f, -0.0f, 1e-30f, -1e-30f, 4.0f, -4.0f, 0.5f, -0.5f, 1.0f, -1.0f, 3.0f, -3.0f};
    for (size_t i = 0; i < x.size(); ++i) x[i] = (i % 3 == 0) ? specials[(i / 3) % 12] : x[i];
    for (int c = 0; c < cols; c += 4)  // constant columns
      for (int row = 0; row < rows; ++row) x[(size_t)row * cols + c] = 0.0f;
  }
  // The inputs as stored; the expected result is computed from exactly those.
  const auto xs = narrow(x);
  x = widen(xs);
  std::vector<double> vm((size_t)rows * cols);  // the chained values, in double
  for (int row = 0; row < rows; ++row) {
    for (int c = 0; c < cols; ++c) {
      const size_t i = (size_t)row * cols + c;
      double d = x[i];
      d = 0.5 * d * (1.0 + std::tanh(std::sqrt(2.0 / M_PI) * (d + 0.044715 * d * d * d)));
      d = d * 1.5;
      d = std::min(std::max(d, -1.53), 0.75);
      d = d * d;
      d = 1.0 / (1.0 + std::exp(-d));
      vm[i] = d;
    }
  }
  std::vector<double> want((size_t)cols);
  for (int c = 0; c < cols; ++c) {
    std::vector<double> v(rows);  // column c
    for (int row = 0; row < rows; ++row) v[row] = vm[(size_t)row * cols + c];
    double s = 0.0;
    for (double d : v) s += d;
    want[c] = s / rows;
  }
  auto dx = t.input(xs, "x");
  auto dy = t.output<float>((size_t)cols, "y");
  fused_chain_84(rows, cols, dx.get(), dy.get(), t.stream());
  t.finish_call();
  t.expect_close("y", widen(dy.download()), want);
}

int main(int argc, char** argv) { return hc::run_tests(argc, argv, run); }

#include <hip/hip_fp16.h>
#include "hipcoding_harness.h"

void fused_chain_23(int rows, int cols, const __half* x, const __half* w, __half* y, hipStream_t stream);

static std::vector<__half> narrow(const std::vector<float>& v) {
  std::vector<__half> out(v.size());
  for (size_t i = 0; i < v.size(); ++i) out[i] = __float2half(v[i]);
  return out;
}

static std::vector<float> widen(const std::vector<__half>& v) {
  std::vector<float> out(v.size());
  for (size_t i = 0; i < v.size(); ++i) out[i] = __half2float(v[i]);
  return out;
}

static void run(hc::Test& t) {
  const int rows = static_cast<int>(t.param("rows")), cols = static_cast<int>(t.param("cols"));
  std::vector<float> x = t.uniform((size_t)rows * cols, -3.0f, 3.0f);
  std::vector<float> w = t.uniform(cols, -1.0f, 1.0f);
  if (t.is("special")) {
    const float specials[] = {0.0f, -0.0f, 1e-30f, -1e-30f, 4.0f, -4.0f, 0.5f, -0.5f, 1.0f, -1.0f, 3.0f, -3.0f};
    for (size_t i = 0; i < x.size(); ++i) x[i] = (i % 3 == 0) ? specials[(i / 3) % 12] : x[i];
    for (int row = 0; row < rows; row += 4)  // constant rows
      for (int c = 0; c < cols; ++c) x[(size_t)row * cols + c] = 0.0f;
    // Rows whose chained values overflow (underflow) expf unless the row maximum is subtracted first.
    const float hot[] = {62.0f, 62.25f, 62.5f, 62.75f, 63.0f, 63.25f, 63.5f, 63.75f};
    for (int row = 1; row < rows; row += 4)
      for (int c = 0; c < cols; ++c) x[(size_t)row * cols + c] = hot[(c + row) % 8];
    const float cold[] = {-848.0f, -840.0f, -832.0f, -824.0f, -816.0f, -808.0f, -800.0f};
    for (int row = 2; row < rows; row += 4)
      for (int c = 0; c < cols; ++c) x[(size_t)row * cols + c] = cold[(c + row) % 7];
    // Rows of values more than 89 below one spike: a maximum that misses it overflows.
    const float cool[] = {-4.0f, -3.25f, -2.25f, -1.5f, -0.5f, 0.5f, 1.25f, 2.25f};
    for (int row = 3; row < rows; row += 4) {
      for (int c = 0; c < cols; ++c) x[(size_t)row * cols + c] = cool[(c + row) % 8];
      x[(size_t)row * cols + (row % 8 == 3 ? 0 : (size_t)row * 101 % cols)] = 63.75f;
    }
  }
  // The inputs as stored; the expected result is computed from exactly those.
  const auto xs = narrow(x);
  x = widen(xs);
  const auto ws = narrow(w);
  w = widen(ws);
  std::vector<double> vm((size_t)rows * cols);  // the chained values, in double
  for (int row = 0; row < rows; ++row) {
    for (int c = 0; c < cols; ++c) {
      const size_t i = (size_t)row * cols + c;
      double d = x[i];
      d = d > 0.0 ? d : 0.09 * d;
      d = d * 1.5;
      d = d + w[c];
      vm[i] = d;
    }
  }
  std::vector<double> want((size_t)rows);
  for (int row = 0; row < rows; ++row) {
    const auto first = vm.begin() + (size_t)row * cols;
    const std::vector<double> v(first, first + cols);  // row `row`
    double m = -INFINITY, s = 0.0;
    for (double d : v) m = std::max(m, d);
    for (double d : v) s += std::exp(d - m);
    want[row] = m + std::log(s);
  }
  auto dx = t.input(xs, "x");
  auto dw = t.input(ws, "w");
  auto dy = t.output<__half>((size_t)rows, "y");
  fused_chain_23(rows, cols, dx.get(), dw.get(), dy.get(), t.stream());
  t.finish_call();
  t.expect_close("y", widen(dy.download()), want);
}

int main(int argc, char** argv) { return hc::run_tests(argc, argv, run); }

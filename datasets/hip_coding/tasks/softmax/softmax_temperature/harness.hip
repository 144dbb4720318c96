#include "hipcoding_harness.h"

void softmax_temperature(int rows, int cols, const float* x, const float* temperature, float* y,
                         hipStream_t stream);

static void run(hc::Test& t) {
  const int rows = static_cast<int>(t.param("rows")), cols = static_cast<int>(t.param("cols"));
  std::vector<float> x = t.uniform((size_t)rows * cols, -4.0f, 4.0f);
  std::vector<float> temp = t.uniform(rows, 0.25f, 4.0f);
  if (t.is("special")) {
    // Tiny temperatures (near one-hot, exp overflows unless shifted), huge ones (near uniform),
    // inputs of magnitude 1000, -inf entries and constant rows.
    std::uniform_real_distribution<float> huge(-1000.0f, 1000.0f);
    for (int r = 0; r < rows; ++r) {
      float* row = &x[(size_t)r * cols];
      switch (r % 6) {
        case 0: temp[r] = 0.01f; break;
        case 1: temp[r] = 1.0e4f; break;
        case 2: for (int c = 0; c < cols; ++c) row[c] = huge(t.rng()); temp[r] = 1.0f; break;
        case 3: for (int c = 0; c < cols; ++c) if (c % 4 == 1) row[c] = -INFINITY; temp[r] = 0.5f; break;
        case 4: for (int c = 0; c < cols; ++c) row[c] = 2.5f; temp[r] = 0.05f; break;
        default: for (int c = 0; c < cols; ++c) row[c] = 0.25f * row[c] + 300.0f; temp[r] = 0.02f; break;
      }
    }
  }
  std::vector<double> want((size_t)rows * cols);
  for (int r = 0; r < rows; ++r) {
    const float* row = &x[(size_t)r * cols];
    const double tr = temp[r];
    double mx = -INFINITY, sum = 0.0;
    for (int c = 0; c < cols; ++c) mx = std::max(mx, (double)row[c]);
    for (int c = 0; c < cols; ++c) sum += std::exp(((double)row[c] - mx) / tr);
    for (int c = 0; c < cols; ++c) want[(size_t)r * cols + c] = std::exp(((double)row[c] - mx) / tr) / sum;
  }

  auto dx = t.input(x, "x");
  auto dt = t.input(temp, "temperature");
  auto dy = t.output<float>((size_t)rows * cols, "y");
  softmax_temperature(rows, cols, dx.get(), dt.get(), dy.get(), t.stream());
  t.finish_call();
  t.expect_close("y", dy.download(), want);
}

int main(int argc, char** argv) { return hc::run_tests(argc, argv, run); }

#include "hipcoding_harness.h"

void transpose_scale_f32(int rows, int cols, float alpha, const float* in, float* out, hipStream_t stream);

static void run(hc::Test& t) {
  const int rows = static_cast<int>(t.param("rows"));
  const int cols = static_cast<int>(t.param("cols"));
  const size_t count = static_cast<size_t>(rows) * cols;
  std::vector<float> in = t.uniform(count, -10.0f, 10.0f);
  float alpha = 0.7f;
  if (t.is("special")) {
    // a negative scale; zeros, huge values that overflow to inf in single precision, inf (times
    // alpha) and NaN. The product is one IEEE single-precision multiplication, as in the reference.
    alpha = -2.5f;
    const float specials[] = {0.0f, -0.0f, 1e38f, -1e38f, 1e-30f, INFINITY, -INFINITY, NAN, 3.0f};
    for (size_t i = 0; i < count; ++i) in[i] = (i % 2 == 0) ? specials[(i / 2) % 9] : in[i];
  }
  std::vector<float> want(count);
  for (int r = 0; r < rows; ++r)
    for (int c = 0; c < cols; ++c) {
      volatile float product = alpha * in[static_cast<size_t>(r) * cols + c];  // rounded to float here
      want[static_cast<size_t>(c) * rows + r] = product;
    }

  auto din = t.input(in, "in");
  auto dout = t.output<float>(count, "out");
  transpose_scale_f32(rows, cols, alpha, din.get(), dout.get(), t.stream());
  t.finish_call();
  t.expect_close("out", dout.download(), want);
}

int main(int argc, char** argv) { return hc::run_tests(argc, argv, run); }

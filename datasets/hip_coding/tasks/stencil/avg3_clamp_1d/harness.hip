#include "hipcoding_harness.h"

void avg3_clamp(int n, const float* in, float* out, hipStream_t stream);

static void run(hc::Test& t) {
  const int n = static_cast<int>(t.param("n"));
  std::vector<float> in = t.uniform(n, -4.0f, 4.0f);
  if (t.is("special")) {
    // zeros, negatives, huge and tiny magnitudes; inf and NaN spread to their neighbours as IEEE says
    const float specials[] = {0.0f, -0.0f, 1e37f, -1e37f, 1e-30f, -3.5f, 2.0f, INFINITY, 7.0f, -1e-30f,
                              5.0f, 1e37f, 1e37f, -2.0f, NAN, 0.5f, -INFINITY, 0.0f, 0.0f, 1.0f, 0.0f};
    for (int i = 0; i < n; ++i) in[i] = specials[i % 21];
  }
  std::vector<double> want(n);
  for (int i = 0; i < n; ++i) {
    double left = in[i > 0 ? i - 1 : 0], right = in[i < n - 1 ? i + 1 : n - 1];
    want[i] = (left + in[i] + right) / 3.0;
  }

  auto din = t.input(in, "in");
  auto dout = t.output<float>(n, "out");
  avg3_clamp(n, din.get(), dout.get(), t.stream());
  t.finish_call();
  t.expect_close("out", dout.download(), want);
}

int main(int argc, char** argv) { return hc::run_tests(argc, argv, run); }

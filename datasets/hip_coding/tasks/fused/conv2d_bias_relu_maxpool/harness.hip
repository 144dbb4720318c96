#include "hipcoding_harness.h"

#include <algorithm>

void conv_relu_pool(int batch, int c_in, int c_out, int h, int w, const float* x, const float* weight,
                    const float* bias, float* y, hipStream_t stream);

static void run(hc::Test& t) {
  const int batch = static_cast<int>(t.param("batch")), c_in = static_cast<int>(t.param("c_in"));
  const int c_out = static_cast<int>(t.param("c_out"));
  const int h = static_cast<int>(t.param("h")), w = static_cast<int>(t.param("w"));
  std::vector<float> x = t.uniform((size_t)batch * c_in * h * w, -1.0f, 1.0f);
  std::vector<float> weight = t.uniform((size_t)c_out * c_in * 9, -0.5f, 0.5f);
  std::vector<float> bias = t.uniform(c_out, -0.5f, 0.5f);
  if (t.is("special")) {
    // Small integers (every sum exact in any order, so ties inside a pooling window are exact), an
    // asymmetric one-hot filter (a flipped kernel or a shifted window shows), a strongly negative bias
    // (ReLU zeroes the whole channel), and the image's largest values on its border.
    std::uniform_int_distribution<int> digit(-2, 2);
    for (auto& v : x) v = static_cast<float>(digit(t.rng()));
    for (auto& v : weight) v = static_cast<float>(digit(t.rng()));
    for (int ci = 0; ci < c_in; ++ci)
      for (int k = 0; k < 9; ++k) weight[(size_t)ci * 9 + k] = (k == 2 && ci == 0) ? 1.0f : 0.0f;  // channel 0
    for (int co = 0; co < c_out; ++co) bias[co] = static_cast<float>(co % 3 - 1);
    if (c_out > 1) bias[1] = -1000.0f;
    for (int b = 0; b < batch; ++b)
      for (int c = 0; c < w; ++c) x[(((size_t)b * c_in) * h + (h - 1)) * w + c] = 50.0f;
  }
  const int ph = h / 2, pw = w / 2;
  std::vector<double> want((size_t)batch * c_out * ph * pw);
  std::vector<double> conv((size_t)h * w);
  for (int b = 0; b < batch; ++b)
    for (int co = 0; co < c_out; ++co) {
      for (int r = 0; r < h; ++r)
        for (int c = 0; c < w; ++c) {
          double s = bias[co];
          for (int ci = 0; ci < c_in; ++ci)
            for (int ky = 0; ky < 3; ++ky)
              for (int kx = 0; kx < 3; ++kx) {
                const int rr = r + ky - 1, cc = c + kx - 1;
                if (rr < 0 || rr >= h || cc < 0 || cc >= w) continue;
                s += (double)x[(((size_t)b * c_in + ci) * h + rr) * w + cc] * weight[((size_t)co * c_in + ci) * 9 + ky * 3 + kx];
              }
          conv[(size_t)r * w + c] = std::max(s, 0.0);
        }
      for (int py = 0; py < ph; ++py)
        for (int px = 0; px < pw; ++px) {
          double m = conv[(size_t)(2 * py) * w + 2 * px];
          m = std::max(m, conv[(size_t)(2 * py) * w + 2 * px + 1]);
          m = std::max(m, conv[(size_t)(2 * py + 1) * w + 2 * px]);
          m = std::max(m, conv[(size_t)(2 * py + 1) * w + 2 * px + 1]);
          want[(((size_t)b * c_out + co) * ph + py) * pw + px] = m;
        }
    }

  auto dx = t.input(x, "x");
  auto dw = t.input(weight, "weight");
  auto db = t.input(bias, "bias");
  auto dy = t.output<float>(want.size(), "y");
  conv_relu_pool(batch, c_in, c_out, h, w, dx.get(), dw.get(), db.get(), dy.get(), t.stream());
  t.finish_call();
  t.expect_close("y", dy.download(), want);
}

int main(int argc, char** argv) { return hc::run_tests(argc, argv, run); }

#include "hipcoding_harness.h"

void conv2d_nchw(int n, int c, int h, int w, int k, int r, int s, int stride_h, int stride_w, int pad_h, int pad_w,
                 int dil_h, int dil_w, const float* x, const float* weight, const float* bias, float* y,
                 hipStream_t stream);

// Multiples of 1/16 in [-2, 2]: every product is a multiple of 2^-8 of magnitude <= 4, so every partial
// sum of the tests (at most 2048 taps) is exact in float whatever the order.
static std::vector<float> sixteenths(hc::Test& t, size_t count) {
  std::vector<int> v = t.uniform_int(count, -32, 32);
  std::vector<float> out(count);
  for (size_t i = 0; i < count; ++i) out[i] = static_cast<float>(v[i]) / 16.0f;
  return out;
}

static void run(hc::Test& t) {
  int n = static_cast<int>(t.param("n")), k = static_cast<int>(t.param("k"));
  int h = static_cast<int>(t.param("h")), w = static_cast<int>(t.param("w"));
  const int c = static_cast<int>(t.param("c")), r = static_cast<int>(t.param("r")), s = static_cast<int>(t.param("s"));
  const int sh = static_cast<int>(t.param("sh")), sw = static_cast<int>(t.param("sw"));
  const int ph = static_cast<int>(t.param("ph")), pw = static_cast<int>(t.param("pw"));
  const int dh = static_cast<int>(t.param("dh")), dw = static_cast<int>(t.param("dw"));
#ifdef CPURT_MODE_RACE
  // race mode: one OS thread per GPU thread under ThreadSanitizer (docs/tasks.md); the window still fits
  n = 1;
  k = std::min(k, 20);
  h = std::min(h, std::max(18, dh * (r - 1) + 1));
  w = std::min(w, std::max(18, dw * (s - 1) + 1));
#endif
  const int p = (h + 2 * ph - dh * (r - 1) - 1) / sh + 1;
  const int q = (w + 2 * pw - dw * (s - 1) - 1) / sw + 1;
  if (p < 1 || q < 1) return t.fail("harness error: the test's window does not fit its padded input");
  std::vector<float> x = sixteenths(t, (size_t)n * c * h * w);
  std::vector<float> weight = sixteenths(t, (size_t)k * c * r * s);
  std::vector<float> bias = sixteenths(t, k);
  if (t.is("special")) {
    // Extreme values in the top-left and bottom-right corners (they sit next to the padding), a filter of
    // zeros (output = bias) and a filter that is nonzero only at its last tap.
    for (int img = 0; img < n; ++img)
      for (int ci = 0; ci < c; ++ci) {
        float* plane = &x[((size_t)img * c + ci) * h * w];
        plane[0] = 2.0f, plane[(size_t)h * w - 1] = -2.0f;
      }
    const size_t taps = (size_t)c * r * s;
    for (size_t j = 0; j < taps; ++j) weight[j] = 0.0f;
    if (k > 1)
      for (size_t j = 0; j < taps; ++j) weight[taps + j] = j + 1 == taps ? 1.0f : 0.0f;
  }

  const size_t out_total = (size_t)n * k * p * q;
  std::vector<double> want(out_total);
  for (int img = 0; img < n; ++img)
    for (int kk = 0; kk < k; ++kk)
      for (int op = 0; op < p; ++op)
        for (int oq = 0; oq < q; ++oq) {
          double acc = bias[kk];
          for (int ci = 0; ci < c; ++ci)
            for (int rr = 0; rr < r; ++rr) {
              const int iy = op * sh - ph + rr * dh;
              if (iy < 0 || iy >= h) continue;
              for (int ss = 0; ss < s; ++ss) {
                const int ix = oq * sw - pw + ss * dw;
                if (ix < 0 || ix >= w) continue;
                acc += (double)x[(((size_t)img * c + ci) * h + iy) * w + ix] *
                       weight[(((size_t)kk * c + ci) * r + rr) * s + ss];
              }
            }
          want[(((size_t)img * k + kk) * p + op) * q + oq] = acc;
        }

  auto dx = t.input(x, "x");
  auto dweight = t.input(weight, "weight");
  auto dbias = t.input(bias, "bias");
  auto dy = t.output<float>(out_total, "y");
  conv2d_nchw(n, c, h, w, k, r, s, sh, sw, ph, pw, dh, dw, dx.get(), dweight.get(), dbias.get(), dy.get(), t.stream());
  t.finish_call();
  t.expect_close("y", dy.download(), want);
}

int main(int argc, char** argv) { return hc::run_tests(argc, argv, run); }

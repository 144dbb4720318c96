#include "hipcoding_harness.h"

void depthwise_conv2d(int channels, int height, int width, int k, const float* input, const float* filter,
                      float* output, hipStream_t stream);

// Small integers times 2^scale: with the filter also made of small integers (halves), every product
// and window sum is exact in float, so any summation order matches the double reference bit for bit
// and inf and NaN propagate as IEEE says.
static std::vector<float> exact_values(hc::Test& t, size_t n, int scale, bool with_nonfinite) {
  std::vector<float> v(n);
  std::mt19937_64& g = t.rng();
  const float nonfinite[] = {INFINITY, -INFINITY, NAN};
  for (size_t i = 0; i < n; ++i) {
    v[i] = std::ldexp(static_cast<float>(static_cast<int>(g() % 17) - 8), scale);
    if (with_nonfinite && g() % 211 == 0) v[i] = nonfinite[g() % 3];
  }
  return v;
}

static void run(hc::Test& t) {
  const int channels = static_cast<int>(t.param("channels"));
  const int height = static_cast<int>(t.param("height"));
  const int width = static_cast<int>(t.param("width"));
  const int k = static_cast<int>(t.param("k"));
  const size_t plane = static_cast<size_t>(height) * width, taps = static_cast<size_t>(k) * k;
  std::vector<float> input, filter;
  if (t.is("special")) {
    input = exact_values(t, channels * plane, static_cast<int>(t.param("scale", 0)), true);
    filter = exact_values(t, channels * taps, -1, false);
  } else {
    input = t.uniform(channels * plane, -1.0f, 1.0f);
    filter = t.uniform(channels * taps, -1.0f, 1.0f);
  }
  const int half = k / 2;
  std::vector<double> want(channels * plane, 0.0);
  for (int ch = 0; ch < channels; ++ch)
    for (int r = 0; r < height; ++r)
      for (int c = 0; c < width; ++c) {
        double acc = 0.0;
        for (int i = 0; i < k; ++i)
          for (int j = 0; j < k; ++j) {
            int ir = r + i - half, ic = c + j - half;
            if (ir >= 0 && ir < height && ic >= 0 && ic < width)
              acc += static_cast<double>(input[ch * plane + static_cast<size_t>(ir) * width + ic]) *
                     filter[ch * taps + i * k + j];
          }
        want[ch * plane + static_cast<size_t>(r) * width + c] = acc;
      }

  auto din = t.input(input, "input");
  auto dflt = t.input(filter, "filter");
  auto dout = t.output<float>(channels * plane, "output");
  depthwise_conv2d(channels, height, width, k, din.get(), dflt.get(), dout.get(), t.stream());
  t.finish_call();
  t.expect_close("output", dout.download(), want);
}

int main(int argc, char** argv) { return hc::run_tests(argc, argv, run); }

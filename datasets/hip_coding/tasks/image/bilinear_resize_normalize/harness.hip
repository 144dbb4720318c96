#include "hipcoding_harness.h"

#include <algorithm>

void resize_normalize(int channels, int in_h, int in_w, int out_h, int out_w, const float* in, const float* mean,
                      const float* stddev, float* out, hipStream_t stream);

// Source coordinate of output index o along an axis of in -> out samples: half-pixel centres, clamped
// below at the first centre; lo/hi are the two neighbours and w the weight of hi.
static void source(int o, int in, int out, int* lo, int* hi, double* w) {
  const double s = std::max((o + 0.5) * in / out - 0.5, 0.0);
  *lo = static_cast<int>(std::floor(s));
  *hi = std::min(*lo + 1, in - 1);
  *w = s - *lo;
}

static void run(hc::Test& t) {
  const int channels = static_cast<int>(t.param("channels"));
  const int in_h = static_cast<int>(t.param("in_h")), in_w = static_cast<int>(t.param("in_w"));
  const int out_h = static_cast<int>(t.param("out_h")), out_w = static_cast<int>(t.param("out_w"));
  const size_t plane_in = (size_t)in_h * in_w, plane_out = (size_t)out_h * out_w;
  std::vector<float> in = t.uniform(channels * plane_in, 0.0f, 1.0f);
  std::vector<float> mean = t.uniform(channels, 0.3f, 0.6f);
  std::vector<float> stddev = t.uniform(channels, 0.25f, 0.5f);
  if (t.is("special")) {
    // Channel 0 a 0/1 checkerboard (the largest neighbour differences: wrong weights or neighbours show
    // at full size), channel 1 constant (every convention gives (k - mean) / std), channel 2 a ramp
    // along x and channel 3 one along y (bilinear reproduces them exactly inside, so any shift of the
    // sampling grid shows as an offset), later channels 0/1 blocks; channel 1 with mean 0 and std 1.
    for (int c = 0; c < channels; ++c)
      for (int y = 0; y < in_h; ++y)
        for (int x = 0; x < in_w; ++x) {
          float v;
          switch (c) {
            case 0: v = static_cast<float>((x + y) % 2); break;
            case 1: v = 0.625f; break;
            case 2: v = static_cast<float>(x) / in_w; break;
            case 3: v = static_cast<float>(y) / in_h; break;
            default: v = static_cast<float>((x / 3 + y / 5) % 2); break;
          }
          in[c * plane_in + (size_t)y * in_w + x] = v;
        }
    if (channels > 1) mean[1] = 0.0f, stddev[1] = 1.0f;
  }
  std::vector<double> want(channels * plane_out);
  for (int oy = 0; oy < out_h; ++oy) {
    int y0, y1;
    double wy;
    source(oy, in_h, out_h, &y0, &y1, &wy);
    for (int ox = 0; ox < out_w; ++ox) {
      int x0, x1;
      double wx;
      source(ox, in_w, out_w, &x0, &x1, &wx);
      for (int c = 0; c < channels; ++c) {
        const float* p = &in[c * plane_in];
        const double top = (1.0 - wx) * p[(size_t)y0 * in_w + x0] + wx * p[(size_t)y0 * in_w + x1];
        const double bottom = (1.0 - wx) * p[(size_t)y1 * in_w + x0] + wx * p[(size_t)y1 * in_w + x1];
        const double v = (1.0 - wy) * top + wy * bottom;
        want[c * plane_out + (size_t)oy * out_w + ox] = (v - mean[c]) / stddev[c];
      }
    }
  }

  auto din = t.input(in, "in");
  auto dmean = t.input(mean, "mean");
  auto dstd = t.input(stddev, "stddev");
  auto dout = t.output<float>(channels * plane_out, "out");
  resize_normalize(channels, in_h, in_w, out_h, out_w, din.get(), dmean.get(), dstd.get(), dout.get(), t.stream());
  t.finish_call();
  t.expect_close("out", dout.download(), want);
}

int main(int argc, char** argv) { return hc::run_tests(argc, argv, run); }

#include "hipcoding_harness.h"

#include <algorithm>

void sobel_magnitude_threshold(int height, int width, float threshold, const float* image, float* magnitude,
                               unsigned char* edges, hipStream_t stream);

// Grey levels are integers in [0, 255], so gx, gy and gx^2 + gy^2 are exact integers in float in any
// evaluation order; the threshold is sqrt(N + 0.5) (test parameter thr_sq = N), 0 (thr_sq = -1) or
// -1.5 (thr_sq = -2), so no magnitude lies within rounding distance of it (checked below).
static float threshold_of(long long thr_sq) {
  if (thr_sq == -1) return 0.0f;
  if (thr_sq < 0) return -1.5f;
  return static_cast<float>(std::sqrt(static_cast<double>(thr_sq) + 0.5));
}

// Painted rectangles of random grey levels over a random background, plus integer noise in
// [-noise, noise], clamped to [0, 255]: flat areas (small magnitudes) and sharp edges (large ones).
static std::vector<int> shapes(hc::Test& t, int height, int width, int count, int noise) {
  std::mt19937_64& g = t.rng();
  std::vector<int> img((size_t)height * width, static_cast<int>(g() % 256));
  for (int k = 0; k < count; ++k) {
    const int r0 = static_cast<int>(g() % height), c0 = static_cast<int>(g() % width);
    const int r1 = std::min(height, r0 + 1 + static_cast<int>(g() % (height / 3 + 1)));
    const int c1 = std::min(width, c0 + 1 + static_cast<int>(g() % (width / 3 + 1)));
    const int level = static_cast<int>(g() % 256);
    for (int r = r0; r < r1; ++r)
      for (int c = c0; c < c1; ++c) img[(size_t)r * width + c] = level;
  }
  if (noise > 0)
    for (auto& v : img) v = std::min(255, std::max(0, v + static_cast<int>(g() % (2 * noise + 1)) - noise));
  return img;
}

static void run(hc::Test& t) {
  const int height = static_cast<int>(t.param("height")), width = static_cast<int>(t.param("width"));
  const long long thr_sq = t.param("thr_sq");
  const float threshold = threshold_of(thr_sq);
  const size_t pixels = (size_t)height * width;
  std::vector<int> img;
  if (t.is("ragged")) {
    img = t.uniform_int(pixels, 0, 255);  // pure noise: magnitudes spread over the whole range
  } else if (t.is("special")) {
    // Flat regions (magnitude exactly 0: with threshold 0 the comparison must be strict), single-pixel
    // spikes on the four corners and the borders (only clamping gives the right border responses),
    // period-2 stripes (invisible to a central difference: gx = 0) and period-4 stripes (the largest
    // horizontal response), and a full-range step one pixel inside the last column.
    img.assign(pixels, 0);
    for (int r = 0; r < height; ++r)
      for (int c = 0; c < width; ++c) {
        int v = 0;
        if (r < height / 3) v = 77;
        else if (r < 2 * height / 3) v = c < width / 2 ? ((c % 2) ? 255 : 0) : ((c / 2) % 2 ? 255 : 0);
        else v = c >= width - 2 ? 255 : 130;
        img[(size_t)r * width + c] = v;
      }
    const int spots[][2] = {{0, 0}, {0, width - 1}, {height - 1, 0}, {height - 1, width - 1}, {0, width / 3},
                            {height / 6, 0}, {height / 6, width - 1}, {height - 1, width / 4}};
    for (const auto& s : spots) img[(size_t)s[0] * width + s[1]] = 255;
  } else {
    img = shapes(t, height, width, static_cast<int>(std::max(4LL, (long long)(pixels / 20000))), 3);
  }

  std::vector<float> image(pixels);
  for (size_t i = 0; i < pixels; ++i) image[i] = static_cast<float>(img[i]);
  std::vector<double> want_mag(pixels);
  std::vector<unsigned char> want_edge(pixels);
  bool separated = true;
  auto at = [&](int r, int c) {
    return (long long)img[(size_t)std::min(std::max(r, 0), height - 1) * width + std::min(std::max(c, 0), width - 1)];
  };
  for (int r = 0; r < height; ++r)
    for (int c = 0; c < width; ++c) {
      const long long gx = (at(r - 1, c + 1) + 2 * at(r, c + 1) + at(r + 1, c + 1)) -
                           (at(r - 1, c - 1) + 2 * at(r, c - 1) + at(r + 1, c - 1));
      const long long gy = (at(r + 1, c - 1) + 2 * at(r + 1, c) + at(r + 1, c + 1)) -
                           (at(r - 1, c - 1) + 2 * at(r - 1, c) + at(r - 1, c + 1));
      const double m = std::sqrt(static_cast<double>(gx * gx + gy * gy));
      const size_t i = (size_t)r * width + c;
      want_mag[i] = m;
      want_edge[i] = m > threshold ? 1 : 0;
      const bool exact_zero = m == 0.0 && threshold == 0.0f;
      if (!exact_zero && std::fabs(m - threshold) <= 1e-6 * std::max(1.0, std::fabs((double)threshold)))
        separated = false;
    }
  if (!separated) t.fail("harness error: a magnitude lies within rounding distance of the threshold");

  auto dimg = t.input(image, "image");
  auto dmag = t.output<float>(pixels, "magnitude");
  auto dedge = t.output<unsigned char>(pixels, "edges");
  sobel_magnitude_threshold(height, width, threshold, dimg.get(), dmag.get(), dedge.get(), t.stream());
  t.finish_call();
  t.expect_close("magnitude", dmag.download(), want_mag);
  t.expect_equal("edges", dedge.download(), want_edge);
}

int main(int argc, char** argv) { return hc::run_tests(argc, argv, run); }

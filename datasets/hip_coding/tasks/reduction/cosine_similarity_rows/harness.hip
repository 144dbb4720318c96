#include "hipcoding_harness.h"

void cosine_similarity_rows(int rows, int cols, float eps, const float* a, const float* b, float* out,
                            hipStream_t stream);

static double norm(const float* v, int n) {
  double s = 0.0;
  for (int i = 0; i < n; ++i) s += (double)v[i] * v[i];
  return std::sqrt(s);
}

static void run(hc::Test& t) {
  const int rows = static_cast<int>(t.param("rows")), cols = static_cast<int>(t.param("cols"));
  const size_t n = (size_t)rows * cols;
  const float eps = 1.0e-8f;
  std::vector<float> a = t.uniform(n, -1.0f, 1.0f);
  std::vector<float> b = t.uniform(n, -1.0f, 1.0f);
  // b leans towards a in most rows, so the cosines spread over [-1, 1] instead of crowding near 0.
  std::vector<float> lean = t.uniform(rows, -1.5f, 1.5f);
  for (int r = 0; r < rows; ++r)
    for (int c = 0; c < cols; ++c) b[(size_t)r * cols + c] += lean[r] * a[(size_t)r * cols + c];
  if (t.is("ragged")) {
    // The last element of every row dominates: a kernel that drops the ragged tail is far off.
    for (int r = 0; r < rows; ++r) a[(size_t)r * cols + cols - 1] = 40.0f, b[(size_t)r * cols + cols - 1] = -30.0f;
  }
  if (t.is("special")) {
    // Rows: a zero (signed zeros), both zero, both huge (1e29..1e30: float squares and products
    // overflow), a tiny (1e-30..1e-29: float squares underflow) against a huge b with |a| |b| far
    // above eps, the same with the roles swapped, |a| |b| = 0.3 eps (the clamp decides: out = dot /
    // eps), b = -4 a (cos = -1), a spike of 1e30 among ordinary values at the first and at the last
    // column (a scale taken from part of the row lets its square overflow), and ordinary rows.
    std::uniform_real_distribution<float> mant(0.1f, 1.0f);
    auto signed_mag = [&](float scale) { return (t.rng()() & 1 ? -1.0f : 1.0f) * mant(t.rng()) * scale; };
    for (int r = 0; r < rows; ++r) {
      float* ar = &a[(size_t)r * cols];
      float* br = &b[(size_t)r * cols];
      switch (r % 10) {
        case 0: for (int c = 0; c < cols; ++c) ar[c] = c % 2 ? 0.0f : -0.0f; break;
        case 1: for (int c = 0; c < cols; ++c) ar[c] = 0.0f, br[c] = -0.0f; break;
        case 2: for (int c = 0; c < cols; ++c) ar[c] = signed_mag(1.0e30f), br[c] = signed_mag(1.0e30f) + 0.5f * ar[c]; break;
        case 3: for (int c = 0; c < cols; ++c) ar[c] = signed_mag(1.0e-29f), br[c] = ar[c] * 1.0e29f * 1.0e29f + signed_mag(1.0e29f); break;
        case 4: for (int c = 0; c < cols; ++c) br[c] = signed_mag(1.0e-29f), ar[c] = br[c] * -1.0e29f * 1.0e29f + signed_mag(1.0e29f); break;
        case 5: {
          const double k = std::sqrt(0.3 * eps / (norm(ar, cols) * norm(br, cols)));
          for (int c = 0; c < cols; ++c) ar[c] = static_cast<float>(ar[c] * k), br[c] = static_cast<float>(br[c] * k);
          break;
        }
        case 6: for (int c = 0; c < cols; ++c) br[c] = -4.0f * ar[c]; break;
        case 7: ar[0] = 1.0e30f, br[0] = -6.0e29f; break;
        case 8: ar[cols - 1] = -8.0e29f, br[cols - 1] = -1.0e30f; break;
        default: break;
      }
    }
  }
  std::vector<double> want(rows);
  for (int r = 0; r < rows; ++r) {
    const float* ar = &a[(size_t)r * cols];
    const float* br = &b[(size_t)r * cols];
    double dot = 0.0;
    for (int c = 0; c < cols; ++c) dot += (double)ar[c] * br[c];
    want[r] = dot / std::max(norm(ar, cols) * norm(br, cols), (double)eps);
  }

  auto da = t.input(a, "a");
  auto db = t.input(b, "b");
  auto dout = t.output<float>(rows, "out");
  cosine_similarity_rows(rows, cols, eps, da.get(), db.get(), dout.get(), t.stream());
  t.finish_call();
  t.expect_close("out", dout.download(), want);
}

int main(int argc, char** argv) { return hc::run_tests(argc, argv, run); }

#include "hipcoding_harness.h"

void laplacian7_step(int nz, int ny, int nx, float alpha, const float* in, float* out, hipStream_t stream);

static void run(hc::Test& t) {
  const int nz = static_cast<int>(t.param("nz"));
  const int ny = static_cast<int>(t.param("ny"));
  const int nx = static_cast<int>(t.param("nx"));
  const size_t count = static_cast<size_t>(nz) * ny * nx;
  std::vector<float> in = t.uniform(count, 0.0f, 1.0f);
  float alpha = 0.1f;
  if (t.is("special")) {
    // zeros, negatives, huge (k * 2^100) and tiny (k * 2^-100) values in bands along z, and a negative
    // alpha that is a power of two: the result is exact in any order except where tiny meets huge
    alpha = -0.125f;
    for (size_t i = 0; i < count; ++i) {
      int k = static_cast<int>(t.rng()() % 41) - 20;
      int band = static_cast<int>(i / (static_cast<size_t>(ny) * nx)) % 3;
      in[i] = band == 0 ? std::ldexp(static_cast<float>(k), 100) : band == 1 ? std::ldexp(static_cast<float>(k), -100) : 0.0f;
    }
  }
  std::vector<double> want(count);
  const size_t plane = static_cast<size_t>(ny) * nx;
  for (int z = 0; z < nz; ++z)
    for (int y = 0; y < ny; ++y)
      for (int x = 0; x < nx; ++x) {
        size_t i = z * plane + static_cast<size_t>(y) * nx + x;
        bool boundary = x == 0 || y == 0 || z == 0 || x == nx - 1 || y == ny - 1 || z == nz - 1;
        if (boundary) {
          want[i] = in[i];
          continue;
        }
        double sum = static_cast<double>(in[i - 1]) + in[i + 1] + in[i - nx] + in[i + nx] + in[i - plane] + in[i + plane];
        want[i] = in[i] + static_cast<double>(alpha) * (sum - 6.0 * in[i]);
      }

  auto din = t.input(in, "in");
  auto dout = t.output<float>(count, "out");
  laplacian7_step(nz, ny, nx, alpha, din.get(), dout.get(), t.stream());
  t.finish_call();
  t.expect_close("out", dout.download(), want);
}

int main(int argc, char** argv) { return hc::run_tests(argc, argv, run); }

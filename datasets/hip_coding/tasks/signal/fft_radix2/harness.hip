#include "hipcoding_harness.h"

#include <cmath>
#include <complex>

void fft_radix2(int batch, int n, const float* x, float* y, hipStream_t stream);

static void fft_double(std::vector<std::complex<double>>& v) {
  const size_t n = v.size();
  if (n == 1) return;
  std::vector<std::complex<double>> even(n / 2), odd(n / 2);
  for (size_t j = 0; j < n / 2; ++j) even[j] = v[2 * j], odd[j] = v[2 * j + 1];
  fft_double(even);
  fft_double(odd);
  for (size_t k = 0; k < n / 2; ++k) {
    const std::complex<double> w = std::polar(1.0, -2.0 * M_PI * (double)k / (double)n) * odd[k];
    v[k] = even[k] + w;
    v[k + n / 2] = even[k] - w;
  }
}

static void run(hc::Test& t) {
  const int batch = static_cast<int>(t.param("batch")), n = static_cast<int>(t.param("n"));
  const size_t total = (size_t)batch * 2 * n;
  std::vector<float> x = t.uniform(total, -1.0f, 1.0f);
  if (t.is("special")) {
    // In turn: all zeros; a unit impulse at a position that moves with the signal index (a pure phase
    // ramp out); a constant (everything in bin 0); a pure tone exactly on bin 3 (one non-zero output);
    // alternating signs (everything in bin n/2); a purely imaginary random signal; random data.
    for (int b = 0; b < batch; ++b) {
      float* s = &x[(size_t)b * 2 * n];
      const int which = b % 7;
      for (int j = 0; j < n && which < 6; ++j) {
        double re = 0.0, im = 0.0;
        if (which == 1) re = j == (b * 5) % n ? 1.0 : 0.0;
        if (which == 2) re = 0.75, im = -0.25;
        if (which == 3) re = std::cos(2.0 * M_PI * 3 * j / n), im = std::sin(2.0 * M_PI * 3 * j / n);
        if (which == 4) re = j % 2 ? -1.0 : 1.0;
        if (which == 5) im = s[2 * j + 1];
        s[2 * j] = static_cast<float>(re);
        s[2 * j + 1] = static_cast<float>(im);
      }
    }
  }
  // The DFT of the float inputs, y[k] = sum_j x[j] exp(-2 pi i j k / n), by a recursive radix-2 FFT in
  // double (rounding error of order log2(n) * 2^-53, negligible against the tolerance).
  std::vector<double> want(total);
  for (int b = 0; b < batch; ++b) {
    std::vector<std::complex<double>> v(n);
    for (int j = 0; j < n; ++j) v[j] = {x[(size_t)b * 2 * n + 2 * j], x[(size_t)b * 2 * n + 2 * j + 1]};
    fft_double(v);
    for (int k = 0; k < n; ++k) {
      want[(size_t)b * 2 * n + 2 * k] = v[k].real();
      want[(size_t)b * 2 * n + 2 * k + 1] = v[k].imag();
    }
  }

  auto dx = t.input(x, "x");
  auto dy = t.output<float>(total, "y");
  fft_radix2(batch, n, dx.get(), dy.get(), t.stream());
  t.finish_call();
  t.expect_close("y", dy.download(), want);
}

int main(int argc, char** argv) { return hc::run_tests(argc, argv, run); }

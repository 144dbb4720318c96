#include "hipcoding_harness.h"

void byte_histogram(const unsigned char* data, int n, unsigned int* hist, hipStream_t stream);

static void run(hc::Test& t) {
  const int n = static_cast<int>(t.param("n"));
  std::vector<unsigned char> data(n);
  for (int i = 0; i < n; ++i) {
    uint64_t r = t.rng()();
    // Half uniform bytes, half crowded into a few bins, so several threads hit one bin at once.
    data[i] = static_cast<unsigned char>((r & 1) ? (r >> 8) : 'A' + (r >> 8) % 8);
  }
  if (t.is("special")) {
    // A long run of zero bytes, then the extremes 0xFF, 0x80 and 0x7F (a signed-char index goes wrong).
    const unsigned char extremes[] = {0xFF, 0x80, 0x7F, 0x01};
    for (int i = 0; i < n; ++i) data[i] = i < n / 2 ? 0 : extremes[i % 4];
  }
  std::vector<unsigned int> want(256, 0u);
  for (unsigned char b : data) ++want[b];

  auto d_data = t.input(data, "data");
  auto d_hist = t.output<unsigned int>(256, "hist");
  byte_histogram(d_data.get(), n, d_hist.get(), t.stream());
  t.finish_call();
  t.expect_equal("hist", d_hist.download(), want);
}

int main(int argc, char** argv) { return hc::run_tests(argc, argv, run); }

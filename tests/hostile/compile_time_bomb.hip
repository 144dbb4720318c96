// Keeps the compiler busy far longer than any limit: thousands of constant evaluations, each one
// under g++'s per-evaluation limits (262144 loop iterations, 2^25 operations), so none is an error.
#include <hip/hip_runtime.h>
#include <utility>

constexpr long spin(long seed) {
  long total = seed;
  for (long i = 0; i < 200000; ++i) total += i ^ seed;
  return total;
}
template <long K>
constexpr long kSpin = spin(K);
template <long... K>
constexpr long sum(std::integer_sequence<long, K...>) {
  return (kSpin<K> + ...);
}
constexpr long kTotal = sum(std::make_integer_sequence<long, 100000>{});

void saxpy(int n, float a, const float* x, float* y, hipStream_t stream) {}

#include <algorithm>

#include "hipcoding_harness.h"

void csr_row_sum(int rows, int nnz, const int* row_ptr, const float* vals, float* sums, hipStream_t stream);

struct Csr {
  std::vector<int> ptr, col;
};

// Irregular rows: about 1 in 8 empty, 1 in 32 long (up to 16x the mean), the rest 1..2x the mean.
// The first and last rows are never empty, so a kernel that skips either one fails.
static Csr make_csr(hc::Test& t, int rows, int cols, int mean) {
  std::mt19937_64& g = t.rng();
  Csr a;
  a.ptr.assign(rows + 1, 0);
  std::vector<int> picked;
  for (int r = 0; r < rows; ++r) {
    int kind = static_cast<int>(g() % 32);
    int len = kind < 4 ? 0 : 1 + static_cast<int>(g() % (kind == 4 ? 16 * mean : 2 * mean));
    if (len == 0 && (r == 0 || r == rows - 1)) len = 1;
    picked.clear();
    for (int i = 0; i < std::min(len, cols); ++i) picked.push_back(static_cast<int>(g() % cols));
    std::sort(picked.begin(), picked.end());
    picked.erase(std::unique(picked.begin(), picked.end()), picked.end());
    a.col.insert(a.col.end(), picked.begin(), picked.end());
    a.ptr[r + 1] = static_cast<int>(a.col.size());
  }
  return a;
}

// Small integers times 2^scale: every product and row sum is exact in float, so any summation order
// gives the double reference bit for bit; inf and NaN then propagate as IEEE says.
static std::vector<float> exact_values(hc::Test& t, size_t n, int scale, bool with_nonfinite) {
  std::vector<float> v(n);
  std::mt19937_64& g = t.rng();
  const float nonfinite[] = {INFINITY, -INFINITY, NAN};
  for (size_t i = 0; i < n; ++i) {
    v[i] = std::ldexp(static_cast<float>(static_cast<int>(g() % 17) - 8), scale);
    if (with_nonfinite && g() % 61 == 0) v[i] = nonfinite[g() % 3];
  }
  return v;
}

static void run(hc::Test& t) {
  const int rows = static_cast<int>(t.param("rows"));
  const int cols = static_cast<int>(t.param("cols"));
  const int mean = static_cast<int>(t.param("mean", 8));
  Csr a = make_csr(t, rows, cols, mean);
  const int nnz = static_cast<int>(a.col.size());
  std::vector<float> vals = t.is("special") ? exact_values(t, nnz, static_cast<int>(t.param("scale", 0)), true)
                                            : t.uniform(nnz, -1.0f, 1.0f);
  std::vector<double> want(rows);
  for (int r = 0; r < rows; ++r) {
    double acc = 0.0;
    for (int j = a.ptr[r]; j < a.ptr[r + 1]; ++j) acc += vals[j];
    want[r] = acc;
  }

  auto dptr = t.input(a.ptr, "row_ptr");
  auto dval = t.input(vals, "vals");
  auto dsum = t.output<float>(rows, "sums");
  csr_row_sum(rows, nnz, dptr.get(), dval.get(), dsum.get(), t.stream());
  t.finish_call();
  t.expect_close("sums", dsum.download(), want);
}

int main(int argc, char** argv) { return hc::run_tests(argc, argv, run); }

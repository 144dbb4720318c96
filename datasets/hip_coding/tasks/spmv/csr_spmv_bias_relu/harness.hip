#include "hipcoding_harness.h"

#include <algorithm>
#include <cmath>

void csr_spmv_bias_relu(int rows, int cols, const int* row_ptr, const int* col_idx, const float* vals, const float* x,
                        const float* bias, float* y, hipStream_t stream);

struct Csr {
  std::vector<int> ptr, col;
};

// Irregular rows: about 1 in 8 empty, 1 in 32 long (up to 16x the mean), the rest 1..2x the mean;
// distinct sorted columns. The first and last rows are never empty.
static Csr make_csr(hc::Test& t, int rows, int cols, int mean) {
  std::mt19937_64& g = t.rng();
  Csr a;
  a.ptr.assign(rows + 1, 0);
  std::vector<int> picked;
  for (int r = 0; r < rows; ++r) {
    const int kind = static_cast<int>(g() % 32);
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

// Multiples of 2^scale with small integer mantissas: every product and sum is exact in float, so the
// pre-activation is known exactly and many rows land exactly on 0 (the ReLU's edge).
static std::vector<float> exact_values(hc::Test& t, size_t n, int scale) {
  std::vector<float> v(n);
  for (auto& e : v) e = std::ldexp(static_cast<float>(static_cast<int>(t.rng()() % 9) - 4), scale);
  return v;
}

static void run(hc::Test& t) {
  const int rows = static_cast<int>(t.param("rows"));
  const int cols = static_cast<int>(t.param("cols"));
  const int mean = static_cast<int>(t.param("mean", 8));
  const Csr a = make_csr(t, rows, cols, mean);
  const int nnz = static_cast<int>(a.col.size());
  std::vector<float> vals, x, bias;
  if (t.is("special")) {
    const int scale = static_cast<int>(t.param("scale", 0));
    vals = exact_values(t, nnz, scale);
    x = exact_values(t, cols, scale);
    bias = exact_values(t, rows, 2 * scale);
  } else {
    vals = t.uniform(nnz, -1.0f, 1.0f);
    x = t.uniform(cols, -1.0f, 1.0f);
    bias = t.uniform(rows, -1.0f, 1.0f);
  }
  std::vector<double> want(rows);
  for (int r = 0; r < rows; ++r) {
    double acc = 0.0;
    for (int e = a.ptr[r]; e < a.ptr[r + 1]; ++e) acc += static_cast<double>(vals[e]) * x[a.col[e]];
    want[r] = std::max(0.0, acc + bias[r]);
  }

  auto dptr = t.input(a.ptr, "row_ptr");
  auto dcol = t.input(a.col, "col_idx");
  auto dval = t.input(vals, "vals");
  auto dx = t.input(x, "x");
  auto db = t.input(bias, "bias");
  auto dy = t.output<float>(rows, "y");
  csr_spmv_bias_relu(rows, cols, dptr.get(), dcol.get(), dval.get(), dx.get(), db.get(), dy.get(), t.stream());
  t.finish_call();
  t.expect_close("y", dy.download(), want);
}

int main(int argc, char** argv) { return hc::run_tests(argc, argv, run); }

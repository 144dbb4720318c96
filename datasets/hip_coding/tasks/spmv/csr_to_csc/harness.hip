#include "hipcoding_harness.h"

#include <algorithm>
#include <cstring>
#include <numeric>

void csr_to_csc(int rows, int cols, int nnz, const int* row_ptr, const int* col_idx, const float* vals, int* col_ptr,
                int* row_idx, float* csc_vals, hipStream_t stream);

struct Csr {
  std::vector<int> ptr, col;
};

// Irregular rows as in real matrices: about 1 in 8 empty, 1 in 32 long (up to 16x the mean), the
// rest 1..2x the mean (the first and last rows never empty); distinct columns per row, sorted unless `shuffled`. With `dense_col`, about
// 60 % of the rows also hold the last column (one very long column); with `full_row` >= 0 that row
// holds every column.
static Csr make_csr(hc::Test& t, int rows, int cols, int mean, bool shuffled, bool dense_col, int full_row) {
  std::mt19937_64& g = t.rng();
  Csr a;
  a.ptr.assign(rows + 1, 0);
  std::vector<int> picked;
  std::vector<int> every(cols);
  std::iota(every.begin(), every.end(), 0);
  for (int r = 0; r < rows; ++r) {
    const int kind = static_cast<int>(g() % 32);
    int len = kind < 4 ? 0 : 1 + static_cast<int>(g() % (kind == 4 ? 16 * mean : 2 * mean));
    if (len == 0 && (r == 0 || r == rows - 1)) len = 1;  // the first and the last row are never empty
    picked.clear();
    if (r == full_row) {
      picked = every;
    } else {
      for (int i = 0; i < std::min(len, cols); ++i) picked.push_back(static_cast<int>(g() % cols));
      if (dense_col && g() % 10 < 6) picked.push_back(cols - 1);
      std::sort(picked.begin(), picked.end());
      picked.erase(std::unique(picked.begin(), picked.end()), picked.end());
    }
    if (shuffled) std::shuffle(picked.begin(), picked.end(), g);
    a.col.insert(a.col.end(), picked.begin(), picked.end());
    a.ptr[r + 1] = static_cast<int>(a.col.size());
  }
  return a;
}

static std::vector<unsigned> bits_of(const std::vector<float>& v) {
  std::vector<unsigned> out(v.size());
  if (!v.empty()) std::memcpy(out.data(), v.data(), v.size() * sizeof(float));
  return out;
}

static void run(hc::Test& t) {
  int rows = static_cast<int>(t.param("rows"));
  const int cols = static_cast<int>(t.param("cols"));
  const int mean = static_cast<int>(t.param("mean", 6));
#ifdef CPURT_MODE_RACE
  // Race mode runs every GPU thread as an OS thread under ThreadSanitizer: a few blocks of rows and
  // columns (the last ones partial) show every race the larger sizes can.
  rows = std::min(rows, 700);
#endif
  const bool special = t.is("special");
  Csr a = make_csr(t, rows, cols, mean, special || t.param("shuffled", 0) != 0, special, special ? rows / 3 : -1);
  if (t.param("empty", 0) != 0) a.col.clear(), a.ptr.assign(rows + 1, 0);
  const int nnz = static_cast<int>(a.col.size());
  // Values: distinct random floats; the special test adds signed zeros, infinities and subnormals,
  // which a transpose must move bit for bit.
  std::vector<float> vals = t.uniform(nnz, -1.0f, 1.0f);
  if (special) {
    const float odd[] = {-0.0f, 0.0f, INFINITY, -INFINITY, 1.0e-45f, -3.0e-39f, 3.0e38f};
    for (int e = 0; e < nnz; ++e)
      if (t.rng()() % 5 == 0) vals[e] = odd[t.rng()() % 7];
  }

  // The reference: a stable counting sort of the entries by column, in CSR (row-major) order.
  std::vector<int> want_ptr(cols + 1, 0), want_rows(nnz);
  std::vector<float> want_vals(nnz);
  for (int c : a.col) ++want_ptr[c + 1];
  for (int c = 0; c < cols; ++c) want_ptr[c + 1] += want_ptr[c];
  std::vector<int> next(want_ptr.begin(), want_ptr.end() - 1);
  for (int r = 0; r < rows; ++r) {
    for (int e = a.ptr[r]; e < a.ptr[r + 1]; ++e) {
      const int slot = next[a.col[e]]++;
      want_rows[slot] = r;
      want_vals[slot] = vals[e];
    }
  }

  auto dptr = t.input(a.ptr, "row_ptr");
  auto dcol = t.input(a.col, "col_idx");
  auto dval = t.input(vals, "vals");
  auto dcp = t.output<int>(cols + 1, "col_ptr");
  auto dri = t.output<int>(nnz, "row_idx");
  auto dcv = t.output<float>(nnz, "csc_vals");
  csr_to_csc(rows, cols, nnz, dptr.get(), dcol.get(), dval.get(), dcp.get(), dri.get(), dcv.get(), t.stream());
  t.finish_call();
  t.expect_equal("col_ptr", dcp.download(), want_ptr);
  t.expect_equal("row_idx", dri.download(), want_rows);
  t.expect_equal("csc_vals (bit patterns)", bits_of(dcv.download()), bits_of(want_vals));
}

int main(int argc, char** argv) { return hc::run_tests(argc, argv, run); }

#include "hipcoding_harness.h"

void edit_distance_batched(int pairs, const unsigned char* a, const int* a_offsets, const unsigned char* b,
                           const int* b_offsets, int* dist, hipStream_t stream);

using Bytes = std::vector<unsigned char>;

// Levenshtein distance by the textbook row-by-row table.
static int levenshtein(const Bytes& a, const Bytes& b) {
  std::vector<int> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = static_cast<int>(j);
  for (size_t i = 1; i <= a.size(); ++i) {
    int diagonal = row[0];
    row[0] = static_cast<int>(i);
    for (size_t j = 1; j <= b.size(); ++j) {
      const int above = row[j];
      row[j] = std::min({above + 1, row[j - 1] + 1, diagonal + (a[i - 1] != b[j - 1] ? 1 : 0)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

static void run(hc::Test& t) {
  int pairs = static_cast<int>(t.param("pairs"));
  int maxlen = static_cast<int>(t.param("maxlen"));
#ifdef CPURT_MODE_RACE
  // race mode: one OS thread per GPU thread under ThreadSanitizer (docs/tasks.md); diagonals stay longer
  // than a block, so the strided cell loop still runs
  pairs = std::min(pairs, 5), maxlen = std::min(maxlen, 300);
#endif
  const int minlen = std::min(maxlen, static_cast<int>(t.param("minlen", 0)));
  const int alpha = static_cast<int>(t.param("alpha"));  // letters 'a', 'a' + 1, ... (256: every byte)
  const int edits = static_cast<int>(t.param("edits"));  // percent of a's positions edited into b; -1: b independent
  std::uniform_int_distribution<int> length(minlen, maxlen), percent(0, 99), op(0, 2);
  auto letter = [&]() {
    const int c = static_cast<int>(t.rng()() % static_cast<unsigned>(alpha));
    return static_cast<unsigned char>(alpha == 256 ? c : 'a' + c);
  };
  auto random_string = [&](int len) {
    Bytes s(len);
    for (auto& c : s) c = letter();
    return s;
  };
  std::vector<Bytes> as, bs;
  for (int k = 0; k < pairs; ++k) {
    Bytes a = random_string(length(t.rng())), b;
    if (edits < 0) {
      b = random_string(length(t.rng()));
    } else {
      for (unsigned char c : a) {  // substitutions, deletions and insertions at random positions
        if (percent(t.rng()) >= edits) {
          b.push_back(c);
          continue;
        }
        const int kind = op(t.rng());
        if (kind == 0) b.push_back(letter());
        if (kind == 2) b.push_back(c), b.push_back(letter());
      }
      if (static_cast<int>(b.size()) > maxlen) b.resize(maxlen);
    }
    if (t.param("empties", 0)) {
      if (k % 3 == 0) a.clear();
      if (k % 3 == 1) b.clear();
      if (k % 5 == 4) a.clear(), b.clear();
    }
    if (t.is("special")) {
      // One-letter strings (distance = length difference), zero and 0xFF bytes, a string against its
      // reverse, and a string against itself rotated (periodic matches everywhere).
      const int len = static_cast<int>(a.size());
      if (k % 4 == 0) a.assign(len, 'x'), b.assign(length(t.rng()), 'x');
      if (k % 4 == 1)
        for (auto* s : {&a, &b})
          for (auto& c : *s) c = (c & 1) ? 0 : 255;
      if (k % 4 == 2) b.assign(a.rbegin(), a.rend());
      if (k % 4 == 3 && len > 0) b = a, std::rotate(b.begin(), b.begin() + (k % len), b.end());
    }
    as.push_back(std::move(a));
    bs.push_back(std::move(b));
  }

  Bytes a_chars, b_chars;
  std::vector<int> a_offsets{0}, b_offsets{0}, want;
  for (int k = 0; k < pairs; ++k) {
    a_chars.insert(a_chars.end(), as[k].begin(), as[k].end());
    b_chars.insert(b_chars.end(), bs[k].begin(), bs[k].end());
    a_offsets.push_back(static_cast<int>(a_chars.size()));
    b_offsets.push_back(static_cast<int>(b_chars.size()));
    want.push_back(levenshtein(as[k], bs[k]));
  }
  if (a_chars.empty()) a_chars.push_back(0);  // a device buffer needs one byte; nothing reads it
  if (b_chars.empty()) b_chars.push_back(0);

  auto da = t.input(a_chars, "a");
  auto dao = t.input(a_offsets, "a_offsets");
  auto db = t.input(b_chars, "b");
  auto dbo = t.input(b_offsets, "b_offsets");
  auto dd = t.output<int>(pairs, "dist");
  edit_distance_batched(pairs, da.get(), dao.get(), db.get(), dbo.get(), dd.get(), t.stream());
  t.finish_call();
  t.expect_equal("dist", dd.download(), want);
}

int main(int argc, char** argv) { return hc::run_tests(argc, argv, run); }

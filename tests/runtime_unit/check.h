// Minimal checking for the device-library unit programs: every failed CHECK prints its line,
// and finish() prints PASS and returns 0 only when none failed.
#pragma once
#include <stdio.h>

#include <cstring>

inline int g_failures = 0;

#define CHECK(cond)                                                    \
  do {                                                                 \
    if (!(cond)) {                                                     \
      ++g_failures;                                                    \
      fprintf(stderr, "FAIL %s:%d: %s\n", __FILE__, __LINE__, #cond);  \
    }                                                                  \
  } while (0)

// Integer/bit-pattern equality with both values printed on failure.
#define CHECK_EQ(a, b)                                                                       \
  do {                                                                                       \
    unsigned long long va_ = (unsigned long long)(a), vb_ = (unsigned long long)(b);          \
    if (va_ != vb_) {                                                                        \
      ++g_failures;                                                                          \
      fprintf(stderr, "FAIL %s:%d: %s == %s (0x%llx vs 0x%llx)\n", __FILE__, __LINE__, #a, #b, \
              va_, vb_);                                                                     \
    }                                                                                        \
  } while (0)

#define CHECK_NEAR(a, b, tol)                                                                         \
  do {                                                                                                \
    double va_ = (double)(a), vb_ = (double)(b);                                                       \
    if (!(va_ - vb_ <= (tol) && vb_ - va_ <= (tol))) {                                                 \
      ++g_failures;                                                                                   \
      fprintf(stderr, "FAIL %s:%d: %s ~ %s (%.9g vs %.9g)\n", __FILE__, __LINE__, #a, #b, va_, vb_); \
    }                                                                                                 \
  } while (0)

inline int finish() {
  if (g_failures) {
    printf("FAILED: %d check(s)\n", g_failures);
    return 1;
  }
  printf("PASS\n");
  return 0;
}

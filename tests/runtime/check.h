// Tiny helpers for the runtime test programs: CHECK prints what failed and exits 1.
// Launches are synchronous, so plain host memory stands in for device memory here; the
// host API (cudaMalloc...) is tested with the device library.
#pragma once
#include <cstdio>
#include <cstdlib>

#define CHECK(cond, ...)                                             \
  do {                                                               \
    if (!(cond)) {                                                   \
      std::printf("FAIL %s:%d: %s: ", __FILE__, __LINE__, #cond);    \
      std::printf(__VA_ARGS__);                                      \
      std::printf("\n");                                             \
      std::exit(1);                                                  \
    }                                                                \
  } while (0)

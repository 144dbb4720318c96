// Shim: named math constants (CUDART_* and HIP_*) on the CPU runtime (cpurt).
#pragma once
#if __has_include("cpurt/cpurt.h")
#include "cpurt/cpurt.h"
#endif
#include "cpurt/math_constants.h"

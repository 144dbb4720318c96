// Shim: HIP's bfloat16 header (ROCm >= 6) on the CPU runtime (cpurt); never falls through to the vendor header.
#pragma once
#if __has_include("cpurt/cpurt.h")
#include "cpurt/cpurt.h"
#else
#include "cpurt/half.h"
#endif

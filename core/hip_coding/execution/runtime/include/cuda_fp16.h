// Shim: CUDA's fp16 header on the CPU runtime (cpurt); never falls through to the vendor header.
#pragma once
#if __has_include("cpurt/cpurt.h")
#include "cpurt/cpurt.h"
#else
#include "cpurt/half.h"
#endif

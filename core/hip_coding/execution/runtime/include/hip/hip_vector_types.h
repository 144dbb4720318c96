// Shim: HIP's vector types on the CPU runtime (cpurt); never falls through to the vendor header.
#pragma once
#if __has_include("cpurt/cpurt.h")
#include "cpurt/cpurt.h"
#else
#include "cpurt/vector_types.h"
#endif

// Shim: user code includes the real toolkit name; the CPU runtime answers it.
#pragma once
#include "cpurt/nvtx.h"

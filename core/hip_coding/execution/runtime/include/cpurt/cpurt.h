// The umbrella of the CPU runtime. The Python driver force-includes it into every translation unit
// (`-include cpurt/cpurt.h`) and may precompile it, so it is self-contained and idempotent. Keep it
// lean: no <iostream>, <regex> or <execution>. The runtime is written with both spellings (cuda* and
// hip*); a program compiled as CUDA (CPURT_LANG_CUDA) sees only the CUDA API after it, a HIP program
// only the HIP API (spellings_open.h / spellings_close.h, generated: docs/cpu-backend.md).
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <cmath>

#include "config.h"
#include "qualifiers.h"

#include "spellings_open.h"

// The device library and host API (written alongside; each guarded so the core builds without).
#if __has_include("cpurt/errors.h")
#include "errors.h"
#endif
#if __has_include("cpurt/device.h")
#include "device.h"
#endif
#include "vector_types.h"
#if __has_include("cpurt/math.h")
#include "math.h"
#endif
#if __has_include("cpurt/half.h")
#include "half.h"
#endif
#if __has_include("cpurt/intrinsics.h")
#include "intrinsics.h"
#endif
#if __has_include("cpurt/atomics.h")
#include "atomics.h"
#endif
#if __has_include("cpurt/host_api.h")
#include "host_api.h"
#endif

// The execution core.
#include "builtins.h"
#include "fiber.h"
#include "scheduler.h"
#include "sync.h"
#include "warp.h"
#include "launch.h"
#if __has_include("cpurt/launch_api.h")
#include "launch_api.h"
#endif
#if __has_include("cpurt/coop_groups.h")
#include "coop_groups.h"
#endif

#include "spellings_close.h"

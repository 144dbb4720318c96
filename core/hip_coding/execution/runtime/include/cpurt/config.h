// Compile-time configuration of the CPU runtime: warp size, language and mode macros.
// The Python driver passes -DCPURT_WARP_SIZE, -DCPURT_LANG_{CUDA,HIP} and one optional
// -DCPURT_MODE_{SANITIZE,PERTURB,RACE}; everything else derives from those here.
// The fake device's numeric limits live in cpurt/device.h (one place for all readers).
#pragma once

#include <cstdint>

#ifndef CPURT_WARP_SIZE
#if defined(CPURT_LANG_HIP)
#define CPURT_WARP_SIZE 64  // CDNA wavefront; the driver normally passes it explicitly
#else
#define CPURT_WARP_SIZE 32
#endif
#endif
static_assert(CPURT_WARP_SIZE == 32 || CPURT_WARP_SIZE == 64, "CPURT_WARP_SIZE must be 32 or 64");

#if defined(CPURT_MODE_RACE) && CPURT_MODE_RACE
#define CPURT_RACE 1  // every GPU thread is an OS thread (ThreadSanitizer sees real races)
#else
#define CPURT_RACE 0
#endif
#if defined(CPURT_MODE_PERTURB) && CPURT_MODE_PERTURB
#define CPURT_PERTURB 1  // seeded thread order between barriers
#else
#define CPURT_PERTURB 0
#endif

#if defined(__SANITIZE_ADDRESS__)
#define CPURT_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define CPURT_ASAN 1
#endif
#endif
#ifndef CPURT_ASAN
#define CPURT_ASAN 0
#endif

namespace cpurt {
inline constexpr unsigned kWarpSize = CPURT_WARP_SIZE;
// One bit per lane; 64 bits cover both warp sizes.
using LaneMask = std::uint64_t;
inline constexpr LaneMask kFullWarp = kWarpSize == 64 ? ~LaneMask(0) : (LaneMask(1) << kWarpSize) - 1;
inline constexpr std::size_t kFiberStackBytes = 256 * 1024;
// Exit code the Python side maps to the `unsupported` status.
inline constexpr int kExitUnsupported = 86;
}  // namespace cpurt

// The fake device's limits, in one place: launch validation, occupancy queries and
// Get{Device,}Properties / DeviceGetAttribute all read these, so they can never disagree.
// The numbers describe a plausible mid-size GPU (A100-like for CUDA, MI210-like names for HIP);
// they are not the CPU's.
#pragma once

#include <cstddef>

// The warp size (and its default per language) is decided in config.h.
#if __has_include("cpurt/config.h")
#include "config.h"
#endif
#ifndef CPURT_WARP_SIZE
#define CPURT_WARP_SIZE 32
#endif

namespace cpurt::device {

inline constexpr int warp_size = CPURT_WARP_SIZE;
inline constexpr int sm_count = 8;
inline constexpr int max_threads_per_block = 1024;
inline constexpr int max_block_dim[3] = {1024, 1024, 64};
inline constexpr int max_grid_dim[3] = {2147483647, 65535, 65535};
inline constexpr std::size_t shared_mem_per_block = 48 * 1024;         // default dynamic+static limit
inline constexpr std::size_t shared_mem_per_block_optin = 160 * 1024;  // after FuncSetAttribute
inline constexpr std::size_t shared_mem_per_sm = 164 * 1024;
inline constexpr int regs_per_block = 65536;
inline constexpr int regs_per_sm = 65536;
inline constexpr int max_threads_per_sm = 2048;
inline constexpr int max_blocks_per_sm = 32;
inline constexpr std::size_t total_global_mem = std::size_t(16) << 30;  // allocations are capped here
inline constexpr std::size_t total_const_mem = 64 * 1024;
inline constexpr int l2_cache_size = 40 * 1024 * 1024;
inline constexpr int clock_rate_khz = 1410000;
inline constexpr int memory_clock_rate_khz = 1215000;
inline constexpr int memory_bus_width = 5120;
inline constexpr int compute_major = 8;
inline constexpr int compute_minor = 0;
inline constexpr std::size_t texture_alignment = 512;
inline constexpr std::size_t pitch_alignment = 512;  // MallocPitch rounds rows up to this
inline constexpr std::size_t mem_pitch = 2147483647;

}  // namespace cpurt::device

// Launch-related host API in both spellings: hipLaunchKernelGGL, cudaLaunchKernel/hipLaunchKernel,
// cooperative launches, occupancy queries (answered for the fake device of cpurt/device.h) and
// per-function attributes.
// Launches through a `void*` kernel pointer cannot recover the parameter types needed to unpack
// `void** args`; they work when the typed function pointer is passed (the templates below).
#pragma once

#include <cstddef>
#include <mutex>
#include <utility>
#include <vector>

#include "device.h"
#include "errors.h"
#include "launch.h"

namespace cpurt {

template <class... P, std::size_t... I>
inline Error launch_packed(void (*f)(P...), const dim3& g, const dim3& b, void** args, std::size_t smem, bool coop,
                           std::index_sequence<I...>) {
  if (sizeof...(P) && !args) return record_error(Error::InvalidValue), Error::InvalidValue;
  return launch(g, b, smem, coop, f, *static_cast<std::remove_cvref_t<P>*>(args[I])...);
}
template <class... P>
inline Error launch_packed(void (*f)(P...), const dim3& g, const dim3& b, void** args, std::size_t smem, bool coop) {
  if (!f) return record_error(Error::InvalidDeviceFunction), Error::InvalidDeviceFunction;
  return launch_packed(f, g, b, args, smem, coop, std::index_sequence_for<P...>{});
}
[[noreturn]] inline Error launch_untyped(const char* api) {
  std::fflush(stdout);
  std::fprintf(stderr,
               "cpurt: unsupported: %s through a void* kernel pointer (pass the kernel itself, "
               "without the cast, so its parameter types are known)\n",
               api);
  std::_Exit(kExitUnsupported);
}

// Attributes set per function (FuncSetAttribute), read back by FuncGetAttributes.
struct FuncAttrs {
  std::mutex m;
  std::vector<std::pair<const void*, int>> max_dyn_smem;
  void set(const void* f, int v) {
    std::lock_guard lk(m);
    for (auto& e : max_dyn_smem)
      if (e.first == f) return void(e.second = v);
    max_dyn_smem.emplace_back(f, v);
  }
  int get(const void* f) {
    std::lock_guard lk(m);
    for (auto& e : max_dyn_smem)
      if (e.first == f) return e.second;
    return static_cast<int>(device::shared_mem_per_block);
  }
};
inline FuncAttrs& func_attrs() {
  static FuncAttrs a;
  return a;
}
template <class F>
inline const void* func_key(F f) {
  if constexpr (std::is_pointer_v<F>) return reinterpret_cast<const void*>(f);
  else return nullptr;
}

inline Error set_max_dyn_smem(const void* key, int value) {
  if (value < 0 || std::size_t(value) > device::shared_mem_per_block_optin) return Error::InvalidValue;
  func_attrs().set(key, value);
  std::size_t cur = g_dyn_smem_optin.load();
  while (std::size_t(value) > cur && !g_dyn_smem_optin.compare_exchange_weak(cur, std::size_t(value))) {
  }
  return Error::Success;
}

// `smem_for(block size)` is the dynamic shared memory a block of that size needs.
template <class SMem>
inline void max_potential_block_size_by(int* min_grid, int* block, SMem smem_for, int limit) {
  const int top = (limit > 0 && limit < device::max_threads_per_block) ? limit : device::max_threads_per_block;
  int best_bs = 0, best_threads = -1;
  for (int bs = top; bs > 0; bs -= (bs > device::warp_size ? device::warp_size : 1)) {
    const int threads = occupancy_blocks_per_sm(bs, std::size_t(smem_for(bs))) * bs;
    if (threads > best_threads) best_threads = threads, best_bs = bs;
  }
  if (block) *block = best_bs;
  if (min_grid) *min_grid = occupancy_blocks_per_sm(best_bs, std::size_t(smem_for(best_bs))) * device::sm_count;
}
inline void max_potential_block_size(int* min_grid, int* block, std::size_t smem, int limit) {
  max_potential_block_size_by(min_grid, block, [smem](int) { return smem; }, limit);
}

template <class E>
inline E ret(Error e, E (*map)(Error)) {
  if (e != Error::Success) record_error(e);
  return map(e);
}

}  // namespace cpurt

// ---- hipLaunchKernelGGL: a macro, like HIP's, so HIP_KERNEL_NAME(k<a, b>) works -----------------
#define HIP_KERNEL_NAME(...) __VA_ARGS__
#define hipLaunchKernelGGL(kernel, grid, block, smem, stream, ...) \
  CPURT_LAUNCH((kernel), (grid), (block), (smem), (stream) __VA_OPT__(, ) __VA_ARGS__)

// ---- typed launches with void** argument arrays ---------------------------------------------------
template <class... P, class St = std::nullptr_t>
inline cudaError_t cudaLaunchKernel(void (*f)(P...), dim3 g, dim3 b, void** args, std::size_t smem = 0, St = St{}) {
  return cpurt::to_cuda(cpurt::launch_packed(f, g, b, args, smem, false));
}
template <class St = std::nullptr_t>
inline cudaError_t cudaLaunchKernel(const void*, dim3, dim3, void**, std::size_t = 0, St = St{}) {
  cpurt::launch_untyped("cudaLaunchKernel");
}
template <class... P, class St = std::nullptr_t>
inline cudaError_t cudaLaunchCooperativeKernel(void (*f)(P...), dim3 g, dim3 b, void** args, std::size_t smem = 0,
                                               St = St{}) {
  return cpurt::to_cuda(cpurt::launch_packed(f, g, b, args, smem, true));
}
template <class St = std::nullptr_t>
inline cudaError_t cudaLaunchCooperativeKernel(const void*, dim3, dim3, void**, std::size_t = 0, St = St{}) {
  cpurt::launch_untyped("cudaLaunchCooperativeKernel");
}
template <class... P, class St = std::nullptr_t>
inline hipError_t hipLaunchKernel(void (*f)(P...), dim3 g, dim3 b, void** args, std::size_t smem = 0, St = St{}) {
  return cpurt::to_hip(cpurt::launch_packed(f, g, b, args, smem, false));
}
template <class St = std::nullptr_t>
inline hipError_t hipLaunchKernel(const void*, dim3, dim3, void**, std::size_t = 0, St = St{}) {
  cpurt::launch_untyped("hipLaunchKernel");
}
template <class... P, class St = std::nullptr_t>
inline hipError_t hipLaunchCooperativeKernel(void (*f)(P...), dim3 g, dim3 b, void** args, unsigned smem = 0,
                                             St = St{}) {
  return cpurt::to_hip(cpurt::launch_packed(f, g, b, args, smem, true));
}
template <class St = std::nullptr_t>
inline hipError_t hipLaunchCooperativeKernel(const void*, dim3, dim3, void**, unsigned = 0, St = St{}) {
  cpurt::launch_untyped("hipLaunchCooperativeKernel");
}

// ---- cudaLaunchKernelEx: a launch described by a config with attributes (CUDA 12) ---------------------
// Only the cooperative attribute changes how the grid runs here; clusters, priorities and the other
// attributes are hints for a GPU's scheduler. The grid and block fields are `cpurt_member_gridDim` and
// `cpurt_member_blockDim`: the rewriter gives every member named gridDim/blockDim that prefix
// (`cfg.gridDim = dim3(4)`), since the bare names are the built-in macros.
enum cudaLaunchAttributeID {
  cudaLaunchAttributeIgnore = 0,
  cudaLaunchAttributeAccessPolicyWindow = 1,
  cudaLaunchAttributeCooperative = 2,
  cudaLaunchAttributeSynchronizationPolicy = 3,
  cudaLaunchAttributeClusterDimension = 4,
  cudaLaunchAttributeClusterSchedulingPolicyPreference = 5,
  cudaLaunchAttributeProgrammaticStreamSerialization = 6,
  cudaLaunchAttributeProgrammaticEvent = 7,
  cudaLaunchAttributePriority = 8,
  cudaLaunchAttributeMemSyncDomainMap = 9,
  cudaLaunchAttributeMemSyncDomain = 10,
};
union cudaLaunchAttributeValue {
  char pad[64];
  int cooperative;
  int priority;
  unsigned programmaticStreamSerializationAllowed;
  struct {
    unsigned x, y, z;
  } clusterDim;
};
struct cudaLaunchAttribute {
  cudaLaunchAttributeID id;
  char pad[8 - sizeof(cudaLaunchAttributeID)];
  cudaLaunchAttributeValue val;
};
struct cudaLaunchConfig_t {
  dim3 cpurt_member_gridDim;
  dim3 cpurt_member_blockDim;
  std::size_t dynamicSmemBytes;
  cudaStream_t stream;
  cudaLaunchAttribute* attrs;
  unsigned numAttrs;
};
namespace cpurt {
inline bool cooperative_config(const cudaLaunchConfig_t& c) {
  for (unsigned i = 0; c.attrs && i < c.numAttrs; ++i)
    if (c.attrs[i].id == cudaLaunchAttributeCooperative && c.attrs[i].val.cooperative) return true;
  return false;
}
inline dim3 config_grid(const cudaLaunchConfig_t& c) { return c.cpurt_member_gridDim; }
inline dim3 config_block(const cudaLaunchConfig_t& c) { return c.cpurt_member_blockDim; }
}  // namespace cpurt
namespace cpurt {
template <class E, class... P, class... A>
inline E launch_ex(E (*map)(Error), const cudaLaunchConfig_t* c, void (*f)(P...), A&&... args) {
  static_assert(sizeof...(P) == sizeof...(A), "LaunchKernelEx: the arguments must match the kernel's parameters");
  if (!c || !f) return ret(Error::InvalidValue, map);
  if (host::stream_check(c->stream) != Error::Success) return map(Error::InvalidResourceHandle);
  return map(launch(config_grid(*c), config_block(*c), c->dynamicSmemBytes, cooperative_config(*c), f,
                    static_cast<P>(std::forward<A>(args))...));
}
}  // namespace cpurt
template <class... P, class... A>
inline cudaError_t cudaLaunchKernelEx(const cudaLaunchConfig_t* c, void (*f)(P...), A&&... args) {
  return cpurt::launch_ex(cpurt::to_cuda, c, f, std::forward<A>(args)...);
}
// hipLaunchKernelEx (ROCm 6.2): the same config and attributes under HIP's names.
typedef cudaLaunchAttributeID hipLaunchAttributeID;
inline constexpr hipLaunchAttributeID hipLaunchAttributeAccessPolicyWindow = cudaLaunchAttributeAccessPolicyWindow;
inline constexpr hipLaunchAttributeID hipLaunchAttributeCooperative = cudaLaunchAttributeCooperative;
inline constexpr hipLaunchAttributeID hipLaunchAttributePriority = cudaLaunchAttributePriority;
typedef cudaLaunchAttributeValue hipLaunchAttributeValue;
typedef cudaLaunchAttribute hipLaunchAttribute;
typedef cudaLaunchConfig_t hipLaunchConfig_t;
template <class... P, class... A>
inline hipError_t hipLaunchKernelEx(const hipLaunchConfig_t* c, void (*f)(P...), A&&... args) {
  return cpurt::launch_ex(cpurt::to_hip, c, f, std::forward<A>(args)...);
}

// ---- occupancy -----------------------------------------------------------------------------------
template <class F>
inline cudaError_t cudaOccupancyMaxActiveBlocksPerMultiprocessor(int* n, F, int block_size, std::size_t smem) {
  if (!n || block_size <= 0) return cpurt::ret(cpurt::Error::InvalidValue, cpurt::to_cuda);
  *n = cpurt::occupancy_blocks_per_sm(block_size, smem);
  return cudaSuccess;
}
template <class F>
inline cudaError_t cudaOccupancyMaxActiveBlocksPerMultiprocessorWithFlags(int* n, F f, int block_size,
                                                                          std::size_t smem, unsigned) {
  return cudaOccupancyMaxActiveBlocksPerMultiprocessor(n, f, block_size, smem);
}
template <class F>
inline cudaError_t cudaOccupancyMaxPotentialBlockSize(int* min_grid, int* block, F, std::size_t smem = 0,
                                                      int limit = 0) {
  if (!min_grid || !block) return cpurt::ret(cpurt::Error::InvalidValue, cpurt::to_cuda);
  cpurt::max_potential_block_size(min_grid, block, smem, limit);
  return cudaSuccess;
}
// The dynamic shared memory a block size needs comes from the caller's function of the block size.
template <class F, class SMem>
inline cudaError_t cudaOccupancyMaxPotentialBlockSizeVariableSMem(int* min_grid, int* block, F, SMem smem_for_block,
                                                                  int limit = 0, unsigned = 0) {
  if (!min_grid || !block) return cpurt::ret(cpurt::Error::InvalidValue, cpurt::to_cuda);
  cpurt::max_potential_block_size_by(min_grid, block, smem_for_block, limit);
  return cudaSuccess;
}
template <class F, class SMem>
inline cudaError_t cudaOccupancyMaxPotentialBlockSizeVariableSMemWithFlags(int* min_grid, int* block, F f,
                                                                           SMem smem_for_block, int limit, unsigned) {
  return cudaOccupancyMaxPotentialBlockSizeVariableSMem(min_grid, block, f, smem_for_block, limit);
}
template <class F, class SMem>
inline hipError_t hipOccupancyMaxPotentialBlockSizeVariableSMem(int* grid, int* block, F, SMem smem_for_block,
                                                                int limit = 0, unsigned = 0) {
  if (!grid || !block) return cpurt::ret(cpurt::Error::InvalidValue, cpurt::to_hip);
  cpurt::max_potential_block_size_by(grid, block, smem_for_block, limit);
  return hipSuccess;
}
template <class F>
inline hipError_t hipOccupancyMaxActiveBlocksPerMultiprocessor(int* n, F, int block_size, std::size_t smem) {
  if (!n || block_size <= 0) return cpurt::ret(cpurt::Error::InvalidValue, cpurt::to_hip);
  *n = cpurt::occupancy_blocks_per_sm(block_size, smem);
  return hipSuccess;
}
template <class F>
inline hipError_t hipOccupancyMaxActiveBlocksPerMultiprocessorWithFlags(int* n, F f, int block_size, std::size_t smem,
                                                                        unsigned) {
  return hipOccupancyMaxActiveBlocksPerMultiprocessor(n, f, block_size, smem);
}
template <class F>
inline hipError_t hipOccupancyMaxPotentialBlockSize(int* grid, int* block, F, std::size_t smem = 0, int limit = 0) {
  if (!grid || !block) return cpurt::ret(cpurt::Error::InvalidValue, cpurt::to_hip);
  cpurt::max_potential_block_size(grid, block, smem, limit);
  return hipSuccess;
}

// ---- function attributes -------------------------------------------------------------------------
enum cudaFuncAttribute {
  cudaFuncAttributeMaxDynamicSharedMemorySize = 8,
  cudaFuncAttributePreferredSharedMemoryCarveout = 9,
  cudaFuncAttributeMax
};
typedef enum hipFuncAttribute {
  hipFuncAttributeMaxDynamicSharedMemorySize = 8,
  hipFuncAttributePreferredSharedMemoryCarveout = 9,
  hipFuncAttributeMax
} hipFuncAttribute;

struct cudaFuncAttributes {
  std::size_t sharedSizeBytes, constSizeBytes, localSizeBytes;
  int maxThreadsPerBlock, numRegs, ptxVersion, binaryVersion, cacheModeCA, maxDynamicSharedSizeBytes,
      preferredShmemCarveout;
  int reserved[16];
};
typedef struct hipFuncAttributes {
  int binaryVersion, cacheModeCA;
  std::size_t constSizeBytes, localSizeBytes;
  int maxDynamicSharedSizeBytes, maxThreadsPerBlock, numRegs, preferredShmemCarveout, ptxVersion;
  std::size_t sharedSizeBytes;
} hipFuncAttributes;

template <class F>
inline cudaError_t cudaFuncSetAttribute(F f, cudaFuncAttribute attr, int value) {
  if (attr == cudaFuncAttributeMaxDynamicSharedMemorySize)
    return cpurt::ret(cpurt::set_max_dyn_smem(cpurt::func_key(f), value), cpurt::to_cuda);
  return cudaSuccess;  // carveout: a hint
}
template <class F>
inline hipError_t hipFuncSetAttribute(F f, hipFuncAttribute attr, int value) {
  if (attr == hipFuncAttributeMaxDynamicSharedMemorySize)
    return cpurt::ret(cpurt::set_max_dyn_smem(cpurt::func_key(f), value), cpurt::to_hip);
  return hipSuccess;
}
template <class F>
inline cudaError_t cudaFuncGetAttributes(cudaFuncAttributes* a, F f) {
  if (!a) return cpurt::ret(cpurt::Error::InvalidValue, cpurt::to_cuda);
  *a = cudaFuncAttributes{};
  a->maxThreadsPerBlock = cpurt::device::max_threads_per_block;
  a->numRegs = 32;
  a->ptxVersion = a->binaryVersion = cpurt::device::compute_major * 10 + cpurt::device::compute_minor;
  a->maxDynamicSharedSizeBytes = cpurt::func_attrs().get(cpurt::func_key(f));
  return cudaSuccess;
}
template <class F>
inline hipError_t hipFuncGetAttributes(hipFuncAttributes* a, F f) {
  if (!a) return cpurt::ret(cpurt::Error::InvalidValue, cpurt::to_hip);
  *a = hipFuncAttributes{};
  a->maxThreadsPerBlock = cpurt::device::max_threads_per_block;
  a->numRegs = 32;
  a->maxDynamicSharedSizeBytes = cpurt::func_attrs().get(cpurt::func_key(f));
  return hipSuccess;
}
// Cache and bank configuration are hints with no effect on a CPU.
template <class F, class C>
inline cudaError_t cudaFuncSetCacheConfig(F, C) { return cudaSuccess; }
template <class F, class C>
inline cudaError_t cudaFuncSetSharedMemConfig(F, C) { return cudaSuccess; }
template <class F, class C>
inline hipError_t hipFuncSetCacheConfig(F, C) { return hipSuccess; }
template <class F, class C>
inline hipError_t hipFuncSetSharedMemConfig(F, C) { return hipSuccess; }

// The host API in both spellings (cuda* and hip*), each a thin wrapper over host_core.h.
// The runtime declares both; they share the stream, event and memcpy-kind types so that one
// macro can emit both wrappers and the launch code accepts either handle. A program sees only
// its own language's spelling (cpurt.h closes the runtime with spellings_close.h).
#pragma once

#include <stdio.h>
#include <string.h>

#include <cstddef>

#include "device.h"
#include "errors.h"
#include "host_core.h"

// ---- shared handle and enum types ------------------------------------------------------------
typedef cpurt::Stream* cudaStream_t;
typedef cpurt::Stream* hipStream_t;
typedef cpurt::Event* cudaEvent_t;
typedef cpurt::Event* hipEvent_t;
typedef void* hipDeviceptr_t;
typedef int hipDevice_t;

// One enum carries both spellings' enumerators (the values are identical in the two APIs).
enum cudaMemcpyKind {
  cudaMemcpyHostToHost = 0,
  cudaMemcpyHostToDevice = 1,
  cudaMemcpyDeviceToHost = 2,
  cudaMemcpyDeviceToDevice = 3,
  cudaMemcpyDefault = 4,
  hipMemcpyHostToHost = 0,
  hipMemcpyHostToDevice = 1,
  hipMemcpyDeviceToHost = 2,
  hipMemcpyDeviceToDevice = 3,
  hipMemcpyDefault = 4,
};
typedef cudaMemcpyKind hipMemcpyKind;

enum cudaLimit {
  cudaLimitStackSize = 0,
  cudaLimitPrintfFifoSize = 1,
  cudaLimitMallocHeapSize = 2,
  hipLimitStackSize = 0,
  hipLimitPrintfFifoSize = 1,
  hipLimitMallocHeapSize = 2,
};
typedef cudaLimit hipLimit_t;

enum cudaFuncCache {
  cudaFuncCachePreferNone = 0,
  cudaFuncCachePreferShared = 1,
  cudaFuncCachePreferL1 = 2,
  cudaFuncCachePreferEqual = 3,
  hipFuncCachePreferNone = 0,
  hipFuncCachePreferShared = 1,
  hipFuncCachePreferL1 = 2,
  hipFuncCachePreferEqual = 3,
};
typedef cudaFuncCache hipFuncCache_t;

enum cudaMemoryAdvise {
  cudaMemAdviseSetReadMostly = 1,
  cudaMemAdviseUnsetReadMostly = 2,
  cudaMemAdviseSetPreferredLocation = 3,
  cudaMemAdviseUnsetPreferredLocation = 4,
  cudaMemAdviseSetAccessedBy = 5,
  cudaMemAdviseUnsetAccessedBy = 6,
  hipMemAdviseSetReadMostly = 1,
  hipMemAdviseUnsetReadMostly = 2,
  hipMemAdviseSetPreferredLocation = 3,
  hipMemAdviseUnsetPreferredLocation = 4,
  hipMemAdviseSetAccessedBy = 5,
  hipMemAdviseUnsetAccessedBy = 6,
};
typedef cudaMemoryAdvise hipMemoryAdvise;
struct cudaMemLocation {  // CUDA 13 prefetch/advise take a location instead of a device number
  int type;
  int id;
};
#define cudaMemLocationTypeDevice 1
#define cudaMemLocationTypeHost 2
#define cudaCpuDeviceId (-1)
#define hipCpuDeviceId (-1)

#define cudaHostAllocDefault 0x00
#define cudaHostAllocPortable 0x01
#define cudaHostAllocMapped 0x02
#define cudaHostAllocWriteCombined 0x04
#define cudaHostRegisterDefault 0x00
#define cudaHostRegisterPortable 0x01
#define cudaHostRegisterMapped 0x02
#define cudaStreamDefault 0x00
#define cudaStreamNonBlocking 0x01
#define cudaStreamLegacy ((cudaStream_t)0x1)
#define cudaStreamPerThread ((cudaStream_t)0x2)
#define cudaEventDefault 0x00
#define cudaEventBlockingSync 0x01
#define cudaEventDisableTiming 0x02
#define cudaEventInterprocess 0x04
#define cudaDeviceScheduleAuto 0x00
#define cudaDeviceScheduleSpin 0x01
#define cudaDeviceScheduleYield 0x02
#define cudaDeviceScheduleBlockingSync 0x04
#define cudaDeviceBlockingSync 0x04
#define cudaDeviceScheduleMask 0x07
#define cudaDeviceMapHost 0x08
#define cudaDeviceLmemResizeToMax 0x10
#define cudaMemAttachGlobal 0x01
#define cudaMemAttachHost 0x02
#define cudaMemAttachSingle 0x04

#define hipHostMallocDefault 0x0
#define hipHostMallocPortable 0x1
#define hipHostMallocMapped 0x2
#define hipHostMallocWriteCombined 0x4
#define hipHostMallocNumaUser 0x20000000
#define hipHostMallocCoherent 0x40000000
#define hipHostMallocNonCoherent 0x80000000
#define hipHostAllocDefault 0x0
#define hipHostAllocPortable 0x1
#define hipHostAllocMapped 0x2
#define hipHostAllocWriteCombined 0x4
#define hipHostRegisterDefault 0x0
#define hipHostRegisterPortable 0x1
#define hipHostRegisterMapped 0x2
#define hipStreamDefault 0x00
#define hipStreamNonBlocking 0x01
#define hipStreamPerThread ((hipStream_t)2)
#define hipEventDefault 0x0
#define hipEventBlockingSync 0x1
#define hipEventDisableTiming 0x2
#define hipEventInterprocess 0x4
#define hipDeviceScheduleAuto 0x0
#define hipDeviceScheduleSpin 0x1
#define hipDeviceScheduleYield 0x2
#define hipDeviceScheduleBlockingSync 0x4
#define hipDeviceScheduleMask 0x7
#define hipDeviceMapHost 0x8
#define hipDeviceLmemResizeToMax 0x16
#define hipMemAttachGlobal 0x01
#define hipMemAttachHost 0x02
#define hipMemAttachSingle 0x04

// HIP on AMD passes the variable itself; the template overloads below take its address.
#define HIP_SYMBOL(X) X

// Emits cuda<Name> and hip<Name> with the same parameters over one core expression; a CUDA program
// (CPURT_LANG_CUDA) sees only the cuda* spelling and a HIP program only the hip* one, so a call nvcc
// or hipcc would not know fails here too, in g++'s words ("'hipMallocAsync' was not declared in this
// scope"). Without a language macro (the runtime's own unit tests) both are emitted.
#if defined(CPURT_LANG_HIP) && CPURT_LANG_HIP
#define CPURT_CUDA_SPELLING(...)
#else
#define CPURT_CUDA_SPELLING(...) __VA_ARGS__
#endif
#if defined(CPURT_LANG_CUDA) && CPURT_LANG_CUDA
#define CPURT_HIP_SPELLING(...)
#else
#define CPURT_HIP_SPELLING(...) __VA_ARGS__
#endif
#define CPURT_BOTH(Name, PARAMS, EXPR)                                                        \
  CPURT_CUDA_SPELLING(inline cudaError_t cuda##Name PARAMS { return ::cpurt::to_cuda(EXPR); }) \
  CPURT_HIP_SPELLING(inline hipError_t hip##Name PARAMS { return ::cpurt::to_hip(EXPR); })
// The same for templates taking `T** ptr` (cudaMalloc(&float_ptr, n) needs no cast in CUDA).
#define CPURT_BOTH_T(Name, PARAMS, EXPR)                                                                         \
  CPURT_CUDA_SPELLING(template <class T> inline cudaError_t cuda##Name PARAMS { return ::cpurt::to_cuda(EXPR); }) \
  CPURT_HIP_SPELLING(template <class T> inline hipError_t hip##Name PARAMS { return ::cpurt::to_hip(EXPR); })

namespace cpurt::host {
using ::std::size_t;
inline constexpr Error ok = Error::Success;
}  // namespace cpurt::host
#define CPURT_NS ::cpurt::host

// ---- memory ---------------------------------------------------------------------------------------
CPURT_BOTH(Malloc, (void** p, size_t n), CPURT_NS::allocate(p, n, CPURT_NS::Kind::Device))
CPURT_BOTH_T(Malloc, (T** p, size_t n), CPURT_NS::allocate(reinterpret_cast<void**>(p), n, CPURT_NS::Kind::Device))
CPURT_BOTH(MallocManaged, (void** p, size_t n, unsigned = 1), CPURT_NS::allocate(p, n, CPURT_NS::Kind::Managed))
CPURT_BOTH_T(MallocManaged, (T** p, size_t n, unsigned = 1),
             CPURT_NS::allocate(reinterpret_cast<void**>(p), n, CPURT_NS::Kind::Managed))
CPURT_BOTH(MallocHost, (void** p, size_t n), CPURT_NS::allocate(p, n, CPURT_NS::Kind::Host))
CPURT_BOTH_T(MallocHost, (T** p, size_t n), CPURT_NS::allocate(reinterpret_cast<void**>(p), n, CPURT_NS::Kind::Host))
CPURT_BOTH(HostAlloc, (void** p, size_t n, unsigned), CPURT_NS::allocate(p, n, CPURT_NS::Kind::Host))
CPURT_BOTH_T(HostAlloc, (T** p, size_t n, unsigned), CPURT_NS::allocate(reinterpret_cast<void**>(p), n, CPURT_NS::Kind::Host))
inline hipError_t hipHostMalloc(void** p, size_t n, unsigned = 0) {
  return cpurt::to_hip(CPURT_NS::allocate(p, n, CPURT_NS::Kind::Host));
}
template <class T>
inline hipError_t hipHostMalloc(T** p, size_t n, unsigned flags = 0) {
  return hipHostMalloc(reinterpret_cast<void**>(p), n, flags);
}
CPURT_BOTH(Free, (void* p), CPURT_NS::release(p))
CPURT_BOTH(FreeHost, (void* p), CPURT_NS::release(p))
inline hipError_t hipHostFree(void* p) { return cpurt::to_hip(CPURT_NS::release(p)); }
CPURT_BOTH(MallocAsync, (void** p, size_t n, cudaStream_t s),
           CPURT_NS::stream_check(s) == CPURT_NS::ok ? CPURT_NS::allocate(p, n, CPURT_NS::Kind::Device)
                                                     : cpurt::Error::InvalidResourceHandle)
CPURT_BOTH_T(MallocAsync, (T** p, size_t n, cudaStream_t s),
             CPURT_NS::stream_check(s) == CPURT_NS::ok
                 ? CPURT_NS::allocate(reinterpret_cast<void**>(p), n, CPURT_NS::Kind::Device)
                 : cpurt::Error::InvalidResourceHandle)
CPURT_BOTH(FreeAsync, (void* p, cudaStream_t s),
           CPURT_NS::stream_check(s) == CPURT_NS::ok ? CPURT_NS::release(p) : cpurt::Error::InvalidResourceHandle)
CPURT_BOTH(MallocPitch, (void** p, size_t* pitch, size_t width, size_t height),
           CPURT_NS::malloc_pitch(p, pitch, width, height))
CPURT_BOTH_T(MallocPitch, (T** p, size_t* pitch, size_t width, size_t height),
             CPURT_NS::malloc_pitch(reinterpret_cast<void**>(p), pitch, width, height))
CPURT_BOTH(MemGetInfo, (size_t* free_bytes, size_t* total), (CPURT_NS::mem_info(free_bytes, total), CPURT_NS::ok))
CPURT_BOTH(HostGetDevicePointer, (void** dev, void* host, unsigned),
           dev ? (*dev = host, CPURT_NS::ok) : cpurt::fail(cpurt::Error::InvalidValue))
CPURT_BOTH(HostRegister, (void*, size_t, unsigned), CPURT_NS::ok)
CPURT_BOTH(HostUnregister, (void*), CPURT_NS::ok)
CPURT_BOTH(MemAdvise, (const void*, size_t, cudaMemoryAdvise, int), CPURT_NS::ok)
CPURT_BOTH(MemAdvise, (const void*, size_t, cudaMemoryAdvise, cudaMemLocation), CPURT_NS::ok)
CPURT_BOTH(MemPrefetchAsync, (const void*, size_t, int, cudaStream_t = 0), CPURT_NS::ok)
CPURT_BOTH(MemPrefetchAsync, (const void*, size_t, cudaMemLocation, unsigned, cudaStream_t = 0), CPURT_NS::ok)

// ---- copies and fills (synchronous; the Async forms only validate the stream) -------------------------
#define CPURT_ON(s, EXPR) (CPURT_NS::stream_check(s) == CPURT_NS::ok ? (EXPR) : cpurt::Error::InvalidResourceHandle)
CPURT_BOTH(Memcpy, (void* dst, const void* src, size_t n, cudaMemcpyKind kind), CPURT_NS::copy(dst, src, n, kind))
CPURT_BOTH(MemcpyAsync, (void* dst, const void* src, size_t n, cudaMemcpyKind kind, cudaStream_t s = 0),
           CPURT_ON(s, CPURT_NS::copy(dst, src, n, kind)))
CPURT_BOTH(MemcpyPeer, (void* dst, int dd, const void* src, int sd, size_t n),
           dd == 0 && sd == 0 ? CPURT_NS::copy(dst, src, n, 4) : cpurt::fail(cpurt::Error::InvalidDevice))
CPURT_BOTH(Memcpy2D, (void* dst, size_t dp, const void* src, size_t sp, size_t w, size_t h, cudaMemcpyKind kind),
           CPURT_NS::copy_2d(dst, dp, src, sp, w, h, kind))
CPURT_BOTH(Memcpy2DAsync,
           (void* dst, size_t dp, const void* src, size_t sp, size_t w, size_t h, cudaMemcpyKind kind,
            cudaStream_t s = 0),
           CPURT_ON(s, CPURT_NS::copy_2d(dst, dp, src, sp, w, h, kind)))
CPURT_BOTH(Memset, (void* dst, int value, size_t n), CPURT_NS::fill(dst, static_cast<unsigned>(value), n, 1))
CPURT_BOTH(MemsetAsync, (void* dst, int value, size_t n, cudaStream_t s = 0),
           CPURT_ON(s, CPURT_NS::fill(dst, static_cast<unsigned>(value), n, 1)))
CPURT_BOTH(Memset2D, (void* dst, size_t pitch, int value, size_t w, size_t h), CPURT_NS::fill_2d(dst, pitch, value, w, h))
inline hipError_t hipMemcpyWithStream(void* dst, const void* src, size_t n, hipMemcpyKind kind, hipStream_t s) {
  return cpurt::to_hip(CPURT_ON(s, CPURT_NS::copy(dst, src, n, kind)));
}
// HIP's driver-style copies and typed fills.
inline hipError_t hipMemcpyHtoD(hipDeviceptr_t dst, const void* src, size_t n) { return cpurt::to_hip(CPURT_NS::copy(dst, src, n, 1)); }
inline hipError_t hipMemcpyDtoH(void* dst, hipDeviceptr_t src, size_t n) { return cpurt::to_hip(CPURT_NS::copy(dst, src, n, 2)); }
inline hipError_t hipMemcpyDtoD(hipDeviceptr_t dst, hipDeviceptr_t src, size_t n) { return cpurt::to_hip(CPURT_NS::copy(dst, src, n, 3)); }
inline hipError_t hipMemcpyHtoDAsync(hipDeviceptr_t dst, const void* src, size_t n, hipStream_t s = 0) {
  return cpurt::to_hip(CPURT_ON(s, CPURT_NS::copy(dst, src, n, 1)));
}
inline hipError_t hipMemcpyDtoHAsync(void* dst, hipDeviceptr_t src, size_t n, hipStream_t s = 0) {
  return cpurt::to_hip(CPURT_ON(s, CPURT_NS::copy(dst, src, n, 2)));
}
inline hipError_t hipMemcpyDtoDAsync(hipDeviceptr_t dst, hipDeviceptr_t src, size_t n, hipStream_t s = 0) {
  return cpurt::to_hip(CPURT_ON(s, CPURT_NS::copy(dst, src, n, 3)));
}
inline hipError_t hipMemsetD8(hipDeviceptr_t dst, unsigned char v, size_t count) { return cpurt::to_hip(CPURT_NS::fill(dst, v, count, 1)); }
inline hipError_t hipMemsetD16(hipDeviceptr_t dst, unsigned short v, size_t count) { return cpurt::to_hip(CPURT_NS::fill(dst, v, count, 2)); }
inline hipError_t hipMemsetD32(hipDeviceptr_t dst, int v, size_t count) {
  return cpurt::to_hip(CPURT_NS::fill(dst, static_cast<unsigned>(v), count, 4));
}
inline hipError_t hipMemsetD8Async(hipDeviceptr_t dst, unsigned char v, size_t count, hipStream_t s = 0) {
  return cpurt::to_hip(CPURT_ON(s, CPURT_NS::fill(dst, v, count, 1)));
}
inline hipError_t hipMemsetD16Async(hipDeviceptr_t dst, unsigned short v, size_t count, hipStream_t s = 0) {
  return cpurt::to_hip(CPURT_ON(s, CPURT_NS::fill(dst, v, count, 2)));
}
inline hipError_t hipMemsetD32Async(hipDeviceptr_t dst, int v, size_t count, hipStream_t s = 0) {
  return cpurt::to_hip(CPURT_ON(s, CPURT_NS::fill(dst, static_cast<unsigned>(v), count, 4)));
}

// ---- symbols (__device__ / __constant__ variables are plain globals on the CPU) ---------------------
// Template forms receive the variable itself (CUDA's `cudaMemcpyToSymbol(sym, ...)`, HIP's
// `HIP_SYMBOL(sym)`), so the copy is bounds-checked against sizeof the variable.
CPURT_BOTH(MemcpyToSymbol,
           (const void* sym, const void* src, size_t n, size_t off = 0, cudaMemcpyKind kind = cudaMemcpyHostToDevice),
           CPURT_NS::symbol_copy(static_cast<char*>(const_cast<void*>(sym)) + off, src, n, off, 0, kind, false))
CPURT_BOTH_T(MemcpyToSymbol,
             (const T& sym, const void* src, size_t n, size_t off = 0, cudaMemcpyKind kind = cudaMemcpyHostToDevice),
             CPURT_NS::symbol_copy(reinterpret_cast<char*>(const_cast<T*>(&sym)) + off, src, n, off, sizeof(T), kind, false))
CPURT_BOTH(MemcpyToSymbolAsync,
           (const void* sym, const void* src, size_t n, size_t off, cudaMemcpyKind kind, cudaStream_t s = 0),
           CPURT_ON(s, CPURT_NS::symbol_copy(static_cast<char*>(const_cast<void*>(sym)) + off, src, n, off, 0, kind, false)))
CPURT_BOTH_T(MemcpyToSymbolAsync,
             (const T& sym, const void* src, size_t n, size_t off, cudaMemcpyKind kind, cudaStream_t s = 0),
             CPURT_ON(s, CPURT_NS::symbol_copy(reinterpret_cast<char*>(const_cast<T*>(&sym)) + off, src, n, off,
                                               sizeof(T), kind, false)))
CPURT_BOTH(MemcpyFromSymbol,
           (void* dst, const void* sym, size_t n, size_t off = 0, cudaMemcpyKind kind = cudaMemcpyDeviceToHost),
           CPURT_NS::symbol_copy(dst, static_cast<const char*>(sym) + off, n, off, 0, kind, true))
CPURT_BOTH_T(MemcpyFromSymbol,
             (void* dst, const T& sym, size_t n, size_t off = 0, cudaMemcpyKind kind = cudaMemcpyDeviceToHost),
             CPURT_NS::symbol_copy(dst, reinterpret_cast<const char*>(&sym) + off, n, off, sizeof(T), kind, true))
CPURT_BOTH(MemcpyFromSymbolAsync,
           (void* dst, const void* sym, size_t n, size_t off, cudaMemcpyKind kind, cudaStream_t s = 0),
           CPURT_ON(s, CPURT_NS::symbol_copy(dst, static_cast<const char*>(sym) + off, n, off, 0, kind, true)))
CPURT_BOTH_T(MemcpyFromSymbolAsync,
             (void* dst, const T& sym, size_t n, size_t off, cudaMemcpyKind kind, cudaStream_t s = 0),
             CPURT_ON(s, CPURT_NS::symbol_copy(dst, reinterpret_cast<const char*>(&sym) + off, n, off, sizeof(T), kind, true)))
CPURT_BOTH_T(GetSymbolAddress, (void** dev, const T& sym),
             dev ? (cpurt::guard::note_symbol(&sym, sizeof(T)),
                    *dev = const_cast<void*>(static_cast<const void*>(&sym)), CPURT_NS::ok)
                 : cpurt::fail(cpurt::Error::InvalidValue))
CPURT_BOTH_T(GetSymbolSize, (size_t * size, const T&),
             size ? (*size = sizeof(T), CPURT_NS::ok) : cpurt::fail(cpurt::Error::InvalidValue))

// ---- device management -----------------------------------------------------------------------------
CPURT_BOTH(DeviceSynchronize, (), CPURT_NS::ok)
inline cudaError_t cudaThreadSynchronize() { return cudaSuccess; }
CPURT_BOTH(DeviceReset, (), (CPURT_NS::release_all(), CPURT_NS::ok))
CPURT_BOTH(GetDeviceCount, (int* n), n ? (*n = 1, CPURT_NS::ok) : cpurt::fail(cpurt::Error::InvalidValue))
CPURT_BOTH(SetDevice, (int dev), CPURT_NS::device_check(dev))
CPURT_BOTH(GetDevice, (int* dev), dev ? (*dev = 0, CPURT_NS::ok) : cpurt::fail(cpurt::Error::InvalidValue))
CPURT_BOTH(SetDeviceFlags, (unsigned), CPURT_NS::ok)
CPURT_BOTH(GetDeviceFlags, (unsigned* f), f ? (*f = 0, CPURT_NS::ok) : cpurt::fail(cpurt::Error::InvalidValue))
CPURT_BOTH(DeviceSetLimit, (cudaLimit, size_t), CPURT_NS::ok)
CPURT_BOTH(DeviceGetLimit, (size_t * v, cudaLimit),
           v ? (*v = 1 << 20, CPURT_NS::ok) : cpurt::fail(cpurt::Error::InvalidValue))
CPURT_BOTH(DeviceSetCacheConfig, (cudaFuncCache), CPURT_NS::ok)
CPURT_BOTH(DeviceGetStreamPriorityRange, (int* least, int* greatest),
           ((least ? *least = 0 : 0), (greatest ? *greatest = -1 : 0), CPURT_NS::ok))
CPURT_BOTH(DeviceCanAccessPeer, (int* can, int, int), can ? (*can = 0, CPURT_NS::ok) : cpurt::fail(cpurt::Error::InvalidValue))
CPURT_BOTH(DeviceEnablePeerAccess, (int, unsigned), cpurt::fail(cpurt::Error::InvalidDevice))
CPURT_BOTH(DriverGetVersion, (int* v), v ? (*v = 13000, CPURT_NS::ok) : cpurt::fail(cpurt::Error::InvalidValue))
inline cudaError_t cudaRuntimeGetVersion(int* v) { return v ? (*v = 13000, cudaSuccess) : cudaErrorInvalidValue; }
inline hipError_t hipRuntimeGetVersion(int* v) { return v ? (*v = 60200000, hipSuccess) : hipErrorInvalidValue; }
inline hipError_t hipInit(unsigned) { return hipSuccess; }
CPURT_BOTH(ProfilerStart, (), CPURT_NS::ok)
CPURT_BOTH(ProfilerStop, (), CPURT_NS::ok)

// ---- streams and events ------------------------------------------------------------------------------
CPURT_BOTH(StreamCreate, (cudaStream_t * s), CPURT_NS::stream_create(s, 0, 0))
CPURT_BOTH(StreamCreateWithFlags, (cudaStream_t * s, unsigned flags), CPURT_NS::stream_create(s, flags, 0))
CPURT_BOTH(StreamCreateWithPriority, (cudaStream_t * s, unsigned flags, int prio), CPURT_NS::stream_create(s, flags, prio))
CPURT_BOTH(StreamDestroy, (cudaStream_t s), CPURT_NS::stream_destroy(s))
CPURT_BOTH(StreamSynchronize, (cudaStream_t s), CPURT_NS::stream_check(s))
// Attaching managed memory to a stream only limits what a GPU lets the host touch concurrently.
CPURT_BOTH(StreamAttachMemAsync, (cudaStream_t s, void*, size_t = 0, unsigned = cudaMemAttachSingle),
           CPURT_NS::stream_check(s))
CPURT_BOTH(StreamQuery, (cudaStream_t s), CPURT_NS::stream_check(s))
CPURT_BOTH(StreamWaitEvent, (cudaStream_t s, cudaEvent_t e, unsigned = 0),
           CPURT_ON(s, CPURT_NS::event_check(e)))
CPURT_BOTH(StreamGetFlags, (cudaStream_t s, unsigned* f),
           CPURT_ON(s, (f ? (*f = reinterpret_cast<std::uintptr_t>(s) <= 2 ? 0u : s->flags, CPURT_NS::ok)
                          : cpurt::fail(cpurt::Error::InvalidValue))))
CPURT_BOTH(EventCreate, (cudaEvent_t * e), CPURT_NS::event_create(e, 0))
CPURT_BOTH(EventCreateWithFlags, (cudaEvent_t * e, unsigned flags), CPURT_NS::event_create(e, flags))
CPURT_BOTH(EventDestroy, (cudaEvent_t e), CPURT_NS::event_destroy(e))
CPURT_BOTH(EventRecord, (cudaEvent_t e, cudaStream_t s = 0), CPURT_NS::event_record(e, s))
CPURT_BOTH(EventSynchronize, (cudaEvent_t e), CPURT_NS::event_check(e))
CPURT_BOTH(EventQuery, (cudaEvent_t e), CPURT_NS::event_check(e))
CPURT_BOTH(EventElapsedTime, (float* ms, cudaEvent_t start, cudaEvent_t end), CPURT_NS::event_elapsed(ms, start, end))

// Host callbacks run at once: every earlier operation in the stream has already completed.
typedef void (*cudaHostFn_t)(void*);
typedef void (*hipHostFn_t)(void*);
typedef void (*cudaStreamCallback_t)(cudaStream_t, cudaError_t, void*);
typedef void (*hipStreamCallback_t)(hipStream_t, hipError_t, void*);
CPURT_BOTH(LaunchHostFunc, (cudaStream_t s, cudaHostFn_t fn, void* data), CPURT_ON(s, (fn(data), CPURT_NS::ok)))
inline cudaError_t cudaStreamAddCallback(cudaStream_t s, cudaStreamCallback_t cb, void* data, unsigned) {
  cudaError_t e = cpurt::to_cuda(CPURT_NS::stream_check(s));
  if (e == cudaSuccess) cb(s, cudaSuccess, data);
  return e;
}
inline hipError_t hipStreamAddCallback(hipStream_t s, hipStreamCallback_t cb, void* data, unsigned) {
  hipError_t e = cpurt::to_hip(CPURT_NS::stream_check(s));
  if (e == hipSuccess) cb(s, hipSuccess, data);
  return e;
}

// ---- device properties and attributes --------------------------------------------------------------
struct cudaUUID_t {
  char bytes[16];
};
struct cudaDeviceProp {
  char name[256];
  cudaUUID_t uuid;
  char luid[8];
  unsigned luidDeviceNodeMask;
  size_t totalGlobalMem, sharedMemPerBlock;
  int regsPerBlock, warpSize;
  size_t memPitch;
  int maxThreadsPerBlock, maxThreadsDim[3], maxGridSize[3];
  int clockRate;  // removed in CUDA 13 but still read by many programs
  size_t totalConstMem;
  int major, minor;
  size_t textureAlignment, texturePitchAlignment;
  int deviceOverlap, multiProcessorCount, kernelExecTimeoutEnabled, integrated, canMapHostMemory, computeMode;
  int maxTexture1D, maxTexture2D[2], maxTexture3D[3];
  size_t surfaceAlignment;
  int concurrentKernels, ECCEnabled, pciBusID, pciDeviceID, pciDomainID, tccDriver, asyncEngineCount;
  int unifiedAddressing, memoryClockRate, memoryBusWidth, l2CacheSize, persistingL2CacheMaxSize;
  int maxThreadsPerMultiProcessor, streamPrioritiesSupported, globalL1CacheSupported, localL1CacheSupported;
  size_t sharedMemPerMultiprocessor;
  int regsPerMultiprocessor, managedMemory, isMultiGpuBoard, multiGpuBoardGroupID;
  int hostNativeAtomicSupported, singleToDoublePrecisionPerfRatio, pageableMemoryAccess, concurrentManagedAccess;
  int computePreemptionSupported, canUseHostPointerForRegisteredMem, cooperativeLaunch, cooperativeMultiDeviceLaunch;
  size_t sharedMemPerBlockOptin;
  int pageableMemoryAccessUsesHostPageTables, directManagedMemAccessFromHost, maxBlocksPerMultiProcessor;
  int accessPolicyMaxWindowSize;
  size_t reservedSharedMemPerBlock;
  int hostRegisterSupported, memoryPoolsSupported, clusterLaunch, unifiedFunctionPointers;
};

struct hipDeviceArch_t {
  unsigned hasGlobalInt32Atomics : 1, hasGlobalFloatAtomicExch : 1, hasSharedInt32Atomics : 1,
      hasSharedFloatAtomicExch : 1, hasFloatAtomicAdd : 1, hasGlobalInt64Atomics : 1, hasSharedInt64Atomics : 1,
      hasDoubles : 1, hasWarpVote : 1, hasWarpBallot : 1, hasWarpShuffle : 1, hasFunnelShift : 1,
      hasThreadFenceSystem : 1, hasSyncThreadsExt : 1, hasSurfaceFuncs : 1, has3dGrid : 1, hasDynamicParallelism : 1;
};
struct hipDeviceProp_t {
  char name[256];
  cudaUUID_t uuid;
  size_t totalGlobalMem, sharedMemPerBlock;
  int regsPerBlock, warpSize;
  size_t memPitch;
  int maxThreadsPerBlock, maxThreadsDim[3], maxGridSize[3];
  int clockRate, memoryClockRate, memoryBusWidth;
  size_t totalConstMem;
  int major, minor, multiProcessorCount, l2CacheSize, maxThreadsPerMultiProcessor, computeMode;
  int clockInstructionRate;
  hipDeviceArch_t arch;
  int concurrentKernels, pciDomainID, pciBusID, pciDeviceID;
  size_t maxSharedMemoryPerMultiProcessor, sharedMemPerMultiprocessor, sharedMemPerBlockOptin;
  int isMultiGpuBoard, canMapHostMemory, gcnArch;
  char gcnArchName[256];
  int integrated, cooperativeLaunch, cooperativeMultiDeviceLaunch;
  int maxTexture1DLinear, maxTexture1D, maxTexture2D[2], maxTexture3D[3];
  size_t textureAlignment, texturePitchAlignment;
  int kernelExecTimeoutEnabled, ECCEnabled, tccDriver;
  int regsPerMultiprocessor, maxBlocksPerMultiProcessor, asyncEngineCount, unifiedAddressing;
  int managedMemory, directManagedMemAccessFromHost, concurrentManagedAccess, pageableMemoryAccess;
  int pageableMemoryAccessUsesHostPageTables, isLargeBar, asicRevision, streamPrioritiesSupported;
};

namespace cpurt::host {
// Fields both property structs share, filled from device.h.
template <class P>
inline void fill_common(P* p) {
  memset(p, 0, sizeof *p);
  p->totalGlobalMem = device::total_global_mem;
  p->sharedMemPerBlock = device::shared_mem_per_block;
  p->sharedMemPerMultiprocessor = device::shared_mem_per_sm;
  p->sharedMemPerBlockOptin = device::shared_mem_per_block_optin;
  p->regsPerBlock = device::regs_per_block;
  p->regsPerMultiprocessor = device::regs_per_sm;
  p->warpSize = device::warp_size;
  p->memPitch = device::mem_pitch;
  p->maxThreadsPerBlock = device::max_threads_per_block;
  for (int i = 0; i < 3; ++i) p->maxThreadsDim[i] = device::max_block_dim[i], p->maxGridSize[i] = device::max_grid_dim[i];
  p->clockRate = device::clock_rate_khz;
  p->memoryClockRate = device::memory_clock_rate_khz;
  p->memoryBusWidth = device::memory_bus_width;
  p->totalConstMem = device::total_const_mem;
  p->multiProcessorCount = device::sm_count;
  p->l2CacheSize = device::l2_cache_size;
  p->maxThreadsPerMultiProcessor = device::max_threads_per_sm;
  p->maxBlocksPerMultiProcessor = device::max_blocks_per_sm;
  p->textureAlignment = device::texture_alignment;
  p->texturePitchAlignment = 32;
  p->concurrentKernels = p->canMapHostMemory = p->cooperativeLaunch = p->managedMemory = 1;
  p->unifiedAddressing = p->concurrentManagedAccess = p->pageableMemoryAccess = 1;
  p->directManagedMemAccessFromHost = p->streamPrioritiesSupported = 1;
  p->asyncEngineCount = 2;
  p->maxTexture1D = 131072;
}
}  // namespace cpurt::host

inline cudaError_t cudaGetDeviceProperties(cudaDeviceProp* p, int dev) {
  if (p == nullptr) return cpurt::to_cuda(cpurt::fail(cpurt::Error::InvalidValue));
  if (dev != 0) return cpurt::to_cuda(cpurt::fail(cpurt::Error::InvalidDevice));
  cpurt::host::fill_common(p);
  snprintf(p->name, sizeof p->name, "cpurt CPU device (sm_%d%d layout)", cpurt::device::compute_major,
           cpurt::device::compute_minor);
  p->major = cpurt::device::compute_major;
  p->minor = cpurt::device::compute_minor;
  p->deviceOverlap = p->globalL1CacheSupported = p->localL1CacheSupported = p->hostNativeAtomicSupported = 1;
  p->singleToDoublePrecisionPerfRatio = 2;
  p->memoryPoolsSupported = p->hostRegisterSupported = 1;
  return cudaSuccess;
}
inline cudaError_t cudaGetDeviceProperties_v2(cudaDeviceProp* p, int dev) { return cudaGetDeviceProperties(p, dev); }

inline hipError_t hipGetDeviceProperties(hipDeviceProp_t* p, int dev) {
  if (p == nullptr) return cpurt::to_hip(cpurt::fail(cpurt::Error::InvalidValue));
  if (dev != 0) return cpurt::to_hip(cpurt::fail(cpurt::Error::InvalidDevice));
  cpurt::host::fill_common(p);
  snprintf(p->name, sizeof p->name, "cpurt CPU device (gfx90a layout)");
  snprintf(p->gcnArchName, sizeof p->gcnArchName, "gfx90a:sramecc+:xnack-");
  p->gcnArch = 910;
  p->major = 9;
  p->minor = 0;
  p->maxSharedMemoryPerMultiProcessor = cpurt::device::shared_mem_per_sm;
  p->clockInstructionRate = 100000;
  p->isLargeBar = 1;
  p->arch = hipDeviceArch_t{1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 0};
  return hipSuccess;
}

enum cudaDeviceAttr {
  cudaDevAttrMaxThreadsPerBlock = 1,
  cudaDevAttrMaxBlockDimX = 2,
  cudaDevAttrMaxBlockDimY = 3,
  cudaDevAttrMaxBlockDimZ = 4,
  cudaDevAttrMaxGridDimX = 5,
  cudaDevAttrMaxGridDimY = 6,
  cudaDevAttrMaxGridDimZ = 7,
  cudaDevAttrMaxSharedMemoryPerBlock = 8,
  cudaDevAttrTotalConstantMemory = 9,
  cudaDevAttrWarpSize = 10,
  cudaDevAttrMaxPitch = 11,
  cudaDevAttrMaxRegistersPerBlock = 12,
  cudaDevAttrClockRate = 13,
  cudaDevAttrTextureAlignment = 14,
  cudaDevAttrGpuOverlap = 15,
  cudaDevAttrMultiProcessorCount = 16,
  cudaDevAttrKernelExecTimeout = 17,
  cudaDevAttrIntegrated = 18,
  cudaDevAttrCanMapHostMemory = 19,
  cudaDevAttrComputeMode = 20,
  cudaDevAttrConcurrentKernels = 31,
  cudaDevAttrEccEnabled = 32,
  cudaDevAttrPciBusId = 33,
  cudaDevAttrPciDeviceId = 34,
  cudaDevAttrMemoryClockRate = 36,
  cudaDevAttrGlobalMemoryBusWidth = 37,
  cudaDevAttrL2CacheSize = 38,
  cudaDevAttrMaxThreadsPerMultiProcessor = 39,
  cudaDevAttrAsyncEngineCount = 40,
  cudaDevAttrUnifiedAddressing = 41,
  cudaDevAttrComputeCapabilityMajor = 75,
  cudaDevAttrComputeCapabilityMinor = 76,
  cudaDevAttrStreamPrioritiesSupported = 78,
  cudaDevAttrGlobalL1CacheSupported = 79,
  cudaDevAttrLocalL1CacheSupported = 80,
  cudaDevAttrMaxSharedMemoryPerMultiprocessor = 81,
  cudaDevAttrMaxRegistersPerMultiprocessor = 82,
  cudaDevAttrManagedMemory = 83,
  cudaDevAttrHostNativeAtomicSupported = 86,
  cudaDevAttrSingleToDoublePrecisionPerfRatio = 87,
  cudaDevAttrPageableMemoryAccess = 88,
  cudaDevAttrConcurrentManagedAccess = 89,
  cudaDevAttrCooperativeLaunch = 95,
  cudaDevAttrMaxSharedMemoryPerBlockOptin = 97,
  cudaDevAttrMaxBlocksPerMultiprocessor = 106,
  cudaDevAttrMemoryPoolsSupported = 115,
};

// Values as in ROCm's hip_runtime_api.h.
enum hipDeviceAttribute_t {
  hipDeviceAttributeEccEnabled = 0,
  hipDeviceAttributeAsyncEngineCount = 2,
  hipDeviceAttributeCanMapHostMemory = 3,
  hipDeviceAttributeClockRate = 5,
  hipDeviceAttributeComputeMode = 6,
  hipDeviceAttributeConcurrentKernels = 8,
  hipDeviceAttributeConcurrentManagedAccess = 9,
  hipDeviceAttributeCooperativeLaunch = 10,
  hipDeviceAttributeIntegrated = 16,
  hipDeviceAttributeKernelExecTimeout = 18,
  hipDeviceAttributeL2CacheSize = 19,
  hipDeviceAttributeComputeCapabilityMajor = 23,
  hipDeviceAttributeManagedMemory = 24,
  hipDeviceAttributeMaxBlocksPerMultiProcessor = 25,
  hipDeviceAttributeMaxBlockDimX = 26,
  hipDeviceAttributeMaxBlockDimY = 27,
  hipDeviceAttributeMaxBlockDimZ = 28,
  hipDeviceAttributeMaxGridDimX = 29,
  hipDeviceAttributeMaxGridDimY = 30,
  hipDeviceAttributeMaxGridDimZ = 31,
  hipDeviceAttributeMaxThreadsPerBlock = 56,
  hipDeviceAttributeMaxThreadsPerMultiProcessor = 57,
  hipDeviceAttributeMaxPitch = 58,
  hipDeviceAttributeMemoryBusWidth = 59,
  hipDeviceAttributeMemoryClockRate = 60,
  hipDeviceAttributeComputeCapabilityMinor = 61,
  hipDeviceAttributeMultiprocessorCount = 63,
  hipDeviceAttributePageableMemoryAccess = 65,
  hipDeviceAttributePciBusId = 67,
  hipDeviceAttributePciDeviceId = 68,
  hipDeviceAttributeMaxRegistersPerBlock = 71,
  hipDeviceAttributeMaxRegistersPerMultiprocessor = 72,
  hipDeviceAttributeMaxSharedMemoryPerBlock = 74,
  hipDeviceAttributeSharedMemPerBlockOptin = 75,
  hipDeviceAttributeSharedMemPerMultiprocessor = 76,
  hipDeviceAttributeTextureAlignment = 81,
  hipDeviceAttributeTotalConstantMemory = 83,
  hipDeviceAttributeTotalGlobalMem = 84,
  hipDeviceAttributeUnifiedAddressing = 85,
  hipDeviceAttributeWarpSize = 87,
  hipDeviceAttributeMemoryPoolsSupported = 88,
  hipDeviceAttributeClockInstructionRate = 10000,
  hipDeviceAttributeMaxSharedMemoryPerMultiprocessor = 10002,
};

namespace cpurt::host {
// Attribute values by meaning; both enums translate into this one table.
enum class Attr { MaxThreadsPerBlock, BlockX, BlockY, BlockZ, GridX, GridY, GridZ, SharedPerBlock, ConstMem,
                  WarpSize, Pitch, RegsPerBlock, Clock, TexAlign, SmCount, MemClock, BusWidth, L2, ThreadsPerSm,
                  CcMajor, CcMinor, SharedPerSm, RegsPerSm, SharedOptin, BlocksPerSm, Yes, No, AsyncEngines };
inline int attribute(Attr a) {
  switch (a) {
    case Attr::MaxThreadsPerBlock: return device::max_threads_per_block;
    case Attr::BlockX: return device::max_block_dim[0];
    case Attr::BlockY: return device::max_block_dim[1];
    case Attr::BlockZ: return device::max_block_dim[2];
    case Attr::GridX: return device::max_grid_dim[0];
    case Attr::GridY: return device::max_grid_dim[1];
    case Attr::GridZ: return device::max_grid_dim[2];
    case Attr::SharedPerBlock: return static_cast<int>(device::shared_mem_per_block);
    case Attr::ConstMem: return static_cast<int>(device::total_const_mem);
    case Attr::WarpSize: return device::warp_size;
    case Attr::Pitch: return static_cast<int>(device::mem_pitch);
    case Attr::RegsPerBlock: return device::regs_per_block;
    case Attr::Clock: return device::clock_rate_khz;
    case Attr::TexAlign: return static_cast<int>(device::texture_alignment);
    case Attr::SmCount: return device::sm_count;
    case Attr::MemClock: return device::memory_clock_rate_khz;
    case Attr::BusWidth: return device::memory_bus_width;
    case Attr::L2: return device::l2_cache_size;
    case Attr::ThreadsPerSm: return device::max_threads_per_sm;
    case Attr::CcMajor: return device::compute_major;
    case Attr::CcMinor: return device::compute_minor;
    case Attr::SharedPerSm: return static_cast<int>(device::shared_mem_per_sm);
    case Attr::RegsPerSm: return device::regs_per_sm;
    case Attr::SharedOptin: return static_cast<int>(device::shared_mem_per_block_optin);
    case Attr::BlocksPerSm: return device::max_blocks_per_sm;
    case Attr::AsyncEngines: return 2;
    case Attr::Yes: return 1;
    case Attr::No: return 0;
  }
  return 0;
}
inline Attr from_cuda(cudaDeviceAttr a) {
  switch (a) {
    case cudaDevAttrMaxThreadsPerBlock: return Attr::MaxThreadsPerBlock;
    case cudaDevAttrMaxBlockDimX: return Attr::BlockX;
    case cudaDevAttrMaxBlockDimY: return Attr::BlockY;
    case cudaDevAttrMaxBlockDimZ: return Attr::BlockZ;
    case cudaDevAttrMaxGridDimX: return Attr::GridX;
    case cudaDevAttrMaxGridDimY: return Attr::GridY;
    case cudaDevAttrMaxGridDimZ: return Attr::GridZ;
    case cudaDevAttrMaxSharedMemoryPerBlock: return Attr::SharedPerBlock;
    case cudaDevAttrTotalConstantMemory: return Attr::ConstMem;
    case cudaDevAttrWarpSize: return Attr::WarpSize;
    case cudaDevAttrMaxPitch: return Attr::Pitch;
    case cudaDevAttrMaxRegistersPerBlock: return Attr::RegsPerBlock;
    case cudaDevAttrClockRate: return Attr::Clock;
    case cudaDevAttrTextureAlignment: return Attr::TexAlign;
    case cudaDevAttrMultiProcessorCount: return Attr::SmCount;
    case cudaDevAttrMemoryClockRate: return Attr::MemClock;
    case cudaDevAttrGlobalMemoryBusWidth: return Attr::BusWidth;
    case cudaDevAttrL2CacheSize: return Attr::L2;
    case cudaDevAttrMaxThreadsPerMultiProcessor: return Attr::ThreadsPerSm;
    case cudaDevAttrComputeCapabilityMajor: return Attr::CcMajor;
    case cudaDevAttrComputeCapabilityMinor: return Attr::CcMinor;
    case cudaDevAttrMaxSharedMemoryPerMultiprocessor: return Attr::SharedPerSm;
    case cudaDevAttrMaxRegistersPerMultiprocessor: return Attr::RegsPerSm;
    case cudaDevAttrMaxSharedMemoryPerBlockOptin: return Attr::SharedOptin;
    case cudaDevAttrMaxBlocksPerMultiprocessor: return Attr::BlocksPerSm;
    case cudaDevAttrAsyncEngineCount: return Attr::AsyncEngines;
    case cudaDevAttrKernelExecTimeout: case cudaDevAttrIntegrated: case cudaDevAttrComputeMode:
    case cudaDevAttrEccEnabled: case cudaDevAttrPciBusId: case cudaDevAttrPciDeviceId: return Attr::No;
    default: return Attr::Yes;  // the remaining attributes are capability flags
  }
}
inline Attr from_hip(hipDeviceAttribute_t a) {
  switch (a) {
    case hipDeviceAttributeMaxThreadsPerBlock: return Attr::MaxThreadsPerBlock;
    case hipDeviceAttributeMaxBlockDimX: return Attr::BlockX;
    case hipDeviceAttributeMaxBlockDimY: return Attr::BlockY;
    case hipDeviceAttributeMaxBlockDimZ: return Attr::BlockZ;
    case hipDeviceAttributeMaxGridDimX: return Attr::GridX;
    case hipDeviceAttributeMaxGridDimY: return Attr::GridY;
    case hipDeviceAttributeMaxGridDimZ: return Attr::GridZ;
    case hipDeviceAttributeMaxSharedMemoryPerBlock: return Attr::SharedPerBlock;
    case hipDeviceAttributeTotalConstantMemory: return Attr::ConstMem;
    case hipDeviceAttributeWarpSize: return Attr::WarpSize;
    case hipDeviceAttributeMaxPitch: return Attr::Pitch;
    case hipDeviceAttributeMaxRegistersPerBlock: return Attr::RegsPerBlock;
    case hipDeviceAttributeClockRate: return Attr::Clock;
    case hipDeviceAttributeTextureAlignment: return Attr::TexAlign;
    case hipDeviceAttributeMultiprocessorCount: return Attr::SmCount;
    case hipDeviceAttributeMemoryClockRate: return Attr::MemClock;
    case hipDeviceAttributeMemoryBusWidth: return Attr::BusWidth;
    case hipDeviceAttributeL2CacheSize: return Attr::L2;
    case hipDeviceAttributeMaxThreadsPerMultiProcessor: return Attr::ThreadsPerSm;
    case hipDeviceAttributeComputeCapabilityMajor: return Attr::CcMajor;
    case hipDeviceAttributeComputeCapabilityMinor: return Attr::CcMinor;
    case hipDeviceAttributeSharedMemPerMultiprocessor:
    case hipDeviceAttributeMaxSharedMemoryPerMultiprocessor: return Attr::SharedPerSm;
    case hipDeviceAttributeMaxRegistersPerMultiprocessor: return Attr::RegsPerSm;
    case hipDeviceAttributeSharedMemPerBlockOptin: return Attr::SharedOptin;
    case hipDeviceAttributeMaxBlocksPerMultiProcessor: return Attr::BlocksPerSm;
    case hipDeviceAttributeAsyncEngineCount: return Attr::AsyncEngines;
    case hipDeviceAttributeKernelExecTimeout: case hipDeviceAttributeIntegrated: case hipDeviceAttributeComputeMode:
    case hipDeviceAttributeEccEnabled: case hipDeviceAttributePciBusId: case hipDeviceAttributePciDeviceId: return Attr::No;
    default: return Attr::Yes;
  }
}
}  // namespace cpurt::host

inline cudaError_t cudaDeviceGetAttribute(int* v, cudaDeviceAttr a, int dev) {
  if (v == nullptr) return cpurt::to_cuda(cpurt::fail(cpurt::Error::InvalidValue));
  if (dev != 0) return cpurt::to_cuda(cpurt::fail(cpurt::Error::InvalidDevice));
  *v = cpurt::host::attribute(cpurt::host::from_cuda(a));
  return cudaSuccess;
}
inline hipError_t hipDeviceGetAttribute(int* v, hipDeviceAttribute_t a, int dev) {
  if (v == nullptr) return cpurt::to_hip(cpurt::fail(cpurt::Error::InvalidValue));
  if (dev != 0) return cpurt::to_hip(cpurt::fail(cpurt::Error::InvalidDevice));
  if (a == hipDeviceAttributeTotalGlobalMem) {  // does not fit an int: HIP reports it clamped
    *v = 2147483647;
    return hipSuccess;
  }
  *v = cpurt::host::attribute(cpurt::host::from_hip(a));
  return hipSuccess;
}
inline hipError_t hipDeviceGetName(char* name, int len, hipDevice_t dev) {
  if (name == nullptr || len <= 0) return cpurt::to_hip(cpurt::fail(cpurt::Error::InvalidValue));
  if (dev != 0) return cpurt::to_hip(cpurt::fail(cpurt::Error::InvalidDevice));
  snprintf(name, static_cast<size_t>(len), "cpurt CPU device (gfx90a layout)");
  return hipSuccess;
}

#undef CPURT_ON
#undef CPURT_NS
#undef CPURT_BOTH_T
#undef CPURT_BOTH

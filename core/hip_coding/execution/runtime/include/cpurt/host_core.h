// The spelling-neutral core of the host API: allocations, copies, streams and events.
// host_api.h wraps each function twice (cuda* and hip*); all checks live here, once.
//
// Launches are synchronous, so a stream is only a handle to validate and an event only a
// steady_clock stamp.  No background threads.
#pragma once

#include <stdlib.h>
#include <string.h>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <map>
#include <mutex>
#include <set>

#include "device.h"
#include "errors.h"
#include "guard.h"

namespace cpurt {

struct Stream {
  unsigned flags;
  int priority;
};
struct Event {
  unsigned flags;
  bool recorded;
  std::chrono::steady_clock::time_point stamp;
};

namespace host {

enum class Kind { Device, Managed, Host };
struct Allocation {
  std::size_t size;
  Kind kind;
};

// Never destroyed (a user's global destructor may still call Free at exit) and reachable from
// a static pointer, so LeakSanitizer does not report device memory a program forgot to free.
struct State {
  std::mutex lock;
  std::map<std::uintptr_t, Allocation> live;  // ordered: lets range checks find the owner
  std::size_t device_bytes = 0;
  std::set<const Stream*> streams;
  std::set<const Event*> events;
};
inline State& state() {
  static State* s = new State;
  return *s;
}

// Exact-size allocation: rounding up would hide off-by-one kernel writes from ASan.
inline void* raw_alloc(std::size_t n) {
#if defined(CPURT_MODE_SANITIZE) && CPURT_MODE_SANITIZE
  return malloc(n);
#else
  void* p = nullptr;
  return posix_memalign(&p, 256, n) == 0 ? p : nullptr;
#endif
}

inline Error allocate(void** out, std::size_t n, Kind kind) {
  if (out == nullptr) return fail(Error::InvalidValue);
  *out = nullptr;
  if (n == 0) return Error::Success;  // as CUDA: success, null pointer
  guard::Open open;
  State& s = state();
  std::lock_guard<std::mutex> g(s.lock);
  // The fake device has finite memory, so a 100 GB request fails cleanly on every host.
  bool counts = kind != Kind::Host;
  if (n > device::total_global_mem || (counts && n > device::total_global_mem - s.device_bytes))
    return fail(Error::MemoryAllocation);
  // Device and managed memory get pages of their own: guard.h protects them from host code.
  void* p = kind == Kind::Host ? raw_alloc(n) : guard::map_device(n);
  if (p == nullptr) return fail(Error::MemoryAllocation);
#if defined(CPURT_MODE_PERTURB) && CPURT_MODE_PERTURB
  // Fresh GPU memory is not zeroed; a recognisable pattern (NaN for floats) exposes reads of
  // memory the program never wrote.  Bounded so huge buffers are not committed page by page.
  if (kind != Kind::Host && n <= (std::size_t(64) << 20)) memset(p, 0xFF, n);
#endif
  s.live[reinterpret_cast<std::uintptr_t>(p)] = Allocation{n, kind};
  if (counts) s.device_bytes += n;
  *out = p;
  return Error::Success;
}

inline Error release(void* p) {
  if (p == nullptr) return Error::Success;
  State& s = state();
  std::lock_guard<std::mutex> g(s.lock);
  auto it = s.live.find(reinterpret_cast<std::uintptr_t>(p));
  if (it == s.live.end()) return fail(Error::InvalidValue);  // unknown or already freed
  const bool device = it->second.kind != Kind::Host;
  if (device) s.device_bytes -= it->second.size;
  s.live.erase(it);
  if (device)
    guard::unmap_device(p);
  else
    free(p);
  return Error::Success;
}

inline void release_all() {
  State& s = state();
  std::lock_guard<std::mutex> g(s.lock);
  for (auto& [addr, a] : s.live) {
    if (a.kind == Kind::Host)
      free(reinterpret_cast<void*>(addr));
    else
      guard::unmap_device(reinterpret_cast<void*>(addr));
  }
  s.live.clear();
  s.device_bytes = 0;
}

inline void mem_info(std::size_t* free_bytes, std::size_t* total) {
  State& s = state();
  std::lock_guard<std::mutex> g(s.lock);
  if (free_bytes) *free_bytes = device::total_global_mem - s.device_bytes;
  if (total) *total = device::total_global_mem;
}

// A range that starts inside one of our allocations must end inside it too (the GPU driver
// rejects such copies with InvalidValue instead of corrupting memory).  Pointers we did not
// allocate (host memory, __device__ symbols) are not checked.
inline bool range_ok(const void* p, std::size_t n) {
  if (n == 0) return true;
  std::uintptr_t a = reinterpret_cast<std::uintptr_t>(p);
  State& s = state();
  std::lock_guard<std::mutex> g(s.lock);
  auto it = s.live.upper_bound(a);
  if (it == s.live.begin()) return true;
  --it;
  if (a >= it->first + it->second.size) return true;  // not inside any allocation
  return n <= it->first + it->second.size - a;
}

inline Error copy(void* dst, const void* src, std::size_t n, int kind) {
  if (kind < 0 || kind > 4) return fail(Error::InvalidMemcpyDirection);
  if (n == 0) return Error::Success;
  if (dst == nullptr || src == nullptr) return fail(Error::InvalidValue);
  if (!range_ok(dst, n) || !range_ok(src, n)) return fail(Error::InvalidValue);
  if (guard::refuse_copy("a memory copy", dst, src, n, kind, 0)) return fail(Error::InvalidValue);
  guard::Open open;
  memmove(dst, src, n);
  return Error::Success;
}

inline Error copy_2d(void* dst, std::size_t dpitch, const void* src, std::size_t spitch, std::size_t width,
                     std::size_t height, int kind) {
  if (kind < 0 || kind > 4) return fail(Error::InvalidMemcpyDirection);
  if (width > dpitch || width > spitch) return fail(Error::InvalidPitchValue);
  if (width == 0 || height == 0) return Error::Success;
  if (dst == nullptr || src == nullptr) return fail(Error::InvalidValue);
  if (!range_ok(dst, dpitch * (height - 1) + width) || !range_ok(src, spitch * (height - 1) + width))
    return fail(Error::InvalidValue);
  if (guard::refuse_copy("a 2-D memory copy", dst, src, width * height, kind, 0)) return fail(Error::InvalidValue);
  guard::Open open;
  for (std::size_t r = 0; r < height; ++r)
    memmove(static_cast<char*>(dst) + r * dpitch, static_cast<const char*>(src) + r * spitch, width);
  return Error::Success;
}

// Fill `count` elements of `elem` bytes each with the low bytes of `value`.
inline Error fill(void* dst, unsigned value, std::size_t count, std::size_t elem) {
  if (count == 0) return Error::Success;
  if (dst == nullptr || !range_ok(dst, count * elem)) return fail(Error::InvalidValue);
  guard::Open open;
  if (elem == 1) {
    memset(dst, static_cast<unsigned char>(value), count);
  } else {
    for (std::size_t i = 0; i < count; ++i) memcpy(static_cast<char*>(dst) + i * elem, &value, elem);
  }
  return Error::Success;
}

inline Error fill_2d(void* dst, std::size_t pitch, int value, std::size_t width, std::size_t height) {
  if (width > pitch) return fail(Error::InvalidPitchValue);
  if (width == 0 || height == 0) return Error::Success;
  if (dst == nullptr || !range_ok(dst, pitch * (height - 1) + width)) return fail(Error::InvalidValue);
  guard::Open open;
  for (std::size_t r = 0; r < height; ++r) memset(static_cast<char*>(dst) + r * pitch, value, width);
  return Error::Success;
}

inline Error malloc_pitch(void** out, std::size_t* pitch, std::size_t width, std::size_t height) {
  if (pitch == nullptr) return fail(Error::InvalidValue);
  std::size_t a = device::pitch_alignment;
  *pitch = (width + a - 1) / a * a;
  return allocate(out, *pitch * height, Kind::Device);
}

// Copies to and from a __device__/__constant__ variable (a plain global on the CPU).
// `symbol_size` is known when the caller passed the variable itself (template overloads).
inline Error symbol_copy(void* dst, const void* src, std::size_t count, std::size_t offset,
                         std::size_t symbol_size, int kind, bool from_symbol) {
  if (kind < 0 || kind > 4) return fail(Error::InvalidMemcpyDirection);
  if (symbol_size != 0 && (offset > symbol_size || count > symbol_size - offset)) return fail(Error::InvalidValue);
  if (count == 0) return Error::Success;
  if (dst == nullptr || src == nullptr) return fail(Error::InvalidValue);
  if (guard::refuse_copy(from_symbol ? "a copy from a __device__ symbol" : "a copy to a __device__ symbol", dst, src,
                         count, kind, from_symbol ? -1 : 1))
    return fail(Error::InvalidValue);
  guard::Open open;
  memmove(dst, src, count);
  return Error::Success;
}

// ---- streams and events ---------------------------------------------------------------------------
// Null, cudaStreamLegacy (1) and cudaStreamPerThread / hipStreamPerThread (2) are the built-in streams.
inline bool stream_ok(const Stream* st) {
  if (reinterpret_cast<std::uintptr_t>(st) <= 2) return true;
  State& s = state();
  std::lock_guard<std::mutex> g(s.lock);
  return s.streams.count(st) != 0;
}
inline Error stream_check(const Stream* st) { return stream_ok(st) ? Error::Success : fail(Error::InvalidResourceHandle); }

inline Error stream_create(Stream** out, unsigned flags, int priority) {
  if (out == nullptr) return fail(Error::InvalidValue);
  Stream* st = new Stream{flags, priority};
  State& s = state();
  std::lock_guard<std::mutex> g(s.lock);
  s.streams.insert(st);
  *out = st;
  return Error::Success;
}
inline Error stream_destroy(Stream* st) {
  State& s = state();
  std::lock_guard<std::mutex> g(s.lock);
  if (s.streams.erase(st) == 0) return fail(Error::InvalidResourceHandle);
  delete st;
  return Error::Success;
}

inline bool event_ok(const Event* e) {
  State& s = state();
  std::lock_guard<std::mutex> g(s.lock);
  return e != nullptr && s.events.count(e) != 0;
}
inline Error event_create(Event** out, unsigned flags) {
  if (out == nullptr) return fail(Error::InvalidValue);
  Event* e = new Event{flags, false, {}};
  State& s = state();
  std::lock_guard<std::mutex> g(s.lock);
  s.events.insert(e);
  *out = e;
  return Error::Success;
}
inline Error event_destroy(Event* e) {
  State& s = state();
  std::lock_guard<std::mutex> g(s.lock);
  if (s.events.erase(e) == 0) return fail(Error::InvalidResourceHandle);
  delete e;
  return Error::Success;
}
inline Error event_record(Event* e, const Stream* st) {
  if (!event_ok(e) || !stream_ok(st)) return fail(Error::InvalidResourceHandle);
  e->stamp = std::chrono::steady_clock::now();
  e->recorded = true;
  return Error::Success;
}
inline Error event_check(const Event* e) { return event_ok(e) ? Error::Success : fail(Error::InvalidResourceHandle); }
inline constexpr unsigned event_disable_timing = 0x2;  // same bit in both APIs
inline Error event_elapsed(float* ms, const Event* start, const Event* end) {
  if (ms == nullptr) return fail(Error::InvalidValue);
  if (!event_ok(start) || !event_ok(end)) return fail(Error::InvalidResourceHandle);
  if (!start->recorded || !end->recorded) return fail(Error::InvalidResourceHandle);
  if ((start->flags | end->flags) & event_disable_timing) return fail(Error::InvalidResourceHandle);
  *ms = std::chrono::duration<float, std::milli>(end->stamp - start->stamp).count();
  return Error::Success;
}

inline Error device_check(int dev) { return dev == 0 ? Error::Success : fail(Error::InvalidDevice); }

}  // namespace host
}  // namespace cpurt

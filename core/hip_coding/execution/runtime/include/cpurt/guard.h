// Device memory out of the host's reach while the solution's own host code runs (docs/security.md,
// "Runtime guards"). On a discrete GPU host code cannot dereference a device pointer, and a copy to
// the host is the only way device data reaches host code; on the CPU both would silently work, so a
// solution could compute its answer on the host. The harness opens a window around the solution's
// entry function (begin/end below); inside it
//  - device and managed allocations are PROT_NONE (ASan builds: poisoned) except while a runtime call
//    (kernel launch, copy, fill, allocation) is using them, so a host dereference faults and the
//    SIGSEGV report names it;
//  - a copy from device memory (or a __device__ symbol) to host memory is refused and recorded, and
//    the harness fails the test with the message.
// Managed memory counts as device memory: reading it on the host is reading results on the host.
// Pinned host memory stays host memory (it is only reachable by a device-to-host copy, refused here).
#pragma once

#include <signal.h>
#include <sys/mman.h>
#include <unistd.h>

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <mutex>
#include <random>

#include "config.h"

#if CPURT_ASAN
#include <sanitizer/asan_interface.h>
#endif

namespace cpurt::guard {

// Installs the SIGSEGV report that names host faults (scheduler.h sets it; null when this header is
// used without the execution core).
inline void (*install_fault_report)() = nullptr;

struct Region {
  std::size_t bytes;     // what the program asked for
  std::size_t mapped;    // page-rounded length (0: not ours to protect, e.g. a __device__ symbol)
};

// Never destroyed: a user's global destructor may still free device memory at exit.
struct State {
  std::mutex lock;
  std::map<std::uintptr_t, Region> regions;  // ordered: range lookups find the owner
  bool window = false;                       // the solution's entry function is running
  int opened = 0;                            // runtime calls using device memory right now
  std::uint64_t token = 0;                   // what the harness must show to close the window
  std::atomic<bool> violated{false};
  char violation[384] = {};
#if CPURT_ASAN
  std::map<std::uintptr_t, std::size_t> sealed;  // kept poisoned even while device memory is open
#endif
};
inline State& state() {
  static State* s = new State;
  return *s;
}

inline std::size_t page_size() {
  static const std::size_t page = static_cast<std::size_t>(sysconf(_SC_PAGESIZE));
  return page;
}

// Caller holds the lock.
inline void set_access(bool open) {
  for (auto& [addr, r] : state().regions) {
    if (r.mapped == 0) continue;
#if CPURT_ASAN
    if (open)
      __asan_unpoison_memory_region(reinterpret_cast<void*>(addr), r.bytes);
    else
      __asan_poison_memory_region(reinterpret_cast<void*>(addr), r.bytes);
#else
    mprotect(reinterpret_cast<void*>(addr), r.mapped, open ? PROT_READ | PROT_WRITE : PROT_NONE);
#endif
  }
#if CPURT_ASAN
  for (auto& [addr, bytes] : state().sealed) __asan_poison_memory_region(reinterpret_cast<void*>(addr), bytes);
#endif
}

#if CPURT_ASAN
// Sanitize mode: part of a device allocation no code may touch, kernels included, until unsealed (the
// harness's guard zones around each buffer: reading one is then reported, not only writing it).
inline void seal(const void* p, std::size_t n) {
  State& s = state();
  std::lock_guard<std::mutex> g(s.lock);
  s.sealed[reinterpret_cast<std::uintptr_t>(p)] = n;
  __asan_poison_memory_region(p, n);
}
inline void unseal(const void* p) {
  State& s = state();
  std::lock_guard<std::mutex> g(s.lock);
  auto it = s.sealed.find(reinterpret_cast<std::uintptr_t>(p));
  if (it == s.sealed.end()) return;
  if (s.opened > 0 || !s.window) __asan_unpoison_memory_region(p, it->second);
  s.sealed.erase(it);
}
#endif

// Device or managed memory: whole pages of its own (so protecting it touches nothing else).
inline void* map_device(std::size_t n) {
#if CPURT_ASAN
  void* p = std::malloc(n);  // exact size: ASan's redzones catch off-by-one kernel writes
  std::size_t mapped = n;
#else
  std::size_t mapped = (n + page_size() - 1) / page_size() * page_size();
  void* p = mmap(nullptr, mapped, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (p == MAP_FAILED) return nullptr;
#endif
  if (p == nullptr) return nullptr;
  State& s = state();
  std::lock_guard<std::mutex> g(s.lock);
  s.regions[reinterpret_cast<std::uintptr_t>(p)] = Region{n, mapped};
  return p;
}

inline void unmap_device(void* p) {
  State& s = state();
  std::size_t mapped = 0;
  {
    std::lock_guard<std::mutex> g(s.lock);
    auto it = s.regions.find(reinterpret_cast<std::uintptr_t>(p));
    if (it == s.regions.end()) return;
    mapped = it->second.mapped;
    s.regions.erase(it);
  }
#if CPURT_ASAN
  __asan_unpoison_memory_region(p, mapped);
  std::free(p);
#else
  munmap(p, mapped);
#endif
}

// A __device__ variable whose address the program asked for: device memory for the copy rule.
inline void note_symbol(const void* p, std::size_t n) {
  State& s = state();
  std::lock_guard<std::mutex> g(s.lock);
  s.regions.emplace(reinterpret_cast<std::uintptr_t>(p), Region{n, 0});
}

// The region holding `p`, or null. No lock: also called from the SIGSEGV handler.
inline const Region* find_unlocked(const void* p, std::uintptr_t* base) {
  const std::uintptr_t a = reinterpret_cast<std::uintptr_t>(p);
  auto& regions = state().regions;
  auto it = regions.upper_bound(a);
  if (it == regions.begin()) return nullptr;
  --it;
  if (a >= it->first + (it->second.mapped ? it->second.mapped : it->second.bytes)) return nullptr;
  if (base) *base = it->first;
  return &it->second;
}
inline bool is_device(const void* p) {
  State& s = state();
  std::lock_guard<std::mutex> g(s.lock);
  return find_unlocked(p, nullptr) != nullptr;
}

// RAII: device memory is accessible for the duration of one runtime call.
class Open {
 public:
  Open() {
    State& s = state();
    std::lock_guard<std::mutex> g(s.lock);
    if (s.opened++ == 0 && s.window) set_access(true);
  }
  ~Open() {
    State& s = state();
    std::lock_guard<std::mutex> g(s.lock);
    if (--s.opened == 0 && s.window) set_access(false);
  }
  Open(const Open&) = delete;
  Open& operator=(const Open&) = delete;
};

inline bool in_window() {
  State& s = state();
  std::lock_guard<std::mutex> g(s.lock);
  return s.window;
}

inline void record(const char* text) {
  State& s = state();
  bool expected = false;
  if (!s.violated.compare_exchange_strong(expected, true)) return;
  std::snprintf(s.violation, sizeof s.violation, "%s", text);
  std::fprintf(stderr, "cpurt: %s\n", s.violation);
}

// A copy the solution issued: refused (true) when it brings device data to the host.
// `symbol`: -1 the source is a __device__ symbol, 1 the destination is, 0 neither.
inline bool refuse_copy(const char* what, void* dst, const void* src, std::size_t n, int kind, int symbol) {
  if (!in_window() || n == 0) return false;
  const bool from_device = symbol < 0 || is_device(src);
  const bool to_device = symbol > 0 || is_device(dst);
  if (kind != 2 && !(from_device && !to_device)) return false;  // a declared DeviceToHost counts as one
  char text[320];
  std::snprintf(text, sizeof text,
                "the solution copied device memory to the host (%s, %zu bytes, kind %d%s, from %p to %p): "
                "results stay on the device; a device-to-host copy in the solution is not allowed",
                what, n, kind, kind == 2 ? " = DeviceToHost" : kind == 4 ? " = Default" : "", src, dst);
  record(text);
  return true;
}

#if CPURT_ASAN
inline void describe_asan_report(const char*);
#endif

// The harness's window around the solution's entry function. begin() returns the token end()
// needs, so solution code calling end() cannot reopen device memory to itself.
inline std::uint64_t begin() {
#if CPURT_ASAN
  __asan_set_error_report_callback(&describe_asan_report);
#else
  if (install_fault_report) install_fault_report();
#endif
  State& s = state();
  std::lock_guard<std::mutex> g(s.lock);
  if (s.window) return 0;
  std::random_device rd;
  s.token = (std::uint64_t(rd()) << 32 | rd()) | 1;
  s.window = true;
  s.violated.store(false);
  if (s.opened == 0) set_access(false);
  return s.token;
}
// Closes the window; the first violation seen inside it, or null. A wrong token (solution code
// calling end()) leaves the window as it was and is itself a violation.
inline const char* end(std::uint64_t token) {
  State& s = state();
  bool forged = false;
  {
    std::lock_guard<std::mutex> g(s.lock);
    if (s.window) {
      forged = token != s.token;
      if (!forged) {
        s.window = false;
        if (s.opened == 0) set_access(true);
      }
    }
  }
  if (forged) record("the solution tried to end the harness's device-memory guard");
  return s.violated.load() ? s.violation : nullptr;
}

// For the SIGSEGV handler: a fault inside a protected allocation while host code runs.
inline bool describe_host_fault(const void* addr, char* out, std::size_t size) {
  std::uintptr_t base = 0;
  const Region* r = find_unlocked(addr, &base);
  if (r == nullptr || r->mapped == 0 || !state().window) return false;
  std::snprintf(out, size,
                "cpurt: host code read device memory at %p (byte %zu of a %zu-byte device allocation): on a GPU "
                "host code cannot dereference device pointers; results stay on the device\n",
                addr, static_cast<std::size_t>(reinterpret_cast<std::uintptr_t>(addr) - base), r->bytes);
  return true;
}

#if CPURT_ASAN
// A sealed range (see seal) holding addr: the access went outside the buffer it was meant for.
inline bool describe_sealed(const void* addr, char* out, std::size_t size) {
  const std::uintptr_t a = reinterpret_cast<std::uintptr_t>(addr);
  auto& sealed = state().sealed;
  auto it = sealed.upper_bound(a);
  if (it == sealed.begin()) return false;
  --it;
  if (a >= it->first + it->second) return false;
  std::snprintf(out, size,
                "cpurt: access to byte %zu of a %zu-byte guard zone beside a device buffer: an index before the "
                "start or past the end of an input or output\n",
                static_cast<std::size_t>(a - it->first), it->second);
  return true;
}

// ASan reports a host read of poisoned device memory, or any access to a sealed guard zone, as
// use-after-poison; say what it means.
inline void describe_asan_report(const char*) {
  char text[320];
  const void* addr = __asan_get_report_address();
  if (describe_sealed(addr, text, sizeof text) || describe_host_fault(addr, text, sizeof text)) {
    [[maybe_unused]] ssize_t w = write(2, text, std::strlen(text));
  }
}
#endif

// For the SIGSEGV handler: a GPU thread's stray access, named by the nearest allocation below it.
inline void describe_stray_access(const void* addr, char* out, std::size_t size) {
  const std::uintptr_t a = reinterpret_cast<std::uintptr_t>(addr);
  auto& regions = state().regions;
  auto it = regions.upper_bound(a);
  if (it != regions.begin()) {
    --it;
    const std::uintptr_t end = it->first + it->second.bytes;
    if (a >= end) {
      std::snprintf(out, size,
                    "cpurt: out-of-bounds access in a GPU thread at %p, %zu bytes past the end of a %zu-byte device "
                    "allocation\n",
                    addr, static_cast<std::size_t>(a - end), it->second.bytes);
      return;
    }
  }
  std::snprintf(out, size, "cpurt: invalid memory access in a GPU thread at %p (outside every allocation)\n", addr);
}

}  // namespace cpurt::guard

// Profile mode (-DCPURT_MODE_PROFILE=1): a memory-access profile of the kernels, the input of the
// estimated performance model (docs/perf.md).
//
// The solution's translation unit is compiled with GCC's ThreadSanitizer instrumentation but linked
// without its runtime: the compiler then calls `__tsan_readN(addr)` / `__tsan_writeN(addr)` before
// every load and store it cannot prove thread-private, and `__tsan_atomicN_*` for every atomic. This
// header defines those callbacks (weak, so every profiled TU may carry them). Only accesses made by a
// GPU thread (t_thread set) to device memory (an allocation of the host API) or to shared memory
// (dynamic shared memory, or a `__shared__` variable, which is thread_local storage here) count;
// host code, the harness, locals and the runtime's own data are ignored by address.
//
// Lanes of a warp run one after another on fibers, so "the same instruction of the 32 lanes" is
// rebuilt afterwards: the k-th execution of a call site (its return address) by each lane of a warp
// is one warp request (the SIMT assumption: converged lanes execute the same instructions in the same
// order). A sample of the blocks of each launch (every stride-th block, at most CPURT_PROFILE_BLOCKS)
// is recorded access by access; every block marks the 32-byte sectors it touches in per-allocation
// bitmaps (unique DRAM bytes). At the end of each launch one line goes to stderr:
//     CPURT-PROFILE <nonce> {"launch": i, "blocks": N, "sampled": S, ...counters...}
// with sampled counters raw (the Python side scales them by N / S).
#pragma once

#include "config.h"

#if defined(CPURT_MODE_PROFILE) && CPURT_MODE_PROFILE
#define CPURT_PROFILE 1
#else
#define CPURT_PROFILE 0
#endif

#if CPURT_PROFILE

#include <link.h>

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <initializer_list>
#include <mutex>
#include <vector>

#include "builtins.h"
#include "errors.h"
#include "host_core.h"

// The callbacks and everything they call must not be instrumented themselves.
#define CPURT_PROF_FN __attribute__((no_sanitize_thread, no_sanitize_coverage))

namespace cpurt::prof {

enum class Op : std::uint8_t { Load, Store, Atomic };
enum class Space : std::uint8_t { Global, Shared };

inline constexpr unsigned kSectorBytes = 32;
inline constexpr unsigned kBanks = 32;
inline constexpr unsigned kBankBytes = 4;
inline constexpr unsigned kPhaseLanes = 32;  // shared memory serves 32 lanes per pass
inline constexpr std::size_t kMaxLaunchLines = 4096;
inline constexpr std::uint32_t kNone = ~std::uint32_t(0);

// One recorded access of a sampled block, chained to the next access of its warp request.
struct Access {
  std::uintptr_t addr;
  std::uint32_t next;
  std::uint16_t size;
  std::uint8_t lane;
  Op op;
  Space space;
};

// Counters of one launch (sampled ones are raw; the DRAM ones cover every block).
struct Counters {
  std::uint64_t gld_req = 0, gld_sectors = 0, gld_bytes = 0;
  std::uint64_t gst_req = 0, gst_sectors = 0, gst_bytes = 0;
  std::uint64_t atom_req = 0, atom_ops = 0, atom_sectors = 0;
  std::uint64_t shared_req = 0, shared_wavefronts = 0, shared_ideal = 0, shared_atom_ops = 0;
  std::uint64_t barriers = 0, warp_barriers = 0, bb = 0, threads = 0;
  CPURT_PROF_FN void add(const Counters& o) {
    gld_req += o.gld_req, gld_sectors += o.gld_sectors, gld_bytes += o.gld_bytes;
    gst_req += o.gst_req, gst_sectors += o.gst_sectors, gst_bytes += o.gst_bytes;
    atom_req += o.atom_req, atom_ops += o.atom_ops, atom_sectors += o.atom_sectors;
    shared_req += o.shared_req, shared_wavefronts += o.shared_wavefronts, shared_ideal += o.shared_ideal;
    shared_atom_ops += o.shared_atom_ops;
    barriers += o.barriers, warp_barriers += o.warp_barriers, bb += o.bb, threads += o.threads;
  }
};

// A growable array in raw memory: the recording path must not call (instrumented) library code.
template <class T>
struct Buffer {
  T* data = nullptr;
  std::size_t size = 0, cap = 0;
  CPURT_PROF_FN std::size_t push(const T& v) {
    if (size == cap) {
      cap = cap ? 2 * cap : 1024;
      data = static_cast<T*>(std::realloc(data, cap * sizeof(T)));
      if (!data) fatal_abort();
    }
    data[size] = v;
    return size++;
  }
};

// Open addressing from a 128-bit key to a counter; clear() is O(1) (generation stamps).
struct Table {
  struct Slot {
    std::uint64_t k1, k2, value, gen;
  };
  Slot* slots = nullptr;
  std::size_t cap = 0, used = 0;
  std::uint64_t gen = 1;

  CPURT_PROF_FN void clear() {
    ++gen;
    used = 0;
  }
  CPURT_PROF_FN static std::size_t hash(std::uint64_t k1, std::uint64_t k2) {
    return static_cast<std::size_t>((k1 * 0x9e3779b97f4a7c15ull ^ k2 * 0xc2b2ae3d27d4eb4full) >> 17);
  }
  CPURT_PROF_FN void grow() {
    Slot* old = slots;
    const std::size_t old_cap = cap;
    cap = cap ? 2 * cap : 4096;
    slots = static_cast<Slot*>(std::calloc(cap, sizeof(Slot)));  // gen 0: empty
    if (!slots) fatal_abort();
    used = 0;
    for (std::size_t i = 0; i < old_cap; ++i)
      if (old[i].gen == gen) at(old[i].k1, old[i].k2) = old[i].value;
    std::free(old);
  }
  CPURT_PROF_FN std::uint64_t& at(std::uint64_t k1, std::uint64_t k2) {
    if (2 * (used + 1) > cap) grow();
    for (std::size_t i = hash(k1, k2) & (cap - 1);; i = (i + 1) & (cap - 1)) {
      Slot& s = slots[i];
      if (s.gen != gen) {
        s = {k1, k2, 0, gen};
        ++used;
        return s.value;
      }
      if (s.k1 == k1 && s.k2 == k2) return s.value;
    }
  }
};

// A device allocation with one bit per 32-byte sector read and one per sector written.
struct Region {
  std::uintptr_t lo, hi;
  std::uint64_t *read_bits, *write_bits;
  std::size_t words;
};

struct LaunchState {
  std::mutex m;
  std::vector<Region> regions;  // host side only; the hot path reads region_data
  const Region* region_data = nullptr;
  std::size_t region_count = 0;
  std::uintptr_t region_end = 0;  // the highest end of any region
  std::uint64_t nblocks = 0, stride = 1, sampled = 0;
  std::atomic<std::uint64_t> recorded{0};  // accesses recorded so far (the budget)
  unsigned nthreads = 0;
  dim3 grid, block;
  std::size_t smem = 0;
  Counters c;
  Table atomics_per_address;  // k1 = address
  std::uint64_t launches = 0;
  // Launches after kMaxLaunchLines are merged into one line printed at exit.
  bool overflow = false;
  Counters merged;
  std::uint64_t merged_launches = 0, merged_blocks = 0, merged_dram_read = 0, merged_dram_write = 0;
};

CPURT_PROF_FN inline LaunchState& launch_state() {
  static LaunchState* s = new LaunchState;  // never destroyed: the exit line needs it
  return *s;
}

// Per OS worker: the running block's recording. Reached through one thread_local pointer, in raw
// memory, so that nothing the profiler does touches thread_local storage, where `__shared__`
// variables live, or calls instrumented code.
struct Worker {
  bool busy = false;  // inside the profiler: ignore its own accesses
  bool sampled = false;
  Counters c;
  Buffer<Access> accesses;
  Buffer<std::uint32_t> heads, tails;  // per warp request: first and last access
  Table occ;                           // (call site, thread) -> executions so far
  Table requests;                      // (call site, warp | space | occurrence) -> request index + 1
  Table atomics;                       // address -> atomic operations
  std::size_t last_region = 0;
  std::uintptr_t tls_lo = 0, tls_hi = 0;  // this OS thread's static TLS block (`__shared__` variables)
  std::uintptr_t own_lo[8] = {}, own_hi[8] = {};  // the runtime's thread_local objects in that block
  unsigned own = 0;
};

// A thread_local object of the runtime (not a `__shared__` variable).
struct Span {
  const void* p;
  std::size_t n;
};

inline thread_local Worker* t_prof = nullptr;
inline thread_local bool t_prof_building = false;  // Worker's constructor is instrumented code

CPURT_PROF_FN inline int find_tls(dl_phdr_info* info, std::size_t, void* out) {
  for (int i = 0; i < info->dlpi_phnum; ++i) {
    if (info->dlpi_phdr[i].p_type == PT_TLS) {
      auto* r = static_cast<std::uintptr_t*>(out);
      r[0] = info->dlpi_phdr[i].p_memsz;
      r[1] = info->dlpi_phdr[i].p_align ? info->dlpi_phdr[i].p_align : 1;
    }
  }
  return 1;  // the first object is the program itself
}

// Static TLS of the program (module 1): below the thread pointer on x86-64 (variant II), above it
// on AArch64 (variant I, after a 16-byte header).
CPURT_PROF_FN inline void locate_tls(Worker& w) {
  std::uintptr_t info[2] = {0, 1};
  dl_iterate_phdr(&find_tls, info);
  const std::uintptr_t size = (info[0] + info[1] - 1) / info[1] * info[1];
  const auto tp = reinterpret_cast<std::uintptr_t>(__builtin_thread_pointer());
#if defined(__x86_64__) || defined(__i386__)
  w.tls_lo = tp - size;
  w.tls_hi = tp;
#else
  const std::uintptr_t lo = tp + (16 + info[1] - 1) / info[1] * info[1];
  w.tls_lo = lo;
  w.tls_hi = lo + info[0];
#endif
}

CPURT_PROF_FN inline Worker* worker_or_null() {
  if (t_prof || t_prof_building) return t_prof;
  t_prof_building = true;
  auto* w = new Worker;
  locate_tls(*w);
  t_prof = w;
  t_prof_building = false;
  return w;
}
CPURT_PROF_FN inline Worker& worker() { return *worker_or_null(); }

// The runtime's own thread_local variables: those device code reads inline (threadIdx and friends)
// and those the scheduler passes in block_begin.
CPURT_PROF_FN inline bool runtime_tls(const Worker& w, std::uintptr_t a) {
  for (unsigned i = 0; i < w.own; ++i)
    if (a >= w.own_lo[i] && a < w.own_hi[i]) return true;
  const std::uintptr_t own[] = {
      reinterpret_cast<std::uintptr_t>(&t_thread),        reinterpret_cast<std::uintptr_t>(&t_block),
      reinterpret_cast<std::uintptr_t>(&last_error_slot), reinterpret_cast<std::uintptr_t>(&t_prof),
      reinterpret_cast<std::uintptr_t>(&t_prof_building)};
  for (std::uintptr_t o : own)
    if (a >= o && a < o + sizeof(void*)) return true;
  return false;
}

CPURT_PROF_FN inline const Region* find_region(Worker& w, std::uintptr_t a) {
  const LaunchState& s = launch_state();
  const Region* rs = s.region_data;
  if (!s.region_count) return nullptr;
  if (w.last_region < s.region_count && a >= rs[w.last_region].lo && a < rs[w.last_region].hi)
    return &rs[w.last_region];
  if (a < rs[0].lo || a >= s.region_end) return nullptr;
  std::size_t lo = 0, hi = s.region_count;
  while (lo < hi) {
    const std::size_t mid = (lo + hi) / 2;
    if (rs[mid].lo <= a)
      lo = mid + 1;
    else
      hi = mid;
  }
  if (lo == 0 || a >= rs[lo - 1].hi) return nullptr;
  w.last_region = lo - 1;
  return &rs[lo - 1];
}

CPURT_PROF_FN inline void mark(std::uint64_t* bits, std::uintptr_t lo, std::uintptr_t a, unsigned n) {
  for (std::uintptr_t s = (a - lo) / kSectorBytes, e = (a + n - 1 - lo) / kSectorBytes; s <= e; ++s) {
    std::uint64_t* word = &bits[s / 64];
    const std::uint64_t bit = std::uint64_t(1) << (s % 64);
    if (!(__atomic_load_n(word, __ATOMIC_RELAXED) & bit)) __atomic_fetch_or(word, bit, __ATOMIC_RELAXED);
  }
}

// Appends an access to its warp request: the (occ)-th execution of call site `pc` by the lanes of
// one warp, in one memory space.
CPURT_PROF_FN inline void record(Worker& w, const ThreadSlot* t, std::uintptr_t pc, std::uintptr_t a, unsigned size,
                                 Op op, Space space) {
  const std::uint64_t occ = w.occ.at(pc, t->linear)++;
  const std::uint64_t warp = t->linear / kWarpSize;
  const auto index = static_cast<std::uint32_t>(
      w.accesses.push({a, kNone, static_cast<std::uint16_t>(size > 0xffff ? 0xffff : size),
                       static_cast<std::uint8_t>(t->linear % kWarpSize), op, space}));
  std::uint64_t& request = w.requests.at(pc, warp << 40 | std::uint64_t(space) << 32 | occ);
  if (request == 0) {
    w.heads.push(index);
    request = w.tails.push(index) + 1;
  } else {
    std::uint32_t& tail = w.tails.data[request - 1];
    w.accesses.data[tail].next = index;
    tail = index;
  }
}

// The hot path: every instrumented load, store and atomic of the program.
CPURT_PROF_FN inline void on_access(const void* p, unsigned size, Op op, const void* pc) {
  const ThreadSlot* t = t_thread;
  if (!t) return;  // host code
  Worker* wp = t_prof ? t_prof : worker_or_null();
  if (!wp || wp->busy) return;
  Worker& w = *wp;
  const auto a = reinterpret_cast<std::uintptr_t>(p);
  // Cheapest first: the scheduler's own data (thread_local) is what device code touches most after
  // its buffers, and static TLS never overlaps an allocation.
  Space space = Space::Shared;
  if (a >= w.tls_lo && a < w.tls_hi) {
    if (runtime_tls(w, a)) return;
  } else if (const Region* r = find_region(w, a)) {
    if (op != Op::Store) mark(r->read_bits, r->lo, a, size);
    if (op != Op::Load) mark(r->write_bits, r->lo, a, size);
    space = Space::Global;
  } else {
    const auto smem = reinterpret_cast<std::uintptr_t>(t_block->smem);
    if (a < smem || a >= smem + t_block->smem_bytes) return;  // locals, the runtime's heap data
  }
  if (w.sampled) record(w, t, reinterpret_cast<std::uintptr_t>(pc), a, size, op, space);
}

CPURT_PROF_FN inline void on_barrier() {
  if (t_prof && t_prof->sampled) ++t_prof->c.barriers;
}
CPURT_PROF_FN inline void on_warp_barrier() {
  if (t_prof && t_prof->sampled) ++t_prof->c.warp_barriers;
}
CPURT_PROF_FN inline void on_basic_block() {
  if (t_thread && t_prof && t_prof->sampled && !t_prof->busy) ++t_prof->c.bb;
}

// Distinct values of a small array (insertion sort: at most a few hundred values, no library code).
CPURT_PROF_FN inline std::size_t distinct(std::uint64_t* v, std::size_t n) {
  for (std::size_t i = 1; i < n; ++i) {
    const std::uint64_t x = v[i];
    std::size_t j = i;
    for (; j > 0 && v[j - 1] > x; --j) v[j] = v[j - 1];
    v[j] = x;
  }
  std::size_t out = 0;
  for (std::size_t i = 0; i < n; ++i)
    if (i == 0 || v[i] != v[out - 1]) v[out++] = v[i];
  return out;
}

inline constexpr std::size_t kMaxLanes = 64;

// One warp request of the global space: its sectors, bytes and (atomics) addresses.
CPURT_PROF_FN inline void global_request(Worker& w, const Access* const* g, std::size_t n, Op op) {
  std::uint64_t sectors[2 * kMaxLanes];
  std::uint64_t bytes = 0;
  for (std::size_t i = 0; i < n; ++i) {
    sectors[2 * i] = g[i]->addr / kSectorBytes;
    sectors[2 * i + 1] = (g[i]->addr + g[i]->size - 1) / kSectorBytes;
    bytes += g[i]->size;
  }
  const std::uint64_t count = distinct(sectors, 2 * n);
  switch (op) {
    case Op::Load:
      ++w.c.gld_req, w.c.gld_sectors += count, w.c.gld_bytes += bytes;
      break;
    case Op::Store:
      ++w.c.gst_req, w.c.gst_sectors += count, w.c.gst_bytes += bytes;
      break;
    case Op::Atomic:
      ++w.c.atom_req, w.c.atom_ops += n, w.c.atom_sectors += count;
      for (std::size_t i = 0; i < n; ++i) ++w.atomics.at(g[i]->addr, 0);
      break;
  }
}

// One warp request of the shared space, served 32 lanes at a time: a pass takes as many wavefronts
// as the busiest bank has distinct 4-byte words (the same word is broadcast; atomics are not).
CPURT_PROF_FN inline void shared_request(Worker& w, const Access* const* g, std::size_t n, Op op) {
  constexpr std::size_t kWordsPerAccess = 4;  // 16-byte accesses at most are split by words
  ++w.c.shared_req;
  std::uint64_t words[kPhaseLanes * kWordsPerAccess];
  for (unsigned phase = 0; phase * kPhaseLanes < kWarpSize; ++phase) {
    std::size_t count = 0, lanes = 0;
    for (std::size_t i = 0; i < n; ++i) {
      if (g[i]->lane / kPhaseLanes != phase) continue;
      ++lanes;
      const std::uint64_t first = g[i]->addr / kBankBytes;
      const std::uint64_t last = std::min<std::uint64_t>((g[i]->addr + g[i]->size - 1) / kBankBytes,
                                                         first + kWordsPerAccess - 1);
      // Atomics are never broadcast: each lane's word counts apart.
      const std::uint64_t apart = op == Op::Atomic ? g[i]->lane : 0;
      for (std::uint64_t word = first; word <= last; ++word) words[count++] = word * 64 + apart;
    }
    if (!lanes) continue;
    const std::size_t unique_words = distinct(words, count);
    unsigned per_bank[kBanks] = {};
    unsigned busiest = 0;
    std::size_t plain_words = 0;
    for (std::size_t i = 0; i < unique_words; ++i) {
      busiest = std::max(busiest, ++per_bank[(words[i] / 64) % kBanks]);
      plain_words += i == 0 || words[i] / 64 != words[i - 1] / 64;
    }
    w.c.shared_wavefronts += busiest;
    w.c.shared_ideal += (plain_words + kBanks - 1) / kBanks;  // the fewest passes for these words
  }
  if (op == Op::Atomic) w.c.shared_atom_ops += n;
}

CPURT_PROF_FN inline void analyse_block(Worker& w) {
  const Access* group[kMaxLanes];
  for (std::size_t r = 0; r < w.heads.size; ++r) {
    std::size_t n = 0;
    const Access* head = &w.accesses.data[w.heads.data[r]];
    for (std::uint32_t i = w.heads.data[r]; i != kNone && n < kMaxLanes; i = w.accesses.data[i].next)
      group[n++] = &w.accesses.data[i];
    if (head->space == Space::Shared)
      shared_request(w, group, n, head->op);
    else
      global_request(w, group, n, head->op);
  }
  w.accesses.size = w.heads.size = w.tails.size = 0;
}

CPURT_PROF_FN inline std::uint64_t event_budget() {
  static const std::uint64_t budget = [] {
    const char* v = std::getenv("CPURT_PROFILE_EVENTS");
    const long long n = v ? std::atoll(v) : 0;
    return n > 0 ? std::uint64_t(n) : std::uint64_t(1) << 21;
  }();
  return budget;
}

// Hooks called by the scheduler around every block and by launch() around every launch.
CPURT_PROF_FN inline void block_begin(std::uint64_t blin, std::initializer_list<Span> runtime_objects) {
  Worker& w = worker();
  w.own = 0;
  for (const Span& o : runtime_objects) {
    if (w.own == 8) break;
    w.own_lo[w.own] = reinterpret_cast<std::uintptr_t>(o.p);
    w.own_hi[w.own++] = reinterpret_cast<std::uintptr_t>(o.p) + o.n;
  }
  LaunchState& s = launch_state();
  // Every stride-th block, while the launch's budget of recorded accesses lasts.
  w.sampled = blin % s.stride == 0 && s.recorded.load(std::memory_order_relaxed) < event_budget();
  if (w.sampled) {
    w.c = Counters{};
    w.c.threads = s.nthreads;
    w.accesses.size = w.heads.size = w.tails.size = 0;
    w.occ.clear();
    w.requests.clear();
    w.atomics.clear();
  }
}

CPURT_PROF_FN inline void block_end() {
  Worker& w = worker();
  if (!w.sampled) return;
  w.busy = true;
  launch_state().recorded.fetch_add(w.accesses.size, std::memory_order_relaxed);
  analyse_block(w);
  LaunchState& s = launch_state();
  {
    std::lock_guard lk(s.m);
    s.c.add(w.c);
    ++s.sampled;
    for (std::size_t i = 0; i < w.atomics.cap; ++i) {
      const Table::Slot& slot = w.atomics.slots[i];
      if (slot.gen == w.atomics.gen) s.atomics_per_address.at(slot.k1, 0) += slot.value;
    }
  }
  w.sampled = false;
  w.busy = false;
}

CPURT_PROF_FN inline std::uint64_t sampled_block_limit() {
  static const std::uint64_t limit = [] {
    const char* v = std::getenv("CPURT_PROFILE_BLOCKS");
    const long long n = v ? std::atoll(v) : 0;
    return n > 0 ? std::uint64_t(n) : std::uint64_t(256);
  }();
  return limit;
}

// Host side from here on (t_thread is null: the instrumented library code below is not counted).
inline void launch_begin(const dim3& grid, const dim3& block, std::size_t smem, std::uint64_t nblocks,
                         unsigned nthreads) {
  LaunchState& s = launch_state();
  s.regions.clear();
  {
    host::State& hs = host::state();
    std::lock_guard lk(hs.lock);
    for (const auto& [lo, alloc] : hs.live) {
      if (alloc.kind == host::Kind::Host) continue;
      const std::size_t words = (alloc.size + kSectorBytes * 64 - 1) / (kSectorBytes * 64);
      auto* bits = static_cast<std::uint64_t*>(std::calloc(2 * words, sizeof(std::uint64_t)));
      if (!bits) continue;  // out of memory: this allocation's traffic goes uncounted
      s.regions.push_back({lo, lo + alloc.size, bits, bits + words, words});
    }
  }
  s.region_data = s.regions.data();
  s.region_count = s.regions.size();
  s.region_end = 0;
  for (const Region& r : s.regions) s.region_end = std::max(s.region_end, r.hi);
  s.grid = grid, s.block = block, s.smem = smem, s.nblocks = nblocks, s.nthreads = nthreads;
  const std::uint64_t limit = sampled_block_limit();
  s.stride = (nblocks + limit - 1) / limit;
  s.sampled = 0;
  s.recorded.store(0);
  s.c = Counters{};
  s.atomics_per_address.clear();
}

inline const char* nonce() {
  static const char* n = [] {
    const char* v = std::getenv("CPURT_PROFILE_NONCE");
    return v ? v : "-";
  }();
  return n;
}

inline void print_line(std::FILE* out, std::uint64_t index, std::uint64_t launches, const LaunchState& s,
                       const Counters& c, std::uint64_t blocks, std::uint64_t sampled, std::uint64_t dram_read,
                       std::uint64_t dram_write, std::uint64_t atom_addresses, std::uint64_t atom_max) {
  using ull = unsigned long long;
  std::fprintf(out,
               "CPURT-PROFILE %s {\"launch\": %llu, \"launches\": %llu, \"grid\": [%u, %u, %u], \"block\": [%u, %u, "
               "%u], \"smem\": %zu, \"warp_size\": %u, \"blocks\": %llu, \"sampled\": %llu, \"threads\": %llu, "
               "\"gld_req\": %llu, \"gld_sectors\": %llu, \"gld_bytes\": %llu, \"gst_req\": %llu, "
               "\"gst_sectors\": %llu, \"gst_bytes\": %llu, \"atom_req\": %llu, \"atom_ops\": %llu, "
               "\"atom_sectors\": %llu, \"atom_addresses\": %llu, \"atom_max_per_address\": %llu, "
               "\"shared_req\": %llu, \"shared_wavefronts\": %llu, \"shared_ideal\": %llu, "
               "\"shared_atom_ops\": %llu, \"barriers\": %llu, \"warp_barriers\": %llu, \"basic_blocks\": %llu, "
               "\"dram_read_bytes\": %llu, \"dram_write_bytes\": %llu}\n",
               nonce(), ull(index), ull(launches), s.grid.x, s.grid.y, s.grid.z, s.block.x, s.block.y, s.block.z,
               s.smem, kWarpSize, ull(blocks), ull(sampled), ull(c.threads), ull(c.gld_req), ull(c.gld_sectors),
               ull(c.gld_bytes), ull(c.gst_req), ull(c.gst_sectors), ull(c.gst_bytes), ull(c.atom_req),
               ull(c.atom_ops), ull(c.atom_sectors), ull(atom_addresses), ull(atom_max), ull(c.shared_req),
               ull(c.shared_wavefronts), ull(c.shared_ideal), ull(c.shared_atom_ops), ull(c.barriers),
               ull(c.warp_barriers), ull(c.bb), ull(dram_read), ull(dram_write));
}

inline std::uint64_t popcount(const std::uint64_t* bits, std::size_t words) {
  std::uint64_t n = 0;
  for (std::size_t i = 0; i < words; ++i) n += static_cast<std::uint64_t>(__builtin_popcountll(bits[i]));
  return n;
}

inline void print_merged() {
  LaunchState& s = launch_state();
  print_line(stderr, kMaxLaunchLines, s.merged_launches, s, s.merged, s.merged_blocks, s.merged_blocks,
             s.merged_dram_read, s.merged_dram_write, 0, 0);
}

inline void launch_end() {
  LaunchState& s = launch_state();
  std::uint64_t read = 0, write = 0;
  for (const Region& r : s.regions) {
    read += popcount(r.read_bits, r.words), write += popcount(r.write_bits, r.words);
    std::free(r.read_bits);
  }
  std::uint64_t atom_max = 0, atom_addresses = 0;
  for (std::size_t i = 0; i < s.atomics_per_address.cap; ++i) {
    const Table::Slot& slot = s.atomics_per_address.slots[i];
    if (slot.gen != s.atomics_per_address.gen) continue;
    ++atom_addresses;
    atom_max = std::max(atom_max, slot.value);
  }
  const std::uint64_t index = s.launches++;
  if (index < kMaxLaunchLines) {
    print_line(stderr, index, 1, s, s.c, s.nblocks, s.sampled, read * kSectorBytes, write * kSectorBytes,
               atom_addresses, atom_max);
  } else {
    // Merged launches keep their (scaled) totals; per-address contention is not merged.
    if (!s.overflow) {
      s.overflow = true;
      std::atexit(&print_merged);
    }
    const double scale = s.sampled ? double(s.nblocks) / double(s.sampled) : 0.0;
    Counters scaled = s.c;
    for (std::uint64_t* f : {&scaled.gld_req, &scaled.gld_sectors, &scaled.gld_bytes, &scaled.gst_req,
                             &scaled.gst_sectors, &scaled.gst_bytes, &scaled.atom_req, &scaled.atom_ops,
                             &scaled.atom_sectors, &scaled.shared_req, &scaled.shared_wavefronts, &scaled.shared_ideal,
                             &scaled.shared_atom_ops, &scaled.barriers, &scaled.warp_barriers, &scaled.bb,
                             &scaled.threads})
      *f = static_cast<std::uint64_t>(double(*f) * scale);
    s.merged.add(scaled);
    ++s.merged_launches;
    s.merged_blocks += s.nblocks;
    s.merged_dram_read += read * kSectorBytes, s.merged_dram_write += write * kSectorBytes;
  }
  s.regions.clear();
  s.region_data = nullptr;
  s.region_count = 0;
}

}  // namespace cpurt::prof

// ---- the instrumentation's entry points (GCC -fsanitize=thread, linked without libtsan) ----------
#define CPURT_PROF_CB extern "C" __attribute__((weak, used, no_sanitize_thread, no_sanitize_coverage))
#define CPURT_PROF_RW(N)                                                                                          \
  CPURT_PROF_CB void __tsan_read##N(void* p) {                                                                    \
    ::cpurt::prof::on_access(p, N, ::cpurt::prof::Op::Load, __builtin_return_address(0));                        \
  }                                                                                                               \
  CPURT_PROF_CB void __tsan_write##N(void* p) {                                                                   \
    ::cpurt::prof::on_access(p, N, ::cpurt::prof::Op::Store, __builtin_return_address(0));                       \
  }                                                                                                               \
  CPURT_PROF_CB void __tsan_unaligned_read##N(void* p) {                                                          \
    ::cpurt::prof::on_access(p, N, ::cpurt::prof::Op::Load, __builtin_return_address(0));                        \
  }                                                                                                               \
  CPURT_PROF_CB void __tsan_unaligned_write##N(void* p) {                                                         \
    ::cpurt::prof::on_access(p, N, ::cpurt::prof::Op::Store, __builtin_return_address(0));                       \
  }                                                                                                               \
  CPURT_PROF_CB void __tsan_volatile_read##N(void* p) {                                                           \
    ::cpurt::prof::on_access(p, N, ::cpurt::prof::Op::Load, __builtin_return_address(0));                        \
  }                                                                                                               \
  CPURT_PROF_CB void __tsan_volatile_write##N(void* p) {                                                          \
    ::cpurt::prof::on_access(p, N, ::cpurt::prof::Op::Store, __builtin_return_address(0));                       \
  }
CPURT_PROF_RW(1)
CPURT_PROF_RW(2)
CPURT_PROF_RW(4)
CPURT_PROF_RW(8)
CPURT_PROF_RW(16)
#undef CPURT_PROF_RW

CPURT_PROF_CB void __tsan_read_range(void* p, unsigned long n) {
  ::cpurt::prof::on_access(p, static_cast<unsigned>(n), ::cpurt::prof::Op::Load, __builtin_return_address(0));
}
CPURT_PROF_CB void __tsan_write_range(void* p, unsigned long n) {
  ::cpurt::prof::on_access(p, static_cast<unsigned>(n), ::cpurt::prof::Op::Store, __builtin_return_address(0));
}
CPURT_PROF_CB void __tsan_init() {}
CPURT_PROF_CB void __tsan_func_entry(void*) {}
CPURT_PROF_CB void __tsan_func_exit() {}
CPURT_PROF_CB void __tsan_vptr_update(void**, void*) {}
CPURT_PROF_CB void __tsan_vptr_read(void**) {}
CPURT_PROF_CB void __tsan_atomic_thread_fence(int mo) { __atomic_thread_fence(mo); }
CPURT_PROF_CB void __tsan_atomic_signal_fence(int mo) { __atomic_signal_fence(mo); }
// GCC's basic-block counter (-fsanitize-coverage=trace-pc): the compute proxy.
CPURT_PROF_CB void __sanitizer_cov_trace_pc() { ::cpurt::prof::on_basic_block(); }

// Atomics do the operation (seq_cst, as the runtime asks for) and count one atomic per read-modify-
// write; plain atomic loads and stores are the runtime's and are not counted.
#define CPURT_PROF_ATOMIC(N, T)                                                                                    \
  CPURT_PROF_CB T __tsan_atomic##N##_load(const volatile T* a, int) { return __atomic_load_n(a, __ATOMIC_SEQ_CST); } \
  CPURT_PROF_CB void __tsan_atomic##N##_store(volatile T* a, T v, int) { __atomic_store_n(a, v, __ATOMIC_SEQ_CST); } \
  CPURT_PROF_CB T __tsan_atomic##N##_exchange(volatile T* a, T v, int) {                                          \
    ::cpurt::prof::on_access(const_cast<T*>(a), N / 8, ::cpurt::prof::Op::Atomic, __builtin_return_address(0));  \
    return __atomic_exchange_n(a, v, __ATOMIC_SEQ_CST);                                                           \
  }                                                                                                               \
  CPURT_PROF_ATOMIC_RMW(N, T, fetch_add)                                                                          \
  CPURT_PROF_ATOMIC_RMW(N, T, fetch_sub)                                                                          \
  CPURT_PROF_ATOMIC_RMW(N, T, fetch_and)                                                                          \
  CPURT_PROF_ATOMIC_RMW(N, T, fetch_or)                                                                           \
  CPURT_PROF_ATOMIC_RMW(N, T, fetch_xor)                                                                          \
  CPURT_PROF_ATOMIC_RMW(N, T, fetch_nand)                                                                         \
  CPURT_PROF_CB int __tsan_atomic##N##_compare_exchange_strong(volatile T* a, T* expected, T desired, int, int) { \
    ::cpurt::prof::on_access(const_cast<T*>(a), N / 8, ::cpurt::prof::Op::Atomic, __builtin_return_address(0));  \
    return __atomic_compare_exchange_n(a, expected, desired, false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);          \
  }                                                                                                               \
  CPURT_PROF_CB int __tsan_atomic##N##_compare_exchange_weak(volatile T* a, T* expected, T desired, int, int) {   \
    ::cpurt::prof::on_access(const_cast<T*>(a), N / 8, ::cpurt::prof::Op::Atomic, __builtin_return_address(0));  \
    return __atomic_compare_exchange_n(a, expected, desired, true, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);           \
  }                                                                                                               \
  CPURT_PROF_CB T __tsan_atomic##N##_compare_exchange_val(volatile T* a, T expected, T desired, int, int) {       \
    ::cpurt::prof::on_access(const_cast<T*>(a), N / 8, ::cpurt::prof::Op::Atomic, __builtin_return_address(0));  \
    __atomic_compare_exchange_n(a, &expected, desired, false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);               \
    return expected;                                                                                              \
  }
#define CPURT_PROF_ATOMIC_RMW(N, T, OP)                                                                           \
  CPURT_PROF_CB T __tsan_atomic##N##_##OP(volatile T* a, T v, int) {                                              \
    ::cpurt::prof::on_access(const_cast<T*>(a), N / 8, ::cpurt::prof::Op::Atomic, __builtin_return_address(0));  \
    return __atomic_##OP(a, v, __ATOMIC_SEQ_CST);                                                                 \
  }
CPURT_PROF_ATOMIC(8, std::uint8_t)
CPURT_PROF_ATOMIC(16, std::uint16_t)
CPURT_PROF_ATOMIC(32, std::uint32_t)
CPURT_PROF_ATOMIC(64, std::uint64_t)
#undef CPURT_PROF_ATOMIC
#undef CPURT_PROF_ATOMIC_RMW

#define CPURT_PROFILE_HOOK(call) ::cpurt::prof::call
#else
#define CPURT_PROFILE_HOOK(call) ((void)0)
#endif
